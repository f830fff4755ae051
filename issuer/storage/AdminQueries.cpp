// SPDX-License-Identifier: Apache-2.0
#include "issuer/storage/AdminQueries.h"

#include "issuer/storage/Rows.h"
#include "issuer/storage/Validation.h"

namespace perso::issuer::storage {
namespace {

bool validLimit(int limit)
{
    return limit >= 1 && limit <= 100'000;
}

} // namespace

IssuerResult<std::vector<PoolStatus>> poolStatus(Sql& sql)
{
    std::vector<PoolStatus> out;
    for (const NumberKind kind : {NumberKind::Imsi, NumberKind::Msisdn}) {
        PoolStatus status;
        status.kind = kind;
        auto rows = sql.exec(QStringLiteral("SELECT state, COUNT(*) FROM number_pool WHERE kind = ? GROUP BY state"),
                             {static_cast<int>(kind)});
        if (!rows) {
            return rows.error();
        }
        while (rows.value().next()) {
            const int state = rows.value().value(0).toInt();
            const std::int64_t count = rows.value().value(1).toLongLong();
            if (state == 1) {
                status.free += count;
            } else {
                status.used += count; // used and retired: neither can be handed out
            }
        }
        out.push_back(status);
    }
    return out;
}

IssuerResult<std::vector<CardRecord>> listCards(Sql& sql, const CardFilter& filter)
{
    if (!validLimit(filter.limit)) {
        return invalid(QStringLiteral("limit must be 1..100000"));
    }
    QString statement = QStringLiteral("SELECT ") + kCardColumns + QStringLiteral(" FROM cards WHERE 1 = 1");
    QVariantList binds;
    if (filter.batchId) {
        statement += QStringLiteral(" AND batch_id = ?");
        binds << text(*filter.batchId);
    }
    if (filter.state) {
        statement += QStringLiteral(" AND state = ?");
        binds << static_cast<int>(*filter.state);
    }
    statement += QStringLiteral(" ORDER BY iccid LIMIT ?");
    binds << filter.limit;
    auto rows = sql.exec(statement, binds);
    if (!rows) {
        return rows.error();
    }
    std::vector<CardRecord> out;
    while (rows.value().next()) {
        out.push_back(cardFrom(rows.value()));
    }
    return out;
}

IssuerResult<std::vector<TransactionRecord>> listTransactions(Sql& sql, const TransactionFilter& filter)
{
    if (!validLimit(filter.limit)) {
        return invalid(QStringLiteral("limit must be 1..100000"));
    }
    QString statement =
        QStringLiteral("SELECT ") + kTransactionColumns + QStringLiteral(" FROM transactions WHERE 1 = 1");
    QVariantList binds;
    if (filter.state) {
        statement += QStringLiteral(" AND state = ?");
        binds << static_cast<int>(*filter.state);
    }
    if (filter.shopId) {
        statement += QStringLiteral(" AND shop_id = ?");
        binds << text(*filter.shopId);
    }
    if (filter.since) {
        statement += QStringLiteral(" AND created_at >= ?");
        binds << int64(*filter.since);
    }
    statement += QStringLiteral(" ORDER BY created_at, transaction_id LIMIT ?");
    binds << filter.limit;
    auto rows = sql.exec(statement, binds);
    if (!rows) {
        return rows.error();
    }
    std::vector<TransactionRecord> out;
    while (rows.value().next()) {
        out.push_back(transactionFrom(rows.value()));
    }
    return out;
}

IssuerResult<std::vector<SubscriberExportRow>> subscribersForExport(Sql& sql)
{
    // Every verified card with the profile of its latest verified transaction.
    auto rows = sql.exec(
        QStringLiteral("SELECT p.iccid, p.imsi, p.msisdn, p.wrapped_secrets, p.key_version FROM card_profiles p"
                       " JOIN transactions t ON t.transaction_id = p.transaction_id"
                       " JOIN cards c ON c.iccid = p.iccid"
                       " WHERE c.state = ? AND t.state = ? AND NOT EXISTS (SELECT 1 FROM card_profiles p2"
                       " JOIN transactions t2 ON t2.transaction_id = p2.transaction_id WHERE p2.iccid = p.iccid"
                       " AND t2.state = ? AND (p2.written_at > p.written_at OR (p2.written_at = p.written_at"
                       " AND t2.created_at > t.created_at))) ORDER BY p.iccid"),
        {static_cast<int>(CardState::Verified), static_cast<int>(wire::TransactionState::Verified),
         static_cast<int>(wire::TransactionState::Verified)});
    if (!rows) {
        return rows.error();
    }
    std::vector<SubscriberExportRow> out;
    while (rows.value().next()) {
        SubscriberExportRow row;
        row.iccid = rows.value().value(0).toString();
        row.imsi = rows.value().value(1).toString();
        row.msisdn = rows.value().value(2).toString();
        row.wrappedSecrets = toBytes(rows.value().value(3));
        row.keyVersion = static_cast<std::uint8_t>(rows.value().value(4).toInt());
        out.push_back(std::move(row));
    }
    return out;
}

} // namespace perso::issuer::storage
