// SPDX-License-Identifier: Apache-2.0
#pragma once

// For the session fuzz target: a Store that forwards to the in-memory test store and notes the card
// secrets the session hands to recordPackage (Ki || OPc, unwrapped with the real key ring), so that
// the harness can check that no reply ever carries them. Also copies a seeded store's contents.

#include "../session/MemoryStore.h"

#include "issuer/keys/KeyRing.h"

#include <vector>

namespace perso::issuer::test {

// Copies what a test seeds (the public maps and pools) from one store into a fresh one.
inline void copySeed(MemoryStore& to, const MemoryStore& from)
{
    to.retailerCards = from.retailerCards;
    to.retailers = from.retailers;
    to.terminals = from.terminals;
    to.batches = from.batches;
    to.cards = from.cards;
    to.profiles = from.profiles;
    to.subscribers = from.subscribers;
    to.transactions = from.transactions;
    to.denyList = from.denyList;
    to.freeImsis = from.freeImsis;
    to.freeMsisdns = from.freeMsisdns;
}

class RecordingStore final : public Store
{
public:
    RecordingStore(MemoryStore& inner, const KeyRing& keys) : m_inner(inner), m_keys(keys) {}

    // Ki || OPc of every profile recorded so far.
    const std::vector<SecureBytes>& cardSecrets() const { return m_secrets; }

    IssuerResult<std::optional<RetailerCardRecord>> retailerCard(ByteView serial) override
    {
        return m_inner.retailerCard(serial);
    }
    IssuerResult<std::optional<RetailerRecord>> retailer(const QString& id) override { return m_inner.retailer(id); }
    IssuerResult<std::optional<TerminalRecord>> terminal(const QString& id) override { return m_inner.terminal(id); }
    IssuerResult<int> recordFailedAuthentication(ByteView serial, Timestamp now, int windowSeconds) override
    {
        return m_inner.recordFailedAuthentication(serial, now, windowSeconds);
    }
    IssuerStatus setRetailerCardState(ByteView serial, RetailerCardState state) override
    {
        return m_inner.setRetailerCardState(serial, state);
    }
    IssuerStatus setTerminalTampered(const QString& id, bool tampered) override
    {
        return m_inner.setTerminalTampered(id, tampered);
    }
    IssuerResult<int> countCardsForCustomer(ByteView customerKey, Timestamp since) override
    {
        return m_inner.countCardsForCustomer(customerKey, since);
    }
    IssuerStatus addSubscriber(const SubscriberRecord& subscriber) override
    {
        return m_inner.addSubscriber(subscriber);
    }
    IssuerResult<std::optional<SubscriberRecord>> subscriber(const QString& reference) override
    {
        return m_inner.subscriber(reference);
    }
    IssuerResult<bool> isDenied(ByteView customerKey) override { return m_inner.isDenied(customerKey); }
    IssuerResult<std::optional<CardRecord>> card(const QString& iccid) override { return m_inner.card(iccid); }
    IssuerResult<Allocation> allocate(const AllocationRequest& request) override { return m_inner.allocate(request); }
    IssuerStatus recordPackage(ByteView transactionId, ByteView package, const CardProfileRecord& profile,
                               Timestamp now) override
    {
        if (auto secrets = m_keys.unwrapCardSecrets(profile.wrappedSecrets))
            m_secrets.push_back(std::move(secrets).value());
        return m_inner.recordPackage(transactionId, package, profile, now);
    }
    IssuerStatus finishTransaction(const TransactionOutcome& outcome) override
    {
        return m_inner.finishTransaction(outcome);
    }
    IssuerResult<std::optional<TransactionRecord>> transaction(ByteView transactionId) override
    {
        return m_inner.transaction(transactionId);
    }
    IssuerResult<std::optional<CardProfileRecord>> cardProfile(const QString& iccid) override
    {
        return m_inner.cardProfile(iccid);
    }
    IssuerResult<int> abandonTransactions(const std::vector<Bytes>& sessionIds, Timestamp now) override
    {
        return m_inner.abandonTransactions(sessionIds, now);
    }
    IssuerStatus audit(const AuditEntry& entry) override { return m_inner.audit(entry); }

private:
    MemoryStore& m_inner;
    const KeyRing& m_keys;
    std::vector<SecureBytes> m_secrets;
};

} // namespace perso::issuer::test
