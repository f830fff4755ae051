// SPDX-License-Identifier: Apache-2.0
// Retailer sign-on through IssuerSession: the retailer card, key version, terminal and tamper checks,
// the card cryptogram with its lock-out, replays and foreign session ids.
#include "SoftTerminal.h"

#include <QTest>

#include <thread>

using namespace perso;
using namespace perso::issuer;
using namespace perso::issuer::test;
using State = IssuerSession::State;

class TestSessionSignOn : public QObject
{
    Q_OBJECT

private slots:
    void signOnOpensTheChannel();
    void refusedSignOn_data();
    void refusedSignOn();
    void tamperedTerminalIsMarkedAndAudited();
    void wrongCryptogramsLockTheCard();
    void failuresOutsideTheWindowDoNotLock();
    void replayedProofIsRefused();
    void foreignSessionIdDropsTheHandshake();
    void badExternalAuthenticateResponseDropsTheSession();
    void factorySessionsShareTheContextAcrossThreads();
};

void TestSessionSignOn::signOnOpensTheChannel()
{
    IssuerFixture f;
    IssuerSession session(*f.context, {1, QStringLiteral("test")});
    Wire station(session);
    SoftTerminal terminal(f.retailerKeys());

    auto challenge = station.reply<wire::SignOnChallenge>(signOnRequest());
    QVERIFY(challenge.has_value());
    QCOMPARE(challenge->sessionId.size(), std::size_t{16});
    QCOMPARE(session.state(), State::Challenged);
    terminal.sessionId = challenge->sessionId;
    auto accepted = station.reply<wire::SignOnAccepted>(
        wire::SignOnProof{challenge->sessionId, terminal.answerInitializeUpdate(challenge->initializeUpdate)});
    QVERIFY(accepted.has_value());
    QCOMPARE(accepted->retailerDisplayName, QStringLiteral("Corner Phones"));
    QCOMPARE(accepted->shopId, kShop);
    QCOMPARE(session.state(), State::Authenticating);
    const Bytes ea = terminal.answerExternalAuthenticate(accepted->externalAuthenticate);
    auto decision = station.reply<wire::AssessmentDecision>(
        wire::AssessmentRequest{terminal.sessionId, ea, terminal.seal(customer())});
    QVERIFY(decision.has_value());
    QCOMPARE(decision->decision, wire::Decision::Approved);
    QCOMPARE(session.state(), State::Open);
    QVERIFY(session.holdsKeys());
    QCOMPARE(f.store.auditCount(QStringLiteral("sign-on")), 1);
    // The subscriber is stored with the details sealed, bound to its reference.
    const auto stored = f.store.subscribers.at(decision->customerReference);
    QCOMPARE(stored.customerKey, f.customerKeyOf(customer()));
    const QByteArray context = decision->customerReference.toLatin1();
    auto opened = f.keys->openPersonalData(
        stored.sealedDetails, ByteView(reinterpret_cast<const std::uint8_t*>(context.constData()), context.size()));
    QVERIFY(opened.ok());
    QCOMPARE(wire::decodeCustomerDetails(opened.value()).value(), customer());
    // Nothing personal in the audit log.
    for (const auto& entry : f.store.auditLog)
        QVERIFY(!entry.detail.contains(QStringLiteral("Lovelace")) &&
                !entry.subject.contains(QStringLiteral("P1234567")));
}

void TestSessionSignOn::refusedSignOn_data()
{
    QTest::addColumn<QByteArray>("serial");
    QTest::addColumn<int>("kvn");
    QTest::addColumn<QString>("terminal");
    QTest::addColumn<int>("cardState");
    QTest::addColumn<QString>("code");
    const QByteArray serial = QByteArray::fromHex("5250000000000007");
    QTest::newRow("unknown card") << QByteArray::fromHex("5250000000000099") << 1 << kTerminalId << 1
                                  << QStringLiteral("unknown-retailer-card");
    QTest::newRow("wrong key version") << serial << 2 << kTerminalId << 1 << QStringLiteral("unknown-retailer-card");
    QTest::newRow("locked card") << serial << 1 << kTerminalId << 2 << QStringLiteral("retailer-card-locked");
    QTest::newRow("revoked card") << serial << 1 << kTerminalId << 3 << QStringLiteral("retailer-card-locked");
    QTest::newRow("unknown terminal") << serial << 1 << QStringLiteral("T-NOBODY") << 1
                                      << QStringLiteral("unknown-terminal");
    QTest::newRow("terminal of another shop")
        << serial << 1 << QStringLiteral("T-OTHER") << 1 << QStringLiteral("unknown-terminal");
}

void TestSessionSignOn::refusedSignOn()
{
    QFETCH(QByteArray, serial);
    QFETCH(int, kvn);
    QFETCH(QString, terminal);
    QFETCH(int, cardState);
    QFETCH(QString, code);
    IssuerFixture f;
    f.store.retailerCards[kSerial].state = static_cast<RetailerCardState>(cardState);
    IssuerSession session(*f.context, {1, QStringLiteral("test")});
    Wire station(session);
    station.send(signOnRequest(terminal, static_cast<std::uint8_t>(kvn), false, Bytes(serial.begin(), serial.end())));
    QCOMPARE(station.errorCode(), code);
    QCOMPARE(station.errorRefersTo(), std::optional<std::uint64_t>(1));
    QVERIFY(session.sessionId().empty());
    QVERIFY(!session.holdsKeys());
    QCOMPARE(session.state(), State::Idle);
    QCOMPARE(f.store.auditCount(QStringLiteral("sign-on-refused")), 1);
    // A correct sign-on on the same connection still works afterwards (card state permitting).
    if (cardState == 1) {
        SoftTerminal soft(f.retailerKeys());
        QVERIFY(!signOnAndAssess(station, soft).isEmpty());
    }
}

void TestSessionSignOn::tamperedTerminalIsMarkedAndAudited()
{
    IssuerFixture f;
    IssuerSession session(*f.context, {1, QStringLiteral("test")});
    Wire station(session);
    station.send(signOnRequest(kTerminalId, 1, true));
    QCOMPARE(station.errorCode(), QStringLiteral("terminal-tampered"));
    QVERIFY(f.store.terminals.at(kTerminalId).tampered);
    QCOMPARE(f.store.auditCount(QStringLiteral("terminal-tampered")), 1);
    // The mark stays until the admin clears it, even if the terminal now claims to be fine.
    station.send(signOnRequest());
    QCOMPARE(station.errorCode(), QStringLiteral("terminal-tampered"));
    f.store.terminals[kTerminalId].tampered = false;
    SoftTerminal soft(f.retailerKeys());
    QVERIFY(!signOnAndAssess(station, soft).isEmpty());
}

namespace {

// One sign-on whose terminal holds the wrong keys: the card cryptogram cannot verify.
QString wrongCryptogram(IssuerSession& session)
{
    Wire station(session);
    SoftTerminal terminal(scp03::StaticKeys{SecureBytes(16, 1), SecureBytes(16, 2), SecureBytes(16, 3), 1});
    auto challenge = station.reply<wire::SignOnChallenge>(signOnRequest());
    if (!challenge)
        return station.errorCode();
    station.send(wire::SignOnProof{challenge->sessionId, terminal.answerInitializeUpdate(challenge->initializeUpdate)});
    return station.errorCode();
}

} // namespace

void TestSessionSignOn::wrongCryptogramsLockTheCard()
{
    IssuerFixture f;
    for (int i = 1; i <= 4; ++i) {
        IssuerSession session(*f.context, {static_cast<std::uint64_t>(i), QStringLiteral("test")});
        QCOMPARE(wrongCryptogram(session), QStringLiteral("bad-cryptogram"));
        QCOMPARE(session.state(), State::Closed);
        QVERIFY(!session.holdsKeys());
        QCOMPARE(f.store.retailerCards.at(kSerial).state, RetailerCardState::Active);
        f.now += 60;
    }
    IssuerSession fifth(*f.context, {5, QStringLiteral("test")});
    QCOMPARE(wrongCryptogram(fifth), QStringLiteral("bad-cryptogram"));
    QCOMPARE(f.store.retailerCards.at(kSerial).state, RetailerCardState::Locked);
    QCOMPARE(f.store.auditCount(QStringLiteral("retailer-card-locked")), 1);
    QCOMPARE(f.store.auditCount(QStringLiteral("auth-failed")), 5);
    // Locked: even the right keys are refused now.
    IssuerSession after(*f.context, {6, QStringLiteral("test")});
    Wire station(after);
    station.send(signOnRequest());
    QCOMPARE(station.errorCode(), QStringLiteral("retailer-card-locked"));
}

void TestSessionSignOn::failuresOutsideTheWindowDoNotLock()
{
    IssuerFixture f;
    for (int i = 1; i <= 8; ++i) {
        IssuerSession session(*f.context, {static_cast<std::uint64_t>(i), QStringLiteral("test")});
        QCOMPARE(wrongCryptogram(session), QStringLiteral("bad-cryptogram"));
        f.now += 1000; // four failures span more than an hour
    }
    QCOMPARE(f.store.retailerCards.at(kSerial).state, RetailerCardState::Active);
}

void TestSessionSignOn::replayedProofIsRefused()
{
    IssuerFixture f;
    IssuerSession session(*f.context, {1, QStringLiteral("test")});
    Wire station(session);
    SoftTerminal terminal(f.retailerKeys());
    auto challenge = station.reply<wire::SignOnChallenge>(signOnRequest());
    QVERIFY(challenge.has_value());
    const wire::SignOnProof proof{challenge->sessionId, terminal.answerInitializeUpdate(challenge->initializeUpdate)};
    QVERIFY(station.reply<wire::SignOnAccepted>(proof).has_value());
    // The same proof again (new sequence number): not allowed in Authenticating, the session is dropped.
    station.send(proof);
    QCOMPARE(station.errorCode(), QStringLiteral("unexpected-message"));
    QCOMPARE(session.state(), State::Closed);
    QVERIFY(!session.holdsKeys());
    // Replayed into a fresh sign-on (new session id, new host challenge): wrong session.
    auto second = station.reply<wire::SignOnChallenge>(signOnRequest());
    QVERIFY(second.has_value());
    QVERIFY(second->sessionId != challenge->sessionId);
    station.send(proof);
    QCOMPARE(station.errorCode(), QStringLiteral("wrong-session"));
    // The same proof with the new session id: the cryptogram was for the old host challenge.
    auto third = station.reply<wire::SignOnChallenge>(signOnRequest());
    QVERIFY(third.has_value());
    station.send(wire::SignOnProof{third->sessionId, proof.initializeUpdateResponse});
    QCOMPARE(station.errorCode(), QStringLiteral("bad-cryptogram"));
    // Same sequence number twice: refused before anything else.
    station.sequence -= 1;
    station.send(signOnRequest());
    QCOMPARE(station.errorCode(), QStringLiteral("sequence-violation"));
}

void TestSessionSignOn::foreignSessionIdDropsTheHandshake()
{
    IssuerFixture f;
    IssuerSession session(*f.context, {1, QStringLiteral("test")});
    Wire station(session);
    SoftTerminal terminal(f.retailerKeys());
    auto challenge = station.reply<wire::SignOnChallenge>(signOnRequest());
    QVERIFY(challenge.has_value());
    station.send(wire::SignOnProof{Bytes(16, 0xEE), terminal.answerInitializeUpdate(challenge->initializeUpdate)});
    QCOMPARE(station.errorCode(), QStringLiteral("wrong-session"));
    QCOMPARE(session.state(), State::Closed);
    QVERIFY(!session.holdsKeys());
}

void TestSessionSignOn::badExternalAuthenticateResponseDropsTheSession()
{
    IssuerFixture f;
    IssuerSession session(*f.context, {1, QStringLiteral("test")});
    Wire station(session);
    SoftTerminal terminal(f.retailerKeys());
    const Bytes ea = signOnUntilAccepted(station, terminal);
    QVERIFY(!ea.empty());
    station.send(wire::AssessmentRequest{terminal.sessionId, fromHex("6300"), terminal.seal(customer())});
    QCOMPARE(station.errorCode(), QStringLiteral("bad-cryptogram"));
    QCOMPARE(session.state(), State::Closed);
    QVERIFY(!session.holdsKeys());
}

void TestSessionSignOn::factorySessionsShareTheContextAcrossThreads()
{
    IssuerFixture f;
    IssuerSessionFactory factory(*f.context);
    constexpr int kSessions = 6;
    std::vector<QString> references(kSessions);
    std::vector<Bytes> sessionIds(kSessions);
    std::vector<std::thread> threads;
    for (int i = 0; i < kSessions; ++i) {
        threads.emplace_back([&, i] {
            auto handler = factory.create({static_cast<std::uint64_t>(i + 1), QStringLiteral("peer")});
            auto* session = dynamic_cast<IssuerSession*>(handler.get());
            if (session == nullptr)
                return;
            Wire station(*session);
            SoftTerminal terminal(f.retailerKeys());
            references[i] = signOnAndAssess(station, terminal, customer(QStringLiteral("P10000%1").arg(i)));
            sessionIds[i] = session->sessionId();
            handler->connectionClosed();
        });
    }
    for (auto& thread : threads)
        thread.join();
    for (int i = 0; i < kSessions; ++i) {
        QVERIFY(!references[i].isEmpty());
        QCOMPARE(f.store.subscribers.count(references[i]), std::size_t{1});
        for (int j = 0; j < i; ++j)
            QVERIFY(sessionIds[i] != sessionIds[j]);
    }
    QCOMPARE(f.store.auditCount(QStringLiteral("sign-on")), kSessions);
}

QTEST_GUILESS_MAIN(TestSessionSignOn)
#include "tst_sessionsignon.moc"
