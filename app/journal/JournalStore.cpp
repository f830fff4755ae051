// SPDX-License-Identifier: Apache-2.0
#include "app/journal/JournalStore.h"

#include <QCborArray>
#include <QCborValue>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

#include <botan/hash.h>

#include <cerrno>
#include <sys/stat.h>
#include <unistd.h>

namespace perso::station::journal {
namespace {

constexpr auto kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

StationStatus checkExisting(const QString& path, bool mustBeRegular)
{
    if (QFileInfo(path).isSymLink()) {
        return journalError(QStringLiteral("the journal %1 is a symbolic link").arg(path));
    }
    struct stat st = {};
    const QByteArray native = QFile::encodeName(path);
    if (::lstat(native.constData(), &st) != 0) {
        if (errno == ENOENT) {
            return Ok{};
        }
        return journalError(QStringLiteral("cannot inspect the journal %1").arg(path));
    }
    if (mustBeRegular && !S_ISREG(st.st_mode)) {
        return journalError(QStringLiteral("the journal %1 is not a regular file").arg(path));
    }
    if (st.st_uid != ::geteuid()) {
        return journalError(QStringLiteral("the journal %1 belongs to another user").arg(path));
    }
    if (S_ISREG(st.st_mode) && (st.st_mode & 077) != 0 && ::chmod(native.constData(), 0600) != 0) {
        return journalError(QStringLiteral("cannot restrict the journal %1 to its owner").arg(path));
    }
    return Ok{};
}

bool exec(QSqlDatabase& db, const QString& sql, QString* failure = nullptr)
{
    QSqlQuery query(db);
    if (query.exec(sql)) {
        return true;
    }
    if (failure) {
        *failure = query.lastError().databaseText().left(200);
    }
    return false;
}

StationResult<qint64> scalar(QSqlDatabase& db, const QString& sql)
{
    QSqlQuery query(db);
    if (!query.exec(sql) || !query.next()) {
        return journalError(
            QStringLiteral("cannot read the journal: %1").arg(query.lastError().databaseText().left(200)));
    }
    return query.value(0).toLongLong();
}

StationStatus createSchema(QSqlDatabase& db)
{
    const QString statements[] = {
        QStringLiteral("CREATE TABLE events (seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, event TEXT NOT NULL, "
                       "session TEXT NOT NULL, tx TEXT NOT NULL, data TEXT NOT NULL, hash BLOB NOT NULL)"),
        QStringLiteral("CREATE INDEX events_tx ON events (tx)"),
        QStringLiteral("CREATE INDEX events_at ON events (at)"),
        QStringLiteral("CREATE TABLE head (id INTEGER PRIMARY KEY CHECK (id = 1), last_seq INTEGER NOT NULL, "
                       "last_hash BLOB NOT NULL)"),
        QStringLiteral("INSERT INTO head (id, last_seq, last_hash) VALUES (1, 0, zeroblob(32))"),
        QStringLiteral("CREATE TRIGGER events_no_update BEFORE UPDATE ON events "
                       "BEGIN SELECT RAISE(ABORT, 'journal rows are append-only'); END"),
        QStringLiteral("CREATE TRIGGER events_no_delete BEFORE DELETE ON events "
                       "BEGIN SELECT RAISE(ABORT, 'journal rows are append-only'); END"),
        QStringLiteral("CREATE TRIGGER head_no_delete BEFORE DELETE ON head "
                       "BEGIN SELECT RAISE(ABORT, 'the journal head stays'); END"),
        QStringLiteral("CREATE TRIGGER head_forward_only BEFORE UPDATE ON head "
                       "WHEN NEW.last_seq <> OLD.last_seq + 1 OR NEW.id <> OLD.id "
                       "BEGIN SELECT RAISE(ABORT, 'the journal head only moves forward'); END"),
        QStringLiteral("PRAGMA user_version = %1").arg(kSchemaVersion),
    };
    QString failure;
    if (!exec(db, QStringLiteral("BEGIN IMMEDIATE"), &failure)) {
        return journalError(QStringLiteral("cannot create the journal schema: %1").arg(failure));
    }
    for (const QString& sql : statements) {
        if (!exec(db, sql, &failure)) {
            exec(db, QStringLiteral("ROLLBACK"));
            return journalError(QStringLiteral("cannot create the journal schema: %1").arg(failure));
        }
    }
    if (!exec(db, QStringLiteral("COMMIT"), &failure)) {
        exec(db, QStringLiteral("ROLLBACK"));
        return journalError(QStringLiteral("cannot create the journal schema: %1").arg(failure));
    }
    return Ok{};
}

// Lower-cased words of a key: "adminPin2" -> admin, pin, 2; "OPc" -> opc; "ki_value" -> ki, value.
QStringList keyWords(const QString& key)
{
    QStringList words;
    QString current;
    QChar previous;
    for (const QChar c : key) {
        const bool boundary = !current.isEmpty() && ((previous.isLower() && c.isUpper()) ||
                                                     (previous.isLetter() != c.isLetter()) || !c.isLetterOrNumber());
        if (boundary) {
            words.append(current.toLower());
            current.clear();
        }
        if (c.isLetterOrNumber()) {
            current.append(c);
        }
        previous = c;
    }
    if (!current.isEmpty()) {
        words.append(current.toLower());
    }
    return words;
}

bool looksSecret(const QString& key)
{
    static const QStringList secretWords = {QStringLiteral("pin"),     QStringLiteral("puk"), QStringLiteral("key"),
                                            QStringLiteral("ki"),      QStringLiteral("opc"), QStringLiteral("adm"),
                                            QStringLiteral("password")};
    const QStringList words = keyWords(key);
    for (const QString& word : words) {
        if (secretWords.contains(word)) {
            return true;
        }
    }
    return secretWords.contains(key.toLower());
}

StationStatus checkValue(const QString& key, const QJsonValue& value);

StationStatus checkObject(const QJsonObject& object)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (looksSecret(it.key())) {
            return stationError(StationErrorKind::Internal,
                                QStringLiteral("refused to journal a field named like a secret (%1)").arg(it.key()));
        }
        if (it.key().toUtf8().size() > kMaxValueBytes) {
            return stationError(StationErrorKind::Internal, QStringLiteral("refused to journal an over-long key"));
        }
        if (auto checked = checkValue(it.key(), it.value()); !checked) {
            return checked;
        }
    }
    return Ok{};
}

StationStatus checkValue(const QString& key, const QJsonValue& value)
{
    if (value.isString() && value.toString().toUtf8().size() > kMaxValueBytes) {
        return stationError(StationErrorKind::Internal,
                            QStringLiteral("refused to journal a value over 4 KiB (%1)").arg(key));
    }
    if (value.isObject()) {
        return checkObject(value.toObject());
    }
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (const QJsonValue& item : array) {
            if (auto checked = checkValue(key, item); !checked) {
                return checked;
            }
        }
    }
    return Ok{};
}

} // namespace

StationError journalError(const QString& detail)
{
    return stationError(StationErrorKind::Journal, detail);
}

StationStatus preparePrivateFile(const QString& path)
{
    if (path.isEmpty()) {
        return journalError(QStringLiteral("no journal path configured"));
    }
    if (auto checked = checkExisting(path, true); !checked) {
        return checked;
    }
    for (const char* suffix : {"-wal", "-shm"}) {
        if (auto checked = checkExisting(path + QLatin1String(suffix), true); !checked) {
            return checked;
        }
    }
    if (QFileInfo::exists(path)) {
        return Ok{};
    }
    const QString folder = QFileInfo(path).absolutePath();
    if (!QDir().exists(folder)) {
        if (!QDir().mkpath(folder)) {
            return journalError(QStringLiteral("cannot create the journal folder %1").arg(folder));
        }
        QFile::setPermissions(folder, kOwnerOnly | QFileDevice::ExeOwner);
    }
    // NewOnly: O_EXCL, so a link planted since the check above is not followed.
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, kOwnerOnly) || !file.setPermissions(kOwnerOnly)) {
        return journalError(QStringLiteral("cannot create the journal %1").arg(path));
    }
    file.close();
    return Ok{};
}

StationStatus configureConnection(QSqlDatabase& db)
{
    QString failure;
    for (const QString& sql : {QStringLiteral("PRAGMA journal_mode = WAL"), QStringLiteral("PRAGMA synchronous = FULL"),
                               QStringLiteral("PRAGMA busy_timeout = 5000")}) {
        if (!exec(db, sql, &failure)) {
            return journalError(QStringLiteral("cannot configure the journal: %1").arg(failure));
        }
    }
    return Ok{};
}

StationResult<int> ensureSchema(QSqlDatabase& db)
{
    auto version = scalar(db, QStringLiteral("PRAGMA user_version"));
    if (!version) {
        return version.error();
    }
    if (version.value() > kSchemaVersion) {
        return journalError(QStringLiteral("the journal has schema version %1, newer than this station supports (%2)")
                                .arg(version.value())
                                .arg(kSchemaVersion));
    }
    if (version.value() == 0) {
        auto tables = scalar(db, QStringLiteral("SELECT count(*) FROM sqlite_master"));
        if (!tables) {
            return tables.error();
        }
        if (tables.value() != 0) {
            return journalError(QStringLiteral("the file is not a station journal"));
        }
        if (auto created = createSchema(db); !created) {
            return created.error();
        }
        return kSchemaVersion;
    }
    auto tables = scalar(
        db, QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('events', 'head')"));
    if (!tables) {
        return tables.error();
    }
    if (tables.value() != 2) {
        return journalError(QStringLiteral("the journal's tables are missing"));
    }
    return static_cast<int>(version.value());
}

QString canonicalJson(const QJsonObject& data)
{
    return QString::fromUtf8(QJsonDocument(data).toJson(QJsonDocument::Compact));
}

QByteArray chainHash(const QByteArray& previous, qint64 seq, qint64 atMs, const QString& event,
                     const QString& sessionId, const QString& transactionId, const QString& dataJson)
{
    // Deterministic for these types: QCborValue writes integers in their shortest form and strings and
    // arrays with definite lengths (RFC 8949 §4.2.1); there is no map or float to order or normalise.
    const QCborArray row{seq, atMs, event, sessionId, transactionId, dataJson};
    const QByteArray canonical = QCborValue(row).toCbor();
    auto sha = Botan::HashFunction::create_or_throw("SHA-256");
    sha->update(reinterpret_cast<const std::uint8_t*>(previous.constData()), static_cast<std::size_t>(previous.size()));
    sha->update(reinterpret_cast<const std::uint8_t*>(canonical.constData()),
                static_cast<std::size_t>(canonical.size()));
    const auto digest = sha->final();
    return QByteArray(reinterpret_cast<const char*>(digest.data()), static_cast<qsizetype>(digest.size()));
}

StationStatus checkPublicData(const QJsonObject& data)
{
    return checkObject(data);
}

bool isIdText(const QString& id)
{
    static const QRegularExpression hex(QStringLiteral("^[0-9A-Fa-f]{0,64}$"));
    return hex.match(id).hasMatch();
}

} // namespace perso::station::journal
