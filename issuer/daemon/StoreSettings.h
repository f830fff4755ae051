// SPDX-License-Identifier: Apache-2.0
#pragma once

// The storage part of issuerd.json as SqlStore wants it, with the PostgreSQL password read from its
// protected file (issuer/common/ProtectedFiles.h). Used by perso-issuerd and perso-admin alike.

#include "issuer/common/IssuerError.h"
#include "issuer/daemon/DaemonConfig.h"
#include "issuer/storage/StoreConfig.h"

namespace perso::issuer {

IssuerResult<StoreConfig> storeConfigFor(const DaemonConfig& config);

} // namespace perso::issuer
