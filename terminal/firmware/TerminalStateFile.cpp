// SPDX-License-Identifier: Apache-2.0
#include "terminal/firmware/TerminalStateFile.h"

#include <QCborMap>
#include <QCborValue>
#include <QFile>
#include <QSaveFile>

namespace perso::terminal::TerminalStateFile {

namespace {

const QString kFormat = QStringLiteral("retail-perso-terminal");
constexpr qint64 kVersion = 1;

Error fileError(ErrorCode code, const QString& what)
{
    return makeError(code, QStringLiteral("terminal state file: %1").arg(what));
}

} // namespace

Result<PersistentState> load(const QString& path)
{
    QFile file(path);
    if (!file.exists())
        return PersistentState{};
    if (!file.open(QIODevice::ReadOnly))
        return fileError(ErrorCode::InvalidEncoding, QStringLiteral("cannot be opened"));
    if (file.size() > kMaxFileBytes)
        return fileError(ErrorCode::Oversized, QStringLiteral("larger than %1 bytes").arg(kMaxFileBytes));
    const QByteArray bytes = file.read(kMaxFileBytes + 1);
    QCborParserError parseError;
    const QCborValue value = QCborValue::fromCbor(bytes, &parseError);
    if (parseError.error != QCborError::NoError || !value.isMap())
        return fileError(ErrorCode::InvalidEncoding, QStringLiteral("not a CBOR map"));
    if (value.toCbor() != bytes)
        return fileError(ErrorCode::TrailingData, QStringLiteral("bytes after the map"));
    const QCborMap map = value.toMap();
    if (map.size() != 3 || map.value(QStringLiteral("format")).toString() != kFormat)
        return fileError(ErrorCode::SchemaViolation, QStringLiteral("not a terminal state file"));
    if (!map.value(QStringLiteral("version")).isInteger() ||
        map.value(QStringLiteral("version")).toInteger() != kVersion)
        return fileError(ErrorCode::UnsupportedVersion, QStringLiteral("unknown version"));
    const QCborValue tampered = map.value(QStringLiteral("tampered"));
    if (!tampered.isBool())
        return fileError(ErrorCode::SchemaViolation, QStringLiteral("tampered is not a boolean"));
    return PersistentState{tampered.toBool()};
}

Status save(const QString& path, const PersistentState& state)
{
    QCborMap map;
    map.insert(QStringLiteral("format"), kFormat);
    map.insert(QStringLiteral("version"), kVersion);
    map.insert(QStringLiteral("tampered"), state.tampered);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fileError(ErrorCode::InvalidEncoding, QStringLiteral("cannot be created"));
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    const QByteArray bytes = QCborValue(map).toCbor();
    if (file.write(bytes) != bytes.size() || !file.flush()) {
        file.cancelWriting();
        return fileError(ErrorCode::InvalidEncoding, QStringLiteral("cannot be written"));
    }
    // QSaveFile::commit() fsyncs the temporary file before it renames it over the old one.
    if (!file.commit())
        return fileError(ErrorCode::InvalidEncoding, QStringLiteral("cannot be committed"));
    return Ok{};
}

} // namespace perso::terminal::TerminalStateFile
