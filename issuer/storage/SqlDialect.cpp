// SPDX-License-Identifier: Apache-2.0
#include "issuer/storage/SqlDialect.h"

namespace perso::issuer::storage {

QString SqlDialect::schema(QString text) const
{
    text.replace(QLatin1String("${BLOB}"), isPostgres() ? QLatin1String("BYTEA") : QLatin1String("BLOB"));
    text.replace(QLatin1String("${INT64}"), QLatin1String("BIGINT"));
    return text;
}

QString SqlDialect::lockRow() const
{
    return isPostgres() ? QStringLiteral(" FOR UPDATE") : QString();
}

QString SqlDialect::pickFreeRow() const
{
    return isPostgres() ? QStringLiteral(" FOR UPDATE SKIP LOCKED") : QString();
}

QString SqlDialect::lockAuditChain() const
{
    return isPostgres() ? QStringLiteral("LOCK TABLE audit_head IN EXCLUSIVE MODE") : QString();
}

QString SqlDialect::begin() const
{
    return isPostgres() ? QStringLiteral("BEGIN") : QStringLiteral("BEGIN IMMEDIATE");
}

} // namespace perso::issuer::storage
