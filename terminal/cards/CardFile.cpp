// SPDX-License-Identifier: Apache-2.0
#include "terminal/cards/CardFile.h"

#include <QCborStreamReader>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QSet>

#include <algorithm>

#include <fcntl.h>
#include <unistd.h>

namespace perso::cards::CardFile {

namespace {

const QString kFormatKey = QStringLiteral("format");
const QString kVersionKey = QStringLiteral("version");
const QString kKindKey = QStringLiteral("kind");

Error ioError(const QString& what, const QString& path, const QString& reason)
{
    return makeError(ErrorCode::InvalidParameter, QStringLiteral("%1 %2: %3").arg(what, path, reason));
}

// Makes the rename that committed a file durable: fsync of the folder that holds it.
bool syncFolderOf(const QString& path)
{
    const QByteArray folder = QFile::encodeName(QFileInfo(path).absolutePath());
    const int fd = ::open(folder.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    return synced;
}

bool isKnownKind(const QCborValue& kind)
{
    return kind.isString() && (kind.toString() == kindSim() || kind.toString() == kindRetailer());
}

// The three header fields; `forSave` only changes which error a wrong value gets.
Status checkHeader(const QCborMap& map, bool forSave)
{
    const ErrorCode schema = forSave ? ErrorCode::InvalidParameter : ErrorCode::SchemaViolation;
    const QCborValue format = map.value(kFormatKey);
    if (!format.isString() || format.toString() != formatName())
        return makeError(schema, QStringLiteral("card file: \"format\" is not \"%1\"").arg(formatName()));
    const QCborValue version = map.value(kVersionKey);
    if (!version.isInteger())
        return makeError(schema, QStringLiteral("card file: \"version\" is not an integer"));
    if (version.toInteger() != kFormatVersion)
        return makeError(forSave ? ErrorCode::InvalidParameter : ErrorCode::UnsupportedVersion,
                         QStringLiteral("card file: version %1, this build reads version %2")
                             .arg(version.toInteger())
                             .arg(kFormatVersion));
    if (!isKnownKind(map.value(kKindKey)))
        return makeError(schema, QStringLiteral("card file: \"kind\" is neither \"sim\" nor \"retailer\""));
    return Ok{};
}

// Every key a text string and none twice: the decoder keeps duplicates, a strict reader must not.
Status checkKeys(const QCborMap& map)
{
    QSet<QString> seen;
    for (auto it = map.constBegin(); it != map.constEnd(); ++it) {
        if (!it.key().isString())
            return makeError(ErrorCode::SchemaViolation, QStringLiteral("card file: a key is not a text string"));
        const QString key = it.key().toString();
        if (seen.contains(key))
            return makeError(ErrorCode::SchemaViolation,
                             QStringLiteral("card file: key \"%1\" appears twice").arg(key));
        seen.insert(key);
    }
    return Ok{};
}

void scrub(QByteArray& bytes)
{
    std::fill(bytes.begin(), bytes.end(), '\0');
    bytes.clear();
}

} // namespace

QString formatName()
{
    return QStringLiteral("retail-perso-card");
}
QString kindSim()
{
    return QStringLiteral("sim");
}
QString kindRetailer()
{
    return QStringLiteral("retailer");
}

Status writeAtomically(const QString& path, const QByteArray& bytes)
{
    QSaveFile file(path);
    file.setDirectWriteFallback(false);
    if (!file.open(QIODevice::WriteOnly))
        return ioError(QStringLiteral("cannot create"), path, file.errorString());
    // QSaveFile gives a new file 0666 & ~umask: restrict it before a byte is written.
    if (!file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        file.cancelWriting();
        return ioError(QStringLiteral("cannot restrict permissions of"), path, file.errorString());
    }
    if (file.write(bytes) != bytes.size() || !file.flush() || ::fsync(file.handle()) != 0) {
        file.cancelWriting();
        return ioError(QStringLiteral("cannot write"), path, file.errorString());
    }
    if (!file.commit())
        return ioError(QStringLiteral("cannot commit"), path, file.errorString());
    if (!syncFolderOf(path))
        return ioError(QStringLiteral("cannot sync the folder of"), path, QStringLiteral("fsync failed"));
    return Ok{};
}

Result<QByteArray> readBounded(const QString& path, qint64 maxSize)
{
    const QFileInfo info(path);
    if (!info.exists())
        return ioError(QStringLiteral("cannot read"), path, QStringLiteral("no such file"));
    if (!info.isFile())
        return ioError(QStringLiteral("cannot read"), path, QStringLiteral("not a regular file"));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return ioError(QStringLiteral("cannot open"), path, file.errorString());
    if (file.size() > maxSize)
        return makeError(ErrorCode::Oversized,
                         QStringLiteral("%1: %2 bytes, at most %3").arg(path).arg(file.size()).arg(maxSize));
    // Read one byte more than allowed so that a file that grew since size() is still refused.
    QByteArray bytes = file.read(maxSize + 1);
    if (file.error() != QFileDevice::NoError)
        return ioError(QStringLiteral("cannot read"), path, file.errorString());
    if (bytes.size() > maxSize) {
        scrub(bytes);
        return makeError(ErrorCode::Oversized, QStringLiteral("%1: more than %2 bytes").arg(path).arg(maxSize));
    }
    return bytes;
}

Result<QCborValue> parseCbor(const QByteArray& bytes)
{
    if (bytes.isEmpty())
        return makeError(ErrorCode::Truncated, QStringLiteral("empty CBOR input"));
    QCborStreamReader reader(bytes);
    QCborValue value = QCborValue::fromCbor(reader);
    const QCborError error = reader.lastError();
    if (error.c == QCborError::EndOfFile)
        return makeError(ErrorCode::Truncated, QStringLiteral("CBOR input ends inside an item"));
    if (error.c == QCborError::DataTooLarge)
        return makeError(ErrorCode::Oversized, QStringLiteral("CBOR item announces more data than allowed"));
    if (error.c == QCborError::NestingTooDeep)
        return makeError(ErrorCode::NestingTooDeep, QStringLiteral("CBOR nesting too deep"));
    if (error.c != QCborError::NoError)
        return makeError(
            ErrorCode::InvalidEncoding,
            QStringLiteral("malformed CBOR at offset %1: %2").arg(reader.currentOffset()).arg(error.toString()));
    if (reader.currentOffset() != bytes.size())
        return makeError(ErrorCode::TrailingData,
                         QStringLiteral("%1 bytes after the CBOR item").arg(bytes.size() - reader.currentOffset()));
    return value;
}

Status save(const QString& path, const QCborMap& state)
{
    QCborMap map = state;
    if (!map.contains(kFormatKey))
        map.insert(kFormatKey, formatName());
    if (!map.contains(kVersionKey))
        map.insert(kVersionKey, kFormatVersion);
    if (Status header = checkHeader(map, true); !header)
        return header;
    if (Status keys = checkKeys(map); !keys)
        return makeError(ErrorCode::InvalidParameter, keys.error().message);
    QByteArray bytes = map.toCborValue().toCbor();
    if (bytes.size() > kMaxFileSize) {
        const auto size = bytes.size();
        scrub(bytes);
        return makeError(ErrorCode::Oversized,
                         QStringLiteral("card state of %1 bytes, at most %2").arg(size).arg(kMaxFileSize));
    }
    Status written = writeAtomically(path, bytes);
    scrub(bytes);
    return written;
}

Result<QCborMap> load(const QString& path)
{
    Result<QByteArray> read = readBounded(path, kMaxFileSize);
    if (!read)
        return read.error();
    QByteArray bytes = std::move(read).value();
    Result<QCborValue> parsed = parseCbor(bytes);
    scrub(bytes);
    if (!parsed)
        return makeError(parsed.code(), QStringLiteral("%1: %2").arg(path, parsed.error().message));
    if (!parsed.value().isMap())
        return makeError(ErrorCode::SchemaViolation, QStringLiteral("%1: not a CBOR map").arg(path));
    QCborMap map = parsed.value().toMap();
    if (Status keys = checkKeys(map); !keys)
        return makeError(keys.code(), QStringLiteral("%1: %2").arg(path, keys.error().message));
    if (Status header = checkHeader(map, false); !header)
        return makeError(header.code(), QStringLiteral("%1: %2").arg(path, header.error().message));
    return map;
}

} // namespace perso::cards::CardFile
