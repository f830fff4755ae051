// SPDX-License-Identifier: Apache-2.0
#pragma once

// Store on SQLite or PostgreSQL through QtSql, plus the admin API perso-admin uses.
//
// Threads: one writer connection lives on a dedicated thread (WriteQueue); every write of every
// caller is queued to it and group-committed. Reads use a connection of the calling thread, opened
// on first use and closed when that thread ends (up to StoreConfig::readConnections of them; past
// that, reads go through the writer). SqlStore is safe to call from any number of threads.

#include "issuer/storage/Store.h"
#include "issuer/storage/StoreConfig.h"

#include <QStringList>

#include <memory>
#include <vector>

namespace perso::issuer {

namespace storage {
class Sql;
class WriteQueue;
class ReaderRegistry;
} // namespace storage

class SqlStore final : public Store
{
public:
    // Opens (creating if needed) the database and brings its schema to this build's version.
    // StorageUnavailable if it cannot be reached, StorageCorrupt if its schema is newer.
    static IssuerResult<std::unique_ptr<SqlStore>> open(const StoreConfig& config);
    ~SqlStore() override;
    SqlStore(const SqlStore&) = delete;
    SqlStore& operator=(const SqlStore&) = delete;

    // --- Store ---------------------------------------------------------------------------------
    IssuerResult<std::optional<RetailerCardRecord>> retailerCard(ByteView serial) override;
    IssuerResult<std::optional<RetailerRecord>> retailer(const QString& retailerId) override;
    IssuerResult<std::optional<TerminalRecord>> terminal(const QString& terminalId) override;
    IssuerResult<int> recordFailedAuthentication(ByteView serial, Timestamp now, int windowSeconds) override;
    IssuerStatus setRetailerCardState(ByteView serial, RetailerCardState state) override;
    IssuerStatus setTerminalTampered(const QString& terminalId, bool tampered) override;
    IssuerResult<int> countCardsForCustomer(ByteView customerKey, Timestamp since) override;
    IssuerStatus addSubscriber(const SubscriberRecord& subscriber) override;
    IssuerResult<std::optional<SubscriberRecord>> subscriber(const QString& customerReference) override;
    IssuerResult<bool> isDenied(ByteView customerKey) override;
    IssuerResult<std::optional<CardRecord>> card(const QString& iccid) override;
    IssuerResult<Allocation> allocate(const AllocationRequest& request) override;
    IssuerStatus recordPackage(ByteView transactionId, ByteView package, const CardProfileRecord& profile,
                               Timestamp now) override;
    IssuerStatus finishTransaction(const TransactionOutcome& outcome) override;
    IssuerResult<std::optional<TransactionRecord>> transaction(ByteView transactionId) override;
    IssuerResult<std::optional<CardProfileRecord>> cardProfile(const QString& iccid) override;
    IssuerResult<int> abandonTransactions(const std::vector<Bytes>& sessionIds, Timestamp now) override;
    IssuerStatus audit(const AuditEntry& entry) override;
    IssuerStatus addSubscriberAudited(const SubscriberRecord& subscriber, const AuditEntry& entry) override;
    IssuerStatus recordPackageAudited(ByteView transactionId, ByteView package, const CardProfileRecord& profile,
                                      Timestamp now, const AuditEntry& entry) override;
    IssuerStatus finishTransactionAudited(const TransactionOutcome& outcome, const AuditEntry& entry) override;

    // --- admin (perso-admin) -------------------------------------------------------------------
    // Errors: InvalidInput (malformed), AlreadyExists (key taken), NotFound (a referenced record).
    IssuerStatus addRetailer(const RetailerRecord& retailer);
    IssuerStatus addShop(const ShopRecord& shop);
    IssuerStatus addRetailerCard(const RetailerCardRecord& card); // state must be Active
    IssuerStatus unlockRetailerCard(ByteView serial);             // Locked → Active; failures forgotten
    IssuerStatus revokeRetailerCard(ByteView serial);             // → Revoked, for good
    IssuerStatus registerTerminal(const TerminalRecord& terminal);
    IssuerStatus clearTamper(const QString& terminalId);
    // The batch and its blank cards (InStock), all or nothing.
    IssuerStatus addBatch(const BatchRecord& batch, const QStringList& iccids);
    // `count` consecutive numbers from `first` (IMSI: 15 digits; MSISDN: E.164 digits), all free.
    IssuerStatus addNumberRange(NumberKind kind, const QString& first, std::int64_t count);
    IssuerResult<std::vector<PoolStatus>> poolStatus();
    IssuerResult<std::vector<CardRecord>> listCards(const CardFilter& filter);
    IssuerResult<std::vector<TransactionRecord>> listTransactions(const TransactionFilter& filter);
    IssuerStatus addToDenyList(ByteView customerKey, Timestamp now);
    // Verified cards with their current profile (secrets still wrapped), for an HLR/HSS CSV.
    IssuerResult<std::vector<SubscriberExportRow>> subscribersForExport();
    IssuerResult<AuditVerdict> verifyAuditChain();
    IssuerResult<std::vector<AuditRecord>> auditLog(std::int64_t firstSequence, std::int64_t lastSequence);

    const StoreConfig& config() const { return m_config; }
    // Transactions the writer committed and writes they carried (group commit ratio).
    std::uint64_t commits() const;
    std::uint64_t writes() const;

private:
    explicit SqlStore(const StoreConfig& config);

    template <typename T, typename F> IssuerResult<T> read(F&& body);
    template <typename T, typename F> IssuerResult<T> write(F&& body);

    StoreConfig m_config;
    QString m_name; // unique prefix of this store's connection names
    std::unique_ptr<storage::WriteQueue> m_writer;
    std::shared_ptr<storage::ReaderRegistry> m_readers;
};

} // namespace perso::issuer
