// SPDX-License-Identifier: Apache-2.0
// IssuerClient against an in-process issuer::IssuerServer (its own network and worker threads) over
// real TLS 1.3 on loopback, and against a raw TLS server for bytes the real one never sends; Backoff.

#include "LinkTestServers.h"
#include "app/issuerlink/Backoff.h"
#include "app/issuerlink/IssuerClient.h"
#include "issuer/tls/SslConfigurations.h"
#include "protocol/wire/MessageCodec.h"
#include "tests/issuer/server/ServerTestSupport.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QTcpServer>
#include <QTest>

#include <set>
#include <thread>

using namespace perso;
using namespace perso::station;
using namespace perso::station::test;

namespace {

struct StateLog
{
    std::vector<std::pair<LinkState, QString>> changes;
    IssuerLink::StateListener listener()
    {
        return [this](LinkState state, const QString& detail) { changes.emplace_back(state, detail); };
    }
};

wire::MessageBody query(std::uint8_t behaviour, std::uint8_t index = 0)
{
    return wire::TransactionStatusQuery{transactionId(behaviour, index)};
}

QDeadlineTimer seconds(int s)
{
    return QDeadlineTimer(s * 1000);
}

QByteArray framed(const wire::Message& message)
{
    const Bytes frame = wire::encodeFrame(wire::encodeMessage(message).value()).value();
    return QByteArray(reinterpret_cast<const char*>(frame.data()), static_cast<qsizetype>(frame.size()));
}

} // namespace

class TestIssuerClient : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void roundTripWithSequences();
    void errorReportIsAValue();
    void foreignCaIsACertificateError();
    void wrongServerNameIsACertificateError();
    void nothingListeningIsOfflineWithinTheDeadline();
    void serverClosesWhileWaiting();
    void replyThenCloseIsAReply();
    void dropWhileIdleReachesTheListener();
    void reconnectCountsConnections();
    void cancelReturnsQuickly();
    void cancelledBeforeStartDoesNotConnect();
    void noReplyBeforeTheDeadline();
    void stationTypeFromIssuerIsAProtocolError();
    void garbageFrameIsAProtocolError_data();
    void garbageFrameIsAProtocolError();
    void issuerSequenceMustIncrease();
    void missingHostIsInvalidInput();
    void disconnectIsIdempotent();
    void backoffSequence();
    void backoffJitterBounds();

private:
    IssuerEndpoint endpoint(quint16 port) const;
    QSslConfiguration rawServerConfig() const;

    issuer::test::TestPki m_pki;
    std::unique_ptr<LinkHandlerFactory> m_factory;
    std::unique_ptr<issuer::IssuerServer> m_server;
};

void TestIssuerClient::initTestCase()
{
    QVERIFY(QSslSocket::supportsSsl());
    QLoggingCategory::setFilterRules(QStringLiteral("perso.issuer.server.info=false\nperso.station.issuer.info=false"));
    QVERIFY(m_pki.make());
}

void TestIssuerClient::init()
{
    m_factory = std::make_unique<LinkHandlerFactory>();
    m_server = std::make_unique<issuer::IssuerServer>(m_pki.config(), *m_factory);
    auto started = m_server->start();
    QVERIFY2(started.ok(), started.ok() ? "" : qPrintable(started.error().message));
}

void TestIssuerClient::cleanup()
{
    if (m_server)
        m_server->stop(5000);
    m_server.reset();
}

IssuerEndpoint TestIssuerClient::endpoint(quint16 port) const
{
    IssuerEndpoint e;
    e.host = QStringLiteral("127.0.0.1");
    e.port = port;
    e.caFile = m_pki.ca->certificateFile();
    e.serverName = QStringLiteral("localhost");
    return e;
}

QSslConfiguration TestIssuerClient::rawServerConfig() const
{
    auto config = issuer::serverSslConfiguration(m_pki.server.certificateChainFile, m_pki.server.privateKeyFile);
    return config.ok() ? config.value() : QSslConfiguration();
}

void TestIssuerClient::roundTripWithSequences()
{
    IssuerClient client(endpoint(m_server->serverPort()));
    StateLog log;
    client.setStateListener(log.listener());
    QCOMPARE(client.state(), LinkState::Offline);
    CancelToken cancel;
    for (std::uint8_t i = 1; i <= 3; ++i) {
        auto reply = client.exchange(query(kAnswer, i), seconds(10), cancel);
        QVERIFY2(reply.ok(), reply.ok() ? "" : qPrintable(reply.error().detail));
        QCOMPARE(reply.value().sequence, std::uint64_t{i});
        const auto* status = std::get_if<wire::TransactionStatus>(&reply.value().body);
        QVERIFY(status);
        QCOMPARE(status->transactionId, transactionId(kAnswer, i));
        QCOMPARE(status->state, wire::TransactionState::Voided);
    }
    QCOMPARE(m_factory->sequences(), (std::vector<std::uint64_t>{1, 2, 3}));
    QCOMPARE(client.state(), LinkState::Online);
    QCOMPARE(client.connectionNumber(), quint64(1));
    QCOMPARE(m_factory->created.load(), 1);
    QCOMPARE(log.changes.size(), std::size_t(2));
    QCOMPARE(log.changes[0].first, LinkState::Connecting);
    QCOMPARE(log.changes[1].first, LinkState::Online);
    QVERIFY2(log.changes[1].second.startsWith(QStringLiteral("TLS 1.3 TLS_")), qPrintable(log.changes[1].second));
}

void TestIssuerClient::errorReportIsAValue()
{
    IssuerClient client(endpoint(m_server->serverPort()));
    CancelToken cancel;
    auto reply = client.exchange(query(kRefuse), seconds(10), cancel);
    QVERIFY(reply.ok());
    const auto* report = std::get_if<wire::ErrorReport>(&reply.value().body);
    QVERIFY(report);
    QCOMPARE(report->code, QStringLiteral("test-refused"));
    QCOMPARE(report->refersToSequence, std::optional<std::uint64_t>(1));
    QCOMPARE(client.state(), LinkState::Online);
    QVERIFY(client.exchange(query(kAnswer), seconds(10), cancel).ok()); // the link carries on
}

void TestIssuerClient::foreignCaIsACertificateError()
{
    issuer::test::TestPki other;
    QVERIFY(other.make());
    IssuerEndpoint e = endpoint(m_server->serverPort());
    e.caFile = other.ca->certificateFile();
    IssuerClient client(e);
    CancelToken cancel;
    auto reply = client.exchange(query(kAnswer), seconds(10), cancel);
    QVERIFY(!reply.ok());
    QCOMPARE(reply.error().kind, StationErrorKind::IssuerCertificate);
    QVERIFY2(reply.error().detail.contains(QStringLiteral("pinned CA")), qPrintable(reply.error().detail));
    QCOMPARE(client.state(), LinkState::Offline);
    QCOMPARE(client.connectionNumber(), quint64(0));
    QVERIFY(m_factory->sequences().empty());
}

void TestIssuerClient::wrongServerNameIsACertificateError()
{
    IssuerEndpoint e = endpoint(m_server->serverPort());
    e.serverName = QStringLiteral("issuer.example");
    IssuerClient client(e);
    CancelToken cancel;
    auto connected = client.connectToIssuer(seconds(10), cancel);
    QVERIFY(!connected.ok());
    QCOMPARE(connected.error().kind, StationErrorKind::IssuerCertificate);
    QVERIFY2(connected.error().detail.contains(QStringLiteral("does not name issuer.example")),
             qPrintable(connected.error().detail));
    // The host itself is used when no server name is set: 127.0.0.1 is in the certificate.
    e.serverName.clear();
    IssuerClient byHost(e);
    QVERIFY(byHost.connectToIssuer(seconds(10), cancel).ok());
}

void TestIssuerClient::nothingListeningIsOfflineWithinTheDeadline()
{
    quint16 port = 0;
    {
        QTcpServer probe; // a port that was free a moment ago, closed again
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        port = probe.serverPort();
    }
    IssuerClient client(endpoint(port));
    StateLog log;
    client.setStateListener(log.listener());
    CancelToken cancel;
    QElapsedTimer timer;
    timer.start();
    auto reply = client.exchange(query(kAnswer), seconds(2), cancel);
    QVERIFY(timer.elapsed() < 2500);
    QVERIFY(!reply.ok());
    QCOMPARE(reply.error().kind, StationErrorKind::IssuerOffline);
    QCOMPARE(reply.error().detail, QStringLiteral("connection refused"));
    QCOMPARE(client.state(), LinkState::Offline);
    QVERIFY(!log.changes.empty());
    QCOMPARE(log.changes.back().first, LinkState::Offline);
}

void TestIssuerClient::serverClosesWhileWaiting()
{
    IssuerClient client(endpoint(m_server->serverPort()));
    StateLog log;
    client.setStateListener(log.listener());
    CancelToken cancel;
    auto reply = client.exchange(query(kClose), seconds(10), cancel);
    QVERIFY(!reply.ok());
    QCOMPARE(reply.error().kind, StationErrorKind::IssuerOffline);
    QCOMPARE(client.state(), LinkState::Offline);
    QCOMPARE(log.changes.back().first, LinkState::Offline);
}

// The issuer answers a SignOff with SignOffAck and closes at once: the reply is read, not lost to the close.
void TestIssuerClient::replyThenCloseIsAReply()
{
    for (std::uint8_t round = 1; round <= 20; ++round) {
        IssuerClient client(endpoint(m_server->serverPort()));
        CancelToken cancel;
        auto reply = client.exchange(query(kLastWord, round), seconds(10), cancel);
        QVERIFY2(reply.ok(),
                 reply.ok() ? "" : qPrintable(QStringLiteral("round %1: %2").arg(round).arg(reply.error().detail)));
        const auto* status = std::get_if<wire::TransactionStatus>(&reply.value().body);
        QVERIFY(status);
        QCOMPARE(status->transactionId, transactionId(kLastWord, round));
    }
}

void TestIssuerClient::dropWhileIdleReachesTheListener()
{
    IssuerClient client(endpoint(m_server->serverPort()));
    StateLog log;
    client.setStateListener(log.listener());
    CancelToken cancel;
    QVERIFY(client.exchange(query(kAnswer), seconds(10), cancel).ok());
    QCOMPARE(client.state(), LinkState::Online);
    m_server->stop(2000); // closes every connection; the client notices in its event loop
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), LinkState::Offline, 5000);
    QCOMPARE(log.changes.back().first, LinkState::Offline);
    QCOMPARE(log.changes.back().second, QStringLiteral("the issuer closed the connection"));
}

void TestIssuerClient::reconnectCountsConnections()
{
    IssuerClient client(endpoint(m_server->serverPort()));
    CancelToken cancel;
    QVERIFY(client.exchange(query(kAnswer, 1), seconds(10), cancel).ok());
    QVERIFY(client.exchange(query(kAnswer, 2), seconds(10), cancel).ok());
    QVERIFY(!client.exchange(query(kClose), seconds(10), cancel).ok());
    QCOMPARE(client.connectionNumber(), quint64(1));
    auto reply = client.exchange(query(kAnswer, 3), seconds(10), cancel);
    QVERIFY(reply.ok());
    QCOMPARE(client.connectionNumber(), quint64(2));
    QCOMPARE(reply.value().sequence, std::uint64_t{1}); // a new connection, new sequences
    QCOMPARE(m_factory->sequences(), (std::vector<std::uint64_t>{1, 2, 3, 1}));
    QCOMPARE(m_factory->created.load(), 2);
}

void TestIssuerClient::cancelReturnsQuickly()
{
    IssuerClient client(endpoint(m_server->serverPort()));
    CancelToken cancel;
    QVERIFY(client.connectToIssuer(seconds(10), cancel).ok());
    QElapsedTimer timer;
    timer.start();
    std::atomic<qint64> cancelledAt{-1};
    std::thread operatorThread([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(100)); // the operator presses Cancel
        cancelledAt = timer.elapsed();
        cancel.cancel();
    });
    auto reply = client.exchange(query(kSlow), seconds(10), cancel);
    const qint64 returnedAt = timer.elapsed();
    operatorThread.join();
    QVERIFY(!reply.ok());
    QCOMPARE(reply.error().kind, StationErrorKind::Cancelled);
    QVERIFY2(returnedAt - cancelledAt < 200, qPrintable(QString::number(returnedAt - cancelledAt)));
    QVERIFY(returnedAt < 1500); // well before the slow reply
    // The reply would come late: the connection is gone.
    QCOMPARE(client.state(), LinkState::Offline);
}

void TestIssuerClient::cancelledBeforeStartDoesNotConnect()
{
    IssuerClient client(endpoint(m_server->serverPort()));
    CancelToken cancel;
    cancel.cancel();
    auto reply = client.exchange(query(kAnswer), seconds(10), cancel);
    QVERIFY(!reply.ok());
    QCOMPARE(reply.error().kind, StationErrorKind::Cancelled);
    QCOMPARE(client.connectionNumber(), quint64(0));
    QCOMPARE(m_factory->created.load(), 0);
}

void TestIssuerClient::noReplyBeforeTheDeadline()
{
    IssuerClient client(endpoint(m_server->serverPort()));
    CancelToken cancel;
    QVERIFY(client.connectToIssuer(seconds(10), cancel).ok());
    QElapsedTimer timer;
    timer.start();
    auto reply = client.exchange(query(kSlow), QDeadlineTimer(300), cancel);
    QVERIFY(timer.elapsed() >= 280);
    QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(!reply.ok());
    QCOMPARE(reply.error().kind, StationErrorKind::IssuerOffline);
    QCOMPARE(client.state(), LinkState::Offline);
}

void TestIssuerClient::stationTypeFromIssuerIsAProtocolError()
{
    IssuerClient client(endpoint(m_server->serverPort()));
    CancelToken cancel;
    auto reply = client.exchange(query(kStationType), seconds(10), cancel);
    QVERIFY(!reply.ok());
    QCOMPARE(reply.error().kind, StationErrorKind::IssuerProtocol);
    QVERIFY2(reply.error().detail.contains(QStringLiteral("sign-on-request")), qPrintable(reply.error().detail));
    QCOMPARE(client.state(), LinkState::Offline);
}

void TestIssuerClient::garbageFrameIsAProtocolError_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("detail");
    QTest::newRow("not CBOR") << QByteArray("\x00\x00\x00\x05hello", 9) << "undecodable reply";
    QTest::newRow("oversized length") << QByteArray("\x7f\xff\xff\xff", 4) << "bad frame";
    QTest::newRow("zero length") << QByteArray("\x00\x00\x00\x00", 4) << "bad frame";
    QTest::newRow("two replies") << framed(wire::Message{1, wire::SignOffAck{Bytes(16, 1)}}) +
                                        framed(wire::Message{2, wire::SignOffAck{Bytes(16, 1)}})
                                 << "more than one reply";
}

void TestIssuerClient::garbageFrameIsAProtocolError()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, detail);
    RawTlsServer raw(rawServerConfig(), {bytes});
    const quint16 port = raw.begin();
    QVERIFY(port != 0);
    IssuerClient client(endpoint(port));
    CancelToken cancel;
    auto reply = client.exchange(query(kAnswer), seconds(10), cancel);
    QVERIFY(!reply.ok());
    QCOMPARE(reply.error().kind, StationErrorKind::IssuerProtocol);
    QVERIFY2(reply.error().detail.contains(detail), qPrintable(reply.error().detail));
    QCOMPARE(client.state(), LinkState::Offline);
}

void TestIssuerClient::issuerSequenceMustIncrease()
{
    const QByteArray first = framed(wire::Message{1, wire::SignOffAck{Bytes(16, 1)}});
    RawTlsServer raw(rawServerConfig(), {first, first});
    const quint16 port = raw.begin();
    QVERIFY(port != 0);
    IssuerClient client(endpoint(port));
    CancelToken cancel;
    QVERIFY(client.exchange(query(kAnswer), seconds(10), cancel).ok());
    auto again = client.exchange(query(kAnswer), seconds(10), cancel);
    QVERIFY(!again.ok());
    QCOMPARE(again.error().kind, StationErrorKind::IssuerProtocol);
    QVERIFY2(again.error().detail.contains(QStringLiteral("sequence")), qPrintable(again.error().detail));
    QCOMPARE(client.state(), LinkState::Offline);
}

void TestIssuerClient::missingHostIsInvalidInput()
{
    IssuerEndpoint e = endpoint(m_server->serverPort());
    e.host.clear();
    IssuerClient client(e);
    CancelToken cancel;
    auto connected = client.connectToIssuer(seconds(1), cancel);
    QVERIFY(!connected.ok());
    QCOMPARE(connected.error().kind, StationErrorKind::InvalidInput);
    QVERIFY(connected.error().detail.contains(QStringLiteral("issuer.host")));
}

void TestIssuerClient::disconnectIsIdempotent()
{
    IssuerClient client(endpoint(m_server->serverPort()));
    StateLog log;
    client.setStateListener(log.listener());
    CancelToken cancel;
    client.disconnectFromIssuer(); // nothing to close: no callback
    QVERIFY(log.changes.empty());
    QVERIFY(client.connectToIssuer(seconds(10), cancel).ok());
    QVERIFY(client.connectToIssuer(seconds(10), cancel).ok()); // already online: same connection
    QCOMPARE(client.connectionNumber(), quint64(1));
    client.disconnectFromIssuer();
    client.disconnectFromIssuer();
    QCOMPARE(client.state(), LinkState::Offline);
    QCOMPARE(log.changes.size(), std::size_t(3)); // connecting, online, offline
    QCOMPARE(log.changes.back().first, LinkState::Offline);
}

void TestIssuerClient::backoffSequence()
{
    Backoff backoff([] { return 0.5; }); // the middle: no jitter
    const std::vector<qint64> expected{1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000};
    for (const qint64 ms : expected)
        QCOMPARE(backoff.next().count(), ms);
    QCOMPARE(backoff.attempts(), 8);
    backoff.reset();
    QCOMPARE(backoff.next().count(), qint64(1000));
    Backoff low([] { return 0.0; });
    QCOMPARE(low.next().count(), qint64(800));
    Backoff high([] { return 0.999999; });
    QVERIFY(high.next().count() >= 1199);
}

void TestIssuerClient::backoffJitterBounds()
{
    Backoff backoff;
    std::set<qint64> seen;
    for (int i = 0; i < 40; ++i) {
        const qint64 base = Backoff::baseDelay(backoff.attempts()).count();
        const qint64 delay = backoff.next().count();
        QVERIFY2(delay >= base * 8 / 10 && delay <= base * 12 / 10, qPrintable(QString::number(delay)));
        seen.insert(delay);
    }
    QVERIFY(seen.size() > 5); // jittered, not constant
}

QTEST_GUILESS_MAIN(TestIssuerClient)
#include "tst_issuerclient.moc"
