// SPDX-License-Identifier: Apache-2.0
#pragma once

// A thin layer over one QSqlDatabase connection: prepared statements with positional bindings,
// SQL errors mapped to IssuerError (public context only), and the value conversions every
// statement needs (bytes ↔ BLOB/BYTEA, optional ↔ NULL).

#include "issuer/common/IssuerError.h"
#include "issuer/common/Records.h"
#include "issuer/storage/SqlDialect.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariant>

#include <initializer_list>
#include <optional>

namespace perso::issuer::storage {

class Sql
{
public:
    Sql(QSqlDatabase db, const SqlDialect& dialect) : m_db(std::move(db)), m_dialect(&dialect) {}

    const SqlDialect& dialect() const { return *m_dialect; }
    QSqlDatabase& database() { return m_db; }

    // Prepares, binds and executes; the query is positioned before the first row.
    IssuerResult<QSqlQuery> exec(const QString& sql, std::initializer_list<QVariant> binds = {});
    IssuerResult<QSqlQuery> exec(const QString& sql, const QVariantList& binds);
    // Runs a statement that cannot be prepared (BEGIN, SAVEPOINT, COMMIT, LOCK, DDL).
    IssuerStatus command(const QString& sql);
    // Executes and returns the number of rows changed.
    IssuerResult<int> change(const QString& sql, std::initializer_list<QVariant> binds = {});
    // The first column of the first row, or an invalid QVariant when there is no row.
    IssuerResult<QVariant> scalar(const QString& sql, std::initializer_list<QVariant> binds = {});

private:
    QSqlDatabase m_db;
    const SqlDialect* m_dialect;
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
