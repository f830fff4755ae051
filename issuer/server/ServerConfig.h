// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/wire/Limits.h"

#include <QHostAddress>
#include <QString>

#include <cstddef>

namespace perso::issuer {

inline constexpr int kMaxQueuedMessagesPerConnection = 16; // handled or waiting; beyond → closed
inline constexpr int kMaxBadMessagesPerConnection = 8;     // well framed but refused; the 8th closes

struct ServerConfig
{
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 0; // 0: any free port, see IssuerServer::serverPort()
    QString certificateChainFile;
    QString privateKeyFile;
    int workerThreads = defaultWorkerThreads();
    int maxConnections = 2000;
    std::size_t maxFramePayload = wire::limits::kDefaultMaxFramePayload;
    int idleTimeoutMs = 10 * 60 * 1000;
    int handshakeTimeoutMs = 10 * 1000;

    // max(4, 2 × cores)
    static int defaultWorkerThreads();
};

} // namespace perso::issuer
