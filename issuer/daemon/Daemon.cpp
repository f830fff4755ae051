// SPDX-License-Identifier: Apache-2.0
#include "issuer/daemon/Daemon.h"

#include "issuer/daemon/StoreSettings.h"

#include "issuer/assessment/Assessment.h"
#include "issuer/keys/KeyRing.h"
#include "issuer/server/IssuerServer.h"
#include "issuer/session/SessionContext.h"
#include "issuer/sim/SimPlan.h"
#include "issuer/storage/SqlStore.h"

#include <QLoggingCategory>

namespace perso::issuer {

Q_LOGGING_CATEGORY(lcDaemon, "perso.issuer.daemon")

struct Daemon::Parts
{
    std::unique_ptr<SqlStore> store;
    std::unique_ptr<KeyRing> keys;
    std::unique_ptr<SessionContext> context;
    std::unique_ptr<IssuerSessionFactory> factory;
    std::unique_ptr<IssuerServer> server;
};

namespace {

IssuerError withContext(const IssuerError& error, const QString& what)
{
    return makeIssuerError(error.code, QStringLiteral("%1: %2").arg(what, error.message));
}

} // namespace

Daemon::Daemon(std::unique_ptr<Parts> parts) : m_parts(std::move(parts)) {}

Daemon::~Daemon()
{
    if (m_parts && m_parts->server && m_parts->server->isRunning())
        m_parts->server->stop(0);
}

IssuerResult<std::unique_ptr<Daemon>> Daemon::start(const DaemonConfig& config)
{
    auto parts = std::make_unique<Parts>();

    auto policy = AssessmentPolicy::fromJson(config.assessmentPolicyJson);
    if (!policy)
        return withContext(policy.error(), QStringLiteral("configuration \"assessment\""));
    auto operatorProfile = OperatorProfile::fromJson(config.operatorProfileJson);
    if (!operatorProfile)
        return withContext(operatorProfile.error(), QStringLiteral("configuration \"operator\""));

    auto keys = KeyRing::load(KeyRingPaths{config.keyDirectory});
    if (!keys)
        return withContext(keys.error(), QStringLiteral("key directory %1").arg(config.keyDirectory));
    parts->keys = std::make_unique<KeyRing>(std::move(keys).value());

    auto storeSettings = storeConfigFor(config);
    if (!storeSettings)
        return storeSettings.error();
    auto store = SqlStore::open(storeSettings.value());
    if (!store)
        return withContext(store.error(), QStringLiteral("database"));
    parts->store = std::move(store).value();

    // A previous run's sessions are gone with their keys: their outstanding packages can never be
    // verified, so their cards are void and their numbers settle now, before anyone connects.
    const Timestamp now = systemClock();
    auto abandoned = parts->store->abandonTransactions({}, now);
    if (!abandoned)
        return withContext(abandoned.error(), QStringLiteral("reconciling outstanding transactions"));
    if (auto audited = parts->store->audit(AuditEntry{QStringLiteral("issuerd-started"),
                                                      QStringLiteral("issuerd"),
                                                      {},
                                                      QStringLiteral("reconciled %1").arg(abandoned.value()),
                                                      now});
        !audited)
        return withContext(audited.error(), QStringLiteral("audit log"));

    SessionLimits limits;
    limits.maxFailedAuthPerHour = config.maxFailedAuthPerHour;
    limits.idleTimeoutSeconds = config.idleTimeoutSeconds;
    parts->context = std::make_unique<SessionContext>(*parts->store, *parts->keys, std::move(policy).value(),
                                                      std::move(operatorProfile).value(),
                                                      parts->keys->operatorVariant(), systemClock, limits);
    parts->factory = std::make_unique<IssuerSessionFactory>(*parts->context);

    ServerConfig server;
    server.address = config.listenAddress;
    server.port = config.listenPort;
    server.certificateChainFile = config.certificateChainFile;
    server.privateKeyFile = config.privateKeyFile;
    if (config.workerThreads > 0)
        server.workerThreads = config.workerThreads;
    server.maxConnections = config.maxConnections;
    server.idleTimeoutMs = config.idleTimeoutSeconds * 1000;
    parts->server = std::make_unique<IssuerServer>(server, *parts->factory);
    if (auto started = parts->server->start(); !started)
        return withContext(started.error(), QStringLiteral("TLS server"));

    qCInfo(lcDaemon) << "listening on" << config.listenAddress.toString() << parts->server->serverPort() << "reconciled"
                     << abandoned.value() << "outstanding transactions";
    auto daemon = std::unique_ptr<Daemon>(new Daemon(std::move(parts)));
    daemon->m_reconciled = abandoned.value();
    return daemon;
}

quint16 Daemon::port() const
{
    return m_parts->server->serverPort();
}

void Daemon::stop(int timeoutMs)
{
    if (m_parts->server->isRunning())
        m_parts->server->stop(timeoutMs);
    qCInfo(lcDaemon) << "stopped";
}

} // namespace perso::issuer
