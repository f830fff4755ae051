// SPDX-License-Identifier: Apache-2.0
#pragma once

// Read-only listings of the admin API.

#include "issuer/storage/Sql.h"
#include "issuer/storage/StoreConfig.h"

#include <vector>

namespace perso::issuer::storage {

IssuerResult<std::vector<PoolStatus>> poolStatus(Sql& sql);
IssuerResult<std::vector<CardRecord>> listCards(Sql& sql, const CardFilter& filter);
IssuerResult<std::vector<TransactionRecord>> listTransactions(Sql& sql, const TransactionFilter& filter);
IssuerResult<std::vector<SubscriberExportRow>> subscribersForExport(Sql& sql);

} // namespace perso::issuer::storage
