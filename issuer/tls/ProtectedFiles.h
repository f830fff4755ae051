// SPDX-License-Identifier: Apache-2.0
#pragma once

// Files of the issuer's certificate authority and server: private keys are written 0600 with
// O_EXCL (never overwritten) and read only when they are regular files (no symlink) that neither
// group nor others may access.

#include "issuer/common/IssuerError.h"
#include "protocol/core/Bytes.h"

#include <QByteArray>
#include <QString>

namespace perso::issuer {

// Creates `path` with `mode`; AlreadyExists if it exists, InvalidInput if it cannot be written.
IssuerStatus writeNewFile(const QString& path, ByteView content, unsigned mode);

// A private key file: KeyUnavailable if missing, a symlink, not a regular file, or mode & 077 != 0.
IssuerResult<SecureBytes> readPrivateFile(const QString& path);

// A public file (certificate): NotFound if missing or unreadable; at most 1 MiB.
IssuerResult<QByteArray> readPublicFile(const QString& path);

} // namespace perso::issuer
