// SPDX-License-Identifier: Apache-2.0
// The whole terminal path against the real cards: the retailer card for sign-on, then a blank
// SimCard personalised by an issuer package (the SIM engineer's sequence of docs/cards.md, with the
// customer's PIN1 typed on the keypad), checked afterwards through the card's own commands.
#include "PackageSession.h"
#include "tests/cards/tst_simsupport.h"

#include <QTest>

using namespace perso;
using namespace perso::terminal;
using namespace perso::terminal::test;
using package::Outcome;

namespace {

// docs/cards.md's personalisation as a package body: SET PIN1 becomes a keypad PIN ENTRY and the
// AUTHENTICATE returns its data into the result.
std::vector<package::PackageStep> personalisationBody()
{
    std::vector<package::PackageStep> body;
    for (const auto& step : simtest::personalisation()) {
        const QString label = QString::fromLatin1(step.label);
        if (label == QStringLiteral("SET PIN1")) {
            package::PinEntryInstruction pin;
            pin.purpose = package::PinEntryInstruction::Purpose::Pin1;
            pin.cardTemplate = CommandApdu(0x00, 0x24, 0x01, 0x01, SecureBytes(8, 0xFF));
            pin.pinOffset = 0;
            pin.minDigits = 4;
            pin.maxDigits = 8;
            pin.padByte = 0xFF;
            pin.promptId = 1;
            pin.confirmTwice = true;
            body.push_back({pin, label});
            continue;
        }
        const std::uint8_t flags =
            label == QStringLiteral("AUTHENTICATE") ? std::uint8_t{package::ForwardInstruction::ReturnData} : 0;
        body.push_back({package::ForwardInstruction{flags, simtest::apdu(step.apdu)}, label});
    }
    return body;
}

} // namespace

class TestRealSim : public QObject
{
    Q_OBJECT

private slots:
    void blankSimPersonalisedThroughTheTerminal();
    void simPulledMidPackageStaysIncomplete();
};

void TestRealSim::blankSimPersonalisedThroughTheTerminal()
{
    PackageSession s;
    const QString path = simtest::makeBlank(s.ws.dir);
    QVERIFY(!path.isEmpty());
    std::shared_ptr<cards::SimCard> sim = simtest::openCard(path);
    QVERIFY(sim != nullptr);
    s.terminal->removeCard();
    QVERIFY(s.terminal->insertCard(sim));
    const ResponseApdu identity = sendNow(*s.terminal, terminalCommand(cmd::ins::kReadCardIdentity));
    QCOMPARE(identity.sw(), sw::kSuccess);
    const Bytes iccid(identity.data().begin(), identity.data().end());
    QCOMPARE(iccid.size(), std::size_t{10});

    const auto built = s.build(1, personalisationBody(), iccid);
    QCOMPARE(loadPackage(*s.terminal, PackageSession::encode(built)).sw(), sw::kSuccess);
    const auto last = s.runToEnd("4826");
    QVERIFY(last.has_value());
    QCOMPARE(last->runState, std::uint8_t(cmd::RunState::ResultReady));
    auto verified = s.verify(built);
    QVERIFY(verified.ok());
    QVERIFY(verified.value().authenticated);
    QCOMPARE(verified.value().result.outcome, Outcome::Completed);
    QCOMPARE(verified.value().result.responses.size(), std::size_t{1});
    // The RES of the test set is inside the AUTHENTICATE answer: Ki and OPc were written right.
    const QString answer = simtest::hex(verified.value().result.responses[0].data);
    QVERIFY2(answer.contains(QString::fromLatin1(simtest::kRes)), qPrintable(answer));

    // The customer's PIN (never seen outside the terminal) is the card's PIN1 now.
    s.terminal->removeCard();
    auto reopened = simtest::openCard(path);
    QVERIFY(reopened != nullptr);
    QCOMPARE(simtest::send(*reopened, "0020000108"
                                      "34383236FFFFFFFF")
                 .sw,
             sw::kSuccess);
}

void TestRealSim::simPulledMidPackageStaysIncomplete()
{
    PackageSession s;
    const QString path = simtest::makeBlank(s.ws.dir);
    std::shared_ptr<cards::SimCard> sim = simtest::openCard(path);
    QVERIFY(sim != nullptr);
    s.terminal->removeCard();
    QVERIFY(s.terminal->insertCard(sim));
    const ResponseApdu identity = sendNow(*s.terminal, terminalCommand(cmd::ins::kReadCardIdentity));
    const Bytes iccid(identity.data().begin(), identity.data().end());
    const auto built = s.build(1, personalisationBody(), iccid);
    QCOMPARE(loadPackage(*s.terminal, PackageSession::encode(built)).sw(), sw::kSuccess);
    for (int i = 0; i < 6; ++i)
        QVERIFY(s.step());
    s.terminal->removeCard();
    QVERIFY(s.step().has_value());
    auto verified = s.verify(built);
    QVERIFY(verified.ok());
    QCOMPARE(verified.value().result.outcome, Outcome::CardRemoved);
    QCOMPARE(*verified.value().result.failingStep, std::uint16_t{6});
    // The card kept what was written but its ADF was never activated: the USIM cannot be selected
    // for use, so the card is recognisably incomplete.
    auto reopened = simtest::openCard(path);
    QVERIFY(reopened != nullptr);
    QVERIFY(simtest::send(*reopened, "00A4040410" + std::string(simtest::kAid)).sw != sw::kSuccess);
}

QTEST_GUILESS_MAIN(TestRealSim)
#include "tst_realsim.moc"
