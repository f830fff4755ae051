// SPDX-License-Identifier: Apache-2.0
#include "issuer/storage/Transactions.h"

#include "issuer/storage/Rows.h"
#include "issuer/storage/Validation.h"

namespace perso::issuer::storage {
namespace {

using wire::TransactionState;

constexpr int kFree = 1;
constexpr int kUsed = 2;
constexpr int kRetired = 3;

IssuerError error(IssuerErrorCode code, const QString& message)
{
    return makeIssuerError(code, message);
}

QString hex(ByteView bytes)
{
    return QString::fromStdString(toHex(bytes));
}

// Takes the lowest free number of a pool for the transaction.
IssuerResult<QString> takeNumber(Sql& sql, NumberKind kind, ByteView transactionId)
{
    auto picked = sql.scalar(QStringLiteral("SELECT number FROM number_pool WHERE kind = ? AND state = ?"
                                            " ORDER BY number LIMIT 1") +
                                 sql.dialect().pickFreeRow(),
                             {static_cast<int>(kind), kFree});
    if (!picked) {
        return picked.error();
    }
    if (!picked.value().isValid() || picked.value().isNull()) {
        return error(IssuerErrorCode::PoolExhausted,
                     kind == NumberKind::Imsi ? QStringLiteral("no IMSI left") : QStringLiteral("no MSISDN left"));
    }
    const QString number = picked.value().toString();
    auto taken = sql.change(QStringLiteral("UPDATE number_pool SET state = ?, transaction_id = ?"
                                           " WHERE kind = ? AND number = ? AND state = ?"),
                            {kUsed, blob(transactionId), static_cast<int>(kind), number, kFree});
    if (!taken) {
        return taken.error();
    }
    if (taken.value() != 1) {
        return error(IssuerErrorCode::StorageCorrupt, QStringLiteral("a free number changed under the writer"));
    }
    return number;
}

IssuerResult<Allocation> complete(Sql& sql, TransactionRecord transaction, bool fresh)
{
    Allocation allocation;
    allocation.fresh = fresh;
    auto card = readCard(sql, transaction.iccid);
    if (!card) {
        return card.error();
    }
    if (!card.value()) {
        return error(IssuerErrorCode::StorageCorrupt, QStringLiteral("transaction without its card"));
    }
    allocation.card = *card.value();
    auto batch = readBatch(sql, allocation.card.batchId);
    if (!batch) {
        return batch.error();
    }
    if (!batch.value()) {
        return error(IssuerErrorCode::StorageCorrupt, QStringLiteral("card without its batch"));
    }
    allocation.batch = *batch.value();
    if (transaction.operation == wire::Operation::Modify) {
        auto previous = readCardProfile(sql, transaction.iccid);
        if (!previous) {
            return previous.error();
        }
        allocation.previousProfile = previous.value();
    }
    allocation.transaction = std::move(transaction);
    return allocation;
}

IssuerStatus validate(const AllocationRequest& r)
{
    if (r.transactionId.size() != 16 || r.sessionId.size() != 16) {
        return invalid(QStringLiteral("transaction and session ids are 16 bytes"));
    }
    if (r.operation != wire::Operation::New && r.operation != wire::Operation::Modify) {
        return invalid(QStringLiteral("unknown operation"));
    }
    if (!isIccid(r.iccid) || !isToken(r.customerReference, 64) || !isToken(r.shopId, 32) ||
        !isToken(r.terminalId, 32)) {
        return invalid(QStringLiteral("malformed ICCID, customer reference, shop or terminal id"));
    }
    return Ok{};
}

bool isEnd(TransactionState state)
{
    return state == TransactionState::Verified || state == TransactionState::Failed ||
           state == TransactionState::FailedUnverified || state == TransactionState::Voided;
}

} // namespace

IssuerResult<Allocation> allocate(Sql& sql, const AllocationRequest& request)
{
    if (auto valid = validate(request); !valid) {
        return valid.error();
    }
    auto existing = readTransaction(sql, view(request.transactionId), true);
    if (!existing) {
        return existing.error();
    }
    if (existing.value()) {
        const TransactionRecord& t = *existing.value();
        if (t.sessionId != request.sessionId || t.iccid != request.iccid || t.operation != request.operation) {
            return error(IssuerErrorCode::TransactionConflict,
                         QStringLiteral("transaction %1 was used for another session, card or operation")
                             .arg(hex(view(request.transactionId))));
        }
        return complete(sql, t, false);
    }
    auto card = readCard(sql, request.iccid, true);
    if (!card) {
        return card.error();
    }
    if (!card.value()) {
        return error(IssuerErrorCode::UnknownCard, QStringLiteral("ICCID %1 is in no batch").arg(request.iccid));
    }
    auto subscriber = readSubscriber(sql, request.customerReference);
    if (!subscriber) {
        return subscriber.error();
    }
    if (!subscriber.value() || subscriber.value()->decision != wire::Decision::Approved) {
        return error(IssuerErrorCode::UnknownCustomer,
                     QStringLiteral("customer %1 is unknown or not approved").arg(request.customerReference));
    }
    TransactionRecord t;
    t.transactionId = request.transactionId;
    t.sessionId = request.sessionId;
    t.operation = request.operation;
    t.state = TransactionState::PackageIssued;
    t.iccid = request.iccid;
    t.customerReference = request.customerReference;
    t.shopId = request.shopId;
    t.terminalId = request.terminalId;
    t.createdAt = request.now;
    t.updatedAt = request.now;
    const CardRecord& c = *card.value();
    if (request.operation == wire::Operation::New) {
        if (c.state != CardState::InStock) {
            return error(IssuerErrorCode::CardNotAvailable, QStringLiteral("card %1 is not in stock").arg(c.iccid));
        }
        auto imsi = takeNumber(sql, NumberKind::Imsi, view(request.transactionId));
        if (!imsi) {
            return imsi.error();
        }
        auto msisdn = takeNumber(sql, NumberKind::Msisdn, view(request.transactionId));
        if (!msisdn) {
            return msisdn.error();
        }
        t.imsi = imsi.value();
        t.msisdn = msisdn.value();
    } else {
        // The card belongs to the customer when its subscriber record has the same customer key
        // (a later visit is assessed again, under a new customer reference).
        std::optional<SubscriberRecord> owner;
        if (c.customerReference) {
            auto found = readSubscriber(sql, *c.customerReference);
            if (!found) {
                return found.error();
            }
            owner = found.value();
        }
        if (c.state != CardState::Verified || !owner || owner->customerKey != subscriber.value()->customerKey ||
            !c.imsi || !c.msisdn) {
            return error(IssuerErrorCode::CardNotAvailable,
                         QStringLiteral("card %1 is not a verified card of this customer").arg(c.iccid));
        }
        auto open = sql.scalar(QStringLiteral("SELECT COUNT(*) FROM transactions WHERE iccid = ? AND state = ?"),
                               {text(c.iccid), static_cast<int>(TransactionState::PackageIssued)});
        if (!open) {
            return open.error();
        }
        if (open.value().toInt() != 0) {
            return error(IssuerErrorCode::CardNotAvailable,
                         QStringLiteral("card %1 has a transaction in progress").arg(c.iccid));
        }
        t.imsi = *c.imsi;
        t.msisdn = *c.msisdn;
    }
    auto inserted =
        sql.exec(QStringLiteral("INSERT INTO transactions (") + kTransactionColumns +
                     QStringLiteral(") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                 {blob(view(t.transactionId)), blob(view(t.sessionId)), static_cast<int>(t.operation),
                  static_cast<int>(t.state), text(t.iccid), text(t.customerReference), text(t.shopId),
                  text(t.terminalId), text(t.imsi), text(t.msisdn), blob(view(t.package)), optInt(t.failingStep),
                  optInt(t.reasonCode), optBlob(t.receipt), int64(t.createdAt), int64(t.updatedAt)});
    if (!inserted) {
        return inserted.error();
    }
    const int newState = static_cast<int>(request.operation == wire::Operation::New ? CardState::Allocated : c.state);
    auto updated = sql.change(QStringLiteral("UPDATE cards SET state = ?, imsi = ?, msisdn = ?, customer_ref = ?,"
                                             " transaction_id = ? WHERE iccid = ? AND state = ?"),
                              {newState, text(t.imsi), text(t.msisdn), text(t.customerReference),
                               blob(view(t.transactionId)), text(t.iccid), static_cast<int>(c.state)});
    if (!updated) {
        return updated.error();
    }
    if (updated.value() != 1) {
        return error(IssuerErrorCode::CardNotAvailable, QStringLiteral("card %1 changed state").arg(c.iccid));
    }
    return complete(sql, std::move(t), true);
}

IssuerStatus recordPackage(Sql& sql, ByteView transactionId, ByteView package, const CardProfileRecord& profile,
                           Timestamp now)
{
    auto found = readTransaction(sql, transactionId, true);
    if (!found) {
        return found.error();
    }
    if (!found.value()) {
        return error(IssuerErrorCode::UnknownTransaction, QStringLiteral("no transaction %1").arg(hex(transactionId)));
    }
    const TransactionRecord& t = *found.value();
    if (package.empty() || profile.iccid != t.iccid || profile.imsi != t.imsi || profile.msisdn != t.msisdn ||
        profile.wrappedSecrets.empty() || profile.spn.size() > 64 || profile.planCode.size() > 64) {
        return invalid(QStringLiteral("the package or profile does not match transaction %1").arg(hex(transactionId)));
    }
    if (t.state != TransactionState::PackageIssued) {
        return error(IssuerErrorCode::TransactionConflict,
                     QStringLiteral("transaction %1 has already ended").arg(hex(transactionId)));
    }
    if (!t.package.empty()) {
        if (Bytes(package.begin(), package.end()) == t.package) {
            return Ok{}; // the same package again
        }
        return error(IssuerErrorCode::TransactionConflict,
                     QStringLiteral("transaction %1 already has another package").arg(hex(transactionId)));
    }
    auto stored =
        sql.exec(QStringLiteral("UPDATE transactions SET package = ?, updated_at = ? WHERE transaction_id = ?"),
                 {blob(package), int64(now), blob(transactionId)});
    if (!stored) {
        return stored.error();
    }
    auto profiled =
        sql.exec(QStringLiteral("INSERT INTO card_profiles (transaction_id, iccid, imsi, msisdn, spn,"
                                " plan_code, wrapped_secrets, key_version, sqn, written_at)"
                                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                 {blob(transactionId), text(profile.iccid), text(profile.imsi), text(profile.msisdn), text(profile.spn),
                  text(profile.planCode), blob(view(profile.wrappedSecrets)), static_cast<int>(profile.keyVersion),
                  int64(static_cast<std::int64_t>(profile.sqn)), int64(profile.writtenAt)});
    if (!profiled) {
        return profiled.error();
    }
    return Ok{};
}

IssuerStatus finishTransaction(Sql& sql, const TransactionOutcome& outcome)
{
    if (!isEnd(outcome.state)) {
        return invalid(QStringLiteral("a transaction ends Verified, Failed, FailedUnverified or Voided"));
    }
    if (outcome.state == TransactionState::Verified && !outcome.receipt) {
        return invalid(QStringLiteral("a verified transaction needs its receipt"));
    }
    auto found = readTransaction(sql, view(outcome.transactionId), true);
    if (!found) {
        return found.error();
    }
    if (!found.value()) {
        return error(IssuerErrorCode::UnknownTransaction,
                     QStringLiteral("no transaction %1").arg(hex(view(outcome.transactionId))));
    }
    const TransactionRecord& t = *found.value();
    if (t.state != TransactionState::PackageIssued) {
        if (t.state == outcome.state) {
            return Ok{};
        }
        return error(IssuerErrorCode::TransactionConflict,
                     QStringLiteral("transaction %1 already ended otherwise").arg(hex(view(outcome.transactionId))));
    }
    const bool verified = outcome.state == TransactionState::Verified;
    auto ended = sql.exec(QStringLiteral("UPDATE transactions SET state = ?, failing_step = ?, reason_code = ?,"
                                         " receipt = ?, updated_at = ? WHERE transaction_id = ?"),
                          {static_cast<int>(outcome.state), optInt(verified ? std::nullopt : outcome.failingStep),
                           optInt(outcome.reasonCode), optBlob(verified ? outcome.receipt : std::nullopt),
                           int64(outcome.now), blob(view(outcome.transactionId))});
    if (!ended) {
        return ended.error();
    }
    if (t.operation == wire::Operation::Modify) {
        return Ok{}; // the card stays Verified; its current profile is still its latest verified one
    }
    if (verified) {
        auto card = sql.exec(QStringLiteral("UPDATE cards SET state = ? WHERE iccid = ?"),
                             {static_cast<int>(CardState::Verified), text(t.iccid)});
        return card ? IssuerStatus(Ok{}) : IssuerStatus(card.error());
    }
    auto card = sql.exec(QStringLiteral("UPDATE cards SET state = ? WHERE iccid = ?"),
                         {static_cast<int>(CardState::Void), text(t.iccid)});
    if (!card) {
        return card.error();
    }
    auto msisdn = sql.exec(QStringLiteral("UPDATE number_pool SET state = ?, transaction_id = NULL"
                                          " WHERE kind = ? AND number = ? AND transaction_id = ?"),
                           {kFree, static_cast<int>(NumberKind::Msisdn), text(t.msisdn), blob(view(t.transactionId))});
    if (!msisdn) {
        return msisdn.error();
    }
    auto imsi = sql.exec(QStringLiteral("UPDATE number_pool SET state = ? WHERE kind = ? AND number = ?"),
                         {kRetired, static_cast<int>(NumberKind::Imsi), text(t.imsi)});
    return imsi ? IssuerStatus(Ok{}) : IssuerStatus(imsi.error());
}

IssuerResult<int> abandonTransactions(Sql& sql, const std::vector<Bytes>& sessionIds, Timestamp now)
{
    auto rows = sql.exec(QStringLiteral("SELECT transaction_id, session_id FROM transactions WHERE state = ?"
                                        " ORDER BY created_at"),
                         {static_cast<int>(TransactionState::PackageIssued)});
    if (!rows) {
        return rows.error();
    }
    std::vector<Bytes> chosen;
    while (rows.value().next()) {
        const Bytes session = toBytes(rows.value().value(1));
        if (sessionIds.empty() || std::find(sessionIds.begin(), sessionIds.end(), session) != sessionIds.end()) {
            chosen.push_back(toBytes(rows.value().value(0)));
        }
    }
    for (const auto& id : chosen) {
        TransactionOutcome outcome;
        outcome.transactionId = id;
        outcome.state = TransactionState::FailedUnverified;
        outcome.now = now;
        if (auto done = finishTransaction(sql, outcome); !done) {
            return done.error();
        }
    }
    return static_cast<int>(chosen.size());
}

} // namespace perso::issuer::storage
