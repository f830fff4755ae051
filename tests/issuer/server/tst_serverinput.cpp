// SPDX-License-Identifier: Apache-2.0
// IssuerServer facing bad input over real TLS: framing errors, undecodable and unexpected
// messages, sequence violations, truncated frames, stalled handshakes and idle connections. Each
// gets its ErrorReport where the rules say so, and the server keeps serving other connections.

#include "ServerTestSupport.h"
#include "TlsTestClient.h"

#include <QElapsedTimer>
#include <QTcpSocket>
#include <QTest>

using namespace perso;
using namespace perso::issuer;
using namespace perso::issuer::test;

namespace {

QByteArray frameOf(const Bytes& payload)
{
    QByteArray frame;
    const auto size = static_cast<std::uint32_t>(payload.size());
    frame.append(static_cast<char>(size >> 24)).append(static_cast<char>(size >> 16));
    frame.append(static_cast<char>(size >> 8)).append(static_cast<char>(size));
    frame.append(reinterpret_cast<const char*>(payload.data()), static_cast<qsizetype>(payload.size()));
    return frame;
}

QByteArray encoded(const wire::Message& message)
{
    auto payload = wire::encodeMessage(message);
    return payload ? frameOf(payload.value()) : QByteArray();
}

const wire::ErrorReport* errorReport(const std::optional<wire::Message>& message)
{
    return message ? std::get_if<wire::ErrorReport>(&message->body) : nullptr;
}

} // namespace

class TestServerInput : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void refusesBadInput_data();
    void refusesBadInput();
    void eighthBadMessageCloses();
    void tooManyWaitingMessagesClose();
    void truncatedFrameThenDisconnect();
    void stalledHandshakeIsClosed();
    void idleConnectionIsClosed();

private:
    void restart(ServerConfig config);
    void checkStillServing();

    TestPki m_pki;
    std::unique_ptr<TestHandlerFactory> m_factory;
    std::unique_ptr<IssuerServer> m_server;
};

void TestServerInput::initTestCase()
{
    QVERIFY(m_pki.make());
}

void TestServerInput::init()
{
    m_factory = std::make_unique<TestHandlerFactory>();
    restart(m_pki.config());
}

void TestServerInput::cleanup()
{
    if (m_server)
        m_server->stop(5000);
    m_server.reset();
    QCOMPARE(m_factory->closed.load(), m_factory->created.load());
    QCOMPARE(m_factory->violations.load(), 0);
}

void TestServerInput::restart(ServerConfig config)
{
    if (m_server)
        m_server->stop(5000);
    m_server = std::make_unique<IssuerServer>(std::move(config), *m_factory);
    auto started = m_server->start();
    QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().message));
}

void TestServerInput::checkStillServing()
{
    TlsTestClient other(m_pki.caCertificate);
    QVERIFY(other.connectTo(m_server->serverPort()));
    const auto reply = other.roundTrip(query(99));
    QVERIFY(reply && std::holds_alternative<wire::TransactionStatus>(reply->body));
}

void TestServerInput::refusesBadInput_data()
{
    QTest::addColumn<QByteArray>("before"); // sent and answered normally first (may be empty)
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("code");
    QTest::addColumn<qint64>("refersTo"); // -1: absent
    QTest::addColumn<bool>("closes");

    const QByteArray first = encoded(wire::Message{1, query(1)});
    QTest::newRow("zero-length frame") << QByteArray() << QByteArray(4, '\0') << QStringLiteral("invalid-length")
                                       << qint64{-1} << true;
    // Only the header: the refusal must come before any body byte.
    QTest::newRow("oversized length header")
        << QByteArray() << QByteArray::fromHex("00040001") << QStringLiteral("oversized") << qint64{-1} << true;
    QTest::newRow("malformed CBOR") << QByteArray() << frameOf({0xFF}) << QStringLiteral("invalid-encoding")
                                    << qint64{-1} << false;
    QTest::newRow("CBOR that is not an envelope")
        << QByteArray() << frameOf({0x01}) << QStringLiteral("schema-violation") << qint64{-1} << false;
    QTest::newRow("issuer to station type")
        << QByteArray() << encoded(wire::Message{1, wire::SignOffAck{idWith(0x5E, 1)}})
        << QStringLiteral("unexpected-message") << qint64{1} << false;
    QTest::newRow("repeated sequence") << first << encoded(wire::Message{1, query(2)})
                                       << QStringLiteral("sequence-violation") << qint64{1} << false;
    QTest::newRow("decreasing sequence") << encoded(wire::Message{5, query(1)}) << encoded(wire::Message{4, query(2)})
                                         << QStringLiteral("sequence-violation") << qint64{4} << false;
}

void TestServerInput::refusesBadInput()
{
    QFETCH(QByteArray, before);
    QFETCH(QByteArray, input);
    QFETCH(QString, code);
    QFETCH(qint64, refersTo);
    QFETCH(bool, closes);

    TlsTestClient client(m_pki.caCertificate);
    QVERIFY(client.connectTo(m_server->serverPort()));
    std::uint64_t expectedSequence = 1;
    if (!before.isEmpty()) {
        QVERIFY(client.sendRaw(before));
        const auto reply = client.receive();
        QVERIFY(reply && std::holds_alternative<wire::TransactionStatus>(reply->body));
        ++expectedSequence;
    }
    QVERIFY(client.sendRaw(input));
    const auto reply = client.receive();
    const wire::ErrorReport* report = errorReport(reply);
    QVERIFY(report);
    QCOMPARE(report->code, code);
    QCOMPARE(reply->sequence, expectedSequence);
    QCOMPARE(report->refersToSequence.has_value(), refersTo >= 0);
    if (refersTo >= 0)
        QCOMPARE(*report->refersToSequence, static_cast<std::uint64_t>(refersTo));
    QCOMPARE(m_factory->handled.load(), before.isEmpty() ? 0 : 1); // the handler never saw it

    if (closes) {
        QVERIFY(client.waitForDisconnected(5000));
    } else {
        // The connection goes on with the next valid sequence number.
        QVERIFY(client.send(wire::Message{100, query(3)}));
        const auto next = client.receive();
        QVERIFY(next);
        QVERIFY(std::holds_alternative<wire::TransactionStatus>(next->body));
    }
    QVERIFY(m_server->stats().errorsSent >= 1u);
    checkStillServing();
}

void TestServerInput::eighthBadMessageCloses()
{
    TlsTestClient client(m_pki.caCertificate);
    QVERIFY(client.connectTo(m_server->serverPort()));
    for (int i = 1; i <= kMaxBadMessagesPerConnection; ++i) {
        QVERIFY(client.sendRaw(frameOf({0xFF})));
        const wire::ErrorReport* report = errorReport(client.receive());
        QVERIFY2(report, qPrintable(QString::number(i)));
        if (i < kMaxBadMessagesPerConnection)
            QCOMPARE(client.socket().state(), QAbstractSocket::ConnectedState);
    }
    QVERIFY(client.waitForDisconnected(5000));
    QCOMPARE(m_factory->handled.load(), 0);
    QTRY_COMPARE(m_factory->closed.load(), 1);
    checkStillServing();
}

void TestServerInput::tooManyWaitingMessagesClose()
{
    m_factory->slowMs = 40;
    TlsTestClient client(m_pki.caCertificate);
    QVERIFY(client.connectTo(m_server->serverPort()));
    // 20 slow messages in one write: the 17th finds 16 waiting and closes the connection.
    QByteArray frames;
    for (std::uint32_t i = 1; i <= 20; ++i)
        frames += encoded(wire::Message{i, query(i, true)});
    QVERIFY(client.sendRaw(frames));
    std::optional<wire::Message> message;
    const wire::ErrorReport* report = nullptr;
    while (!report && (message = client.receive(5000)))
        report = errorReport(message);
    QVERIFY(report);
    QCOMPARE(report->code, QStringLiteral("oversized"));
    QCOMPARE(report->refersToSequence, std::optional<std::uint64_t>{17});
    QVERIFY(client.waitForDisconnected(5000));
    // The 16 accepted messages are still handled before connectionClosed().
    QTRY_COMPARE(m_factory->closed.load(), 1);
    QCOMPARE(m_factory->handled.load(), kMaxQueuedMessagesPerConnection);
    checkStillServing();
}

void TestServerInput::truncatedFrameThenDisconnect()
{
    {
        TlsTestClient client(m_pki.caCertificate);
        QVERIFY(client.connectTo(m_server->serverPort()));
        QVERIFY(client.sendRaw(QByteArray::fromHex("0000000aA1B2C3")));
        client.socket().disconnectFromHost();
        QVERIFY(client.waitForDisconnected(5000));
    }
    QTRY_COMPARE(m_factory->closed.load(), 1);
    QCOMPARE(m_factory->handled.load(), 0);
    QTRY_COMPARE(m_server->stats().openConnections, 0u);
    checkStillServing();
}

void TestServerInput::stalledHandshakeIsClosed()
{
    ServerConfig config = m_pki.config();
    config.handshakeTimeoutMs = 300;
    restart(config);
    QTcpSocket raw;
    raw.connectToHost(QHostAddress::LocalHost, m_server->serverPort());
    QVERIFY(raw.waitForConnected(5000));
    // Never says ClientHello: the server drops it once its handshake timeout expires.
    QElapsedTimer elapsed;
    elapsed.start();
    QVERIFY(raw.state() == QAbstractSocket::UnconnectedState || raw.waitForDisconnected(5000));
    QVERIFY(elapsed.elapsed() >= 200);
    QCOMPARE(m_factory->created.load(), 0);
    checkStillServing();
}

void TestServerInput::idleConnectionIsClosed()
{
    ServerConfig config = m_pki.config();
    config.idleTimeoutMs = 300;
    restart(config);
    TlsTestClient idle(m_pki.caCertificate);
    QVERIFY(idle.connectTo(m_server->serverPort()));
    QVERIFY(idle.roundTrip(query(1)));
    QElapsedTimer elapsed;
    elapsed.start();
    QVERIFY(idle.waitForDisconnected(5000));
    QVERIFY(elapsed.elapsed() >= 200);
    QTRY_COMPARE(m_factory->closed.load(), 1);
    checkStillServing();
}

QTEST_GUILESS_MAIN(TestServerInput)
#include "tst_serverinput.moc"
