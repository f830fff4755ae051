// SPDX-License-Identifier: Apache-2.0
#include "issuer/storage/Rows.h"

namespace perso::issuer::storage {

const QString kCardColumns = QStringLiteral("iccid, batch_id, state, imsi, msisdn, customer_ref, transaction_id");
const QString kTransactionColumns =
    QStringLiteral("transaction_id, session_id, operation, state, iccid, customer_ref, shop_id, terminal_id, imsi,"
                   " msisdn, package, failing_step, reason_code, receipt, created_at, updated_at");

namespace {

template <typename T, typename Map>
IssuerResult<std::optional<T>> one(Sql& sql, const QString& statement, std::initializer_list<QVariant> binds, Map map)
{
    auto rows = sql.exec(statement, binds);
    if (!rows) {
        return rows.error();
    }
    if (!rows.value().next()) {
        return std::optional<T>();
    }
    return std::optional<T>(map(rows.value()));
}

QString locked(Sql& sql, bool lock)
{
    return lock ? sql.dialect().lockRow() : QString();
}

} // namespace

CardRecord cardFrom(const QSqlQuery& row)
{
    CardRecord card;
    card.iccid = row.value(0).toString();
    card.batchId = row.value(1).toString();
    card.state = static_cast<CardState>(row.value(2).toInt());
    card.imsi = toOptText(row.value(3));
    card.msisdn = toOptText(row.value(4));
    card.customerReference = toOptText(row.value(5));
    card.transactionId = toOptBlob(row.value(6));
    return card;
}

TransactionRecord transactionFrom(const QSqlQuery& row)
{
    TransactionRecord t;
    t.transactionId = toBytes(row.value(0));
    t.sessionId = toBytes(row.value(1));
    t.operation = static_cast<wire::Operation>(row.value(2).toInt());
    t.state = static_cast<wire::TransactionState>(row.value(3).toInt());
    t.iccid = row.value(4).toString();
    t.customerReference = row.value(5).toString();
    t.shopId = row.value(6).toString();
    t.terminalId = row.value(7).toString();
    t.imsi = row.value(8).toString();
    t.msisdn = row.value(9).toString();
    t.package = toBytes(row.value(10));
    t.failingStep = toOptU16(row.value(11));
    t.reasonCode = toOptU16(row.value(12));
    t.receipt = toOptBlob(row.value(13));
    t.createdAt = row.value(14).toLongLong();
    t.updatedAt = row.value(15).toLongLong();
    return t;
}

IssuerResult<std::optional<RetailerRecord>> readRetailer(Sql& sql, const QString& retailerId)
{
    return one<RetailerRecord>(sql,
                               QStringLiteral("SELECT retailer_id, display_name FROM retailers WHERE retailer_id = ?"),
                               {text(retailerId)}, [](const QSqlQuery& row) {
                                   return RetailerRecord{row.value(0).toString(), row.value(1).toString()};
                               });
}

IssuerResult<std::optional<ShopRecord>> readShop(Sql& sql, const QString& shopId)
{
    return one<ShopRecord>(
        sql, QStringLiteral("SELECT shop_id, retailer_id, address FROM shops WHERE shop_id = ?"), {text(shopId)},
        [](const QSqlQuery& row) {
            return ShopRecord{row.value(0).toString(), row.value(1).toString(), row.value(2).toString()};
        });
}

IssuerResult<std::optional<RetailerCardRecord>> readRetailerCard(Sql& sql, ByteView serial, bool lock)
{
    return one<RetailerCardRecord>(
        sql,
        QStringLiteral("SELECT serial, kvn, retailer_id, shop_id, state FROM retailer_cards WHERE serial = ?") +
            locked(sql, lock),
        {blob(serial)}, [](const QSqlQuery& row) {
            RetailerCardRecord card;
            card.serial = toBytes(row.value(0));
            card.keyVersion = static_cast<std::uint8_t>(row.value(1).toInt());
            card.retailerId = row.value(2).toString();
            card.shopId = row.value(3).toString();
            card.state = static_cast<RetailerCardState>(row.value(4).toInt());
            return card;
        });
}

IssuerResult<std::optional<TerminalRecord>> readTerminal(Sql& sql, const QString& terminalId, bool lock)
{
    return one<TerminalRecord>(
        sql,
        QStringLiteral("SELECT terminal_id, shop_id, tampered FROM terminals WHERE terminal_id = ?") +
            locked(sql, lock),
        {text(terminalId)}, [](const QSqlQuery& row) {
            return TerminalRecord{row.value(0).toString(), row.value(1).toString(), row.value(2).toInt() != 0};
        });
}

IssuerResult<std::optional<BatchRecord>> readBatch(Sql& sql, const QString& batchId)
{
    return one<BatchRecord>(
        sql,
        QStringLiteral(
            "SELECT batch_id, wrapped_key, key_version, manufacturer, created_at FROM batches WHERE batch_id = ?"),
        {text(batchId)}, [](const QSqlQuery& row) {
            BatchRecord batch;
            batch.batchId = row.value(0).toString();
            batch.wrappedBatchKey = toBytes(row.value(1));
            batch.keyVersion = static_cast<std::uint8_t>(row.value(2).toInt());
            batch.manufacturer = row.value(3).toString();
            batch.createdAt = row.value(4).toLongLong();
            return batch;
        });
}

IssuerResult<std::optional<CardRecord>> readCard(Sql& sql, const QString& iccid, bool lock)
{
    return one<CardRecord>(sql,
                           QStringLiteral("SELECT ") + kCardColumns + QStringLiteral(" FROM cards WHERE iccid = ?") +
                               locked(sql, lock),
                           {text(iccid)}, cardFrom);
}

IssuerResult<std::optional<SubscriberRecord>> readSubscriber(Sql& sql, const QString& customerReference)
{
    return one<SubscriberRecord>(
        sql,
        QStringLiteral("SELECT customer_ref, customer_key, sealed_details, plan_code, decision, reason_code, shop_id,"
                       " created_at FROM subscribers WHERE customer_ref = ?"),
        {text(customerReference)}, [](const QSqlQuery& row) {
            SubscriberRecord s;
            s.customerReference = row.value(0).toString();
            s.customerKey = toBytes(row.value(1));
            s.sealedDetails = toBytes(row.value(2));
            s.planCode = row.value(3).toString();
            s.decision = static_cast<wire::Decision>(row.value(4).toInt());
            s.reasonCode = static_cast<std::uint16_t>(row.value(5).toInt());
            s.shopId = row.value(6).toString();
            s.createdAt = row.value(7).toLongLong();
            return s;
        });
}

IssuerResult<std::optional<TransactionRecord>> readTransaction(Sql& sql, ByteView transactionId, bool lock)
{
    return one<TransactionRecord>(sql,
                                  QStringLiteral("SELECT ") + kTransactionColumns +
                                      QStringLiteral(" FROM transactions WHERE transaction_id = ?") + locked(sql, lock),
                                  {blob(transactionId)}, transactionFrom);
}

IssuerResult<std::optional<CardProfileRecord>> readCardProfile(Sql& sql, const QString& iccid)
{
    const int verified = static_cast<int>(wire::TransactionState::Verified);
    return one<CardProfileRecord>(
        sql,
        QStringLiteral("SELECT p.iccid, p.imsi, p.msisdn, p.spn, p.plan_code, p.wrapped_secrets, p.key_version, p.sqn,"
                       " p.written_at FROM card_profiles p JOIN transactions t ON t.transaction_id = p.transaction_id"
                       " WHERE p.iccid = ? ORDER BY CASE WHEN t.state = ? THEN 0 ELSE 1 END, p.written_at DESC,"
                       " t.created_at DESC LIMIT 1"),
        {text(iccid), verified}, [](const QSqlQuery& row) {
            CardProfileRecord p;
            p.iccid = row.value(0).toString();
            p.imsi = row.value(1).toString();
            p.msisdn = row.value(2).toString();
            p.spn = row.value(3).toString();
            p.planCode = row.value(4).toString();
            p.wrappedSecrets = toBytes(row.value(5));
            p.keyVersion = static_cast<std::uint8_t>(row.value(6).toInt());
            p.sqn = static_cast<std::uint64_t>(row.value(7).toLongLong());
            p.writtenAt = row.value(8).toLongLong();
            return p;
        });
}

IssuerResult<int> countCardsForCustomer(Sql& sql, ByteView customerKey, Timestamp since)
{
    auto count = sql.scalar(
        QStringLiteral("SELECT COUNT(DISTINCT t.iccid) FROM transactions t JOIN subscribers s"
                       " ON s.customer_ref = t.customer_ref WHERE s.customer_key = ? AND t.operation = ?"
                       " AND t.created_at >= ? AND t.state IN (?, ?)"),
        {blob(customerKey), static_cast<int>(wire::Operation::New), int64(since),
         static_cast<int>(wire::TransactionState::PackageIssued), static_cast<int>(wire::TransactionState::Verified)});
    if (!count) {
        return count.error();
    }
    return count.value().toInt();
}

IssuerResult<bool> isDenied(Sql& sql, ByteView customerKey)
{
    auto found = sql.scalar(QStringLiteral("SELECT 1 FROM deny_list WHERE customer_key = ?"), {blob(customerKey)});
    if (!found) {
        return found.error();
    }
    return found.value().isValid() && !found.value().isNull();
}

} // namespace perso::issuer::storage
