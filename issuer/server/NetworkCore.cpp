// SPDX-License-Identifier: Apache-2.0
#include "issuer/server/NetworkCore.h"

#include "issuer/server/Connection.h"
#include "issuer/server/ServerLog.h"
#include "issuer/server/TlsListener.h"
#include "issuer/server/WorkerPool.h"

#include <QSslSocket>

#include <algorithm>

namespace perso::issuer {

NetworkCore::NetworkCore(const ServerConfig& config, ConnectionHandlerFactory& factory, WorkerPool& workers,
                         ServerStats& stats)
    : m_config(config), m_factory(factory), m_workers(workers), m_stats(stats)
{}

NetworkCore::~NetworkCore() = default;

IssuerResult<quint16> NetworkCore::listen(const QSslConfiguration& tls)
{
    m_listener = new TlsListener(
        [this] {
            // Connections whose socket is closed no longer count, even before connectionClosed() ran.
            return !m_stopping &&
                   m_stats.openConnections.load() < static_cast<std::uint64_t>(std::max(0, m_config.maxConnections));
        },
        this);
    m_listener->setSslConfiguration(tls);
    m_listener->setHandshakeTimeout(std::max(1, m_config.handshakeTimeoutMs));
    // Handshakes in progress count as pending in QSslServer: never let that throttle accept().
    m_listener->setMaxPendingConnections(std::max(30, m_config.maxConnections + 64));
    connect(m_listener, &TlsListener::refused, this, [this] {
        ++m_stats.refusedConnections;
        qCWarning(lcIssuerServer) << "connection refused: already" << m_stats.openConnections.load() << "connections";
    });
    connect(m_listener, &QSslServer::pendingConnectionAvailable, this, &NetworkCore::onPendingConnections);
    connect(m_listener, &QSslServer::errorOccurred, this, [](QSslSocket* socket, QAbstractSocket::SocketError error) {
        qCInfo(lcIssuerServer) << "handshake with" << socket->peerAddress().toString() << "failed:" << error;
    });
    connect(m_listener, &QSslServer::handshakeInterruptedOnError, this, [](QSslSocket* socket, const QSslError& e) {
        qCInfo(lcIssuerServer) << "handshake with" << socket->peerAddress().toString() << "interrupted:" << e.error();
    });
    if (!m_listener->listen(m_config.address, m_config.port)) {
        const QString reason = m_listener->errorString();
        delete m_listener;
        m_listener = nullptr;
        return makeIssuerError(IssuerErrorCode::InvalidInput, QStringLiteral("cannot listen on %1:%2: %3")
                                                                  .arg(m_config.address.toString())
                                                                  .arg(m_config.port)
                                                                  .arg(reason));
    }
    qCInfo(lcIssuerServer) << "listening on" << m_config.address.toString() << m_listener->serverPort();
    return m_listener->serverPort();
}

void NetworkCore::onPendingConnections()
{
    while (m_listener && m_listener->hasPendingConnections()) {
        auto* socket = qobject_cast<QSslSocket*>(m_listener->nextPendingConnection());
        if (!socket)
            continue;
        if (m_stopping) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        const std::uint64_t id = m_nextId++;
        auto* connection = new Connection(id, socket, m_workers.workerFor(id), m_factory, m_config, m_stats, this);
        m_connections.emplace(id, connection);
        connect(connection, &Connection::finished, this, &NetworkCore::onFinished);
        connection->start();
    }
}

void NetworkCore::onFinished(Connection* connection)
{
    m_connections.erase(connection->id());
    connection->deleteLater();
    checkAllClosed();
}

void NetworkCore::beginStop(std::function<void()> allClosed)
{
    m_stopping = true;
    m_allClosed = std::move(allClosed);
    if (m_listener)
        m_listener->close();
    qCInfo(lcIssuerServer) << "stopping:" << m_connections.size() << "connections to drain";
    // drain() may finish a connection synchronously: iterate over a copy.
    std::vector<Connection*> connections;
    for (const auto& entry : m_connections)
        connections.push_back(entry.second);
    for (Connection* connection : connections)
        connection->drain();
    checkAllClosed();
}

void NetworkCore::abortAll()
{
    std::vector<Connection*> connections;
    for (const auto& entry : m_connections)
        connections.push_back(entry.second);
    for (Connection* connection : connections)
        connection->abort();
}

void NetworkCore::checkAllClosed()
{
    if (m_stopping && m_connections.empty() && m_allClosed) {
        auto done = std::move(m_allClosed);
        m_allClosed = nullptr;
        done();
    }
}

} // namespace perso::issuer
