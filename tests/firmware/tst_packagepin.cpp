// SPDX-License-Identifier: Apache-2.0
// SecureTerminal PIN ENTRY steps: the customer's PIN typed on the keypad; card removed, Cancel,
// timeout, trivial PINs and mismatching confirmations, each sealed into the issuer-verified result.
#include "PackageSession.h"

#include <QTest>

using namespace perso;
using namespace perso::terminal;
using namespace perso::terminal::test;
using package::Outcome;

class TestPackagePin : public QObject
{
    Q_OBJECT

private slots:
    void cardRemovedDuringPinEntry();
    void cancelDuringPinEntry();
    void pinEntryTimesOut();
    void trivialPinAndMismatchRefused();
};

void TestPackagePin::cardRemovedDuringPinEntry()
{
    PackageSession s;
    const auto built = s.build();
    QCOMPARE(loadPackage(*s.terminal, PackageSession::encode(built)).sw(), sw::kSuccess);
    for (int i = 0; i < kPinStep; ++i)
        QVERIFY(s.step());
    QSignalSpy responses(s.terminal.get(), &SecureTerminal::responseReady);
    s.terminal->handleCommand(terminalCommand(cmd::ins::kRunStep));
    QVERIFY(responses.isEmpty());
    QVERIFY(s.terminal->display().line1.contains(QStringLiteral("PIN")));
    type(*s.terminal, "24", false);
    QCOMPARE(s.terminal->display().line2, QStringLiteral("**"));
    s.terminal->removeCard();
    QCOMPARE(responses.size(), 1);
    const auto parsed = parseStep(responses.takeFirst().at(0).value<ResponseApdu>());
    QVERIFY(parsed.has_value());
    QCOMPARE(parsed->index, kPinStep);
    QCOMPARE(parsed->cardStatus, std::uint8_t(cmd::StepCardStatus::NoAnswer));
    auto verified = s.verify(built);
    QVERIFY(verified.ok());
    QCOMPARE(verified.value().result.outcome, Outcome::CardRemoved);
    QCOMPARE(*verified.value().result.failingStep, kPinStep);
    QVERIFY(!changePinData(*s.sim));
}

void TestPackagePin::cancelDuringPinEntry()
{
    PackageSession s;
    const auto built = s.build();
    QCOMPARE(loadPackage(*s.terminal, PackageSession::encode(built)).sw(), sw::kSuccess);
    for (int i = 0; i < kPinStep; ++i)
        QVERIFY(s.step());
    QSignalSpy responses(s.terminal.get(), &SecureTerminal::responseReady);
    s.terminal->handleCommand(terminalCommand(cmd::ins::kRunStep));
    type(*s.terminal, "24", false);
    s.terminal->keyPressed(Key::Cancel);
    QCOMPARE(responses.size(), 1);
    QCOMPARE(parseStep(responses.takeFirst().at(0).value<ResponseApdu>())->cardStatus,
             std::uint8_t(cmd::StepCardStatus::KeypadFailed));
    auto verified = s.verify(built);
    QVERIFY(verified.ok());
    QCOMPARE(verified.value().result.outcome, Outcome::Cancelled);
    QCOMPARE(*verified.value().result.failingStep, kPinStep);
    QCOMPARE(verified.value().result.statusWords.back(), cmd::sw::kPinCancelled);
    QVERIFY(!changePinData(*s.sim));
}

void TestPackagePin::pinEntryTimesOut()
{
    PackageSession s;
    s.terminal->setPinTimeout(std::chrono::milliseconds(50));
    const auto built = s.build();
    QCOMPARE(loadPackage(*s.terminal, PackageSession::encode(built)).sw(), sw::kSuccess);
    for (int i = 0; i < kPinStep; ++i)
        QVERIFY(s.step());
    QSignalSpy responses(s.terminal.get(), &SecureTerminal::responseReady);
    s.terminal->handleCommand(terminalCommand(cmd::ins::kRunStep));
    QVERIFY(responses.isEmpty());
    QVERIFY(responses.wait(5000));
    QCOMPARE(responses.size(), 1);
    auto verified = s.verify(built);
    QVERIFY(verified.ok());
    QCOMPARE(verified.value().result.outcome, Outcome::PinEntryFailed);
    QCOMPARE(verified.value().result.statusWords.back(), cmd::sw::kPinTimeout);
    QCOMPARE(s.terminal->display(), DisplayTexts::pinTimeout());
}

void TestPackagePin::trivialPinAndMismatchRefused()
{
    PackageSession s;
    const auto built = s.build();
    QCOMPARE(loadPackage(*s.terminal, PackageSession::encode(built)).sw(), sw::kSuccess);
    for (int i = 0; i < kPinStep; ++i)
        QVERIFY(s.step());
    QSignalSpy responses(s.terminal.get(), &SecureTerminal::responseReady);
    s.terminal->handleCommand(terminalCommand(cmd::ins::kRunStep));
    type(*s.terminal, "1234");
    QCOMPARE(s.terminal->display(), DisplayTexts::trivialPinRefused());
    type(*s.terminal, "0000");
    QCOMPARE(s.terminal->display(), DisplayTexts::trivialPinRefused());
    QVERIFY(responses.isEmpty());
    QVERIFY(!changePinData(*s.sim));
    type(*s.terminal, "2468");
    QVERIFY(s.terminal->display().line1.contains(QStringLiteral("Repeat")));
    type(*s.terminal, "2468");
    QCOMPARE(responses.size(), 1);
    QCOMPARE(parseStep(responses.takeFirst().at(0).value<ResponseApdu>())->cardStatus,
             std::uint8_t(cmd::StepCardStatus::Accepted));
    QCOMPARE(changePinData(*s.sim), pinField("2468"));

    // A second package: three mismatching confirmations fail the entry.
    PackageSession t;
    const auto second = t.build();
    QCOMPARE(loadPackage(*t.terminal, PackageSession::encode(second)).sw(), sw::kSuccess);
    for (int i = 0; i < kPinStep; ++i)
        QVERIFY(t.step());
    QSignalSpy more(t.terminal.get(), &SecureTerminal::responseReady);
    t.terminal->handleCommand(terminalCommand(cmd::ins::kRunStep));
    for (int i = 0; i < 3; ++i) {
        type(*t.terminal, "2468");
        type(*t.terminal, "1357");
    }
    QCOMPARE(more.size(), 1);
    auto verified = t.verify(second);
    QVERIFY(verified.ok());
    QCOMPARE(verified.value().result.outcome, Outcome::PinEntryFailed);
    QCOMPARE(verified.value().result.statusWords.back(), cmd::sw::kPinMismatch);
}

QTEST_GUILESS_MAIN(TestPackagePin)
#include "tst_packagepin.moc"
