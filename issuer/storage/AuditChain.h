// SPDX-License-Identifier: Apache-2.0
#pragma once

// The hash-chained audit log. Canonical encoding of (sequence, entry), documented in docs/issuer.md:
//   u64 sequence (big-endian) || field(kind) || field(actor) || field(subject) || field(detail) ||
//   i64 at (big-endian, two's complement), where field(s) = u32 length (big-endian) || UTF-8 bytes.
// hash = SHA-256(previousHash || encoding); previousHash of sequence 1 is 32 zero bytes.

#include "issuer/common/IssuerError.h"
#include "issuer/common/Records.h"
#include "issuer/storage/Sql.h"
#include "issuer/storage/StoreConfig.h"

#include <vector>

namespace perso::issuer::storage {

Bytes canonicalAuditEncoding(std::int64_t sequence, const AuditEntry& entry);
Bytes auditHash(ByteView previousHash, std::int64_t sequence, const AuditEntry& entry);

IssuerStatus validateAuditEntry(const AuditEntry& entry);
// Appends in the writer's transaction (locks the chain's head first on PostgreSQL).
IssuerStatus appendAudit(Sql& sql, const AuditEntry& entry);
// appendAudit inside its own savepoint, for a write that carries its audit entry: if the entry
// cannot be appended it is rolled back alone (and logged), and the write around it stands.
void appendAuditBestEffort(Sql& sql, const AuditEntry& entry);
IssuerResult<AuditVerdict> verifyAuditChain(Sql& sql);
IssuerResult<std::vector<AuditRecord>> readAuditLog(Sql& sql, std::int64_t first, std::int64_t last);

} // namespace perso::issuer::storage
