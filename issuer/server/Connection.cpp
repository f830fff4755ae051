// SPDX-License-Identifier: Apache-2.0
#include "issuer/server/Connection.h"

#include "issuer/server/ServerLog.h"
#include "issuer/server/WorkerPool.h"
#include "protocol/wire/MessageCodec.h"

#include <algorithm>

namespace perso::issuer {

namespace {

constexpr int kCloseGraceMs = 5000; // a peer that does not take our last bytes is cut off
constexpr qsizetype kMaxErrorText = 256;

QString typeName(wire::MessageType type)
{
    const QString name = wire::messageTypeName(type);
    return name.isEmpty() ? QString::number(static_cast<unsigned>(type)) : name;
}

} // namespace

// Owned jointly by the Connection and the jobs posted to its worker; touched only on the worker.
struct Connection::HandlerSlot
{
    std::unique_ptr<ConnectionHandler> handler;
};

Connection::Connection(std::uint64_t id, QSslSocket* socket, QObject* worker, ConnectionHandlerFactory& factory,
                       const ServerConfig& config, ServerStats& stats, QObject* parent)
    : QObject(parent), m_info{id,
                              QStringLiteral("%1:%2").arg(socket->peerAddress().toString()).arg(socket->peerPort())},
      m_socket(socket), m_worker(worker), m_factory(factory), m_config(config), m_stats(stats),
      m_handler(std::make_shared<HandlerSlot>()), m_reader(config.maxFramePayload)
{
    m_socket->setParent(this);
    // Bounded: while nothing is read (closing, draining) the peer is held back by TCP, not by our memory.
    m_socket->setReadBufferSize(static_cast<qint64>(config.maxFramePayload + wire::kFrameHeaderLength) + 64 * 1024);
    m_idleTimer.setSingleShot(true);
    m_idleTimer.setInterval(std::max(1, config.idleTimeoutMs));
    m_closeTimer.setSingleShot(true);
    m_closeTimer.setInterval(kCloseGraceMs);
}

Connection::~Connection() = default;

void Connection::start()
{
    ++m_stats.openConnections;
    ++m_stats.acceptedConnections;
    qCInfo(lcIssuerServer).nospace() << "connection " << id() << " from " << m_info.peer << " established"
                                     << (m_socket->sessionProtocol() == QSsl::TlsV1_3 ? " (TLS 1.3)" : "");
    WorkerPool::post(m_worker, [slot = m_handler, info = m_info, &factory = m_factory] {
        try {
            slot->handler = factory.create(info);
        } catch (const std::exception&) {
            slot->handler.reset();
        }
        if (!slot->handler)
            qCWarning(lcIssuerServer) << "connection" << info.connectionId << ": the handler factory failed";
    });
    connect(m_socket, &QSslSocket::readyRead, this, &Connection::onReadyRead);
    connect(m_socket, &QSslSocket::disconnected, this, &Connection::onDisconnected);
    connect(m_socket, &QSslSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        if (error != QAbstractSocket::RemoteHostClosedError)
            qCInfo(lcIssuerServer) << "connection" << id() << "socket error" << error;
        if (m_socket->state() == QAbstractSocket::UnconnectedState)
            onDisconnected();
    });
    connect(&m_idleTimer, &QTimer::timeout, this, &Connection::onIdle);
    connect(&m_closeTimer, &QTimer::timeout, this, [this] { m_socket->abort(); });
    m_idleTimer.start();
    if (m_socket->bytesAvailable() > 0)
        onReadyRead();
}

void Connection::onReadyRead()
{
    if (m_closing || m_draining)
        return; // left unread: nothing more is handled on this connection
    m_idleTimer.start();
    const QByteArray chunk = m_socket->readAll();
    const Status fed = m_reader.feed(
        ByteView(reinterpret_cast<const std::uint8_t*>(chunk.constData()), static_cast<std::size_t>(chunk.size())));
    while (m_reader.hasPayload() && !m_closing)
        onPayload(m_reader.takePayload());
    if (!fed && !m_closing) {
        qCInfo(lcIssuerServer).nospace() << "connection " << id() << ": framing error " << errorCodeName(fed.code())
                                         << ", closing";
        refuse(fed.code(), fed.error().message, std::nullopt, true);
    }
}

void Connection::onPayload(const Bytes& payload)
{
    auto decoded = wire::decodeMessage(payload);
    if (!decoded) {
        qCInfo(lcIssuerServer).nospace() << "connection " << id() << ": undecodable message of " << payload.size()
                                         << " bytes: " << errorCodeName(decoded.code());
        refuse(decoded.code(), decoded.error().message, std::nullopt, ++m_badMessages >= kMaxBadMessagesPerConnection);
        return;
    }
    wire::Message message = std::move(decoded).value();
    const wire::MessageType type = message.type();
    qCDebug(lcIssuerServer).nospace() << "connection " << id() << ": " << typeName(type) << " #" << message.sequence
                                      << " (" << payload.size() << " bytes)";
    if (wire::isFromIssuer(type)) {
        refuse(ErrorCode::UnexpectedMessage, QStringLiteral("%1 travels from the issuer").arg(typeName(type)),
               message.sequence, ++m_badMessages >= kMaxBadMessagesPerConnection);
        return;
    }
    if (message.sequence <= m_lastInbound) {
        refuse(ErrorCode::SequenceViolation,
               QStringLiteral("sequence %1 after %2").arg(message.sequence).arg(m_lastInbound), message.sequence,
               ++m_badMessages >= kMaxBadMessagesPerConnection);
        return;
    }
    m_lastInbound = message.sequence;
    if (m_inFlight >= kMaxQueuedMessagesPerConnection) {
        refuse(ErrorCode::Oversized,
               QStringLiteral("more than %1 messages waiting").arg(kMaxQueuedMessagesPerConnection), message.sequence,
               true);
        return;
    }
    dispatch(std::move(message));
}

void Connection::dispatch(wire::Message message)
{
    ++m_inFlight;
    WorkerPool::post(m_worker, [slot = m_handler, message = std::move(message), self = this, &stats = m_stats] {
        HandlerReply reply;
        if (!slot->handler) {
            reply.messages.push_back(wire::ErrorReport{errorCodeName(ErrorCode::StateViolation),
                                                       QStringLiteral("no session for this connection"),
                                                       message.sequence});
            reply.closeAfterSending = true;
        } else {
            try {
                reply = slot->handler->handle(message);
            } catch (const std::exception&) {
                reply = HandlerReply{};
                reply.messages.push_back(
                    wire::ErrorReport{QStringLiteral("internal-error"), QString(), message.sequence});
                reply.closeAfterSending = true;
            }
        }
        ++stats.messagesHandled;
        // `self` outlives this job: it is deleted only after connectionClosed(), queued behind us.
        QMetaObject::invokeMethod(
            self, [self, reply = std::move(reply)] { self->onReplied(reply); }, Qt::QueuedConnection);
    });
}

void Connection::onReplied(const HandlerReply& reply)
{
    --m_inFlight;
    if (m_closing)
        return;
    for (const wire::MessageBody& body : reply.messages) {
        if (!send(body)) {
            refuse(ErrorCode::InvalidParameter, QStringLiteral("the reply could not be encoded"), std::nullopt, true);
            return;
        }
    }
    if (reply.closeAfterSending) {
        close("the handler ended the session");
        return;
    }
    m_idleTimer.start();
    closeIfDrained();
}

bool Connection::send(wire::MessageBody body)
{
    const wire::Message message{m_nextOutbound, std::move(body)};
    auto payload = wire::encodeMessage(message);
    if (!payload) {
        qCWarning(lcIssuerServer).nospace() << "connection " << id() << ": cannot encode " << typeName(message.type())
                                            << ": " << errorCodeName(payload.code());
        return false;
    }
    auto frame =
        wire::encodeFrame(payload.value(), std::max(m_config.maxFramePayload, wire::limits::kDefaultMaxFramePayload));
    if (!frame) {
        qCWarning(lcIssuerServer).nospace() << "connection " << id() << ": cannot frame " << typeName(message.type())
                                            << ": " << errorCodeName(frame.code());
        return false;
    }
    ++m_nextOutbound;
    qCDebug(lcIssuerServer).nospace() << "connection " << id() << ": sent " << typeName(message.type()) << " #"
                                      << message.sequence << " (" << payload.value().size() << " bytes)";
    m_socket->write(reinterpret_cast<const char*>(frame.value().data()), static_cast<qint64>(frame.value().size()));
    return true;
}

void Connection::refuse(ErrorCode code, const QString& text, std::optional<std::uint64_t> refersTo, bool closeAfter)
{
    ++m_stats.errorsSent;
    qCInfo(lcIssuerServer).nospace() << "connection " << id() << ": error report " << errorCodeName(code)
                                     << (closeAfter ? ", closing" : "");
    send(wire::ErrorReport{errorCodeName(code), text.left(kMaxErrorText), refersTo});
    if (closeAfter)
        close("refused input");
}

void Connection::close(const char* reason)
{
    if (m_closing)
        return;
    m_closing = true;
    m_idleTimer.stop();
    qCInfo(lcIssuerServer).nospace() << "connection " << id() << ": closing (" << reason << ")";
    m_closeTimer.start();
    m_socket->disconnectFromHost(); // after the bytes already written
    if (m_socket->state() == QAbstractSocket::UnconnectedState)
        onDisconnected();
}

void Connection::drain()
{
    if (!m_closing && m_socket->bytesAvailable() > 0)
        onReadyRead(); // what was received before the shutdown is still answered
    m_draining = true;
    closeIfDrained();
}

void Connection::abort()
{
    m_closing = true;
    m_idleTimer.stop();
    m_socket->abort();
    onDisconnected();
}

void Connection::closeIfDrained()
{
    if (m_draining && m_inFlight == 0)
        close("server shutdown");
}

void Connection::onIdle()
{
    if (m_inFlight > 0) {
        m_idleTimer.start(); // waiting on our own handler is not idleness
        return;
    }
    close("idle timeout");
}

void Connection::onDisconnected()
{
    if (m_ended)
        return;
    m_ended = true;
    m_closing = true;
    m_idleTimer.stop();
    m_closeTimer.stop();
    if (!m_reader.failed() && !m_reader.finish())
        qCInfo(lcIssuerServer) << "connection" << id() << ": the peer left in the middle of a frame";
    qCInfo(lcIssuerServer) << "connection" << id() << "closed";
    --m_stats.openConnections;
    // Queued behind every handle() of this connection: connectionClosed() comes last, once.
    WorkerPool::post(m_worker, [slot = m_handler, self = this] {
        if (slot->handler) {
            try {
                slot->handler->connectionClosed();
            } catch (const std::exception&) {
                qCWarning(lcIssuerServer) << "connectionClosed threw";
            }
            slot->handler.reset();
        }
        QMetaObject::invokeMethod(
            self, [self] { emit self->finished(self); }, Qt::QueuedConnection);
    });
}

} // namespace perso::issuer
