// SPDX-License-Identifier: Apache-2.0
// SqlStore's admin API: each write is one queued, committed write; listings read on the caller's
// connection.
#include "issuer/storage/AdminQueries.h"
#include "issuer/storage/AuditChain.h"
#include "issuer/storage/Registry.h"
#include "issuer/storage/SqlStore.h"
#include "issuer/storage/SqlStoreAccess.h"
#include "issuer/storage/WriteQueue.h"

namespace perso::issuer {

using storage::Sql;

IssuerStatus SqlStore::addRetailer(const RetailerRecord& retailer)
{
    return m_writer->run([&](Sql& sql) { return storage::addRetailer(sql, retailer); });
}

IssuerStatus SqlStore::addShop(const ShopRecord& shop)
{
    return m_writer->run([&](Sql& sql) { return storage::addShop(sql, shop); });
}

IssuerStatus SqlStore::addRetailerCard(const RetailerCardRecord& card)
{
    return m_writer->run([&](Sql& sql) { return storage::addRetailerCard(sql, card); });
}

IssuerStatus SqlStore::unlockRetailerCard(ByteView serial)
{
    return setRetailerCardState(serial, RetailerCardState::Active);
}

IssuerStatus SqlStore::revokeRetailerCard(ByteView serial)
{
    return setRetailerCardState(serial, RetailerCardState::Revoked);
}

IssuerStatus SqlStore::registerTerminal(const TerminalRecord& terminal)
{
    return m_writer->run([&](Sql& sql) { return storage::registerTerminal(sql, terminal); });
}

IssuerStatus SqlStore::clearTamper(const QString& terminalId)
{
    return setTerminalTampered(terminalId, false);
}

IssuerStatus SqlStore::addBatch(const BatchRecord& batch, const QStringList& iccids)
{
    return m_writer->run([&](Sql& sql) { return storage::addBatch(sql, batch, iccids); });
}

IssuerStatus SqlStore::addNumberRange(NumberKind kind, const QString& first, std::int64_t count)
{
    return m_writer->run([&](Sql& sql) { return storage::addNumberRange(sql, kind, first, count); });
}

IssuerResult<std::vector<PoolStatus>> SqlStore::poolStatus()
{
    return read<std::vector<PoolStatus>>([&](Sql& sql) { return storage::poolStatus(sql); });
}

IssuerResult<std::vector<CardRecord>> SqlStore::listCards(const CardFilter& filter)
{
    return read<std::vector<CardRecord>>([&](Sql& sql) { return storage::listCards(sql, filter); });
}

IssuerResult<std::vector<TransactionRecord>> SqlStore::listTransactions(const TransactionFilter& filter)
{
    return read<std::vector<TransactionRecord>>([&](Sql& sql) { return storage::listTransactions(sql, filter); });
}

IssuerStatus SqlStore::addToDenyList(ByteView customerKey, Timestamp now)
{
    return m_writer->run([&](Sql& sql) { return storage::addToDenyList(sql, customerKey, now); });
}

IssuerResult<std::vector<SubscriberExportRow>> SqlStore::subscribersForExport()
{
    return read<std::vector<SubscriberExportRow>>([&](Sql& sql) { return storage::subscribersForExport(sql); });
}

IssuerResult<AuditVerdict> SqlStore::verifyAuditChain()
{
    return read<AuditVerdict>([&](Sql& sql) { return storage::verifyAuditChain(sql); });
}

IssuerResult<std::vector<AuditRecord>> SqlStore::auditLog(std::int64_t firstSequence, std::int64_t lastSequence)
{
    return read<std::vector<AuditRecord>>(
        [&](Sql& sql) { return storage::readAuditLog(sql, firstSequence, lastSequence); });
}

} // namespace perso::issuer
