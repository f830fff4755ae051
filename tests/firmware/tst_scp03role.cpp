// SPDX-License-Identifier: Apache-2.0
// SecureTerminal in the SCP03 card role: the handshake against a HostHandshake playing the issuer
// (S8 and S16), the station data key, bad and malformed EXTERNAL AUTHENTICATE, session end.
#include "FirmwareFixtures.h"

#include <QTest>

using namespace perso;
using namespace perso::terminal;
using namespace perso::terminal::test;

class TestScp03Role : public QObject
{
    Q_OBJECT

private slots:
    void handshakeOpensChannelAndHandsDataKey_data();
    void handshakeOpensChannelAndHandsDataKey();
    void outOfOrderDuringSignOn();
    void badHostCryptogramDropsSession();
    void malformedExternalAuthenticateChangesNothing();
    void endSessionZeroises();
};

void TestScp03Role::handshakeOpensChannelAndHandsDataKey_data()
{
    QTest::addColumn<bool>("s16");
    QTest::newRow("S8") << false;
    QTest::newRow("S16") << true;
}

void TestScp03Role::handshakeOpensChannelAndHandsDataKey()
{
    QFETCH(bool, s16);
    Workspace ws;
    SecureTerminal terminal(ws.config());
    QVERIFY(terminal.insertCard(ws.retailerCard()));
    QCOMPARE(signOn(terminal)->sw(), sw::kSuccess);
    scp03::HostHandshake host(retailerKeys(), 0x33, s16 ? scp03::ChallengeMode::S16 : scp03::ChallengeMode::S8);
    SecureChannel channel =
        handshake(terminal, retailerKeys(), s16 ? scp03::ChallengeMode::S16 : scp03::ChallengeMode::S8, &host);
    QVERIFY(channel.isOpen());
    QCOMPARE(host.keyDiversificationData(), fromHex("00 00 52 50 00 00 00 00 00 07"));
    QCOMPARE(host.keyVersion(), std::uint8_t{0x01});
    QCOMPARE(terminal.state(), TerminalState::ChannelOpen);
    const ResponseApdu key = sendNow(terminal, terminalCommand(cmd::ins::kGetDataKey));
    QCOMPARE(key.sw(), sw::kSuccess);
    const auto expected =
        keys::deriveStationDataKey(view(retailerKeys().enc), view(host.hostChallenge()), view(host.cardChallenge()));
    QVERIFY(expected.ok());
    QCOMPARE(key.data(), expected.value());
    QCOMPARE(terminal.display(), DisplayTexts::signedOn());
}

void TestScp03Role::outOfOrderDuringSignOn()
{
    Workspace ws;
    SecureTerminal terminal(ws.config());
    QVERIFY(terminal.insertCard(ws.retailerCard()));
    QCOMPARE(signOn(terminal)->sw(), sw::kSuccess);
    // RetailerVerified: no EXTERNAL AUTHENTICATE, no data key, no second sign-on, no package.
    for (std::uint8_t ins : {cmd::ins::kGetDataKey, cmd::ins::kRetailerSignOn, cmd::ins::kRunStep, cmd::ins::kGetResult,
                             cmd::ins::kReadCardIdentity}) {
        QCOMPARE(sendNow(terminal, terminalCommand(ins)).sw(), sw::kConditionsNotSatisfied);
        QCOMPARE(terminal.state(), TerminalState::RetailerVerified);
    }
    QCOMPARE(sendNow(terminal, CommandApdu(0x84, 0x82, 0x33, 0x00, SecureBytes(16, 0))).sw(),
             sw::kConditionsNotSatisfied);
    QCOMPARE(sendNow(terminal, CommandApdu(0x80, 0x50, 0x00, 0x00, SecureBytes(7, 1), 256)).sw(), sw::kWrongLength);
    QCOMPARE(sendNow(terminal, CommandApdu(0x80, 0x50, 0x05, 0x00, SecureBytes(8, 1), 256)).sw(),
             sw::kReferencedDataNotFound); // key version 05 is not the card's
    QCOMPARE(terminal.state(), TerminalState::RetailerVerified);
    // After the handshake: a new INITIALIZE UPDATE is out of order.
    handshake(terminal);
    QCOMPARE(sendNow(terminal, CommandApdu(0x80, 0x50, 0x00, 0x00, SecureBytes(8, 1), 256)).sw(),
             sw::kConditionsNotSatisfied);
    QCOMPARE(sendNow(terminal, terminalCommand(cmd::ins::kRetailerSignOn)).sw(), sw::kConditionsNotSatisfied);
    QCOMPARE(terminal.state(), TerminalState::ChannelOpen);
}

void TestScp03Role::badHostCryptogramDropsSession()
{
    Workspace ws;
    SecureTerminal terminal(ws.config());
    QVERIFY(terminal.insertCard(ws.retailerCard()));
    QCOMPARE(signOn(terminal)->sw(), sw::kSuccess);
    scp03::StaticKeys wrong = retailerKeys();
    wrong.mac[0] ^= 0x01; // the issuer derived other keys: its card cryptogram check fails first
    scp03::HostHandshake host(retailerKeys(), 0x33);
    auto iu = host.initializeUpdate(Botan::system_rng());
    const ResponseApdu iuAnswer = sendNow(terminal, iu.value());
    QCOMPARE(terminal.state(), TerminalState::AwaitingAuth);
    auto ea = host.externalAuthenticate(iuAnswer);
    QVERIFY(ea.ok());
    SecureBytes data = ea.value().data();
    data[0] ^= 0x01; // host cryptogram altered in transit
    QCOMPARE(sendNow(terminal, CommandApdu(0x84, 0x82, 0x33, 0x00, data)).sw(), cmd::sw::kHostCryptogramFailed);
    QCOMPARE(terminal.state(), TerminalState::Locked);
    QVERIFY(!terminal.holdsKeys());
    QCOMPARE(sendNow(terminal, ea.value()).sw(), sw::kConditionsNotSatisfied); // the genuine one comes too late
}

void TestScp03Role::malformedExternalAuthenticateChangesNothing()
{
    Workspace ws;
    SecureTerminal terminal(ws.config());
    QVERIFY(terminal.insertCard(ws.retailerCard()));
    QCOMPARE(signOn(terminal)->sw(), sw::kSuccess);
    scp03::HostHandshake host(retailerKeys(), 0x33);
    auto ea = host.externalAuthenticate(sendNow(terminal, host.initializeUpdate(Botan::system_rng()).value()));
    QVERIFY(ea.ok());
    QCOMPARE(sendNow(terminal, CommandApdu(0x84, 0x82, 0x13, 0x00, ea.value().data())).sw(), sw::kIncorrectP1P2);
    QCOMPARE(sendNow(terminal, CommandApdu(0x84, 0x82, 0x33, 0x00, SecureBytes(15, 0))).sw(), sw::kWrongLength);
    QCOMPARE(terminal.state(), TerminalState::AwaitingAuth);
    auto channel = host.complete(sendNow(terminal, ea.value()));
    QVERIFY(channel.ok());
    QCOMPARE(terminal.state(), TerminalState::ChannelOpen);
}

void TestScp03Role::endSessionZeroises()
{
    Workspace ws;
    SecureTerminal terminal(ws.config());
    QVERIFY(terminal.insertCard(ws.retailerCard()));
    QCOMPARE(signOn(terminal)->sw(), sw::kSuccess);
    handshake(terminal);
    QVERIFY(terminal.holdsKeys());
    QCOMPARE(sendNow(terminal, terminalCommand(cmd::ins::kEndSession, {}, 0)).sw(), sw::kSuccess);
    QVERIFY(!terminal.holdsKeys());
    QCOMPARE(terminal.state(), TerminalState::Locked);
    QCOMPARE(terminal.display(), DisplayTexts::sessionEnded());
    QCOMPARE(sendNow(terminal, terminalCommand(cmd::ins::kGetDataKey)).sw(), sw::kConditionsNotSatisfied);
    // END SESSION with nothing open is harmless.
    QCOMPARE(sendNow(terminal, terminalCommand(cmd::ins::kEndSession, {}, 0)).sw(), sw::kSuccess);
    QCOMPARE(terminal.state(), TerminalState::Locked);
}

QTEST_GUILESS_MAIN(TestScp03Role)
#include "tst_scp03role.moc"
