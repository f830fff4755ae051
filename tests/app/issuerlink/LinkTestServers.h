// SPDX-License-Identifier: Apache-2.0
#pragma once

// Peers for the IssuerClient suite: a handler for the real issuer::IssuerServer whose behaviour the
// transaction id's first byte selects, and a raw TLS 1.3 server (its own thread) that answers each
// complete request frame with preset bytes, for what the real server never sends.

#include "issuer/server/ConnectionHandler.h"
#include "protocol/wire/Frame.h"

#include <QSslConfiguration>
#include <QSslServer>
#include <QSslSocket>
#include <QThread>

#include <atomic>
#include <future>
#include <memory>
#include <mutex>
#include <vector>

namespace perso::station::test {

inline constexpr std::uint8_t kAnswer = 0x01;      // TransactionStatus
inline constexpr std::uint8_t kRefuse = 0xE0;      // ErrorReport "test-refused"
inline constexpr std::uint8_t kClose = 0xC0;       // no reply, close
inline constexpr std::uint8_t kLastWord = 0xC1;    // TransactionStatus, then close (as after SignOffAck)
inline constexpr std::uint8_t kSlow = 0x51;        // TransactionStatus after 1.5 s
inline constexpr std::uint8_t kStationType = 0xBA; // a SignOnRequest (station → issuer type)

inline Bytes transactionId(std::uint8_t behaviour, std::uint8_t index = 0)
{
    Bytes id(16, 0x11);
    id[0] = behaviour;
    id[15] = index;
    return id;
}

class LinkHandlerFactory : public issuer::ConnectionHandlerFactory
{
public:
    std::atomic<int> created{0};

    std::vector<std::uint64_t> sequences()
    {
        std::lock_guard lock(m_mutex);
        return m_sequences;
    }

    std::unique_ptr<issuer::ConnectionHandler> create(const issuer::ConnectionInfo&) override
    {
        ++created;
        return std::make_unique<Handler>(*this);
    }

private:
    class Handler : public issuer::ConnectionHandler
    {
    public:
        explicit Handler(LinkHandlerFactory& factory) : m_factory(factory) {}

        issuer::HandlerReply handle(const wire::Message& message) override
        {
            {
                std::lock_guard lock(m_factory.m_mutex);
                m_factory.m_sequences.push_back(message.sequence);
            }
            issuer::HandlerReply reply;
            const auto* query = std::get_if<wire::TransactionStatusQuery>(&message.body);
            const std::uint8_t behaviour = query ? query->transactionId.front() : 0;
            switch (behaviour) {
            case kAnswer:
            case kSlow:
            case kLastWord:
                reply.closeAfterSending = behaviour == kLastWord;
                if (behaviour == kSlow)
                    QThread::msleep(1500); // the issuer taking its time
                reply.messages.push_back(wire::TransactionStatus{query->transactionId, wire::TransactionState::Voided,
                                                                 std::nullopt, std::nullopt});
                break;
            case kRefuse:
                reply.messages.push_back(
                    wire::ErrorReport{QStringLiteral("test-refused"), QStringLiteral("refused"), message.sequence});
                break;
            case kClose:
                reply.closeAfterSending = true;
                break;
            case kStationType:
                reply.messages.push_back(
                    wire::SignOnRequest{Bytes{1, 2, 3}, QStringLiteral("T-1"), {false, QStringLiteral("1.0")}, 1});
                break;
            default:
                reply.messages.push_back(wire::ErrorReport{QStringLiteral("unexpected-message"), {}, message.sequence});
            }
            return reply;
        }
        void connectionClosed() override {}

    private:
        LinkHandlerFactory& m_factory;
    };

    std::mutex m_mutex;
    std::vector<std::uint64_t> m_sequences;
};

// Answers the n-th complete request frame of a connection with replies[n] (nothing past the end).
class RawTlsServer : public QThread
{
public:
    RawTlsServer(QSslConfiguration config, std::vector<QByteArray> replies)
        : m_config(std::move(config)), m_replies(std::move(replies))
    {}
    ~RawTlsServer() override
    {
        quit();
        wait();
    }

    // Starts the thread; the port it listens on (0 on failure).
    quint16 begin()
    {
        auto future = m_port.get_future();
        start();
        return future.get();
    }

protected:
    void run() override
    {
        QSslServer server;
        server.setSslConfiguration(m_config);
        if (!server.listen(QHostAddress::LocalHost)) {
            m_port.set_value(0);
            return;
        }
        QObject::connect(&server, &QTcpServer::pendingConnectionAvailable, &server, [this, &server] {
            while (QTcpSocket* socket = server.nextPendingConnection()) {
                auto reader = std::make_shared<wire::FrameReader>();
                auto answered = std::make_shared<std::size_t>(0);
                QObject::connect(socket, &QIODevice::readyRead, socket, [this, socket, reader, answered] {
                    const QByteArray chunk = socket->readAll();
                    if (!reader->feed(ByteView(reinterpret_cast<const std::uint8_t*>(chunk.constData()),
                                               static_cast<std::size_t>(chunk.size()))))
                        return;
                    while (reader->hasPayload()) {
                        reader->takePayload();
                        if (*answered < m_replies.size())
                            socket->write(m_replies[*answered]);
                        ++*answered;
                    }
                });
            }
        });
        m_port.set_value(server.serverPort());
        exec();
    }

private:
    QSslConfiguration m_config;
    std::vector<QByteArray> m_replies;
    std::promise<quint16> m_port;
};

} // namespace perso::station::test
