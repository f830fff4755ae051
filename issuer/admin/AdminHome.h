// SPDX-License-Identifier: Apache-2.0
#pragma once

// The issuer home directory perso-admin works on: issuerd.json, keys/, ca/, tls/ and issuer.db.

#include "issuer/admin/Command.h"
#include "issuer/daemon/DaemonConfig.h"
#include "issuer/keys/KeyRing.h"
#include "issuer/storage/SqlStore.h"

#include <memory>

namespace perso::issuer::admin {

inline constexpr auto kConfigFileName = "issuerd.json";
inline constexpr auto kKeysDirName = "keys";
inline constexpr auto kCaDirName = "ca";
inline constexpr auto kTlsDirName = "tls";
inline constexpr auto kDatabaseFileName = "issuer.db";

class AdminHome
{
public:
    explicit AdminHome(QString directory);

    QString path(const char* relative) const;
    // Reads issuerd.json: a failure that says to run `perso-admin init` when there is none.
    AdminResult<DaemonConfig> config() const;
    AdminResult<std::unique_ptr<SqlStore>> openStore() const;
    AdminResult<KeyRing> openKeys() const;

private:
    QString m_directory;
};

// The store settings of a daemon configuration (storeConfigFor), with one read connection: the
// admin tool is single-threaded.
AdminResult<StoreConfig> adminStoreConfig(const DaemonConfig& config);

// Appends an admin action to the audit log (actor "admin").
AdminStatus auditAdminAction(SqlStore& store, const QString& kind, const QString& subject, const QString& detail = {});

Timestamp now();

} // namespace perso::issuer::admin
