// SPDX-License-Identifier: Apache-2.0
#pragma once

// The one place where the issuer reads and writes files that hold secrets (master and signing keys, CA
// and server keys, the PostgreSQL password, transport keys) and the public files beside them.
// Private files are created exclusively (never overwritten) with the given mode, and read only when
// they are regular files (no symlink, checked on the opened descriptor), owned by the effective user,
// with no group or other permission bits. Error messages name the file and the problem, never content.

#include "issuer/common/IssuerError.h"
#include "protocol/core/Bytes.h"

#include <QByteArray>
#include <QString>

#include <cstddef>

namespace perso::issuer {

inline constexpr std::size_t kMaxProtectedFileBytes = 1024 * 1024;

// Creates `path` with `mode` and writes `content`, fsync'ed. AlreadyExists if it exists; on any
// failure the partial file is removed (KeyUnavailable).
IssuerStatus writeNewFile(const QString& path, ByteView content, unsigned mode);

// A private file: KeyUnavailable if missing, a symlink, not a regular file, owned by another user,
// mode & 077 != 0, or longer than maxBytes.
IssuerResult<SecureBytes> readPrivateFile(const QString& path, std::size_t maxBytes = kMaxProtectedFileBytes);

// A public file (certificate): NotFound if missing or unreadable; InvalidInput above 1 MiB.
IssuerResult<QByteArray> readPublicFile(const QString& path);

} // namespace perso::issuer
