// SPDX-License-Identifier: Apache-2.0
#pragma once

// The issuer's TLS 1.3 server. A network thread runs the QSslServer and every connection's socket,
// framing (wire::FrameReader) and decoding (wire::decodeMessage); decoded station → issuer
// messages go to a pool of worker threads where the connection's ConnectionHandler handles them,
// one at a time per connection and in arrival order. Replies get outbound sequence numbers 1, 2, …
//
// Refused input gets an ErrorReport from the server itself (the handler never sees it):
//   - a framing error (zero or oversized length) → error, then close (the stream is out of sync);
//   - a message that does not decode, or of the issuer → station direction (unexpected-message),
//     or whose sequence does not increase strictly (sequence-violation) → error, the connection
//     stays, until the 8th such message closes it;
//   - more than 16 messages waiting for the handler → error, then close.
// Idle connections (no byte received for idleTimeoutMs while no handle() runs) are closed.

#include "issuer/common/IssuerError.h"
#include "issuer/server/ConnectionHandler.h"
#include "issuer/server/ServerConfig.h"
#include "issuer/server/ServerStats.h"

#include <QObject>

#include <memory>

namespace perso::issuer {

class NetworkCore;
class WorkerPool;

class IssuerServer : public QObject
{
    Q_OBJECT
public:
    IssuerServer(ServerConfig config, ConnectionHandlerFactory& factory, QObject* parent = nullptr);
    ~IssuerServer() override; // stop(0) if running

    // Loads the certificate chain and key (tls/SslConfigurations.h), starts the threads and listens.
    IssuerStatus start();
    bool isRunning() const { return m_running; }
    quint16 serverPort() const { return m_port; }
    const ServerConfig& config() const { return m_config; }
    ServerStatsSnapshot stats() const { return m_stats.snapshot(); }

    // Graceful shutdown, blocking: stop accepting; let the handles already queued finish and their
    // replies be written; close every connection; connectionClosed() for each; join the threads.
    // Connections still busy after timeoutMs are aborted (their running handle() still completes).
    // Emits stopped().
    void stop(int timeoutMs = 10000);

signals:
    void stopped();

private:
    ServerConfig m_config;
    ConnectionHandlerFactory& m_factory;
    ServerStats m_stats;
    std::unique_ptr<WorkerPool> m_workers;
    std::unique_ptr<QThread> m_networkThread;
    NetworkCore* m_core = nullptr; // lives on the network thread
    quint16 m_port = 0;
    bool m_running = false;
};

} // namespace perso::issuer
