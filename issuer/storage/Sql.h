// SPDX-License-Identifier: Apache-2.0
#pragma once

// A thin layer over one QSqlDatabase connection: prepared statements with positional bindings,
// SQL errors mapped to IssuerError (public context only), and the value conversions every
// statement needs (bytes ↔ BLOB/BYTEA, optional ↔ NULL).

#include "issuer/common/IssuerError.h"
#include "issuer/common/Records.h"
#include "issuer/storage/SqlDialect.h"

#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariant>

#include <initializer_list>
#include <memory>
#include <optional>

namespace perso::issuer::storage {

// The result of one statement: rows to step through, or the count of rows changed. It shares the
// prepared statement with the writer's cache: valid until that statement runs again.
class Rows
{
public:
    explicit Rows(std::shared_ptr<QSqlQuery> query) : m_query(std::move(query)) {}
    bool next() { return m_query->next(); }
    QVariant value(int column) const { return m_query->value(column); }
    int numRowsAffected() const { return m_query->numRowsAffected(); }
    operator const QSqlQuery&() const { return *m_query; }

private:
    std::shared_ptr<QSqlQuery> m_query;
};

class Sql
{
public:
    Sql(QSqlDatabase db, const SqlDialect& dialect) : m_db(std::move(db)), m_dialect(&dialect) {}

    const SqlDialect& dialect() const { return *m_dialect; }
    QSqlDatabase& database() { return m_db; }

    // Keeps each statement prepared once for the life of this object (the writer's connection).
    void enableStatementCache() { m_cacheEnabled = true; }
    // Releases the cursors of cached statements (before COMMIT or ROLLBACK).
    void finishAll();
    // Forgets every cached statement (before the connection is reopened).
    void clearCache() { m_cache.clear(); }

    // Prepares (or reuses), binds and executes; the rows are positioned before the first.
    IssuerResult<Rows> exec(const QString& sql, std::initializer_list<QVariant> binds = {});
    IssuerResult<Rows> exec(const QString& sql, const QVariantList& binds);
    // Runs a statement that cannot be prepared (BEGIN, SAVEPOINT, COMMIT, LOCK, DDL).
    IssuerStatus command(const QString& sql);
    // Executes and returns the number of rows changed.
    IssuerResult<int> change(const QString& sql, std::initializer_list<QVariant> binds = {});
    // The first column of the first row, or an invalid QVariant when there is no row.
    IssuerResult<QVariant> scalar(const QString& sql, std::initializer_list<QVariant> binds = {});

private:
    QSqlDatabase m_db;
    const SqlDialect* m_dialect;
    bool m_cacheEnabled = false;
    QHash<QString, std::shared_ptr<QSqlQuery>> m_cache;
};

QVariant blob(ByteView bytes);
QVariant text(const QString& value);
QVariant optText(const std::optional<QString>& value);
QVariant optBlob(const std::optional<Bytes>& value);
QVariant optInt(const std::optional<std::uint16_t>& value);
QVariant int64(std::int64_t value);

Bytes toBytes(const QVariant& value);
std::optional<QString> toOptText(const QVariant& value);
std::optional<Bytes> toOptBlob(const QVariant& value);
std::optional<std::uint16_t> toOptU16(const QVariant& value);

IssuerError storageError(const QSqlError& error, const QString& what);

} // namespace perso::issuer::storage
