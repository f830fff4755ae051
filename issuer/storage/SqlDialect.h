// SPDX-License-Identifier: Apache-2.0
#pragma once

// The one place where SQLite and PostgreSQL differ: column types and row-locking clauses. The schema
// and every statement are written once, in portable SQL, with these substituted in.

#include "issuer/storage/StoreConfig.h"

#include <QString>

namespace perso::issuer::storage {

class SqlDialect
{
public:
    explicit SqlDialect(StoreConfig::Engine engine) : m_engine(engine) {}

    StoreConfig::Engine engine() const { return m_engine; }
    bool isPostgres() const { return m_engine == StoreConfig::Postgres; }

    // Replaces ${BLOB} and ${INT64} in schema text.
    QString schema(QString text) const;
    // Appended to a SELECT of one row that is about to change: "FOR UPDATE" on PostgreSQL.
    QString lockRow() const;
    // Appended to a SELECT that picks any free row of a pool: "FOR UPDATE SKIP LOCKED".
    QString pickFreeRow() const;
    // Serialises appends to the audit chain across processes (PostgreSQL: a table lock; SQLite's
    // single writer already does).
    QString lockAuditChain() const;
    // Starts the writer's transaction: BEGIN IMMEDIATE takes SQLite's write lock at once.
    QString begin() const;

private:
    StoreConfig::Engine m_engine;
};

} // namespace perso::issuer::storage
