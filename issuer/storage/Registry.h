// SPDX-License-Identifier: Apache-2.0
#pragma once

// Writes of the issuer's registry (retailers, shops, retailer cards, terminals, batches, number
// ranges, subscribers, deny list), run on the writer connection, each validating its input.

#include "issuer/storage/Sql.h"

#include <QStringList>

namespace perso::issuer::storage {

IssuerStatus addRetailer(Sql& sql, const RetailerRecord& retailer);
IssuerStatus addShop(Sql& sql, const ShopRecord& shop);
IssuerStatus addRetailerCard(Sql& sql, const RetailerCardRecord& card);
IssuerStatus setRetailerCardState(Sql& sql, ByteView serial, RetailerCardState state);
IssuerResult<int> recordFailedAuthentication(Sql& sql, ByteView serial, Timestamp now, int windowSeconds);
IssuerStatus registerTerminal(Sql& sql, const TerminalRecord& terminal);
IssuerStatus setTerminalTampered(Sql& sql, const QString& terminalId, bool tampered);
IssuerStatus addBatch(Sql& sql, const BatchRecord& batch, const QStringList& iccids);
IssuerStatus addNumberRange(Sql& sql, NumberKind kind, const QString& first, std::int64_t count);
IssuerStatus addSubscriber(Sql& sql, const SubscriberRecord& subscriber);
IssuerStatus addToDenyList(Sql& sql, ByteView customerKey, Timestamp now);

} // namespace perso::issuer::storage
