// SPDX-License-Identifier: Apache-2.0
#pragma once

// File handling of the key ring directory: strict permission checks on read, exclusive creation with
// mode 0600 on write. Error messages name the file and the problem, never the content.

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

// Reads a key file after checking it is a regular file (no symlink), owned by the effective uid,
// with no group/other permission bits, and at most kMaxKeyFileBytes long.
IssuerResult<SecureBytes> readProtectedFile(const QString& path);

// Creates the file exclusively (AlreadyExists when present) with mode 0600 and writes `content`.
// On a write failure the partial file is removed.
IssuerStatus writeNewProtectedFile(const QString& path, ByteView content);

// Master key versions present in the directory (names master-v<N>.key, N = 1..255 without leading
// zeros), ascending.
IssuerResult<std::vector<std::uint8_t>> listMasterKeyVersions(const QString& directory);

} // namespace perso::issuer::keyfiles
