// SPDX-License-Identifier: Apache-2.0
#include "issuer/storage/Registry.h"

#include "issuer/storage/Rows.h"
#include "issuer/storage/Validation.h"

#include <set>

namespace perso::issuer::storage {
namespace {

IssuerResult<bool> exists(Sql& sql, const QString& statement, std::initializer_list<QVariant> binds)
{
    auto found = sql.scalar(statement, binds);
    if (!found) {
        return found.error();
    }
    return found.value().isValid() && !found.value().isNull();
}

// Fails with `missing` unless the row exists.
IssuerStatus require(Sql& sql, const QString& statement, std::initializer_list<QVariant> binds, IssuerError missing)
{
    auto found = exists(sql, statement, binds);
    if (!found) {
        return found.error();
    }
    if (!found.value()) {
        return missing;
    }
    return Ok{};
}

// Fails with AlreadyExists if the row exists.
IssuerStatus refuseDuplicate(Sql& sql, const QString& statement, std::initializer_list<QVariant> binds,
                             const QString& what)
{
    auto found = exists(sql, statement, binds);
    if (!found) {
        return found.error();
    }
    if (found.value()) {
        return alreadyExists(QStringLiteral("%1 already exists").arg(what));
    }
    return Ok{};
}

IssuerStatus done(const IssuerResult<Rows>& result)
{
    return result ? IssuerStatus(Ok{}) : IssuerStatus(result.error());
}

QString hex(ByteView bytes)
{
    return QString::fromStdString(toHex(bytes));
}

} // namespace

IssuerStatus addRetailer(Sql& sql, const RetailerRecord& r)
{
    if (!isToken(r.retailerId, 32) || r.displayName.isEmpty() || r.displayName.size() > 64) {
        return invalid(QStringLiteral("retailer id must be a token of 1..32, display name 1..64 characters"));
    }
    if (auto d = refuseDuplicate(sql, QStringLiteral("SELECT 1 FROM retailers WHERE retailer_id = ?"),
                                 {text(r.retailerId)}, QStringLiteral("retailer %1").arg(r.retailerId));
        !d) {
        return d;
    }
    return done(sql.exec(QStringLiteral("INSERT INTO retailers (retailer_id, display_name) VALUES (?, ?)"),
                         {text(r.retailerId), text(r.displayName)}));
}

IssuerStatus addShop(Sql& sql, const ShopRecord& s)
{
    if (!isToken(s.shopId, 32) || s.address.size() > 200) {
        return invalid(QStringLiteral("shop id must be a token of 1..32, address at most 200 characters"));
    }
    if (auto r = require(sql, QStringLiteral("SELECT 1 FROM retailers WHERE retailer_id = ?"), {text(s.retailerId)},
                         notFound(QStringLiteral("no retailer %1").arg(s.retailerId)));
        !r) {
        return r;
    }
    if (auto d = refuseDuplicate(sql, QStringLiteral("SELECT 1 FROM shops WHERE shop_id = ?"), {text(s.shopId)},
                                 QStringLiteral("shop %1").arg(s.shopId));
        !d) {
        return d;
    }
    return done(sql.exec(QStringLiteral("INSERT INTO shops (shop_id, retailer_id, address) VALUES (?, ?, ?)"),
                         {text(s.shopId), text(s.retailerId), text(s.address)}));
}

IssuerStatus addRetailerCard(Sql& sql, const RetailerCardRecord& c)
{
    if (c.serial.empty() || c.serial.size() > 32 || c.keyVersion < 1 || c.keyVersion > 127 ||
        c.state != RetailerCardState::Active) {
        return invalid(QStringLiteral("retailer card: serial 1..32 bytes, key version 1..127, state active"));
    }
    auto shop = readShop(sql, c.shopId);
    if (!shop) {
        return shop.error();
    }
    if (!shop.value() || shop.value()->retailerId != c.retailerId) {
        return notFound(QStringLiteral("no shop %1 of retailer %2").arg(c.shopId, c.retailerId));
    }
    if (auto d = refuseDuplicate(sql, QStringLiteral("SELECT 1 FROM retailer_cards WHERE serial = ?"),
                                 {blob(view(c.serial))}, QStringLiteral("retailer card %1").arg(hex(view(c.serial))));
        !d) {
        return d;
    }
    return done(sql.exec(QStringLiteral("INSERT INTO retailer_cards (serial, kvn, retailer_id, shop_id, state)"
                                        " VALUES (?, ?, ?, ?, ?)"),
                         {blob(view(c.serial)), static_cast<int>(c.keyVersion), text(c.retailerId), text(c.shopId),
                          static_cast<int>(c.state)}));
}

IssuerStatus setRetailerCardState(Sql& sql, ByteView serial, RetailerCardState state)
{
    if (state != RetailerCardState::Active && state != RetailerCardState::Locked &&
        state != RetailerCardState::Revoked) {
        return invalid(QStringLiteral("unknown retailer card state"));
    }
    auto card = readRetailerCard(sql, serial, true);
    if (!card) {
        return card.error();
    }
    if (!card.value()) {
        return makeIssuerError(IssuerErrorCode::UnknownRetailerCard,
                               QStringLiteral("no retailer card %1").arg(hex(serial)));
    }
    if (card.value()->state == RetailerCardState::Revoked && state != RetailerCardState::Revoked) {
        return makeIssuerError(IssuerErrorCode::RetailerCardLocked,
                               QStringLiteral("retailer card %1 is revoked for good").arg(hex(serial)));
    }
    if (state == RetailerCardState::Active) { // an unlock forgets the failures that locked it
        if (auto cleared =
                sql.exec(QStringLiteral("DELETE FROM retailer_card_failures WHERE serial = ?"), {blob(serial)});
            !cleared) {
            return cleared.error();
        }
    }
    return done(sql.exec(QStringLiteral("UPDATE retailer_cards SET state = ? WHERE serial = ?"),
                         {static_cast<int>(state), blob(serial)}));
}

IssuerResult<int> recordFailedAuthentication(Sql& sql, ByteView serial, Timestamp now, int windowSeconds)
{
    if (windowSeconds < 0) {
        return invalid(QStringLiteral("negative window"));
    }
    auto card = readRetailerCard(sql, serial, true);
    if (!card) {
        return card.error();
    }
    if (!card.value()) {
        return makeIssuerError(IssuerErrorCode::UnknownRetailerCard,
                               QStringLiteral("no retailer card %1").arg(hex(serial)));
    }
    if (auto added = sql.exec(QStringLiteral("INSERT INTO retailer_card_failures (serial, at) VALUES (?, ?)"),
                              {blob(serial), int64(now)});
        !added) {
        return added.error();
    }
    auto count = sql.scalar(QStringLiteral("SELECT COUNT(*) FROM retailer_card_failures WHERE serial = ?"
                                           " AND at >= ? AND at <= ?"),
                            {blob(serial), int64(now - windowSeconds), int64(now)});
    if (!count) {
        return count.error();
    }
    return count.value().toInt();
}

IssuerStatus registerTerminal(Sql& sql, const TerminalRecord& t)
{
    if (!isToken(t.terminalId, 32) || t.tampered) {
        return invalid(QStringLiteral("terminal id must be a token of 1..32 and a new terminal untampered"));
    }
    if (auto s = require(sql, QStringLiteral("SELECT 1 FROM shops WHERE shop_id = ?"), {text(t.shopId)},
                         notFound(QStringLiteral("no shop %1").arg(t.shopId)));
        !s) {
        return s;
    }
    if (auto d = refuseDuplicate(sql, QStringLiteral("SELECT 1 FROM terminals WHERE terminal_id = ?"),
                                 {text(t.terminalId)}, QStringLiteral("terminal %1").arg(t.terminalId));
        !d) {
        return d;
    }
    return done(sql.exec(QStringLiteral("INSERT INTO terminals (terminal_id, shop_id, tampered) VALUES (?, ?, 0)"),
                         {text(t.terminalId), text(t.shopId)}));
}

IssuerStatus setTerminalTampered(Sql& sql, const QString& terminalId, bool tampered)
{
    auto changed = sql.change(QStringLiteral("UPDATE terminals SET tampered = ? WHERE terminal_id = ?"),
                              {tampered ? 1 : 0, text(terminalId)});
    if (!changed) {
        return changed.error();
    }
    if (changed.value() != 1) {
        return makeIssuerError(IssuerErrorCode::UnknownTerminal, QStringLiteral("no terminal %1").arg(terminalId));
    }
    return Ok{};
}

IssuerStatus addBatch(Sql& sql, const BatchRecord& b, const QStringList& iccids)
{
    if (!isToken(b.batchId, 32) || b.wrappedBatchKey.empty() || b.wrappedBatchKey.size() > 256 ||
        b.manufacturer.size() > 64 || iccids.isEmpty() || iccids.size() > 1'000'000) {
        return invalid(
            QStringLiteral("batch: id a token of 1..32, a wrapped key, manufacturer ..64, 1..1000000 cards"));
    }
    std::set<QString> seen;
    for (const auto& iccid : iccids) {
        if (!isIccid(iccid) || !seen.insert(iccid).second) {
            return invalid(QStringLiteral("batch %1: malformed or repeated ICCID %2").arg(b.batchId, iccid));
        }
    }
    if (auto d = refuseDuplicate(sql, QStringLiteral("SELECT 1 FROM batches WHERE batch_id = ?"), {text(b.batchId)},
                                 QStringLiteral("batch %1").arg(b.batchId));
        !d) {
        return d;
    }
    if (auto inserted = sql.exec(QStringLiteral("INSERT INTO batches (batch_id, wrapped_key, key_version, manufacturer,"
                                                " created_at) VALUES (?, ?, ?, ?, ?)"),
                                 {text(b.batchId), blob(view(b.wrappedBatchKey)), static_cast<int>(b.keyVersion),
                                  text(b.manufacturer), int64(b.createdAt)});
        !inserted) {
        return inserted.error();
    }
    for (const auto& iccid : iccids) {
        if (auto d = refuseDuplicate(sql, QStringLiteral("SELECT 1 FROM cards WHERE iccid = ?"), {text(iccid)},
                                     QStringLiteral("card %1").arg(iccid));
            !d) {
            return d;
        }
        if (auto card = sql.exec(QStringLiteral("INSERT INTO cards (iccid, batch_id, state) VALUES (?, ?, ?)"),
                                 {text(iccid), text(b.batchId), static_cast<int>(CardState::InStock)});
            !card) {
            return card.error();
        }
    }
    return Ok{};
}

IssuerStatus addNumberRange(Sql& sql, NumberKind kind, const QString& first, std::int64_t count)
{
    const bool imsi = kind == NumberKind::Imsi;
    if ((kind != NumberKind::Imsi && kind != NumberKind::Msisdn) || (imsi ? !isImsi(first) : !isMsisdn(first)) ||
        count < 1 || count > 1'000'000) {
        return invalid(QStringLiteral("number range: IMSI 15 digits or MSISDN E.164 digits, count 1..1000000"));
    }
    const qulonglong start = first.toULongLong();
    const auto width = static_cast<int>(first.size());
    auto numberAt = [&](std::int64_t i) {
        return QStringLiteral("%1").arg(start + static_cast<qulonglong>(i), width, 10, QLatin1Char('0'));
    };
    const QString last = numberAt(count - 1);
    if (last.size() != first.size()) {
        return invalid(QStringLiteral("number range %1 + %2 overflows its digits").arg(first).arg(count));
    }
    auto overlap = sql.scalar(QStringLiteral("SELECT COUNT(*) FROM number_pool WHERE kind = ? AND number >= ?"
                                             " AND number <= ? AND LENGTH(number) = ?"),
                              {static_cast<int>(kind), text(first), text(last), static_cast<int>(first.size())});
    if (!overlap) {
        return overlap.error();
    }
    if (overlap.value().toLongLong() != 0) {
        return alreadyExists(
            QStringLiteral("number range %1..%2 overlaps numbers already in the pool").arg(first, last));
    }
    for (std::int64_t i = 0; i < count; ++i) {
        const QString number = numberAt(i);
        if (auto added = sql.exec(QStringLiteral("INSERT INTO number_pool (kind, number, state) VALUES (?, ?, 1)"),
                                  {static_cast<int>(kind), number});
            !added) {
            return added.error();
        }
    }
    return Ok{};
}

IssuerStatus addSubscriber(Sql& sql, const SubscriberRecord& s)
{
    if (!isToken(s.customerReference, 64) || s.customerKey.empty() || s.customerKey.size() > 64 ||
        s.sealedDetails.size() > 65536 || s.planCode.size() > 64 || !isToken(s.shopId, 32)) {
        return invalid(QStringLiteral("subscriber: reference a token of 1..64, a customer key, plan ..64, shop id"));
    }
    if (auto d = refuseDuplicate(sql, QStringLiteral("SELECT 1 FROM subscribers WHERE customer_ref = ?"),
                                 {text(s.customerReference)}, QStringLiteral("subscriber %1").arg(s.customerReference));
        !d) {
        return d;
    }
    return done(
        sql.exec(QStringLiteral("INSERT INTO subscribers (customer_ref, customer_key, sealed_details, plan_code,"
                                " decision, reason_code, shop_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                 {text(s.customerReference), blob(view(s.customerKey)), blob(view(s.sealedDetails)), text(s.planCode),
                  static_cast<int>(s.decision), static_cast<int>(s.reasonCode), text(s.shopId), int64(s.createdAt)}));
}

IssuerStatus addToDenyList(Sql& sql, ByteView customerKey, Timestamp now)
{
    if (customerKey.empty() || customerKey.size() > 64) {
        return invalid(QStringLiteral("customer key must be 1..64 bytes"));
    }
    if (auto d = refuseDuplicate(sql, QStringLiteral("SELECT 1 FROM deny_list WHERE customer_key = ?"),
                                 {blob(customerKey)}, QStringLiteral("deny-list entry"));
        !d) {
        return d;
    }
    return done(sql.exec(QStringLiteral("INSERT INTO deny_list (customer_key, added_at) VALUES (?, ?)"),
                         {blob(customerKey), int64(now)}));
}

} // namespace perso::issuer::storage
