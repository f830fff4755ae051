// SPDX-License-Identifier: Apache-2.0
// SecureTerminal package execution: a PackageBuilder package run step by step against a fake SIM,
// the issuer verifying the sealed result; card removed at step k, cancel, PIN timeout, trivial PIN,
// wrong card, altered and foreign packages, abort, out-of-order commands, two cards in one sign-on.
#include "PackageSession.h"

#include <QTest>

using namespace perso;
using namespace perso::terminal;
using namespace perso::terminal::test;
using package::Outcome;

class TestPackage : public QObject
{
    Q_OBJECT

private slots:
    void completedPackageVerifiesAtTheIssuer();
    void readCardIdentityNeedsCustomerCard();
    void cardRemovedAtStep_data();
    void cardRemovedAtStep();
    void cardSwappedBetweenSteps();
    void cardStatusStopsExecution();
    void abortBetweenSteps();
    void abortBeforeFirstStep();
    void wrongCardRefusedAtBegin();
    void alteredStepClosesChannelBeforeTheCard();
    void foreignAndMalformedPackagesChangeNothing();
    void outOfOrderWhileExecuting();
    void twoCardsInOneSignOn();
    void resultInPartsAndPackageInSegments();
};

void TestPackage::completedPackageVerifiesAtTheIssuer()
{
    PackageSession s;
    const ResponseApdu identity = sendNow(*s.terminal, terminalCommand(cmd::ins::kReadCardIdentity));
    QCOMPARE(identity.sw(), sw::kSuccess);
    QCOMPARE(Bytes(identity.data().begin(), identity.data().end()), simIccid());
    const auto built = s.build();
    const ResponseApdu loaded = loadPackage(*s.terminal, PackageSession::encode(built));
    QCOMPARE(loaded.sw(), sw::kSuccess);
    QCOMPARE(loaded.data(), (SecureBytes{0x00, kTotal}));
    QCOMPARE(s.terminal->state(), TerminalState::Executing);

    QSignalSpy display(s.terminal.get(), &SecureTerminal::displayChanged);
    const auto last = s.runToEnd("2468");
    QVERIFY(last.has_value());
    QCOMPARE(last->index, std::uint16_t{kTotal - 1});
    QCOMPARE(last->total, kTotal);
    QCOMPARE(last->runState, std::uint8_t(cmd::RunState::ResultReady));
    QCOMPARE(s.terminal->state(), TerminalState::Reporting);
    // The PIN reached the card in the template's PIN field, and never the display.
    QCOMPARE(changePinData(*s.sim), pinField("2468"));
    for (const auto& shown : display)
        QVERIFY(!shown.at(1).toString().contains(QStringLiteral("2468")));

    auto verified = s.verify(built);
    QVERIFY2(verified.ok(), qPrintable(verified.ok() ? QString() : verified.error().message));
    QVERIFY(verified.value().authenticated);
    QCOMPARE(verified.value().result.outcome, Outcome::Completed);
    QCOMPARE(verified.value().result.stepsConsumed, kTotal);
    QCOMPARE(verified.value().result.responses.size(), std::size_t{1});
    QCOMPARE(verified.value().result.responses[0].step, std::uint16_t{21});
    QCOMPARE(verified.value().result.responses[0].data, SecureBytes(16, 0x5A));
    // The result can be fetched again; the session ends with every key erased.
    QCOMPARE(sendNow(*s.terminal, terminalCommand(cmd::ins::kGetResult)).sw(), sw::kSuccess);
    QCOMPARE(sendNow(*s.terminal, terminalCommand(cmd::ins::kEndSession, {}, 0)).sw(), sw::kSuccess);
    QVERIFY(!s.terminal->holdsKeys());
    QCOMPARE(sendNow(*s.terminal, terminalCommand(cmd::ins::kGetResult)).sw(), sw::kConditionsNotSatisfied);
}

void TestPackage::readCardIdentityNeedsCustomerCard()
{
    PackageSession s;
    s.terminal->removeCard();
    QCOMPARE(sendNow(*s.terminal, terminalCommand(cmd::ins::kReadCardIdentity)).sw(), sw::kFileNotFound);
    QVERIFY(s.terminal->insertCard(s.ws.retailerCard()));
    QCOMPARE(sendNow(*s.terminal, terminalCommand(cmd::ins::kReadCardIdentity)).sw(), sw::kFileNotFound);
    QCOMPARE(loadPackage(*s.terminal, PackageSession::encode(s.build())).sw(), sw::kFileNotFound);
    QCOMPARE(s.terminal->state(), TerminalState::ChannelOpen);
    // A GSM-only card: SELECT and READ BINARY in class A0.
    s.terminal->removeCard();
    auto gsm = std::make_shared<FakeSim>();
    gsm->gsmOnly = true;
    QVERIFY(s.terminal->insertCard(gsm));
    const ResponseApdu identity = sendNow(*s.terminal, terminalCommand(cmd::ins::kReadCardIdentity));
    QCOMPARE(identity.sw(), sw::kSuccess);
    QCOMPARE(Bytes(identity.data().begin(), identity.data().end()), simIccid());
    QCOMPARE(gsm->received.back().cla(), std::uint8_t{0xA0});
    // SELECT MF in class 00 (6E00: GSM-only, class 00 not tried further), SELECT MF A0, GET RESPONSE,
    // SELECT EF.ICCID A0, GET RESPONSE, READ BINARY.
    QCOMPARE(gsm->received.size(), std::size_t{6});
    QCOMPARE(gsm->received[1].cla(), std::uint8_t{0xA0});
    QCOMPARE(gsm->received[2].ins(), std::uint8_t{0xC0});
    QCOMPARE(gsm->received[3].ins(), std::uint8_t{0xA4});
}

void TestPackage::cardRemovedAtStep_data()
{
    QTest::addColumn<int>("k");
    for (int k : {0, 1, 2, 10, 19, 21, 23})
        QTest::addRow("step %d", k) << k;
}

void TestPackage::cardRemovedAtStep()
{
    QFETCH(int, k);
    PackageSession s;
    const auto built = s.build();
    QCOMPARE(loadPackage(*s.terminal, PackageSession::encode(built)).sw(), sw::kSuccess);
    for (int i = 0; i < k; ++i) {
        const auto answer = s.step();
        QVERIFY(answer && parseStep(*answer));
        QCOMPARE(parseStep(*answer)->runState, std::uint8_t(cmd::RunState::MoreSteps));
    }
    const std::size_t sent = s.sim->received.size();
    s.terminal->removeCard();
    const auto answer = s.step();
    QVERIFY(answer.has_value());
    const auto parsed = parseStep(*answer);
    QVERIFY(parsed.has_value());
    QCOMPARE(int{parsed->index}, k);
    QCOMPARE(parsed->cardStatus, std::uint8_t(cmd::StepCardStatus::NoAnswer));
    QCOMPARE(parsed->runState, std::uint8_t(cmd::RunState::ResultReady));
    QCOMPARE(s.sim->received.size(), sent); // nothing more reached the card
    auto verified = s.verify(built);
    QVERIFY(verified.ok());
    QCOMPARE(verified.value().result.outcome, Outcome::CardRemoved);
    QCOMPARE(int{*verified.value().result.failingStep}, k);
    QCOMPARE(verified.value().result.statusWords.back(), package::kNoCardResponse);
    QCOMPARE(s.terminal->display(), DisplayTexts::cardRemoved());
}

void TestPackage::cardSwappedBetweenSteps()
{
    PackageSession s;
    const auto built = s.build();
    QCOMPARE(loadPackage(*s.terminal, PackageSession::encode(built)).sw(), sw::kSuccess);
    QVERIFY(s.step());
    QVERIFY(s.step());
    s.terminal->removeCard();
    auto other = std::make_shared<FakeSim>();
    QVERIFY(s.terminal->insertCard(other)); // same ICCID even: another insertion is another card
    const auto parsed = parseStep(*s.step());
    QVERIFY(parsed.has_value());
    QCOMPARE(parsed->cardStatus, std::uint8_t(cmd::StepCardStatus::NoAnswer));
    QVERIFY(other->received.empty());
    auto verified = s.verify(built);
    QVERIFY(verified.ok());
    QCOMPARE(verified.value().result.outcome, Outcome::CardRemoved);
    QCOMPARE(*verified.value().result.failingStep, std::uint16_t{2});
}

void TestPackage::cardStatusStopsExecution()
{
    PackageSession s;
    s.sim->failIns = 0xD6; // UPDATE BINARY refused
    const auto built = s.build();
    QCOMPARE(loadPackage(*s.terminal, PackageSession::encode(built)).sw(), sw::kSuccess);
    const auto last = s.runToEnd();
    QVERIFY(last.has_value());
    QCOMPARE(last->index, std::uint16_t{12});
    QCOMPARE(last->cardStatus, std::uint8_t(cmd::StepCardStatus::Refused));
    QCOMPARE(last->runState, std::uint8_t(cmd::RunState::ResultReady));
    auto verified = s.verify(built);
    QVERIFY(verified.ok());
    QCOMPARE(verified.value().result.outcome, Outcome::CardStatusFailed);
    QCOMPARE(*verified.value().result.failingStep, std::uint16_t{12});
    QCOMPARE(verified.value().result.statusWords.back(), std::uint16_t{0x6A82});
    QCOMPARE(sendNow(*s.terminal, terminalCommand(cmd::ins::kRunStep)).sw(), sw::kConditionsNotSatisfied);
    // Reporting: the handshake and a new sign-on are out of order too.
    QCOMPARE(sendNow(*s.terminal, CommandApdu(0x80, 0x50, 0x00, 0x00, SecureBytes(8, 1), 256)).sw(),
             sw::kConditionsNotSatisfied);
    QCOMPARE(sendNow(*s.terminal, terminalCommand(cmd::ins::kRetailerSignOn)).sw(), sw::kConditionsNotSatisfied);
    QCOMPARE(s.terminal->state(), TerminalState::Reporting);
}

void TestPackage::abortBetweenSteps()
{
    PackageSession s;
    const auto built = s.build();
    QCOMPARE(loadPackage(*s.terminal, PackageSession::encode(built)).sw(), sw::kSuccess);
    for (int i = 0; i < 5; ++i)
        QVERIFY(s.step());
    const std::size_t sent = s.sim->received.size();
    const ResponseApdu aborted = sendNow(*s.terminal, terminalCommand(cmd::ins::kAbort, {}, 0));
    QCOMPARE(aborted.sw(), sw::kSuccess);
    QCOMPARE(parseStep(aborted)->runState, std::uint8_t(cmd::RunState::ResultReady));
    QCOMPARE(s.sim->received.size(), sent);
    QCOMPARE(s.terminal->state(), TerminalState::Reporting);
    auto verified = s.verify(built);
    QVERIFY(verified.ok());
    QCOMPARE(verified.value().result.outcome, Outcome::Cancelled);
    QCOMPARE(verified.value().result.stepsConsumed, std::uint16_t{5});
    QCOMPARE(sendNow(*s.terminal, terminalCommand(cmd::ins::kAbort, {}, 0)).sw(), sw::kConditionsNotSatisfied);
}

void TestPackage::abortBeforeFirstStep()
{
    PackageSession s;
    const auto built = s.build();
    QCOMPARE(loadPackage(*s.terminal, PackageSession::encode(built)).sw(), sw::kSuccess);
    QCOMPARE(sendNow(*s.terminal, terminalCommand(cmd::ins::kAbort, {}, 0)).sw(), sw::kSuccess);
    auto verified = s.verify(built);
    QVERIFY(verified.ok());
    QCOMPARE(verified.value().result.outcome, Outcome::Cancelled);
    QCOMPARE(verified.value().result.stepsConsumed, std::uint16_t{1});
    QCOMPARE(*verified.value().result.failingStep, std::uint16_t{0});
}

void TestPackage::wrongCardRefusedAtBegin()
{
    PackageSession s;
    s.terminal->removeCard();
    auto other = std::make_shared<FakeSim>(fromHex("98 94 10 00 00 00 99 99 99 F9"));
    QVERIFY(s.terminal->insertCard(other));
    const auto built = s.build(); // bound to simIccid()
    QCOMPARE(loadPackage(*s.terminal, PackageSession::encode(built)).sw(), sw::kSuccess);
    const auto parsed = parseStep(*s.step());
    QVERIFY(parsed.has_value());
    QCOMPARE(parsed->index, std::uint16_t{0});
    QCOMPARE(parsed->runState, std::uint8_t(cmd::RunState::ResultReady));
    for (const auto& command : other->received)
        QVERIFY(command.ins() == 0xA4 || command.ins() == 0xB0); // only the ICCID was read
    auto verified = s.verify(built);
    QVERIFY(verified.ok());
    QCOMPARE(verified.value().result.outcome, Outcome::InstructionRefused);
    QCOMPARE(*verified.value().result.failingStep, std::uint16_t{0});
}

void TestPackage::alteredStepClosesChannelBeforeTheCard()
{
    PackageSession s;
    auto built = s.build();
    built.package.steps[7].back() ^= 0x01; // a MAC bit of step 7
    QCOMPARE(loadPackage(*s.terminal, PackageSession::encode(built)).sw(), cmd::sw::kIncorrectSecureMessaging);
    QCOMPARE(s.terminal->state(), TerminalState::ChannelClosed);
    QVERIFY(!s.terminal->holdsKeys());
    QVERIFY(s.sim->received.empty());
    QCOMPARE(sendNow(*s.terminal, terminalCommand(cmd::ins::kGetDataKey)).sw(), sw::kConditionsNotSatisfied);
    QCOMPARE(sendNow(*s.terminal, terminalCommand(cmd::ins::kRunStep)).sw(), sw::kConditionsNotSatisfied);
    QCOMPARE(s.terminal->display(), DisplayTexts::channelClosed());
    const Bytes report = getResult(*s.terminal);
    auto sealed = package::SealedResult::decode(view(report));
    QVERIFY(sealed.ok());
    QVERIFY(sealed.value().channelClosed());
    QCOMPARE(sealed.value().stepsConsumed, std::uint16_t{7});
    auto verified = built.verifier.verify(*s.host, sealed.value());
    QVERIFY(verified.ok());
    QVERIFY(!verified.value().authenticated);
    // Reporting and SCP03 commands are out of order now; a new sign-on starts afresh.
    QCOMPARE(sendNow(*s.terminal, CommandApdu(0x80, 0x50, 0x00, 0x00, SecureBytes(8, 1), 256)).sw(),
             sw::kConditionsNotSatisfied);
    s.terminal->removeCard();
    QVERIFY(s.terminal->insertCard(s.ws.retailerCard()));
    QCOMPARE(signOn(*s.terminal)->sw(), sw::kSuccess);
    QCOMPARE(sendNow(*s.terminal, terminalCommand(cmd::ins::kGetResult)).sw(), sw::kConditionsNotSatisfied);
    handshake(*s.terminal);
    QCOMPARE(s.terminal->state(), TerminalState::ChannelOpen);
}

void TestPackage::foreignAndMalformedPackagesChangeNothing()
{
    PackageSession s;
    // Bound to another session's channel: refused by its anchor, nothing unwrapped.
    package::test::ChannelPair other = package::test::openPair(9);
    auto foreign = package::PackageBuilder::build(other.host, view(package::test::transactionId(1)), view(simIccid()),
                                                  package::test::simBody());
    QVERIFY(foreign.ok());
    QCOMPARE(loadPackage(*s.terminal, PackageSession::encode(foreign.value())).sw(), sw::kReferencedDataNotFound);
    QCOMPARE(s.terminal->state(), TerminalState::ChannelOpen);
    QCOMPARE(loadPackage(*s.terminal, fromHex("E0 03 80 01 01")).sw(), cmd::sw::kWrongDataRefused);
    QCOMPARE(sendNow(*s.terminal, terminalCommand(cmd::ins::kLoadPackage, {}, 0)).sw(), sw::kWrongLength);
    QCOMPARE(sendNow(*s.terminal, terminalCommand(cmd::ins::kLoadPackage, SecureBytes{0xE0}, 0, 0x02)).sw(),
             sw::kIncorrectP1P2);
    QCOMPARE(s.terminal->state(), TerminalState::ChannelOpen);
    QVERIFY(s.sim->received.empty());
    // The channel is intact: the genuine package still runs.
    const auto built = s.build();
    QCOMPARE(loadPackage(*s.terminal, PackageSession::encode(built)).sw(), sw::kSuccess);
    QVERIFY(s.runToEnd().has_value());
    auto verified = s.verify(built);
    QVERIFY(verified.ok());
    QCOMPARE(verified.value().result.outcome, Outcome::Completed);
}

void TestPackage::outOfOrderWhileExecuting()
{
    PackageSession s;
    const auto built = s.build();
    QCOMPARE(loadPackage(*s.terminal, PackageSession::encode(built)).sw(), sw::kSuccess);
    QVERIFY(s.step());
    const std::size_t sent = s.sim->received.size();
    for (std::uint8_t ins : {cmd::ins::kReadCardIdentity, cmd::ins::kGetResult, cmd::ins::kRetailerSignOn}) {
        QCOMPARE(sendNow(*s.terminal, terminalCommand(ins)).sw(), sw::kConditionsNotSatisfied);
        QCOMPARE(s.terminal->state(), TerminalState::Executing);
    }
    QCOMPARE(loadPackage(*s.terminal, PackageSession::encode(built)).sw(), sw::kConditionsNotSatisfied);
    QCOMPARE(sendNow(*s.terminal, CommandApdu(0x80, 0x50, 0x00, 0x00, SecureBytes(8, 1), 256)).sw(),
             sw::kConditionsNotSatisfied);
    QCOMPARE(s.sim->received.size(), sent);
    // A command during keypad entry is refused at once, the step still answers once.
    for (int i = 1; i < kPinStep; ++i)
        QVERIFY(s.step());
    QSignalSpy responses(s.terminal.get(), &SecureTerminal::responseReady);
    s.terminal->handleCommand(terminalCommand(cmd::ins::kRunStep));
    s.terminal->handleCommand(terminalCommand(cmd::ins::kAbort, {}, 0));
    QCOMPARE(responses.size(), 1);
    QCOMPARE(responses.takeFirst().at(0).value<ResponseApdu>().sw(), sw::kConditionsNotSatisfied);
    type(*s.terminal, "2468");
    type(*s.terminal, "2468");
    QCOMPARE(responses.size(), 1);
    QCOMPARE(parseStep(responses.takeFirst().at(0).value<ResponseApdu>())->index, kPinStep);
    QVERIFY(s.runToEnd().has_value());
    auto verified = s.verify(built);
    QVERIFY(verified.ok());
    QCOMPARE(verified.value().result.outcome, Outcome::Completed);
}

void TestPackage::twoCardsInOneSignOn()
{
    PackageSession s;
    const auto first = s.build(1);
    QCOMPARE(loadPackage(*s.terminal, PackageSession::encode(first)).sw(), sw::kSuccess);
    QVERIFY(s.runToEnd().has_value());
    QVERIFY(s.verify(first).ok());
    s.terminal->removeCard();
    auto next = std::make_shared<FakeSim>();
    QVERIFY(s.terminal->insertCard(next));
    QCOMPARE(sendNow(*s.terminal, terminalCommand(cmd::ins::kReadCardIdentity)).sw(), sw::kSuccess);
    const auto second = s.build(2); // the host channel continues after the first result
    QCOMPARE(loadPackage(*s.terminal, PackageSession::encode(second)).sw(), sw::kSuccess);
    QVERIFY(s.runToEnd("3579").has_value());
    auto verified = s.verify(second);
    QVERIFY(verified.ok());
    QCOMPARE(verified.value().result.outcome, Outcome::Completed);
    QCOMPARE(changePinData(*next), pinField("3579"));
}

void TestPackage::resultInPartsAndPackageInSegments()
{
    PackageSession s;
    const auto built = s.build();
    const Bytes encoded = PackageSession::encode(built);
    // Two extended-length segments: P1 01 (more follow), then P1 00.
    const std::size_t half = encoded.size() / 2;
    const CommandApdu firstPart(cmd::kCla, cmd::ins::kLoadPackage, 0x01, 0x00,
                                SecureBytes(encoded.begin(), encoded.begin() + static_cast<std::ptrdiff_t>(half)));
    const CommandApdu lastPart(cmd::kCla, cmd::ins::kLoadPackage, 0x00, 0x00,
                               SecureBytes(encoded.begin() + static_cast<std::ptrdiff_t>(half), encoded.end()), 256);
    QCOMPARE(sendNow(*s.terminal, firstPart).sw(), sw::kSuccess);
    QCOMPARE(s.terminal->state(), TerminalState::ChannelOpen);
    QCOMPARE(sendNow(*s.terminal, lastPart).sw(), sw::kSuccess);
    QCOMPARE(s.terminal->state(), TerminalState::Executing);
    QVERIFY(s.runToEnd().has_value());

    // GET RESULT with Le 16: 61xx and GET RESPONSE; extended Le: all at once.
    const ResponseApdu whole = sendNow(*s.terminal, terminalCommand(cmd::ins::kGetResult, {}, 65536));
    QCOMPARE(whole.sw(), sw::kSuccess);
    ResponseApdu part = sendNow(*s.terminal, terminalCommand(cmd::ins::kGetResult, {}, 16));
    QCOMPARE(part.sw() & 0xFF00, 0x6100);
    QCOMPARE(part.data().size(), std::size_t{16});
    SecureBytes joined = part.data();
    while ((part.sw() & 0xFF00) == 0x6100) {
        part = sendNow(*s.terminal, CommandApdu(0x00, 0xC0, 0x00, 0x00, {}, 16));
        joined.insert(joined.end(), part.data().begin(), part.data().end());
    }
    QCOMPARE(part.sw(), sw::kSuccess);
    QCOMPARE(joined, whole.data());
    QCOMPARE(sendNow(*s.terminal, CommandApdu(0x00, 0xC0, 0x00, 0x00, {}, 16)).sw(), sw::kConditionsNotSatisfied);
    auto verified = built.verifier.verify(*s.host, view(Bytes(joined.begin(), joined.end())));
    QVERIFY(verified.ok());
    QCOMPARE(verified.value().result.outcome, Outcome::Completed);
}

QTEST_GUILESS_MAIN(TestPackage)
#include "tst_package.moc"
