// SPDX-License-Identifier: Apache-2.0
#include "issuer/admin/AdminHome.h"

#include "issuer/daemon/StoreSettings.h"

#include "issuer/common/ProtectedFiles.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>

namespace perso::issuer::admin {

AdminHome::AdminHome(QString directory) : m_directory(std::move(directory)) {}

QString AdminHome::path(const char* relative) const
{
    return QDir(m_directory).filePath(QString::fromLatin1(relative));
}

AdminResult<DaemonConfig> AdminHome::config() const
{
    const QString file = path(kConfigFileName);
    if (!QFileInfo::exists(file))
        return failure(QStringLiteral("%1 is not an issuer home (no %2): run perso-admin init first")
                           .arg(m_directory, QString::fromLatin1(kConfigFileName)));
    IssuerResult<DaemonConfig> config = DaemonConfig::load(file);
    if (!config)
        return failure(config.error());
    return std::move(config).value();
}

AdminResult<std::unique_ptr<SqlStore>> AdminHome::openStore() const
{
    AdminResult<DaemonConfig> daemon = config();
    if (!daemon)
        return daemon.error();
    AdminResult<StoreConfig> storeConfig = adminStoreConfig(daemon.value());
    if (!storeConfig)
        return storeConfig.error();
    IssuerResult<std::unique_ptr<SqlStore>> store = SqlStore::open(storeConfig.value());
    if (!store)
        return failure(store.error());
    return std::move(store).value();
}

AdminResult<KeyRing> AdminHome::openKeys() const
{
    AdminResult<DaemonConfig> daemon = config();
    if (!daemon)
        return daemon.error();
    IssuerResult<KeyRing> keys = KeyRing::load(KeyRingPaths{daemon.value().keyDirectory});
    if (!keys)
        return failure(keys.error());
    return std::move(keys).value();
}

AdminResult<StoreConfig> adminStoreConfig(const DaemonConfig& config)
{
    IssuerResult<StoreConfig> store = storeConfigFor(config);
    if (!store)
        return failure(store.error());
    store.value().readConnections = 1;
    return std::move(store).value();
}

AdminStatus auditAdminAction(SqlStore& store, const QString& kind, const QString& subject, const QString& detail)
{
    const IssuerStatus status =
        store.audit(AuditEntry{kind, QStringLiteral("admin"), subject.left(128), detail.left(512), now()});
    if (!status)
        return failure(
            QStringLiteral("done, but the audit entry could not be written: %1").arg(status.error().message));
    return Ok{};
}

Timestamp now()
{
    return QDateTime::currentSecsSinceEpoch();
}

} // namespace perso::issuer::admin
