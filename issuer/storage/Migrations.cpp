// SPDX-License-Identifier: Apache-2.0
#include "issuer/storage/Migrations.h"

#include <QStringList>

namespace perso::issuer::storage {
namespace {

// Migration 1: the initial schema. Portable SQL; ${BLOB} and ${INT64} come from SqlDialect.
// Numbers of enum values are the enumerators of Records.h / wire::*. Times are Unix seconds.
const QStringList& migration1()
{
    static const QStringList statements = {
        QStringLiteral("CREATE TABLE retailers (retailer_id TEXT PRIMARY KEY, display_name TEXT NOT NULL)"),
        QStringLiteral("CREATE TABLE shops (shop_id TEXT PRIMARY KEY,"
                       " retailer_id TEXT NOT NULL REFERENCES retailers (retailer_id), address TEXT NOT NULL)"),
        QStringLiteral("CREATE TABLE retailer_cards (serial ${BLOB} PRIMARY KEY, kvn INTEGER NOT NULL,"
                       " retailer_id TEXT NOT NULL REFERENCES retailers (retailer_id),"
                       " shop_id TEXT NOT NULL REFERENCES shops (shop_id), state INTEGER NOT NULL)"),
        QStringLiteral(
            "CREATE TABLE retailer_card_failures (serial ${BLOB} NOT NULL REFERENCES retailer_cards (serial),"
            " at ${INT64} NOT NULL)"),
        QStringLiteral("CREATE INDEX retailer_card_failures_by_serial ON retailer_card_failures (serial, at)"),
        QStringLiteral("CREATE TABLE terminals (terminal_id TEXT PRIMARY KEY,"
                       " shop_id TEXT NOT NULL REFERENCES shops (shop_id), tampered INTEGER NOT NULL)"),
        QStringLiteral("CREATE TABLE batches (batch_id TEXT PRIMARY KEY, wrapped_key ${BLOB} NOT NULL,"
                       " key_version INTEGER NOT NULL, manufacturer TEXT NOT NULL, created_at ${INT64} NOT NULL)"),
        QStringLiteral(
            "CREATE TABLE cards (iccid TEXT PRIMARY KEY, batch_id TEXT NOT NULL REFERENCES batches (batch_id),"
            " state INTEGER NOT NULL, imsi TEXT, msisdn TEXT, customer_ref TEXT, transaction_id ${BLOB})"),
        QStringLiteral("CREATE INDEX cards_by_batch ON cards (batch_id, iccid)"),
        QStringLiteral("CREATE TABLE subscribers (customer_ref TEXT PRIMARY KEY, customer_key ${BLOB} NOT NULL,"
                       " sealed_details ${BLOB} NOT NULL, plan_code TEXT NOT NULL, decision INTEGER NOT NULL,"
                       " reason_code INTEGER NOT NULL, shop_id TEXT NOT NULL, created_at ${INT64} NOT NULL)"),
        QStringLiteral("CREATE INDEX subscribers_by_key ON subscribers (customer_key)"),
        QStringLiteral("CREATE TABLE deny_list (customer_key ${BLOB} PRIMARY KEY, added_at ${INT64} NOT NULL)"),
        // One row per number; state 1 free, 2 used, 3 retired.
        QStringLiteral("CREATE TABLE number_pool (kind INTEGER NOT NULL, number TEXT NOT NULL, state INTEGER NOT NULL,"
                       " transaction_id ${BLOB}, PRIMARY KEY (kind, number))"),
        QStringLiteral("CREATE INDEX number_pool_free ON number_pool (kind, state, number)"),
        QStringLiteral("CREATE TABLE transactions (transaction_id ${BLOB} PRIMARY KEY, session_id ${BLOB} NOT NULL,"
                       " operation INTEGER NOT NULL, state INTEGER NOT NULL,"
                       " iccid TEXT NOT NULL REFERENCES cards (iccid),"
                       " customer_ref TEXT NOT NULL REFERENCES subscribers (customer_ref), shop_id TEXT NOT NULL,"
                       " terminal_id TEXT NOT NULL, imsi TEXT NOT NULL, msisdn TEXT NOT NULL, package ${BLOB},"
                       " failing_step INTEGER, reason_code INTEGER, receipt ${BLOB}, created_at ${INT64} NOT NULL,"
                       " updated_at ${INT64} NOT NULL)"),
        QStringLiteral("CREATE INDEX transactions_by_session ON transactions (session_id, state)"),
        QStringLiteral("CREATE INDEX transactions_by_customer ON transactions (customer_ref, created_at)"),
        QStringLiteral("CREATE INDEX transactions_by_card ON transactions (iccid, created_at)"),
        // One profile per transaction that wrote a card; the card's current profile is its latest
        // verified one (SqlStore::cardProfile).
        QStringLiteral("CREATE TABLE card_profiles (transaction_id ${BLOB} PRIMARY KEY"
                       " REFERENCES transactions (transaction_id), iccid TEXT NOT NULL REFERENCES cards (iccid),"
                       " imsi TEXT NOT NULL, msisdn TEXT NOT NULL, spn TEXT NOT NULL, plan_code TEXT NOT NULL,"
                       " wrapped_secrets ${BLOB} NOT NULL, key_version INTEGER NOT NULL, sqn ${INT64} NOT NULL,"
                       " written_at ${INT64} NOT NULL)"),
        QStringLiteral("CREATE INDEX card_profiles_by_card ON card_profiles (iccid, written_at)"),
        QStringLiteral("CREATE TABLE audit_log (sequence ${INT64} PRIMARY KEY, kind TEXT NOT NULL, actor TEXT NOT NULL,"
                       " subject TEXT NOT NULL, detail TEXT NOT NULL, at ${INT64} NOT NULL,"
                       " previous_hash ${BLOB} NOT NULL, hash ${BLOB} NOT NULL)"),
        // The chain's head, updated with every append, so that a deleted last row is detected too.
        QStringLiteral("CREATE TABLE audit_head (id INTEGER PRIMARY KEY, sequence ${INT64} NOT NULL,"
                       " hash ${BLOB} NOT NULL)"),
    };
    return statements;
}

IssuerResult<int> currentVersion(Sql& sql)
{
    auto created = sql.command(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"));
    if (!created) {
        return created.error();
    }
    auto version = sql.scalar(QStringLiteral("SELECT MAX(version) FROM schema_version"));
    if (!version) {
        return version.error();
    }
    return version.value().isNull() ? 0 : version.value().toInt();
}

} // namespace

IssuerStatus migrate(WriteQueue& writer)
{
    const std::vector<const QStringList*> migrations = {&migration1()};
    static_assert(kSchemaVersion == 1, "add the new migration to the list above");
    for (int target = 1; target <= kSchemaVersion; ++target) {
        auto status = writer.run([&](Sql& sql) -> IssuerStatus {
            auto version = currentVersion(sql);
            if (!version) {
                return version.error();
            }
            if (version.value() > kSchemaVersion) {
                return makeIssuerError(IssuerErrorCode::StorageCorrupt,
                                       QStringLiteral("database schema v%1 is newer than this build (v%2)")
                                           .arg(version.value())
                                           .arg(kSchemaVersion));
            }
            if (version.value() >= target) {
                return Ok{};
            }
            for (const auto& statement : *migrations[static_cast<std::size_t>(target - 1)]) {
                if (auto done = sql.command(sql.dialect().schema(statement)); !done) {
                    return done;
                }
            }
            auto bumped = sql.exec(QStringLiteral("INSERT INTO schema_version (version) VALUES (?)"), {target});
            if (!bumped) {
                return bumped.error();
            }
            return Ok{};
        });
        if (!status) {
            return status;
        }
    }
    return Ok{};
}

} // namespace perso::issuer::storage
