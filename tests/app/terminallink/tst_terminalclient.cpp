// SPDX-License-Identifier: Apache-2.0
// TerminalClient against the in-process firmware (SecureTerminal behind pcsc::exchangeApdu) and a
// scripted transport: sign-on outcomes, the SCP03 relay, the data key, the card identity, LOAD PACKAGE
// segmenting, every status-word and pcsc-error mapping row, and malformed answers.
#include "TerminalClientFixtures.h"

#include "app/terminallink/PcscTerminalTransport.h"
#include "app/terminallink/TerminalClient.h"
#include "tests/firmware/FirmwareFixtures.h"

#include <QTest>

#include <botan/system_rng.h>

using namespace perso;
using namespace perso::station;
using perso::station::test::FirmwareTransport;
using perso::station::test::ScriptedTransport;
namespace fw = perso::terminal::test;
namespace cmd = perso::terminal::cmd;

Q_DECLARE_METATYPE(perso::station::StationErrorKind)
Q_DECLARE_METATYPE(perso::pcsc::ErrorKind)

namespace {

constexpr std::chrono::seconds kKeypad{120};

// A firmware terminal with its workspace, driven through a TerminalClient.
struct Rig
{
    fw::Workspace workspace;
    std::unique_ptr<terminal::SecureTerminal> terminal;
    FirmwareTransport* transport = nullptr;
    std::unique_ptr<TerminalClient> client;

    explicit Rig(std::chrono::milliseconds pinTimeout = std::chrono::milliseconds{30000})
    {
        auto config = workspace.config();
        config.pinTimeout = pinTimeout;
        terminal = std::make_unique<terminal::SecureTerminal>(config);
        auto owned = std::make_unique<FirmwareTransport>(*terminal);
        transport = owned.get();
        client = std::make_unique<TerminalClient>(std::move(owned), kKeypad);
    }

    void insertRetailerCard() { terminal->insertCard(workspace.retailerCard()); }
    void typeOnPending(const char* digits)
    {
        transport->raw.onPending = [this, digits] { fw::type(*terminal, digits); };
    }
    StationResult<RetailerIdentity> signOn(const char* pin)
    {
        typeOnPending(pin);
        CancelToken token;
        return client->retailerSignOn(token);
    }
};

} // namespace

class TestTerminalClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void statusDecodesFirmwareAnswer()
    {
        Rig rig;
        QVERIFY(rig.client->open().ok());
        auto status = rig.client->status();
        QVERIFY(status.ok());
        QCOMPARE(status.value().state, std::uint8_t{0});
        QCOMPARE(status.value().slot, SlotContent::Empty);
        QCOMPARE(status.value().tampered, false);
        QCOMPARE(status.value().terminalId, QStringLiteral("T-0042"));
        QCOMPARE(status.value().firmwareVersion, QString(terminal::SecureTerminal::kFirmwareVersion));
        QVERIFY(!status.value().stepsTotal.has_value());
        rig.insertRetailerCard();
        QCOMPARE(rig.client->status().value().slot, SlotContent::RetailerCard);
        QCOMPARE(rig.transport->sent.back().timeout, TerminalClient::kCommandTimeout);
    }

    void openReportsTransportErrors()
    {
        Rig rig;
        rig.transport->openError = pcsc::makePcscError(pcsc::ErrorKind::NoService, QStringLiteral("test"));
        auto opened = rig.client->open();
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().kind, StationErrorKind::TerminalMissing);
        QCOMPARE(opened.error().code, QStringLiteral("no-service"));
        rig.transport->openError.reset();
        auto info = rig.client->open();
        QVERIFY(info.ok());
        QCOMPARE(info.value().reader, QStringLiteral("Firmware 00 00"));
    }

    void signOnRightPin()
    {
        Rig rig;
        rig.insertRetailerCard();
        auto identity = rig.signOn(fw::kRetailerPin);
        QVERIFY2(identity.ok(), qPrintable(identity.ok() ? QString() : identity.error().detail));
        QCOMPARE(identity.value().serial, fromHex("52 50 00 00 00 00 00 07"));
        QCOMPARE(identity.value().retailerId, QStringLiteral("Shop 7"));
        QCOMPARE(identity.value().keyVersion, std::uint8_t{0x01});
        QCOMPARE(identity.value().terminalId, QStringLiteral("T-0042"));
        QCOMPARE(identity.value().tampered, false);
        QCOMPARE(identity.value().firmwareVersion, QString(terminal::SecureTerminal::kFirmwareVersion));
        QCOMPARE(rig.transport->sent.back().timeout, rig.client->keypadCommandTimeout());
        QCOMPARE(rig.client->keypadCommandTimeout(), kKeypad + TerminalClient::kKeypadMargin);
        QCOMPARE(rig.client->status().value().state, std::uint8_t{0x02}); // RetailerVerified
    }

    void signOnWrongPinThenBlocked()
    {
        Rig rig;
        rig.insertRetailerCard();
        auto first = rig.signOn("1111");
        QVERIFY(!first.ok());
        QCOMPARE(first.error().kind, StationErrorKind::RetailerPinWrong);
        QCOMPARE(first.error().triesLeft, 2);
        QCOMPARE(first.error().code, QStringLiteral("63C2"));
        QCOMPARE(rig.signOn("1111").error().triesLeft, 1);
        auto last = rig.signOn("1111");
        QVERIFY(!last.ok());
        QVERIFY(last.error().kind == StationErrorKind::RetailerCardBlocked ||
                (last.error().kind == StationErrorKind::RetailerPinWrong && last.error().triesLeft == 0));
        auto blocked = rig.signOn(fw::kRetailerPin); // answered before the keypad opens
        QVERIFY(!blocked.ok());
        QCOMPARE(blocked.error().kind, StationErrorKind::RetailerCardBlocked);
    }

    void signOnCancelKey()
    {
        Rig rig;
        rig.insertRetailerCard();
        rig.transport->raw.onPending = [&] {
            fw::type(*rig.terminal, "25", false);
            rig.terminal->keyPressed(terminal::Key::Cancel);
        };
        CancelToken token;
        auto result = rig.client->retailerSignOn(token);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().kind, StationErrorKind::KeypadCancelled);
        QVERIFY(!result.error().detail.contains(QLatin1String("25")));
    }

    void signOnKeypadTimeout()
    {
        Rig rig(std::chrono::milliseconds{100});
        rig.insertRetailerCard();
        rig.transport->raw.waitForAnswerMs = 10000; // until the firmware's own keypad timeout answers 6400
        CancelToken token;
        auto result = rig.client->retailerSignOn(token);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().kind, StationErrorKind::KeypadTimeout);
    }

    void signOnWithoutRetailerCard()
    {
        Rig rig;
        auto result = rig.signOn(fw::kRetailerPin);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().kind, StationErrorKind::RetailerCardMissing);
    }

    void signOnCancelledBeforeSending()
    {
        Rig rig;
        rig.insertRetailerCard();
        CancelToken token;
        token.cancel();
        auto result = rig.client->retailerSignOn(token);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().kind, StationErrorKind::Cancelled);
        QVERIFY(rig.transport->sent.empty());
    }

    void transportTimeoutIsUnresponsive()
    {
        Rig rig;
        rig.insertRetailerCard(); // nobody types: the transport gives up (Timeout)
        CancelToken token;
        auto result = rig.client->retailerSignOn(token);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().kind, StationErrorKind::TerminalUnresponsive);
        QCOMPARE(result.error().code, QStringLiteral("timeout"));
        // The firmware still waits for the keypad: everything else is refused 6985 meanwhile.
        auto status = rig.client->status();
        QVERIFY(!status.ok());
        QCOMPARE(status.error().kind, StationErrorKind::TerminalBusy);
    }

    void relayHandshakeDataKeyAndIdentity()
    {
        Rig rig;
        rig.insertRetailerCard();
        QVERIFY(rig.signOn(fw::kRetailerPin).ok());

        scp03::HostHandshake host(fw::retailerKeys(), 0x33, scp03::ChallengeMode::S8);
        auto initializeUpdate = host.initializeUpdate(Botan::system_rng());
        QVERIFY(initializeUpdate.ok());
        const SecureBytes iuBytes = initializeUpdate.value().encode().value();
        auto iuAnswer = rig.client->relay(Bytes(iuBytes.begin(), iuBytes.end()));
        QVERIFY(iuAnswer.ok());
        auto decoded = ResponseApdu::decode(view(iuAnswer.value()));
        QVERIFY(decoded.ok());
        QCOMPARE(decoded.value().sw(), sw::kSuccess); // data || SW, verbatim
        auto externalAuthenticate = host.externalAuthenticate(decoded.value());
        QVERIFY(externalAuthenticate.ok());
        const SecureBytes eaBytes = externalAuthenticate.value().encode().value();
        auto eaAnswer = rig.client->relay(Bytes(eaBytes.begin(), eaBytes.end()));
        QVERIFY(eaAnswer.ok());
        QVERIFY(host.complete(ResponseApdu::decode(view(eaAnswer.value())).value()).ok());
        QCOMPARE(rig.client->status().value().state, std::uint8_t{0x04}); // ChannelOpen

        auto key = rig.client->dataKey();
        QVERIFY(key.ok());
        auto expected = keys::deriveStationDataKey(view(fw::retailerKeys().enc), view(host.hostChallenge()),
                                                   view(host.cardChallenge()));
        QVERIFY(expected.ok());
        QVERIFY(key.value() == expected.value());

        auto empty = rig.client->readCardIdentity();
        QVERIFY(!empty.ok());
        QCOMPARE(empty.error().kind, StationErrorKind::CardMissing); // the retailer card is still in
        rig.terminal->removeCard();
        rig.terminal->insertCard(std::make_shared<fw::FakeSim>());
        auto iccid = rig.client->readCardIdentity();
        QVERIFY(iccid.ok());
        QCOMPARE(iccid.value(), fw::simIccid());

        // A package of more than 65535 bytes goes in two segments (each chained by exchangeApdu); the
        // firmware joins them and refuses the garbage container as a whole: 6A80.
        rig.transport->sent.clear();
        auto loaded = rig.client->loadPackage(Bytes(70000, 0x42));
        QVERIFY(!loaded.ok());
        QCOMPARE(loaded.error().kind, StationErrorKind::TerminalProtocol);
        QCOMPARE(loaded.error().code, QStringLiteral("6A80"));
        QCOMPARE(rig.transport->sent.size(), std::size_t{2});
        QCOMPARE(rig.transport->sent[0].command.p1(), cmd::kLoadMoreSegments);
        QCOMPARE(rig.transport->sent[0].command.data().size(), std::size_t{65535});
        QCOMPARE(rig.transport->sent[1].command.p1(), std::uint8_t{0x00});
        QCOMPARE(rig.transport->sent[1].command.data().size(), std::size_t{70000 - 65535});

        QVERIFY(rig.client->endSession().ok());
        QCOMPARE(rig.client->status().value().state, std::uint8_t{0x00});
    }

    void relayRefusesBadCommands()
    {
        Rig rig;
        auto garbage = rig.client->relay(fromHex("80"));
        QVERIFY(!garbage.ok());
        QCOMPARE(garbage.error().kind, StationErrorKind::TerminalProtocol);
        auto other = rig.client->relay(fromHex("80 3E 00 00"));
        QVERIFY(!other.ok());
        QCOMPARE(other.error().kind, StationErrorKind::TerminalProtocol);
        QVERIFY(rig.transport->sent.empty());
    }

    void loadPackageSegments()
    {
        auto owned = std::make_unique<ScriptedTransport>();
        ScriptedTransport& transport = *owned;
        TerminalClient client(std::move(owned), kKeypad);
        Bytes package(2 * 65535 + 1000);
        for (std::size_t i = 0; i < package.size(); ++i)
            package[i] = static_cast<std::uint8_t>(i * 7);
        transport.answer(0x9000);
        transport.answer(0x9000);
        transport.answer(0x9000, "0018");
        auto total = client.loadPackage(package);
        QVERIFY(total.ok());
        QCOMPARE(total.value(), std::uint16_t{24});
        QCOMPARE(transport.sent.size(), std::size_t{3});
        Bytes joined;
        const std::uint8_t p1s[] = {0x01, 0x01, 0x00};
        for (std::size_t i = 0; i < 3; ++i) {
            const auto& command = transport.sent[i].command;
            QCOMPARE(command.cla(), cmd::kCla);
            QCOMPARE(command.ins(), cmd::ins::kLoadPackage);
            QCOMPARE(command.p1(), p1s[i]);
            QVERIFY(command.data().size() <= TerminalClient::kMaxSegment);
            joined.insert(joined.end(), command.data().begin(), command.data().end());
        }
        QCOMPARE(joined, package);

        // A refusal of a middle segment stops there.
        transport.sent.clear();
        transport.answer(0x9000);
        transport.answer(0x6A88);
        auto refused = client.loadPackage(package);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().kind, StationErrorKind::TerminalProtocol);
        QCOMPARE(transport.sent.size(), std::size_t{2});

        transport.sent.clear();
        transport.answer(0x9000, "0005"); // exactly one segment
        QCOMPARE(client.loadPackage(Bytes(65535, 1)).value(), std::uint16_t{5});
        QCOMPARE(transport.sent.size(), std::size_t{1});
        QCOMPARE(transport.sent[0].command.p1(), std::uint8_t{0x00});
        QVERIFY(!client.loadPackage(Bytes{}).ok());
    }

    void stepAnswersAndTimeouts()
    {
        auto owned = std::make_unique<ScriptedTransport>();
        ScriptedTransport& transport = *owned;
        TerminalClient client(std::move(owned), kKeypad);
        transport.answer(0x9000, "0003 0018 01 00");
        auto step = client.runStep();
        QVERIFY(step.ok());
        QCOMPARE(step.value().index, std::uint16_t{3});
        QCOMPARE(step.value().total, std::uint16_t{24});
        QCOMPARE(step.value().cardStatus, cmd::StepCardStatus::Accepted);
        QCOMPARE(step.value().runState, cmd::RunState::MoreSteps);
        QCOMPARE(transport.sent.back().timeout, client.keypadCommandTimeout());
        transport.answer(0x9000, "0004 0018 00 01");
        auto aborted = client.abort();
        QVERIFY(aborted.ok());
        QCOMPARE(aborted.value().runState, cmd::RunState::ResultReady);
        QCOMPARE(transport.sent.back().command.ins(), cmd::ins::kAbort);
        QCOMPARE(transport.sent.back().timeout, TerminalClient::kCommandTimeout);
        transport.answer(0x9000, "E2 01 00");
        QCOMPARE(client.result().value(), fromHex("E2 01 00"));
    }

    void malformedAnswers()
    {
        auto owned = std::make_unique<ScriptedTransport>();
        ScriptedTransport& transport = *owned;
        TerminalClient client(std::move(owned), kKeypad);
        transport.answer(0x9000, "800109");
        QCOMPARE(client.status().error().kind, StationErrorKind::TerminalProtocol);
        transport.answer(0x9000, "8001");
        CancelToken token;
        QCOMPARE(client.retailerSignOn(token).error().kind, StationErrorKind::TerminalProtocol);
        transport.answer(0x9000, "000102030405060708090A0B0C0D0E");
        QCOMPARE(client.dataKey().error().kind, StationErrorKind::TerminalProtocol);
        transport.answer(0x9000, "989410000000123456");
        QCOMPARE(client.readCardIdentity().error().kind, StationErrorKind::CardUnreadable);
        transport.answer(0x9000, "0003 0018 01");
        QCOMPARE(client.runStep().error().kind, StationErrorKind::TerminalProtocol);
        transport.answer(0x9000, "00");
        QCOMPARE(client.loadPackage(Bytes(10, 1)).error().kind, StationErrorKind::TerminalProtocol);
        transport.answer(0x9000);
        QCOMPARE(client.result().error().kind, StationErrorKind::TerminalProtocol);
    }

    void statusWordMapping_data()
    {
        QTest::addColumn<int>("ins");
        QTest::addColumn<int>("statusWord");
        QTest::addColumn<StationErrorKind>("kind");
        QTest::addColumn<int>("triesLeft");
        const auto row = [](const char* name, std::uint8_t ins, std::uint16_t word, StationErrorKind kind,
                            int tries = -1) { QTest::newRow(name) << int(ins) << int(word) << kind << tries; };
        using K = StationErrorKind;
        namespace i = cmd::ins;
        row("63C2 sign-on", i::kRetailerSignOn, 0x63C2, K::RetailerPinWrong, 2);
        row("63C0 sign-on", i::kRetailerSignOn, 0x63C0, K::RetailerPinWrong, 0);
        row("6983 sign-on", i::kRetailerSignOn, 0x6983, K::RetailerCardBlocked);
        row("6400 sign-on", i::kRetailerSignOn, 0x6400, K::KeypadTimeout);
        row("6401 sign-on", i::kRetailerSignOn, 0x6401, K::KeypadCancelled);
        row("6400 run step", i::kRunStep, 0x6400, K::KeypadTimeout);
        row("6402 run step", i::kRunStep, 0x6402, K::KeypadPinRefused);
        row("6403 run step", i::kRunStep, 0x6403, K::KeypadPinRefused);
        row("6A82 sign-on", i::kRetailerSignOn, 0x6A82, K::RetailerCardMissing);
        row("6A82 read card identity", i::kReadCardIdentity, 0x6A82, K::CardMissing);
        row("6A82 load package", i::kLoadPackage, 0x6A82, K::CardMissing);
        row("6985 status", i::kGetStatus, 0x6985, K::TerminalBusy);
        row("6985 run step", i::kRunStep, 0x6985, K::TerminalBusy);
        row("6985 abort", i::kAbort, 0x6985, K::TerminalBusy);
        row("6988 load package", i::kLoadPackage, 0x6988, K::PersonalisationFailed);
        row("6A80 load package", i::kLoadPackage, 0x6A80, K::TerminalProtocol);
        row("6A88 load package", i::kLoadPackage, 0x6A88, K::TerminalProtocol);
        row("6700 data key", i::kGetDataKey, 0x6700, K::TerminalProtocol);
        row("6D00 result", i::kGetResult, 0x6D00, K::TerminalProtocol);
        row("6F00 end session", i::kEndSession, 0x6F00, K::TerminalProtocol);
    }

    void statusWordMapping()
    {
        QFETCH(int, ins);
        QFETCH(int, statusWord);
        QFETCH(StationErrorKind, kind);
        QFETCH(int, triesLeft);
        auto owned = std::make_unique<ScriptedTransport>();
        ScriptedTransport& transport = *owned;
        TerminalClient client(std::move(owned), kKeypad);
        transport.answer(static_cast<std::uint16_t>(statusWord));
        const StationError error = failureOf(client, static_cast<std::uint8_t>(ins));
        QCOMPARE(error.kind, kind);
        QCOMPARE(error.triesLeft, triesLeft);
        QCOMPARE(error.code, QStringLiteral("%1").arg(statusWord, 4, 16, QLatin1Char('0')).toUpper());
        QCOMPARE(transport.sent.size(), std::size_t{1});
        QCOMPARE(int(transport.sent[0].command.ins()), ins);
    }

    void pcscErrorMapping_data()
    {
        QTest::addColumn<pcsc::ErrorKind>("pcscKind");
        QTest::addColumn<StationErrorKind>("kind");
        using P = pcsc::ErrorKind;
        using K = StationErrorKind;
        QTest::newRow("no card") << P::NoCard << K::TerminalMissing;
        QTest::newRow("reader unavailable") << P::ReaderUnavailable << K::TerminalMissing;
        QTest::newRow("no service") << P::NoService << K::TerminalMissing;
        QTest::newRow("no reader") << P::NoReader << K::TerminalMissing;
        QTest::newRow("card removed") << P::CardRemoved << K::TerminalMissing;
        QTest::newRow("timeout") << P::Timeout << K::TerminalUnresponsive;
        QTest::newRow("transmit failed") << P::TransmitFailed << K::TerminalUnresponsive;
        QTest::newRow("sharing violation") << P::SharingViolation << K::TerminalBusy;
        QTest::newRow("malformed response") << P::MalformedResponse << K::TerminalProtocol;
    }

    void pcscErrorMapping()
    {
        QFETCH(pcsc::ErrorKind, pcscKind);
        QFETCH(StationErrorKind, kind);
        for (const std::uint8_t ins : {cmd::ins::kGetStatus, cmd::ins::kRetailerSignOn, cmd::ins::kRunStep}) {
            auto owned = std::make_unique<ScriptedTransport>();
            ScriptedTransport& transport = *owned;
            TerminalClient client(std::move(owned), kKeypad);
            transport.fail(pcscKind);
            const StationError error = failureOf(client, ins);
            QCOMPARE(error.kind, kind);
            QCOMPARE(error.code, pcsc::errorKindName(pcscKind));
        }
    }

    void terminalAtrAndFeatureNames()
    {
        // The emulator's ATR: T0 = 0A (no interface bytes, 10 historical bytes "PERSO-TERM").
        const QByteArray emulator = QByteArray::fromHex("3B0A504552534F2D5445524D");
        QCOMPARE(atrHistoricalBytes(emulator), QByteArray("PERSO-TERM"));
        QVERIFY(isTerminalAtr(emulator));
        // TA1, TD1 -> TD2 -> TA3 then 12 historical bytes: "xxPERSO-TERM".
        const QByteArray withInterface = QByteArray::fromHex("3B9C9681 11 FE") + QByteArray("xxPERSO-TERM");
        QCOMPARE(atrHistoricalBytes(withInterface), QByteArray("xxPERSO-TERM"));
        QVERIFY(isTerminalAtr(withInterface));
        // The marker in interface bytes only, a SIM's ATR, truncated ATRs: not the terminal.
        QVERIFY(!isTerminalAtr(QByteArray::fromHex("3B9F96801FC78031E073FE211B633A204E83009000")));
        QVERIFY(!isTerminalAtr(QByteArray::fromHex("3B0A504552534F2D5445")));
        QVERIFY(!isTerminalAtr(QByteArray::fromHex("3B80")));
        QVERIFY(!isTerminalAtr(QByteArray()));
        QCOMPARE(readerFeatureName(0x06), QStringLiteral("FEATURE_VERIFY_PIN_DIRECT"));
        QCOMPARE(readerFeatureName(0x12), QStringLiteral("FEATURE_GET_TLV_PROPERTIES"));
        QCOMPARE(readerFeatureName(0x20), QStringLiteral("FEATURE_EXECUTE_PACE"));
        QCOMPARE(readerFeatureName(0x7E), QStringLiteral("FEATURE_0x7e"));
    }

private:
    static StationError failureOf(TerminalClient& client, std::uint8_t ins)
    {
        CancelToken token;
        switch (ins) {
        case cmd::ins::kGetStatus:
            return client.status().error();
        case cmd::ins::kRetailerSignOn:
            return client.retailerSignOn(token).error();
        case cmd::ins::kGetDataKey:
            return client.dataKey().error();
        case cmd::ins::kReadCardIdentity:
            return client.readCardIdentity().error();
        case cmd::ins::kLoadPackage:
            return client.loadPackage(Bytes(16, 0)).error();
        case cmd::ins::kRunStep:
            return client.runStep().error();
        case cmd::ins::kAbort:
            return client.abort().error();
        case cmd::ins::kGetResult:
            return client.result().error();
        case cmd::ins::kEndSession:
            return client.endSession().error();
        default:
            return {};
        }
    }
};

QTEST_GUILESS_MAIN(TestTerminalClient)
#include "tst_terminalclient.moc"
