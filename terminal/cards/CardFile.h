// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/core/Result.h"

#include <QByteArray>
#include <QCborMap>
#include <QCborValue>
#include <QString>

namespace perso::cards {

// Storage of a virtual card: one CBOR map per file, the card's EEPROM. Every file carries
//   "format": "retail-perso-card", "version": 1, "kind": "sim" | "retailer"
// plus the card's own keys. Writes are atomic (temporary file in the same folder, flush, fsync,
// rename, fsync of the folder) with permissions 0600; reads are strict and never half-load a file.
//
// Errors (public context only, never a value from the file):
//   InvalidParameter  the path cannot be opened, read, written or renamed (an I/O failure), or save()
//                     was given a map with a wrong "format"/"version" or no valid "kind"
//   Oversized         the file (or the map to save) is larger than kMaxFileSize
//   Truncated         the file is empty or ends inside the CBOR item
//   TrailingData      bytes after the CBOR item
//   InvalidEncoding   the bytes are not well-formed CBOR
//   SchemaViolation   not a map, or "format" or "kind" missing or wrong
//   UnsupportedVersion "version" is not 1
namespace CardFile {

inline constexpr qint64 kMaxFileSize = 1024 * 1024;
inline constexpr qint64 kFormatVersion = 1;

QString formatName();   // "retail-perso-card"
QString kindSim();      // "sim"
QString kindRetailer(); // "retailer"

// Writes `state` to `path`. "format" and "version" are added when absent (and refused when present
// with another value); "kind" must be present and one of the two kinds. Nothing is changed on
// failure: the previous file, if any, stays as it was.
Status save(const QString& path, const QCborMap& state);

// Reads and checks a card file. The returned map still holds "format", "version" and "kind".
Result<QCborMap> load(const QString& path);

// Building blocks shared with the batch manifest: an atomic 0600 write of `bytes`, and a read of a
// regular file refused (Oversized) when larger than `maxSize`. The write scrubs nothing: callers that
// pass secrets scrub their own buffer.
Status writeAtomically(const QString& path, const QByteArray& bytes);
Result<QByteArray> readBounded(const QString& path, qint64 maxSize);

// One CBOR item filling `bytes` exactly (Truncated, TrailingData, InvalidEncoding otherwise).
Result<QCborValue> parseCbor(const QByteArray& bytes);

} // namespace CardFile

} // namespace perso::cards
