// SPDX-License-Identifier: Apache-2.0
#pragma once

// Internals of the journal shared by its source files: the file's creation and checks, the schema,
// the canonical bytes and hash of a row, and the guard that keeps secrets out of the data.

#include "app/core/StationError.h"

#include <QByteArray>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>

namespace perso::station::journal {

inline constexpr int kSchemaVersion = 1;
inline constexpr int kHashSize = 32;
inline constexpr qsizetype kMaxValueBytes = 4096;

StationError journalError(const QString& detail);

// Refuses a symlink, a non-regular file or a file owned by someone else; creates a missing file with
// mode 0600 (and its folder with 0700) before SQLite opens it, and tightens an existing file to 0600.
StationStatus preparePrivateFile(const QString& path);

// Pragmas of every connection: WAL, synchronous=FULL, a busy timeout for the second instance.
StationStatus configureConnection(QSqlDatabase& db);

// Creates schema version 1 in an empty file; accepts version 1; refuses a newer version or a file
// that is not a journal. Returns the schema version.
StationResult<int> ensureSchema(QSqlDatabase& db);

// The row's data as canonical JSON text: compact, keys sorted (QJsonObject keeps its keys sorted).
QString canonicalJson(const QJsonObject& data);

// hash(n) = SHA-256(hash(n-1) || CBOR [seq, at, event, session, transaction, data]).
QByteArray chainHash(const QByteArray& previous, qint64 seq, qint64 atMs, const QString& event,
                     const QString& sessionId, const QString& transactionId, const QString& dataJson);

// Defence in depth: refuses (Internal) keys that look like secrets and values over 4 KiB, at any depth.
StationStatus checkPublicData(const QJsonObject& data);
// Session and transaction ids are lower- or upper-case hex, at most 64 characters, or empty.
bool isIdText(const QString& id);

// One CSV cell (RFC 4180): quoted when it holds a comma, quote, CR or LF; a leading = + - @ tab or CR
// gets an apostrophe first so that a spreadsheet shows it as text, not a formula.
QString csvCell(QString text);

} // namespace perso::station::journal
