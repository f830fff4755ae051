// SPDX-License-Identifier: Apache-2.0
#pragma once

// Reads of single records, shared by the read connections and the writer (which must see its own
// uncommitted rows). Each SELECT lists its columns in the order the matching *From() expects.

#include "issuer/storage/Sql.h"

#include <optional>

namespace perso::issuer::storage {

IssuerResult<std::optional<RetailerRecord>> readRetailer(Sql& sql, const QString& retailerId);
IssuerResult<std::optional<ShopRecord>> readShop(Sql& sql, const QString& shopId);
IssuerResult<std::optional<RetailerCardRecord>> readRetailerCard(Sql& sql, ByteView serial, bool lock = false);
IssuerResult<std::optional<TerminalRecord>> readTerminal(Sql& sql, const QString& terminalId, bool lock = false);
IssuerResult<std::optional<BatchRecord>> readBatch(Sql& sql, const QString& batchId);
IssuerResult<std::optional<CardRecord>> readCard(Sql& sql, const QString& iccid, bool lock = false);
IssuerResult<std::optional<SubscriberRecord>> readSubscriber(Sql& sql, const QString& customerReference);
IssuerResult<std::optional<TransactionRecord>> readTransaction(Sql& sql, ByteView transactionId, bool lock = false);
// The card's current profile: its latest verified one, else the latest recorded.
IssuerResult<std::optional<CardProfileRecord>> readCardProfile(Sql& sql, const QString& iccid);
IssuerResult<int> countCardsForCustomer(Sql& sql, ByteView customerKey, Timestamp since);
IssuerResult<bool> isDenied(Sql& sql, ByteView customerKey);

extern const QString kCardColumns;
extern const QString kTransactionColumns;
CardRecord cardFrom(const QSqlQuery& row);
TransactionRecord transactionFrom(const QSqlQuery& row);

} // namespace perso::issuer::storage
