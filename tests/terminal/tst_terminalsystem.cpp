// SPDX-License-Identifier: Apache-2.0
// The secure terminal as a PC/SC reader through the real pcscd and vpcd: the test thread is the station
// (perso::pcsc) and the issuer (HostHandshake, PackageBuilder, PackageVerifier); the terminal runs in
// its own thread behind a VpcdLink, with real retailer and SIM card files in its slot. Sign-on with the
// right, a wrong and a blocked PIN; a blank SIM personalised by a package and read back; the SIM pulled
// at every APDU boundary of the package.
#include "tst_terminalsystemissuer.h"

#include "protocol/keys/Diversification.h"
#include "protocol/package/PackageVerifier.h"

#include <QProcess>
#include <QTest>

using namespace perso;
using namespace perso::terminal;
using namespace perso::terminal::systest;

class TestTerminalSystem : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void signOnWithRightPin();
    void wrongPinShowsTriesLeft();
    void blockedCardRefused();
    void packagePersonalisesBlankSim();
    void simPulledAtEveryApduBoundary_data();
    void simPulledAtEveryApduBoundary();

private:
    std::uint16_t signOn(const char* pin, std::shared_ptr<cards::VirtualCard> card = nullptr);
    bool openChannel(scp03::HostHandshake& host, std::optional<scp03::SecureChannel>& channel);
    std::optional<package::BuiltPackage> loadForSim(scp03::SecureChannel& host, const QString& simPath, bool keypadPin,
                                                    std::uint8_t transaction);

    Workspace m_ws;
    std::unique_ptr<TerminalRig> m_rig;
    Station m_station;
};

void TestTerminalSystem::initTestCase()
{
    m_rig = std::make_unique<TerminalRig>(m_ws.config());
    QVERIFY2(m_rig->connectToReader(), "pcscd never showed the terminal in Virtual PCD 00 00");
    QString error;
    QVERIFY2(m_station.open(&error), qPrintable(error));
}

void TestTerminalSystem::cleanup()
{
    (void)m_station.send(terminalCommand(cmd::ins::kEndSession));
    m_rig->removeCard();
}

std::uint16_t TestTerminalSystem::signOn(const char* pin, std::shared_ptr<cards::VirtualCard> card)
{
    m_rig->removeCard();
    if (!m_rig->insertCard(card ? std::move(card) : m_ws.retailerCard()))
        return 0;
    return swOf(m_station.sendTyping(*m_rig, terminalCommand(cmd::ins::kRetailerSignOn), {pin}));
}

bool TestTerminalSystem::openChannel(scp03::HostHandshake& host, std::optional<scp03::SecureChannel>& channel)
{
    if (signOn(kRetailerPin) != perso::sw::kSuccess)
        return false;
    channel = handshake(m_station, host);
    return channel.has_value();
}

// Puts the SIM card file into the slot, checks its identity through PC/SC and loads a package for it.
std::optional<package::BuiltPackage> TestTerminalSystem::loadForSim(scp03::SecureChannel& host, const QString& simPath,
                                                                    bool keypadPin, std::uint8_t transaction)
{
    m_rig->removeCard();
    std::shared_ptr<cards::SimCard> sim = simtest::openCard(simPath);
    if (!sim || !m_rig->insertCard(sim))
        return std::nullopt;
    const auto identity = m_station.send(terminalCommand(cmd::ins::kReadCardIdentity));
    const Bytes iccid = simIccid();
    if (!identity || identity.value().data() != SecureBytes(iccid.begin(), iccid.end()))
        return std::nullopt;
    auto built = package::PackageBuilder::build(host, view(transactionId(transaction)), view(simIccid()),
                                                personalisationBody(keypadPin));
    if (!built)
        return std::nullopt;
    auto encoded = built.value().package.encode();
    if (!encoded)
        return std::nullopt;
    const CommandApdu load(cmd::kCla, cmd::ins::kLoadPackage, 0x00, 0x00,
                           SecureBytes(encoded.value().begin(), encoded.value().end()), 256);
    const auto loaded = m_station.send(load); // chained by the host library: CLA 90 parts, then 80
    if (!loaded || loaded.value().sw() != perso::sw::kSuccess || loaded.value().data() != SecureBytes{0x00, 0x18})
        return std::nullopt;
    return std::move(built).value();
}

void TestTerminalSystem::signOnWithRightPin()
{
    QCOMPARE(statusField(m_station, 0x80), (SecureBytes{0x00})); // Locked
    QCOMPARE(statusField(m_station, 0x81), (SecureBytes{0x00})); // empty slot
    QVERIFY(m_rig->insertCard(m_ws.retailerCard()));
    QCOMPARE(statusField(m_station, 0x81), (SecureBytes{0x01})); // retailer card

    const auto answer = m_station.sendTyping(*m_rig, terminalCommand(cmd::ins::kRetailerSignOn), {kRetailerPin});
    QCOMPARE(swOf(answer), perso::sw::kSuccess);
    const SecureBytes& data = answer->value().data();
    QCOMPARE(findTlv(data, 0x80)->value(), (SecureBytes{0x52, 0x50, 0, 0, 0, 0, 0, 0x07})); // EF.SERIAL
    QCOMPARE(findTlv(data, 0x82)->value(), (SecureBytes{0x01}));                            // key version
    const SecureBytes terminalId = findTlv(data, 0x83)->value();
    QCOMPARE(QByteArray(reinterpret_cast<const char*>(terminalId.data()), qsizetype(terminalId.size())),
             QByteArray("T-0042"));
    QCOMPARE(findTlv(data, 0xA4)->find(0x80)->value(), (SecureBytes{0x00})); // not tampered
    QCOMPARE(m_rig->state(), TerminalState::RetailerVerified);

    scp03::HostHandshake host(retailerKeys(), 0x33, scp03::ChallengeMode::S8);
    auto channel = handshake(m_station, host);
    QVERIFY(channel.has_value());
    QVERIFY(channel->isOpen());
    QCOMPARE(host.keyVersion(), std::uint8_t{0x01});
    QCOMPARE(host.keyDiversificationData(), fromHex("00 00 52 50 00 00 00 00 00 07"));
    QCOMPARE(m_rig->state(), TerminalState::ChannelOpen);
    QVERIFY(m_rig->call([](SecureTerminal& t) { return t.holdsKeys(); }));

    const auto key = m_station.send(terminalCommand(cmd::ins::kGetDataKey));
    QVERIFY(key.ok());
    QCOMPARE(key.value().sw(), perso::sw::kSuccess);
    const auto expected =
        keys::deriveStationDataKey(view(retailerKeys().enc), view(host.hostChallenge()), view(host.cardChallenge()));
    QVERIFY(expected.ok());
    QCOMPARE(key.value().data(), expected.value());
}

void TestTerminalSystem::wrongPinShowsTriesLeft()
{
    QCOMPARE(signOn("9753"), std::uint16_t{0x63C2});
    QCOMPARE(m_rig->call([](SecureTerminal& t) { return t.display(); }), DisplayTexts::wrongPin(2));
    QCOMPARE(m_rig->state(), TerminalState::Locked);
    QVERIFY(!m_rig->call([](SecureTerminal& t) { return t.holdsKeys(); }));
    // The right PIN afterwards signs on (and resets the card's counter).
    QCOMPARE(signOn(kRetailerPin), perso::sw::kSuccess);
    QCOMPARE(m_rig->state(), TerminalState::RetailerVerified);
}

void TestTerminalSystem::blockedCardRefused()
{
    Workspace other; // a card of its own: this one ends blocked
    auto card = other.retailerCard();
    QCOMPARE(signOn("1111", card), std::uint16_t{0x63C2});
    QCOMPARE(signOn("1111", card), std::uint16_t{0x63C1});
    QCOMPARE(signOn("1111", card), perso::sw::kAuthenticationBlocked);
    // Blocked: answered at once without opening the keypad, even to the right PIN.
    m_rig->removeCard();
    QVERIFY(m_rig->insertCard(other.retailerCard()));
    const auto refused =
        m_station.sendTyping(*m_rig, terminalCommand(cmd::ins::kRetailerSignOn), {}, std::chrono::milliseconds(3000));
    QCOMPARE(swOf(refused), perso::sw::kAuthenticationBlocked);
    QVERIFY(!m_rig->busy());
    QCOMPARE(m_rig->call([](SecureTerminal& t) { return t.display(); }), DisplayTexts::cardBlocked());
    QCOMPARE(m_rig->state(), TerminalState::Locked);
    QVERIFY(!m_rig->call([](SecureTerminal& t) { return t.holdsKeys(); }));
}

void TestTerminalSystem::packagePersonalisesBlankSim()
{
    scp03::HostHandshake hostHandshake(retailerKeys(), 0x33, scp03::ChallengeMode::S8);
    std::optional<scp03::SecureChannel> host;
    QVERIFY(openChannel(hostHandshake, host));
    const QString path = simtest::makeBlank(m_ws.dir, QStringLiteral("full.card"));
    QVERIFY(!path.isEmpty());
    auto built = loadForSim(*host, path, true, 1);
    QVERIFY(built.has_value());

    std::optional<StepAnswer> last;
    int forwards = 0;
    for (int i = 0; i < 40; ++i) {
        last = parseStep(m_station.sendTyping(*m_rig, runStepCommand(), {kCustomerPin, kCustomerPin}));
        QVERIFY(last.has_value());
        forwards += last->cardStatus == std::uint8_t(cmd::StepCardStatus::Accepted) ? 1 : 0;
        if (last->runState != std::uint8_t(cmd::RunState::MoreSteps))
            break;
    }
    QCOMPARE(last->runState, std::uint8_t(cmd::RunState::ResultReady));
    QCOMPARE(last->index, std::uint16_t{23});
    QCOMPARE(forwards, 22); // every card command of docs/cards.md's sequence, PIN ENTRY included

    const auto result = m_station.send(terminalCommand(cmd::ins::kGetResult)); // 61xx joined by the host
    QVERIFY(result.ok());
    QCOMPARE(result.value().sw(), perso::sw::kSuccess);
    const Bytes sealed(result.value().data().begin(), result.value().data().end());
    auto verified = built->verifier.verify(*host, view(sealed));
    QVERIFY2(verified.ok(), verified.ok() ? "" : qPrintable(verified.error().message));
    QVERIFY(verified.value().authenticated);
    QCOMPARE(verified.value().result.outcome, package::Outcome::Completed);
    QCOMPARE(verified.value().result.responses.size(), std::size_t{1});
    QVERIFY(simtest::hex(verified.value().result.responses[0].data).contains(QLatin1String(simtest::kRes)));

    // The card file read back as a handset would: PIN1 is the one typed on the keypad.
    m_rig->removeCard();
    auto sim = simtest::openCard(path);
    QVERIFY(sim != nullptr);
    QCOMPARE(simtest::send(*sim, "002000010834383236FFFFFFFF").sw, perso::sw::kSuccess);
    QCOMPARE(simtest::send(*sim, "00A4040C10" + std::string(simtest::kAid)).sw, perso::sw::kSuccess);
    const std::pair<const char*, const char*> files[] = {
        {"6F07", "080910101032547698"},                 // EF.IMSI 001010123456789
        {"6FAD", "00000002"},                           // EF.AD: MNC length 2
        {"6F46", "0152657461696C20506572736FFFFFFFFF"}, // EF.SPN "Retail Perso"
        {"6F78", "0001"},                               // EF.ACC
    };
    for (const auto& [fid, content] : files) {
        QCOMPARE(simtest::send(*sim, std::string("00A4000C02") + fid).sw, perso::sw::kSuccess);
        const auto read = simtest::send(*sim, "00B00000" + toHex(view(Bytes{std::uint8_t(strlen(content) / 2)})));
        QCOMPARE(read.sw, perso::sw::kSuccess);
        QCOMPARE(read.data, QString::fromLatin1(content));
    }
    sim.reset();

    // The same card file read by a standard PC/SC tool (OpenSC's opensc-tool) through pcscd, presented
    // in "Virtual PCD 00 01" by `perso-terminal --inspect`: a handset's view of the personalised SIM.
    QProcess inspect;
    inspect.setProgram(QStringLiteral(PERSO_TERMINAL_BINARY));
    inspect.setArguments({QStringLiteral("--inspect"), path});
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    inspect.setProcessEnvironment(environment);
    inspect.start();
    QVERIFY(inspect.waitForStarted(10000));
    const auto openscTool = [](const QStringList& apdus) {
        QStringList arguments{QStringLiteral("-r"), QStringLiteral("1")};
        for (const QString& apdu : apdus)
            arguments << QStringLiteral("-s") << apdu;
        QProcess tool;
        tool.start(QStringLiteral(OPENSC_TOOL_PROGRAM), arguments);
        tool.waitForFinished(10000);
        return tool.exitCode() == 0 ? QString::fromLatin1(tool.readAllStandardOutput()) : QString();
    };
    QVERIFY(QTest::qWaitFor(
        [&] { return openscTool({QStringLiteral("00 A4 00 04 02 3F 00")}).contains(QLatin1String("SW1=0x90")); },
        15000));
    const QString output = openscTool({
        QStringLiteral("00 20 00 01 08 34 38 32 36 FF FF FF FF"), // VERIFY PIN1 typed on the keypad
        QStringLiteral("00 A4 08 0C 04 7F F0 6F 46"),
        QStringLiteral("00 B0 00 00 11"), // EF.SPN by path ADF.USIM/6F46 (UICC)
        QStringLiteral("A0 A4 00 00 02 7F 20"),
        QStringLiteral("A0 A4 00 00 02 6F 07"), // DF.GSM/EF.IMSI (GSM)
        QStringLiteral("A0 B0 00 00 09"),
    });
    QVERIFY2(output.contains(QLatin1String("01 52 65 74 61 69 6C 20 50 65 72 73 6F")), qPrintable(output));
    QVERIFY2(output.contains(QLatin1String("08 09 10 10 10 32 54 76 98")), qPrintable(output));
    inspect.terminate();
    QVERIFY(inspect.waitForFinished(10000));
    QCOMPARE(inspect.exitCode(), 0);
}

void TestTerminalSystem::simPulledAtEveryApduBoundary_data()
{
    QTest::addColumn<int>("k");
    for (int k = 0; k <= 23; ++k)
        QTest::addRow("pulled after %d steps", k) << k;
}

void TestTerminalSystem::simPulledAtEveryApduBoundary()
{
    QFETCH(int, k);
    scp03::HostHandshake hostHandshake(retailerKeys(), 0x33, scp03::ChallengeMode::S8);
    std::optional<scp03::SecureChannel> host;
    QVERIFY(openChannel(hostHandshake, host));
    const QString path = simtest::makeBlank(m_ws.dir, QStringLiteral("pulled-%1.card").arg(k));
    QVERIFY(!path.isEmpty());
    auto built = loadForSim(*host, path, false, std::uint8_t(k + 2));
    QVERIFY(built.has_value());
    for (int i = 0; i < k; ++i) {
        const auto step = parseStep(m_station.send(runStepCommand()));
        QVERIFY(step.has_value());
        QCOMPARE(step->runState, std::uint8_t(cmd::RunState::MoreSteps));
    }
    m_rig->removeCard();
    QCOMPARE(statusField(m_station, 0x81), (SecureBytes{0x00}));
    const auto stopped = parseStep(m_station.send(runStepCommand()));
    QVERIFY(stopped.has_value());
    QCOMPARE(stopped->index, std::uint16_t(k));
    QCOMPARE(stopped->runState, std::uint8_t(cmd::RunState::ResultReady));

    const auto result = m_station.send(terminalCommand(cmd::ins::kGetResult));
    QVERIFY(result.ok());
    const Bytes sealed(result.value().data().begin(), result.value().data().end());
    auto verified = built->verifier.verify(*host, view(sealed));
    QVERIFY(verified.ok());
    QVERIFY(verified.value().authenticated);
    if (k == 23) { // END needs no card: the card was complete when it was pulled
        QCOMPARE(verified.value().result.outcome, package::Outcome::Completed);
    } else {
        QCOMPARE(stopped->cardStatus, std::uint8_t(cmd::StepCardStatus::NoAnswer));
        QCOMPARE(verified.value().result.outcome, package::Outcome::CardRemoved);
        QCOMPARE(verified.value().result.failingStep, std::optional<std::uint16_t>(std::uint16_t(k)));
    }

    // The card file opens consistent. Steps 1..22 are the card commands: 2 creates ADF.USIM, 4 writes
    // EF.IMSI, 21 activates the ADF (the commit).
    auto sim = simtest::openCard(path);
    QVERIFY(sim != nullptr);
    const auto adf = simtest::send(*sim, "00A40004027FF000");
    if (k <= 2) {
        QCOMPARE(adf.sw, std::uint16_t{0x6A82});
        return;
    }
    QCOMPARE(adf.sw, perso::sw::kSuccess);
    QVERIFY2(adf.data.contains(k <= 21 ? QLatin1String("8A0101") : QLatin1String("8A0105")), qPrintable(adf.data));
    if (k >= 5 && k <= 21) {
        // Detectably incomplete: a handset cannot read EF.IMSI; the issuer (ADM1) sees it written whole.
        QCOMPARE(simtest::send(*sim, "00A4000C026F07").sw, perso::sw::kSuccess);
        QCOMPARE(simtest::send(*sim, "00B0000009").sw, std::uint16_t{0x6985});
        QCOMPARE(simtest::send(*sim, simtest::withData("0020000A", simtest::kAdm)).sw, perso::sw::kSuccess);
        QCOMPARE(simtest::send(*sim, "00B0000009").data, QStringLiteral("080910101032547698"));
    }
}

QTEST_GUILESS_MAIN(TestTerminalSystem)
#include "tst_terminalsystem.moc"
