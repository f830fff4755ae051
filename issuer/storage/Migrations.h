// SPDX-License-Identifier: Apache-2.0
#pragma once

// The one schema, as numbered migrations. schema_version holds the version applied; migration N
// runs in one transaction together with the version bump. A database newer than this build is
// refused with StorageCorrupt.

#include "issuer/storage/WriteQueue.h"

namespace perso::issuer::storage {

inline constexpr int kSchemaVersion = 1;

// Brings the database to kSchemaVersion through the writer (one commit per migration).
IssuerStatus migrate(WriteQueue& writer);

} // namespace perso::issuer::storage
