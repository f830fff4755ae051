// SPDX-License-Identifier: Apache-2.0
#pragma once

// Shared by the server suites: a CA and a server certificate in a temporary directory, and a test
// handler that answers TransactionStatusQuery with TransactionStatus (slowly when the id's first
// byte is 0x51) and SignOff with SignOffAck then close, and checks the server's threading contract.

#include "issuer/server/ConnectionHandler.h"
#include "issuer/server/IssuerServer.h"
#include "issuer/tls/CertificateAuthority.h"

#include <QSslCertificate>
#include <QTemporaryDir>
#include <QThread>

#include <atomic>
#include <memory>

namespace perso::issuer::test {

inline constexpr std::uint8_t kSlowMarker = 0x51;

class TestHandlerFactory : public ConnectionHandlerFactory
{
public:
    std::atomic<int> created{0};
    std::atomic<int> closed{0};
    std::atomic<int> started{0};
    std::atomic<int> handled{0};
    std::atomic<int> violations{0}; // wrong thread, concurrent handle, handle after close, double close
    std::atomic<int> slowMs{300};

    std::unique_ptr<ConnectionHandler> create(const ConnectionInfo&) override
    {
        if (!onWorker())
            ++violations;
        ++created;
        return std::make_unique<Handler>(*this);
    }

    static bool onWorker()
    {
        return QThread::currentThread()->objectName().startsWith(QStringLiteral("issuer-worker"));
    }

private:
    class Handler : public ConnectionHandler
    {
    public:
        explicit Handler(TestHandlerFactory& factory) : m_factory(factory) {}

        HandlerReply handle(const wire::Message& message) override
        {
            if (!onWorker() || m_closed || m_busy.exchange(true))
                ++m_factory.violations;
            ++m_factory.started;
            HandlerReply reply;
            if (const auto* query = std::get_if<wire::TransactionStatusQuery>(&message.body)) {
                if (!query->transactionId.empty() && query->transactionId.front() == kSlowMarker)
                    QThread::msleep(static_cast<unsigned long>(m_factory.slowMs.load())); // simulated work
                reply.messages.push_back(wire::TransactionStatus{query->transactionId, wire::TransactionState::Unknown,
                                                                 std::nullopt, std::nullopt});
            } else if (const auto* signOff = std::get_if<wire::SignOff>(&message.body)) {
                reply.messages.push_back(wire::SignOffAck{signOff->sessionId});
                reply.closeAfterSending = true;
            } else {
                reply.messages.push_back(
                    wire::ErrorReport{QStringLiteral("unexpected-message"), QString(), message.sequence});
            }
            ++m_factory.handled;
            m_busy = false;
            return reply;
        }

        void connectionClosed() override
        {
            if (!onWorker() || m_closed || m_busy)
                ++m_factory.violations;
            m_closed = true;
            ++m_factory.closed;
        }

    private:
        TestHandlerFactory& m_factory;
        std::atomic<bool> m_busy{false};
        bool m_closed = false;
    };
};

// A CA and a server certificate for "localhost" and 127.0.0.1, made with issuer/tls.
struct TestPki
{
    QTemporaryDir dir;
    std::optional<CertificateAuthority> ca;
    ServerCertificateFiles server;
    QSslCertificate caCertificate;

    bool make()
    {
        if (!dir.isValid())
            return false;
        auto created =
            CertificateAuthority::create(dir.filePath(QStringLiteral("ca")), QStringLiteral("Test Issuer CA"));
        if (!created)
            return false;
        ca.emplace(std::move(created).value());
        auto issued = issueServerCertificate(*ca, {QStringLiteral("localhost"), QStringLiteral("127.0.0.1")}, 30,
                                             dir.filePath(QStringLiteral("server")));
        if (!issued)
            return false;
        server = issued.value();
        caCertificate = QSslCertificate(ca->certificatePem().toLatin1(), QSsl::Pem);
        return !caCertificate.isNull();
    }

    ServerConfig config() const
    {
        ServerConfig config;
        config.certificateChainFile = server.certificateChainFile;
        config.privateKeyFile = server.privateKeyFile;
        config.workerThreads = 4;
        return config;
    }
};

inline Bytes idWith(std::uint8_t first, std::uint32_t index)
{
    Bytes id(16, 0);
    id[0] = first;
    id[12] = static_cast<std::uint8_t>(index >> 24);
    id[13] = static_cast<std::uint8_t>(index >> 16);
    id[14] = static_cast<std::uint8_t>(index >> 8);
    id[15] = static_cast<std::uint8_t>(index);
    return id;
}

inline wire::TransactionStatusQuery query(std::uint32_t index, bool slow = false)
{
    return wire::TransactionStatusQuery{idWith(slow ? kSlowMarker : 0x01, index)};
}

} // namespace perso::issuer::test
