// SPDX-License-Identifier: Apache-2.0
#pragma once

// The part of IssuerServer that lives on the network thread: the listener and the connections.

#include "issuer/common/IssuerError.h"
#include "issuer/server/ConnectionHandler.h"
#include "issuer/server/ServerConfig.h"
#include "issuer/server/ServerStats.h"

#include <QObject>
#include <QSslConfiguration>

#include <functional>
#include <map>

namespace perso::issuer {

class Connection;
class TlsListener;
class WorkerPool;

class NetworkCore : public QObject
{
    Q_OBJECT
public:
    NetworkCore(const ServerConfig& config, ConnectionHandlerFactory& factory, WorkerPool& workers, ServerStats& stats);
    ~NetworkCore() override;

    // On the network thread.
    IssuerResult<quint16> listen(const QSslConfiguration& tls);
    // Stops accepting and drains every connection; `allClosed` runs (on the network thread) once no
    // connection is left and every connectionClosed() has run.
    void beginStop(std::function<void()> allClosed);
    void abortAll();

private:
    void onPendingConnections();
    void onFinished(Connection* connection);
    void checkAllClosed();

    const ServerConfig& m_config;
    ConnectionHandlerFactory& m_factory;
    WorkerPool& m_workers;
    ServerStats& m_stats;
    TlsListener* m_listener = nullptr;
    std::map<std::uint64_t, Connection*> m_connections;
    std::uint64_t m_nextId = 1;
    std::function<void()> m_allClosed;
    bool m_stopping = false;
};

} // namespace perso::issuer
