// SPDX-License-Identifier: Apache-2.0
#pragma once

// What the issuer's protocol session needs from storage. Implemented by SqlStore (SQLite or
// PostgreSQL through QtSql); unit tests may implement it in memory.
//
// Contract for every implementation:
// - Thread-safe: sessions on several worker threads call it at once.
// - Durable: a call that changes something returns only after the change is committed
//   (SQLite WAL with synchronous=FULL; PostgreSQL synchronous_commit on). An implementation may
//   group concurrent writes into one commit, but never answers before that commit.
// - Atomic: each call is one transaction; on any error nothing it would have written remains.
// - Exactly once: allocate() hands a card, an IMSI and an MSISDN to at most one transaction id,
//   and a repeated allocate() with the same transaction id returns the same allocation.
// - Errors are IssuerError with public context only.

#include "issuer/common/IssuerError.h"
#include "issuer/common/Records.h"

#include <optional>
#include <vector>

namespace perso::issuer {

class Store
{
public:
    virtual ~Store() = default;

    // --- sign-on -------------------------------------------------------------------------------
    virtual IssuerResult<std::optional<RetailerCardRecord>> retailerCard(ByteView serial) = 0;
    virtual IssuerResult<std::optional<RetailerRecord>> retailer(const QString& retailerId) = 0;
    virtual IssuerResult<std::optional<TerminalRecord>> terminal(const QString& terminalId) = 0;
    // Records one failed retailer authentication at `now` and returns how many happened within
    // [now - windowSeconds, now], this one included.
    virtual IssuerResult<int> recordFailedAuthentication(ByteView serial, Timestamp now, int windowSeconds) = 0;
    virtual IssuerStatus setRetailerCardState(ByteView serial, RetailerCardState state) = 0;
    virtual IssuerStatus setTerminalTampered(const QString& terminalId, bool tampered) = 0;

    // --- assessment ----------------------------------------------------------------------------
    // Cards verified or allocated for this customer key since `since` (the "N per 30 days" rule).
    virtual IssuerResult<int> countCardsForCustomer(ByteView customerKey, Timestamp since) = 0;
    // Stores the subscriber; fails with AlreadyExists if the reference is taken.
    virtual IssuerStatus addSubscriber(const SubscriberRecord& subscriber) = 0;
    virtual IssuerResult<std::optional<SubscriberRecord>> subscriber(const QString& customerReference) = 0;
    // True if the customer key is on the deny list.
    virtual IssuerResult<bool> isDenied(ByteView customerKey) = 0;

    // --- personalisation -----------------------------------------------------------------------
    virtual IssuerResult<std::optional<CardRecord>> card(const QString& iccid) = 0;
    // New: the card must be InStock (→ Allocated), an IMSI and an MSISDN are taken from the pools.
    // Modify: the card must be Verified and belong to the customer; it keeps its numbers and state.
    // Repeating the same transaction id returns the existing allocation (fresh = false) if session,
    // ICCID and operation match, TransactionConflict otherwise. Errors: UnknownCard,
    // CardNotAvailable, PoolExhausted, UnknownCustomer.
    virtual IssuerResult<Allocation> allocate(const AllocationRequest& request) = 0;
    // Stores the package sent and the card profile written (secrets wrapped), in one commit.
    virtual IssuerStatus recordPackage(ByteView transactionId, ByteView package, const CardProfileRecord& profile,
                                       Timestamp now) = 0;
    // Ends a PackageIssued transaction: Verified → card Verified; Failed, FailedUnverified or Voided →
    // a New card becomes Void and its MSISDN returns to the pool (its IMSI is retired); a Modify
    // leaves the card Verified with its previous profile. A transaction already ended is left alone
    // (TransactionConflict if the outcome differs).
    virtual IssuerStatus finishTransaction(const TransactionOutcome& outcome) = 0;
    virtual IssuerResult<std::optional<TransactionRecord>> transaction(ByteView transactionId) = 0;
    virtual IssuerResult<std::optional<CardProfileRecord>> cardProfile(const QString& iccid) = 0;
    // After a restart (and when a session ends with packages outstanding): every transaction still
    // PackageIssued for one of the given sessions (all sessions if empty) becomes FailedUnverified as
    // finishTransaction would do it. Returns how many.
    virtual IssuerResult<int> abandonTransactions(const std::vector<Bytes>& sessionIds, Timestamp now) = 0;

    // --- audit ---------------------------------------------------------------------------------
    // Appends to the hash-chained audit log in the same durability as every other write.
    virtual IssuerStatus audit(const AuditEntry& entry) = 0;

    // --- a write and its audit entry in one commit ----------------------------------------------
    // As the call named, plus `entry` appended to the audit log in the same transaction, so that a
    // personalisation waits for one commit per step, not two. The entry stays best effort as with
    // audit(): if it cannot be appended, the write still stands and the call still succeeds; if
    // the write fails, the entry is not appended. The defaults make the two calls one after the
    // other (implementations that cannot do better need not override them).
    virtual IssuerStatus addSubscriberAudited(const SubscriberRecord& subscriber, const AuditEntry& entry)
    {
        auto status = addSubscriber(subscriber);
        if (status)
            (void)audit(entry);
        return status;
    }
    virtual IssuerStatus recordPackageAudited(ByteView transactionId, ByteView package,
                                              const CardProfileRecord& profile, Timestamp now, const AuditEntry& entry)
    {
        auto status = recordPackage(transactionId, package, profile, now);
        if (status)
            (void)audit(entry);
        return status;
    }
    virtual IssuerStatus finishTransactionAudited(const TransactionOutcome& outcome, const AuditEntry& entry)
    {
        auto status = finishTransaction(outcome);
        if (status)
            (void)audit(entry);
        return status;
    }
};

} // namespace perso::issuer
