// SPDX-License-Identifier: Apache-2.0
#pragma once

// Opens one named QtSql connection for the calling thread with the durability settings of the
// store: SQLite WAL, synchronous=FULL, foreign keys on, a busy timeout, the file created 0600;
// PostgreSQL through QPSQL with synchronous_commit on.

#include "issuer/common/IssuerError.h"
#include "issuer/storage/StoreConfig.h"

#include <QSqlDatabase>

namespace perso::issuer::storage {

IssuerResult<QSqlDatabase> openConnection(const StoreConfig& config, const QString& name);
// Closes and reopens a connection that failed (a PostgreSQL server restarted), with its settings.
IssuerStatus reopenConnection(const StoreConfig& config, QSqlDatabase& db);
// Closes and forgets a connection opened by openConnection (safe if it does not exist).
void closeConnection(const QString& name);

} // namespace perso::issuer::storage
