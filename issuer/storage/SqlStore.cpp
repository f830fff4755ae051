// SPDX-License-Identifier: Apache-2.0
#include "issuer/storage/SqlStore.h"
#include "issuer/storage/SqlStoreAccess.h"

#include "issuer/storage/AuditChain.h"
#include "issuer/storage/Migrations.h"
#include "issuer/storage/ReaderRegistry.h"
#include "issuer/storage/Registry.h"
#include "issuer/storage/Rows.h"
#include "issuer/storage/Transactions.h"
#include "issuer/storage/WriteQueue.h"

#include <atomic>

namespace perso::issuer {

using storage::Sql;

namespace {
std::atomic<int> g_storeCounter{0};
} // namespace

SqlStore::SqlStore(const StoreConfig& config)
    : m_config(config), m_name(QStringLiteral("perso-store-%1").arg(++g_storeCounter))
{}

SqlStore::~SqlStore()
{
    if (m_readers) {
        m_readers->closeAll();
    }
    m_writer.reset();
}

IssuerResult<std::unique_ptr<SqlStore>> SqlStore::open(const StoreConfig& config)
{
    std::unique_ptr<SqlStore> store(new SqlStore(config));
    auto writer = storage::WriteQueue::start(config, store->m_name + QStringLiteral("-w"));
    if (!writer) {
        return writer.error();
    }
    store->m_writer = std::move(writer.value());
    if (auto migrated = storage::migrate(*store->m_writer); !migrated) {
        return migrated.error();
    }
    store->m_readers = std::make_shared<storage::ReaderRegistry>(config, store->m_name);
    return store;
}

IssuerResult<std::optional<RetailerCardRecord>> SqlStore::retailerCard(ByteView serial)
{
    return read<std::optional<RetailerCardRecord>>([&](Sql& sql) { return storage::readRetailerCard(sql, serial); });
}

IssuerResult<std::optional<RetailerRecord>> SqlStore::retailer(const QString& retailerId)
{
    return read<std::optional<RetailerRecord>>([&](Sql& sql) { return storage::readRetailer(sql, retailerId); });
}

IssuerResult<std::optional<TerminalRecord>> SqlStore::terminal(const QString& terminalId)
{
    return read<std::optional<TerminalRecord>>([&](Sql& sql) { return storage::readTerminal(sql, terminalId); });
}

IssuerResult<int> SqlStore::recordFailedAuthentication(ByteView serial, Timestamp now, int windowSeconds)
{
    return write<int>([&](Sql& sql) { return storage::recordFailedAuthentication(sql, serial, now, windowSeconds); });
}

IssuerStatus SqlStore::setRetailerCardState(ByteView serial, RetailerCardState state)
{
    return write<Ok>([&](Sql& sql) { return storage::setRetailerCardState(sql, serial, state); });
}

IssuerStatus SqlStore::setTerminalTampered(const QString& terminalId, bool tampered)
{
    return write<Ok>([&](Sql& sql) { return storage::setTerminalTampered(sql, terminalId, tampered); });
}

IssuerResult<int> SqlStore::countCardsForCustomer(ByteView customerKey, Timestamp since)
{
    return read<int>([&](Sql& sql) { return storage::countCardsForCustomer(sql, customerKey, since); });
}

IssuerStatus SqlStore::addSubscriber(const SubscriberRecord& subscriber)
{
    return write<Ok>([&](Sql& sql) { return storage::addSubscriber(sql, subscriber); });
}

IssuerResult<std::optional<SubscriberRecord>> SqlStore::subscriber(const QString& customerReference)
{
    return read<std::optional<SubscriberRecord>>(
        [&](Sql& sql) { return storage::readSubscriber(sql, customerReference); });
}

IssuerResult<bool> SqlStore::isDenied(ByteView customerKey)
{
    return read<bool>([&](Sql& sql) { return storage::isDenied(sql, customerKey); });
}

IssuerResult<std::optional<CardRecord>> SqlStore::card(const QString& iccid)
{
    return read<std::optional<CardRecord>>([&](Sql& sql) { return storage::readCard(sql, iccid); });
}

IssuerResult<Allocation> SqlStore::allocate(const AllocationRequest& request)
{
    return write<Allocation>([&](Sql& sql) { return storage::allocate(sql, request); });
}

IssuerStatus SqlStore::recordPackage(ByteView transactionId, ByteView package, const CardProfileRecord& profile,
                                     Timestamp now)
{
    return write<Ok>([&](Sql& sql) { return storage::recordPackage(sql, transactionId, package, profile, now); });
}

IssuerStatus SqlStore::finishTransaction(const TransactionOutcome& outcome)
{
    return write<Ok>([&](Sql& sql) { return storage::finishTransaction(sql, outcome); });
}

IssuerResult<std::optional<TransactionRecord>> SqlStore::transaction(ByteView transactionId)
{
    return read<std::optional<TransactionRecord>>(
        [&](Sql& sql) { return storage::readTransaction(sql, transactionId); });
}

IssuerResult<std::optional<CardProfileRecord>> SqlStore::cardProfile(const QString& iccid)
{
    return read<std::optional<CardProfileRecord>>([&](Sql& sql) { return storage::readCardProfile(sql, iccid); });
}

IssuerResult<int> SqlStore::abandonTransactions(const std::vector<Bytes>& sessionIds, Timestamp now)
{
    return write<int>([&](Sql& sql) { return storage::abandonTransactions(sql, sessionIds, now); });
}

IssuerStatus SqlStore::audit(const AuditEntry& entry)
{
    return write<Ok>([&](Sql& sql) { return storage::appendAudit(sql, entry); });
}

IssuerStatus SqlStore::addSubscriberAudited(const SubscriberRecord& subscriber, const AuditEntry& entry)
{
    return write<Ok>([&](Sql& sql) -> IssuerStatus {
        auto added = storage::addSubscriber(sql, subscriber);
        if (added)
            storage::appendAuditBestEffort(sql, entry);
        return added;
    });
}

IssuerStatus SqlStore::recordPackageAudited(ByteView transactionId, ByteView package, const CardProfileRecord& profile,
                                            Timestamp now, const AuditEntry& entry)
{
    return write<Ok>([&](Sql& sql) -> IssuerStatus {
        auto recorded = storage::recordPackage(sql, transactionId, package, profile, now);
        if (recorded)
            storage::appendAuditBestEffort(sql, entry);
        return recorded;
    });
}

IssuerStatus SqlStore::finishTransactionAudited(const TransactionOutcome& outcome, const AuditEntry& entry)
{
    return write<Ok>([&](Sql& sql) -> IssuerStatus {
        auto finished = storage::finishTransaction(sql, outcome);
        if (finished)
            storage::appendAuditBestEffort(sql, entry);
        return finished;
    });
}

std::uint64_t SqlStore::commits() const
{
    return m_writer->commits();
}

std::uint64_t SqlStore::writes() const
{
    return m_writer->writes();
}

} // namespace perso::issuer
