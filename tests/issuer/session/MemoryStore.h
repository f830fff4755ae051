// SPDX-License-Identifier: Apache-2.0
#pragma once

// An in-memory Store for the session's unit tests: the Store.h contract (allocation exactly once,
// idempotent repeat, finishTransaction's card and pool effects, abandonment) over plain maps,
// one mutex. Not durable, which the tests do not need.

#include "issuer/storage/Store.h"

#include <deque>
#include <map>
#include <mutex>
#include <set>

namespace perso::issuer::test {

class MemoryStore final : public Store
{
public:
    // --- set-up helpers --------------------------------------------------------------------------
    std::map<Bytes, RetailerCardRecord> retailerCards;
    std::map<QString, RetailerRecord> retailers;
    std::map<QString, TerminalRecord> terminals;
    std::map<QString, BatchRecord> batches;
    std::map<QString, CardRecord> cards;
    std::map<QString, CardProfileRecord> profiles;
    std::map<QString, SubscriberRecord> subscribers;
    std::map<Bytes, TransactionRecord> transactions;
    std::set<Bytes> denyList;
    std::deque<QString> freeImsis;
    std::deque<QString> freeMsisdns;
    std::vector<AuditEntry> auditLog;
    std::map<Bytes, std::vector<Timestamp>> failedAuth;
    std::optional<IssuerErrorCode> failRecordPackage; // inject a storage failure

    int auditCount(const QString& kind) const
    {
        std::lock_guard lock(m_mutex);
        int n = 0;
        for (const auto& entry : auditLog)
            n += entry.kind == kind ? 1 : 0;
        return n;
    }

    // --- Store -----------------------------------------------------------------------------------
    IssuerResult<std::optional<RetailerCardRecord>> retailerCard(ByteView serial) override
    {
        std::lock_guard lock(m_mutex);
        return find(retailerCards, Bytes(serial.begin(), serial.end()));
    }
    IssuerResult<std::optional<RetailerRecord>> retailer(const QString& retailerId) override
    {
        std::lock_guard lock(m_mutex);
        return find(retailers, retailerId);
    }
    IssuerResult<std::optional<TerminalRecord>> terminal(const QString& terminalId) override
    {
        std::lock_guard lock(m_mutex);
        return find(terminals, terminalId);
    }
    IssuerResult<int> recordFailedAuthentication(ByteView serial, Timestamp now, int windowSeconds) override
    {
        std::lock_guard lock(m_mutex);
        auto& times = failedAuth[Bytes(serial.begin(), serial.end())];
        times.push_back(now);
        int n = 0;
        for (Timestamp t : times)
            n += (t >= now - windowSeconds && t <= now) ? 1 : 0;
        return n;
    }
    IssuerStatus setRetailerCardState(ByteView serial, RetailerCardState state) override
    {
        std::lock_guard lock(m_mutex);
        auto it = retailerCards.find(Bytes(serial.begin(), serial.end()));
        if (it == retailerCards.end())
            return makeIssuerError(IssuerErrorCode::UnknownRetailerCard, QStringLiteral("unknown"));
        it->second.state = state;
        return Ok{};
    }
    IssuerStatus setTerminalTampered(const QString& terminalId, bool tampered) override
    {
        std::lock_guard lock(m_mutex);
        auto it = terminals.find(terminalId);
        if (it == terminals.end())
            return makeIssuerError(IssuerErrorCode::UnknownTerminal, QStringLiteral("unknown"));
        it->second.tampered = tampered;
        return Ok{};
    }
    IssuerResult<int> countCardsForCustomer(ByteView customerKey, Timestamp since) override
    {
        std::lock_guard lock(m_mutex);
        int n = 0;
        for (const auto& [id, tx] : transactions) {
            const auto sub = subscribers.find(tx.customerReference);
            const bool counts =
                tx.state == wire::TransactionState::Verified || tx.state == wire::TransactionState::PackageIssued;
            if (counts && tx.operation == wire::Operation::New && tx.createdAt >= since && sub != subscribers.end() &&
                sub->second.customerKey == Bytes(customerKey.begin(), customerKey.end()))
                ++n;
        }
        return n;
    }
    IssuerStatus addSubscriber(const SubscriberRecord& subscriber) override
    {
        std::lock_guard lock(m_mutex);
        if (subscribers.count(subscriber.customerReference))
            return makeIssuerError(IssuerErrorCode::AlreadyExists, QStringLiteral("reference taken"));
        subscribers[subscriber.customerReference] = subscriber;
        return Ok{};
    }
    IssuerResult<std::optional<SubscriberRecord>> subscriber(const QString& customerReference) override
    {
        std::lock_guard lock(m_mutex);
        return find(subscribers, customerReference);
    }
    IssuerResult<bool> isDenied(ByteView customerKey) override
    {
        std::lock_guard lock(m_mutex);
        return denyList.count(Bytes(customerKey.begin(), customerKey.end())) > 0;
    }
    IssuerResult<std::optional<CardRecord>> card(const QString& iccid) override
    {
        std::lock_guard lock(m_mutex);
        return find(cards, iccid);
    }

    IssuerResult<Allocation> allocate(const AllocationRequest& request) override
    {
        std::lock_guard lock(m_mutex);
        if (auto existing = transactions.find(request.transactionId); existing != transactions.end()) {
            const TransactionRecord& tx = existing->second;
            if (tx.sessionId != request.sessionId || tx.iccid != request.iccid || tx.operation != request.operation)
                return makeIssuerError(IssuerErrorCode::TransactionConflict, QStringLiteral("conflict"));
            return Allocation{tx, false, cards[tx.iccid], batches[cards[tx.iccid].batchId], std::nullopt};
        }
        auto cardIt = cards.find(request.iccid);
        if (cardIt == cards.end())
            return makeIssuerError(IssuerErrorCode::UnknownCard, QStringLiteral("unknown card"));
        CardRecord& card = cardIt->second;
        Allocation allocation;
        TransactionRecord tx;
        tx.transactionId = request.transactionId;
        tx.sessionId = request.sessionId;
        tx.operation = request.operation;
        tx.iccid = request.iccid;
        tx.customerReference = request.customerReference;
        tx.shopId = request.shopId;
        tx.terminalId = request.terminalId;
        tx.createdAt = tx.updatedAt = request.now;
        if (request.operation == wire::Operation::New) {
            if (card.state != CardState::InStock)
                return makeIssuerError(IssuerErrorCode::CardNotAvailable, QStringLiteral("card not in stock"));
            if (freeImsis.empty() || freeMsisdns.empty())
                return makeIssuerError(IssuerErrorCode::PoolExhausted, QStringLiteral("pool exhausted"));
            tx.imsi = freeImsis.front();
            tx.msisdn = freeMsisdns.front();
            freeImsis.pop_front();
            freeMsisdns.pop_front();
            card.state = CardState::Allocated;
            card.imsi = tx.imsi;
            card.msisdn = tx.msisdn;
            card.customerReference = request.customerReference;
        } else {
            if (card.state != CardState::Verified || !profiles.count(card.iccid))
                return makeIssuerError(IssuerErrorCode::CardNotAvailable, QStringLiteral("card not verified"));
            const auto owner = subscribers.find(card.customerReference.value_or(QString()));
            const auto asking = subscribers.find(request.customerReference);
            if (owner == subscribers.end() || asking == subscribers.end() ||
                owner->second.customerKey != asking->second.customerKey)
                return makeIssuerError(IssuerErrorCode::UnknownCustomer, QStringLiteral("not the card's customer"));
            tx.imsi = *card.imsi;
            tx.msisdn = *card.msisdn;
            allocation.previousProfile = profiles[card.iccid];
        }
        card.transactionId = tx.transactionId;
        transactions[tx.transactionId] = tx;
        allocation.transaction = tx;
        allocation.fresh = true;
        allocation.card = card;
        allocation.batch = batches[card.batchId];
        return allocation;
    }

    IssuerStatus recordPackage(ByteView transactionId, ByteView package, const CardProfileRecord& profile,
                               Timestamp now) override
    {
        std::lock_guard lock(m_mutex);
        if (failRecordPackage)
            return makeIssuerError(*failRecordPackage, QStringLiteral("injected failure"));
        auto it = transactions.find(Bytes(transactionId.begin(), transactionId.end()));
        if (it == transactions.end())
            return makeIssuerError(IssuerErrorCode::UnknownTransaction, QStringLiteral("unknown"));
        it->second.package.assign(package.begin(), package.end());
        it->second.updatedAt = now;
        pendingProfiles[it->first] = profile;
        return Ok{};
    }

    IssuerStatus finishTransaction(const TransactionOutcome& outcome) override
    {
        std::lock_guard lock(m_mutex);
        return finishLocked(outcome);
    }

    IssuerResult<std::optional<TransactionRecord>> transaction(ByteView transactionId) override
    {
        std::lock_guard lock(m_mutex);
        return find(transactions, Bytes(transactionId.begin(), transactionId.end()));
    }
    IssuerResult<std::optional<CardProfileRecord>> cardProfile(const QString& iccid) override
    {
        std::lock_guard lock(m_mutex);
        return find(profiles, iccid);
    }
    IssuerResult<int> abandonTransactions(const std::vector<Bytes>& sessionIds, Timestamp now) override
    {
        std::lock_guard lock(m_mutex);
        int n = 0;
        for (auto& [id, tx] : transactions) {
            const bool mine =
                sessionIds.empty() || std::find(sessionIds.begin(), sessionIds.end(), tx.sessionId) != sessionIds.end();
            if (mine && tx.state == wire::TransactionState::PackageIssued) {
                TransactionOutcome outcome;
                outcome.transactionId = id;
                outcome.state = wire::TransactionState::FailedUnverified;
                outcome.now = now;
                (void)finishLocked(outcome);
                ++n;
            }
        }
        return n;
    }
    IssuerStatus audit(const AuditEntry& entry) override
    {
        std::lock_guard lock(m_mutex);
        auditLog.push_back(entry);
        return Ok{};
    }

private:
    template <typename Map, typename Key>
    static IssuerResult<std::optional<typename Map::mapped_type>> find(const Map& map, const Key& key)
    {
        const auto it = map.find(key);
        if (it == map.end())
            return std::optional<typename Map::mapped_type>{};
        return std::optional<typename Map::mapped_type>{it->second};
    }

    IssuerStatus finishLocked(const TransactionOutcome& outcome)
    {
        auto it = transactions.find(outcome.transactionId);
        if (it == transactions.end())
            return makeIssuerError(IssuerErrorCode::UnknownTransaction, QStringLiteral("unknown"));
        TransactionRecord& tx = it->second;
        if (tx.state != wire::TransactionState::PackageIssued)
            return tx.state == outcome.state
                       ? IssuerStatus(Ok{})
                       : IssuerStatus(makeIssuerError(IssuerErrorCode::TransactionConflict, QStringLiteral("ended")));
        tx.state = outcome.state;
        tx.failingStep = outcome.failingStep;
        tx.reasonCode = outcome.reasonCode;
        tx.receipt = outcome.receipt;
        tx.updatedAt = outcome.now;
        CardRecord& card = cards[tx.iccid];
        if (outcome.state == wire::TransactionState::Verified) {
            card.state = CardState::Verified;
            if (auto profile = pendingProfiles.find(tx.transactionId); profile != pendingProfiles.end())
                profiles[tx.iccid] = profile->second;
        } else if (tx.operation == wire::Operation::New) {
            card.state = CardState::Void;
            if (card.msisdn)
                freeMsisdns.push_back(*card.msisdn);
        }
        pendingProfiles.erase(tx.transactionId);
        return Ok{};
    }

    std::map<Bytes, CardProfileRecord> pendingProfiles;
    mutable std::mutex m_mutex;
};

} // namespace perso::issuer::test
