// SPDX-License-Identifier: Apache-2.0
#pragma once

// The key ring directory: names of its files and checks of the directory itself. The files are read
// and written through issuer/common/ProtectedFiles.h.

#include "issuer/common/IssuerError.h"
#include "protocol/core/Bytes.h"

#include <QString>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace perso::issuer::keyfiles {

inline constexpr std::size_t kMaxKeyFileBytes = 16 * 1024;

QString masterKeyFileName(std::uint8_t version); // "master-v<N>.key"
QString signingKeyFileName();                    // "receipt-signing.pem"

// The directory exists, is a directory (not a symlink), is owned by the effective uid and is not
// writable by group or others.
IssuerStatus checkDirectory(const QString& directory);
// Creates the directory with mode 0700 when absent (parents too), then checks it.
IssuerStatus ensureDirectory(const QString& directory);

// Master key versions present in the directory (names master-v<N>.key, N = 1..255 without leading
// zeros), ascending.
IssuerResult<std::vector<std::uint8_t>> listMasterKeyVersions(const QString& directory);

} // namespace perso::issuer::keyfiles
