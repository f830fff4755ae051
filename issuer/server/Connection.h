// SPDX-License-Identifier: Apache-2.0
#pragma once

// One established TLS connection, on the network thread: frames in, decoded messages to the
// connection's worker (serially, in order), replies framed out, errors answered with ErrorReport.
// The Connection stays alive until its handler's connectionClosed() has run on the worker; then it
// emits finished() and its owner deletes it.

#include "issuer/server/ConnectionHandler.h"
#include "issuer/server/ServerConfig.h"
#include "issuer/server/ServerStats.h"
#include "protocol/core/Error.h"
#include "protocol/wire/Frame.h"

#include <QObject>
#include <QSslSocket>
#include <QTimer>

#include <memory>
#include <optional>

namespace perso::issuer {

class Connection : public QObject
{
    Q_OBJECT
public:
    Connection(std::uint64_t id, QSslSocket* socket, QObject* worker, ConnectionHandlerFactory& factory,
               const ServerConfig& config, ServerStats& stats, QObject* parent = nullptr);
    ~Connection() override;

    std::uint64_t id() const { return m_info.connectionId; }
    void start();
    // Graceful shutdown: read nothing more, close once the messages already received are answered.
    void drain();
    // Close now (replies still on the way are dropped); connectionClosed follows the running handle.
    void abort();

signals:
    void finished(perso::issuer::Connection* connection);

private:
    struct HandlerSlot;

    void onReadyRead();
    void onPayload(const Bytes& payload);
    void dispatch(wire::Message message);
    void onReplied(const HandlerReply& reply);
    bool send(wire::MessageBody body);
    void refuse(ErrorCode code, const QString& text, std::optional<std::uint64_t> refersTo, bool closeAfter);
    void close(const char* reason);
    void onDisconnected();
    void onIdle();
    void closeIfDrained();

    ConnectionInfo m_info;
    QSslSocket* m_socket;
    QObject* m_worker;
    ConnectionHandlerFactory& m_factory;
    const ServerConfig& m_config;
    ServerStats& m_stats;
    std::shared_ptr<HandlerSlot> m_handler;
    wire::FrameReader m_reader;
    QTimer m_idleTimer;
    QTimer m_closeTimer;
    std::uint64_t m_lastInbound = 0;
    std::uint64_t m_nextOutbound = 1;
    int m_inFlight = 0;
    int m_badMessages = 0;
    bool m_draining = false;
    bool m_closing = false;
    bool m_ended = false;
};

} // namespace perso::issuer
