// SPDX-License-Identifier: Apache-2.0
#include "issuer/server/IssuerServer.h"

#include "issuer/server/NetworkCore.h"
#include "issuer/server/ServerLog.h"
#include "issuer/server/WorkerPool.h"
#include "issuer/tls/SslConfigurations.h"

#include <QSemaphore>
#include <QThread>

#include <optional>

namespace perso::issuer {

IssuerServer::IssuerServer(ServerConfig config, ConnectionHandlerFactory& factory, QObject* parent)
    : QObject(parent), m_config(std::move(config)), m_factory(factory)
{}

IssuerServer::~IssuerServer()
{
    if (m_running)
        stop(0);
}

IssuerStatus IssuerServer::start()
{
    if (m_running)
        return makeIssuerError(IssuerErrorCode::Internal, QStringLiteral("the server is already running"));
    auto tls = serverSslConfiguration(m_config.certificateChainFile, m_config.privateKeyFile);
    if (!tls)
        return tls.error();

    m_workers = std::make_unique<WorkerPool>(m_config.workerThreads);
    m_networkThread = std::make_unique<QThread>();
    m_networkThread->setObjectName(QStringLiteral("issuer-network"));
    m_core = new NetworkCore(m_config, m_factory, *m_workers, m_stats);
    m_core->moveToThread(m_networkThread.get());
    connect(m_networkThread.get(), &QThread::finished, m_core, &QObject::deleteLater);
    m_networkThread->start();

    std::optional<IssuerResult<quint16>> listened;
    QMetaObject::invokeMethod(
        m_core, [&] { listened.emplace(m_core->listen(tls.value())); }, Qt::BlockingQueuedConnection);
    if (!listened->ok()) {
        m_networkThread->quit();
        m_networkThread->wait();
        m_core = nullptr;
        m_workers->stop();
        return listened->error();
    }
    m_port = listened->value();
    m_running = true;
    return Ok{};
}

void IssuerServer::stop(int timeoutMs)
{
    if (!m_running)
        return;
    auto drained = std::make_shared<QSemaphore>();
    QMetaObject::invokeMethod(
        m_core, [core = m_core, drained] { core->beginStop([drained] { drained->release(); }); }, Qt::QueuedConnection);
    if (!drained->tryAcquire(1, std::max(0, timeoutMs))) {
        qCWarning(lcIssuerServer) << "shutdown: connections still busy after" << timeoutMs << "ms, aborting them";
        QMetaObject::invokeMethod(
            m_core, [core = m_core] { core->abortAll(); }, Qt::QueuedConnection);
        drained->acquire(); // every connectionClosed() has run
    }
    m_networkThread->quit();
    m_networkThread->wait();
    m_core = nullptr;
    m_workers->stop();
    m_running = false;
    qCInfo(lcIssuerServer) << "stopped";
    emit stopped();
}

} // namespace perso::issuer
