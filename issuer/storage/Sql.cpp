// SPDX-License-Identifier: Apache-2.0
#include "issuer/storage/Sql.h"

#include <QSqlError>

namespace perso::issuer::storage {

IssuerError storageError(const QSqlError& error, const QString& what)
{
    // databaseText is the engine's one-line message (constraint names, no bound values).
    const auto code = error.type() == QSqlError::ConnectionError ? IssuerErrorCode::StorageUnavailable
                                                                 : IssuerErrorCode::StorageCorrupt;
    return makeIssuerError(code, QStringLiteral("%1 failed: %2").arg(what, error.databaseText().left(200)));
}

IssuerResult<Rows> Sql::exec(const QString& sql, const QVariantList& binds)
{
    if (!m_db.isOpen()) {
        return makeIssuerError(IssuerErrorCode::StorageUnavailable, QStringLiteral("database connection is closed"));
    }
    std::shared_ptr<QSqlQuery> query = m_cacheEnabled ? m_cache.value(sql) : nullptr;
    if (!query) {
        query = std::make_shared<QSqlQuery>(m_db);
        query->setForwardOnly(true);
        if (!query->prepare(sql)) {
            return storageError(query->lastError(), QStringLiteral("prepare"));
        }
        if (m_cacheEnabled) {
            m_cache.insert(sql, query);
        }
    }
    for (qsizetype i = 0; i < binds.size(); ++i) {
        query->bindValue(static_cast<int>(i), binds[i]);
    }
    if (!query->exec()) {
        return storageError(query->lastError(), QStringLiteral("statement"));
    }
    return Rows(std::move(query));
}

void Sql::finishAll()
{
    for (auto& query : m_cache) {
        query->finish();
    }
}

IssuerStatus Sql::command(const QString& sql)
{
    if (!m_db.isOpen()) {
        return makeIssuerError(IssuerErrorCode::StorageUnavailable, QStringLiteral("database connection is closed"));
    }
    QSqlQuery query(m_db);
    if (!query.exec(sql)) {
        return storageError(query.lastError(), QStringLiteral("command"));
    }
    return Ok{};
}

IssuerResult<Rows> Sql::exec(const QString& sql, std::initializer_list<QVariant> binds)
{
    return exec(sql, QVariantList(binds));
}

IssuerResult<int> Sql::change(const QString& sql, std::initializer_list<QVariant> binds)
{
    auto query = exec(sql, binds);
    if (!query) {
        return query.error();
    }
    return query.value().numRowsAffected();
}

IssuerResult<QVariant> Sql::scalar(const QString& sql, std::initializer_list<QVariant> binds)
{
    auto query = exec(sql, binds);
    if (!query) {
        return query.error();
    }
    if (!query.value().next()) {
        return QVariant();
    }
    return query.value().value(0);
}

QVariant blob(ByteView bytes)
{
    // A zero-length but non-null array, so that an empty value is stored as empty, not NULL.
    static const char empty = 0;
    const char* data = bytes.empty() ? &empty : reinterpret_cast<const char*>(bytes.data());
    return QVariant(QByteArray(data, static_cast<qsizetype>(bytes.size())));
}

QVariant text(const QString& value)
{
    return value.isNull() ? QVariant(QString(QLatin1String(""))) : QVariant(value);
}

QVariant optText(const std::optional<QString>& value)
{
    return value ? text(*value) : QVariant(QMetaType::fromType<QString>());
}

QVariant optBlob(const std::optional<Bytes>& value)
{
    return value ? blob(view(*value)) : QVariant(QMetaType::fromType<QByteArray>());
}

QVariant optInt(const std::optional<std::uint16_t>& value)
{
    return value ? QVariant(static_cast<int>(*value)) : QVariant(QMetaType::fromType<int>());
}

QVariant int64(std::int64_t value)
{
    return QVariant(static_cast<qlonglong>(value));
}

Bytes toBytes(const QVariant& value)
{
    const QByteArray raw = value.toByteArray();
    return Bytes(raw.begin(), raw.end());
}

std::optional<QString> toOptText(const QVariant& value)
{
    if (value.isNull()) {
        return std::nullopt;
    }
    return value.toString();
}

std::optional<Bytes> toOptBlob(const QVariant& value)
{
    if (value.isNull()) {
        return std::nullopt;
    }
    return toBytes(value);
}

std::optional<std::uint16_t> toOptU16(const QVariant& value)
{
    if (value.isNull()) {
        return std::nullopt;
    }
    return static_cast<std::uint16_t>(value.toInt());
}

} // namespace perso::issuer::storage
