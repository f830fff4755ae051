// SPDX-License-Identifier: Apache-2.0
#pragma once

// The personalisation writes, run on the writer connection inside its transaction: allocation
// (exactly once, idempotent by transaction id), the package record, and how a transaction ends.

#include "issuer/storage/Sql.h"

#include <vector>

namespace perso::issuer::storage {

IssuerResult<Allocation> allocate(Sql& sql, const AllocationRequest& request);
IssuerStatus recordPackage(Sql& sql, ByteView transactionId, ByteView package, const CardProfileRecord& profile,
                           Timestamp now);
IssuerStatus finishTransaction(Sql& sql, const TransactionOutcome& outcome);
IssuerResult<int> abandonTransactions(Sql& sql, const std::vector<Bytes>& sessionIds, Timestamp now);

} // namespace perso::issuer::storage
