// SPDX-License-Identifier: Apache-2.0
// IssuerServer over real TLS 1.3 on loopback: round trips, concurrency, ordering, certificate
// pinning, graceful shutdown and the connectionClosed() contract.

#include "ServerTestSupport.h"
#include "TlsTestClient.h"

#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTest>

#include <memory>
#include <vector>

using namespace perso;
using namespace perso::issuer;
using namespace perso::issuer::test;

namespace {

bool isStatusFor(const std::optional<wire::Message>& reply, std::uint32_t index, bool slow = false)
{
    if (!reply)
        return false;
    const auto* status = std::get_if<wire::TransactionStatus>(&reply->body);
    return status && status->transactionId == idWith(slow ? kSlowMarker : 0x01, index);
}

} // namespace

class TestIssuerServer : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void roundTripOverTls13();
    void manyMessagesOnOneConnection();
    void concurrentConnections();
    void orderPreservedWithSlowHandles();
    void signOffClosesAfterTheAck();
    void refusesTls12Client();
    void clientPinningAnotherCaRefuses();
    void clientWithWrongHostNameRefuses();
    void refusesConnectionsOverTheLimit();
    void gracefulShutdownAnswersInFlightMessages();
    void connectionClosedOncePerConnection();

private:
    std::unique_ptr<IssuerServer> startServer(ServerConfig config);

    TestPki m_pki;
    std::unique_ptr<TestHandlerFactory> m_factory;
    std::unique_ptr<IssuerServer> m_server;
};

void TestIssuerServer::initTestCase()
{
    QVERIFY(QSslSocket::supportsSsl());
    QLoggingCategory::setFilterRules(QStringLiteral("perso.issuer.server.info=false"));
    QVERIFY(m_pki.make());
}

void TestIssuerServer::init()
{
    m_factory = std::make_unique<TestHandlerFactory>();
    m_server = startServer(m_pki.config());
    QVERIFY(m_server);
}

void TestIssuerServer::cleanup()
{
    if (m_server)
        m_server->stop(5000);
    m_server.reset();
    // Every established connection got exactly one connectionClosed(), after its last handle().
    QCOMPARE(m_factory->closed.load(), m_factory->created.load());
    QCOMPARE(m_factory->violations.load(), 0);
}

std::unique_ptr<IssuerServer> TestIssuerServer::startServer(ServerConfig config)
{
    auto server = std::make_unique<IssuerServer>(std::move(config), *m_factory);
    auto started = server->start();
    if (!started) {
        qWarning() << started.error().message;
        return nullptr;
    }
    return server;
}

void TestIssuerServer::roundTripOverTls13()
{
    TlsTestClient client(m_pki.caCertificate);
    QVERIFY(client.connectTo(m_server->serverPort()));
    QCOMPARE(client.socket().sessionProtocol(), QSsl::TlsV1_3);
    const auto reply = client.roundTrip(query(7));
    QVERIFY(isStatusFor(reply, 7));
    QCOMPARE(reply->sequence, 1u);
    QCOMPARE(std::get<wire::TransactionStatus>(reply->body).state, wire::TransactionState::Unknown);
    QTRY_COMPARE(m_server->stats().messagesHandled, 1u);
    QCOMPARE(m_server->stats().openConnections, 1u);
    QCOMPARE(m_server->stats().errorsSent, 0u);
}

void TestIssuerServer::manyMessagesOnOneConnection()
{
    TlsTestClient client(m_pki.caCertificate);
    QVERIFY(client.connectTo(m_server->serverPort()));
    for (std::uint32_t i = 1; i <= 100; ++i) {
        const auto reply = client.roundTrip(query(i));
        QVERIFY2(isStatusFor(reply, i), qPrintable(QString::number(i)));
        QCOMPARE(reply->sequence, std::uint64_t{i});
    }
    // Pipelined: ten at once, answered in order.
    for (std::uint32_t i = 101; i <= 110; ++i)
        QVERIFY(client.send(query(i)));
    for (std::uint32_t i = 101; i <= 110; ++i)
        QVERIFY(isStatusFor(client.receive(), i));
    QCOMPARE(m_factory->created.load(), 1);
}

void TestIssuerServer::concurrentConnections()
{
    constexpr int kClients = 200;
    constexpr std::uint32_t kRounds = 20;
    std::vector<std::unique_ptr<TlsTestClient>> clients;
    for (int c = 0; c < kClients; ++c) {
        clients.push_back(std::make_unique<TlsTestClient>(m_pki.caCertificate));
        QVERIFY2(clients.back()->connectTo(m_server->serverPort()), qPrintable(QString::number(c)));
    }
    QTRY_COMPARE(m_server->stats().openConnections, std::uint64_t{kClients});
    for (std::uint32_t round = 1; round <= kRounds; ++round) {
        for (int c = 0; c < kClients; ++c)
            QVERIFY(clients[c]->send(query(round * 1000 + static_cast<std::uint32_t>(c))));
        for (int c = 0; c < kClients; ++c) {
            const auto reply = clients[c]->receive();
            QVERIFY2(isStatusFor(reply, round * 1000 + static_cast<std::uint32_t>(c)),
                     qPrintable(QStringLiteral("client %1 round %2").arg(c).arg(round)));
            QCOMPARE(reply->sequence, std::uint64_t{round});
        }
    }
    QCOMPARE(m_server->stats().messagesHandled, std::uint64_t{kClients * kRounds});
    clients.clear();
    QTRY_COMPARE(m_factory->closed.load(), kClients);
}

void TestIssuerServer::orderPreservedWithSlowHandles()
{
    m_factory->slowMs = 150;
    TlsTestClient slow(m_pki.caCertificate);
    TlsTestClient fast(m_pki.caCertificate);
    QVERIFY(slow.connectTo(m_server->serverPort()));
    QVERIFY(fast.connectTo(m_server->serverPort()));
    // Slow and fast messages interleaved on one connection come back in the order sent.
    for (std::uint32_t i = 1; i <= 6; ++i)
        QVERIFY(slow.send(query(i, i % 2 == 1)));
    for (std::uint32_t i = 1; i <= 5; ++i)
        QVERIFY(isStatusFor(fast.roundTrip(query(i)), i));
    for (std::uint32_t i = 1; i <= 6; ++i) {
        const auto reply = slow.receive();
        QVERIFY2(isStatusFor(reply, i, i % 2 == 1), qPrintable(QString::number(i)));
        QCOMPARE(reply->sequence, std::uint64_t{i});
    }
}

void TestIssuerServer::signOffClosesAfterTheAck()
{
    TlsTestClient client(m_pki.caCertificate);
    QVERIFY(client.connectTo(m_server->serverPort()));
    QVERIFY(isStatusFor(client.roundTrip(query(1)), 1));
    const Bytes session = idWith(0x5E, 1);
    const auto ack = client.roundTrip(wire::SignOff{session});
    QVERIFY(ack);
    QCOMPARE(std::get<wire::SignOffAck>(ack->body).sessionId, session);
    QCOMPARE(ack->sequence, 2u);
    QVERIFY(client.waitForDisconnected(5000));
    QTRY_COMPARE(m_factory->closed.load(), 1);
}

void TestIssuerServer::refusesTls12Client()
{
    TlsTestClient client(m_pki.caCertificate);
    QSslConfiguration config = client.socket().sslConfiguration();
    config.setProtocol(QSsl::TlsV1_2);
    client.socket().setSslConfiguration(config);
    QVERIFY(!client.connectTo(m_server->serverPort(), QStringLiteral("localhost"), 5000));
    QVERIFY(!client.socket().isEncrypted());
    QCOMPARE(m_server->stats().acceptedConnections, 0u);
    // The server keeps serving.
    TlsTestClient good(m_pki.caCertificate);
    QVERIFY(good.connectTo(m_server->serverPort()));
    QVERIFY(isStatusFor(good.roundTrip(query(1)), 1));
}

void TestIssuerServer::clientPinningAnotherCaRefuses()
{
    TestPki other;
    QVERIFY(other.make());
    TlsTestClient client(other.caCertificate);
    QVERIFY(!client.connectTo(m_server->serverPort(), QStringLiteral("localhost"), 5000));
    QVERIFY(!client.sslErrors().isEmpty());
    QVERIFY(!client.socket().isEncrypted());
    QCOMPARE(m_server->stats().messagesHandled, 0u);
}

void TestIssuerServer::clientWithWrongHostNameRefuses()
{
    TlsTestClient client(m_pki.caCertificate);
    QVERIFY(!client.connectTo(m_server->serverPort(), QStringLiteral("issuer.example"), 5000));
    bool mismatch = false;
    for (const QSslError& error : client.sslErrors())
        mismatch = mismatch || error.error() == QSslError::HostNameMismatch;
    QVERIFY(mismatch);
    // The IP address in the certificate is accepted as a name.
    TlsTestClient byAddress(m_pki.caCertificate);
    QVERIFY(byAddress.connectTo(m_server->serverPort(), QStringLiteral("127.0.0.1")));
}

void TestIssuerServer::refusesConnectionsOverTheLimit()
{
    m_server->stop(1000);
    ServerConfig config = m_pki.config();
    config.maxConnections = 2;
    m_server = startServer(config);
    QVERIFY(m_server);
    TlsTestClient first(m_pki.caCertificate);
    TlsTestClient second(m_pki.caCertificate);
    QVERIFY(first.connectTo(m_server->serverPort()));
    QVERIFY(second.connectTo(m_server->serverPort()));
    QTRY_COMPARE(m_server->stats().openConnections, 2u);
    TlsTestClient third(m_pki.caCertificate);
    QVERIFY(!third.connectTo(m_server->serverPort(), QStringLiteral("localhost"), 5000));
    QTRY_COMPARE(m_server->stats().refusedConnections, 1u);
    QVERIFY(isStatusFor(first.roundTrip(query(1)), 1));
    // A slot freed is a slot available again.
    const auto ack = second.roundTrip(wire::SignOff{idWith(0x5E, 2)});
    QVERIFY(ack && std::holds_alternative<wire::SignOffAck>(ack->body));
    QVERIFY(second.waitForDisconnected(5000));
    QTRY_COMPARE(m_server->stats().openConnections, 1u);
    TlsTestClient fourth(m_pki.caCertificate);
    QVERIFY(fourth.connectTo(m_server->serverPort()));
    QVERIFY(isStatusFor(fourth.roundTrip(query(4)), 4));
}

void TestIssuerServer::gracefulShutdownAnswersInFlightMessages()
{
    m_factory->slowMs = 200;
    TlsTestClient busy(m_pki.caCertificate);
    TlsTestClient quiet(m_pki.caCertificate);
    QVERIFY(busy.connectTo(m_server->serverPort()));
    QVERIFY(quiet.connectTo(m_server->serverPort()));
    QTRY_COMPARE(m_factory->created.load(), 2); // both established on the server side too
    // One write, so that the server reads the three frames together.
    QByteArray frames;
    for (std::uint32_t i = 1; i <= 3; ++i) {
        auto payload = wire::encodeMessage(wire::Message{i, query(i, true)});
        QVERIFY(payload);
        auto frame = wire::encodeFrame(payload.value());
        QVERIFY(frame);
        frames.append(reinterpret_cast<const char*>(frame.value().data()),
                      static_cast<qsizetype>(frame.value().size()));
    }
    QVERIFY(busy.sendRaw(frames));
    QTRY_COMPARE(m_factory->started.load(), 1); // the first slow handle is running, two are waiting
    QSignalSpy stopped(m_server.get(), &IssuerServer::stopped);
    m_server->stop(10000);
    QCOMPARE(stopped.count(), 1);
    QVERIFY(!m_server->isRunning());
    // All three slow replies were written before the connection closed.
    for (std::uint32_t i = 1; i <= 3; ++i)
        QVERIFY2(isStatusFor(busy.receive(5000), i, true), qPrintable(QString::number(i)));
    QVERIFY(busy.waitForDisconnected(5000));
    QVERIFY(quiet.waitForDisconnected(5000));
    QCOMPARE(m_factory->handled.load(), 3);
    QCOMPARE(m_factory->closed.load(), 2);
}

void TestIssuerServer::connectionClosedOncePerConnection()
{
    // Peer closes; server closes (SignOff); shutdown closes the rest.
    {
        TlsTestClient leaving(m_pki.caCertificate);
        QVERIFY(leaving.connectTo(m_server->serverPort()));
        QVERIFY(isStatusFor(leaving.roundTrip(query(1)), 1));
        leaving.socket().disconnectFromHost();
    }
    QTRY_COMPARE(m_factory->closed.load(), 1);
    TlsTestClient signingOff(m_pki.caCertificate);
    QVERIFY(signingOff.connectTo(m_server->serverPort()));
    QVERIFY(signingOff.roundTrip(wire::SignOff{idWith(0x5E, 3)}));
    QVERIFY(signingOff.waitForDisconnected(5000));
    QTRY_COMPARE(m_factory->closed.load(), 2);
    TlsTestClient staying(m_pki.caCertificate);
    QVERIFY(staying.connectTo(m_server->serverPort()));
    QTRY_COMPARE(m_factory->created.load(), 3);
    m_server->stop(5000);
    QCOMPARE(m_factory->closed.load(), 3);
    QCOMPARE(m_factory->created.load(), 3);
}

QTEST_GUILESS_MAIN(TestIssuerServer)
#include "tst_issuerserver.moc"
