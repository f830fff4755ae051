// SPDX-License-Identifier: Apache-2.0
#include "issuer/storage/Connection.h"

#include <QFile>
#include <QSqlError>
#include <QSqlQuery>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace perso::issuer::storage {
namespace {

IssuerError unavailable(const QString& message)
{
    return makeIssuerError(IssuerErrorCode::StorageUnavailable, message);
}

// Creates the database file with mode 0600 before SQLite does (SQLite would use the umask); the
// -wal and -shm files inherit the mode of the database file.
IssuerStatus createPrivateFile(const QString& path)
{
    const QByteArray native = QFile::encodeName(path);
    const int fd = ::open(native.constData(), O_RDWR | O_CREAT | O_CLOEXEC, S_IRUSR | S_IWUSR);
    if (fd < 0) {
        return unavailable(QStringLiteral("cannot create the database file %1").arg(path));
    }
    ::close(fd);
    return Ok{};
}

IssuerStatus execAll(QSqlDatabase& db, std::initializer_list<QString> statements)
{
    for (const auto& statement : statements) {
        QSqlQuery query(db);
        if (!query.exec(statement)) {
            return unavailable(
                QStringLiteral("cannot configure the connection: %1").arg(query.lastError().databaseText()));
        }
    }
    return Ok{};
}

IssuerStatus configure(const StoreConfig& config, QSqlDatabase& db)
{
    if (config.engine == StoreConfig::Postgres) {
        return execAll(
            db, {QStringLiteral("SET synchronous_commit = on"), QStringLiteral("SET client_min_messages = warning")});
    }
    return execAll(db, {QStringLiteral("PRAGMA journal_mode = WAL"), QStringLiteral("PRAGMA synchronous = FULL"),
                        QStringLiteral("PRAGMA foreign_keys = ON"),
                        QStringLiteral("PRAGMA busy_timeout = %1").arg(config.busyTimeoutMs)});
}

} // namespace

IssuerResult<QSqlDatabase> openConnection(const StoreConfig& config, const QString& name)
{
    const bool postgres = config.engine == StoreConfig::Postgres;
    const QString driver = postgres ? QStringLiteral("QPSQL") : QStringLiteral("QSQLITE");
    if (!QSqlDatabase::isDriverAvailable(driver)) {
        return unavailable(QStringLiteral("the Qt SQL driver %1 is not installed").arg(driver));
    }
    if (!postgres) {
        if (config.sqlitePath.isEmpty()) {
            return makeIssuerError(IssuerErrorCode::InvalidInput, QStringLiteral("no SQLite database path given"));
        }
        if (auto created = createPrivateFile(config.sqlitePath); !created) {
            return created.error();
        }
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(driver, name);
    if (postgres) {
        db.setHostName(config.pgHost);
        db.setPort(config.pgPort);
        db.setDatabaseName(config.pgDatabase);
        db.setUserName(config.pgUser);
        db.setPassword(config.pgPassword);
        db.setConnectOptions(QStringLiteral("connect_timeout=10"));
    } else {
        db.setDatabaseName(config.sqlitePath);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(config.busyTimeoutMs));
    }
    if (!db.open()) {
        const QString reason = db.lastError().databaseText().left(200);
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
        return unavailable(QStringLiteral("cannot open the database: %1").arg(reason));
    }
    IssuerStatus configured = configure(config, db);
    if (!configured) {
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
        return configured.error();
    }
    return db;
}

IssuerStatus reopenConnection(const StoreConfig& config, QSqlDatabase& db)
{
    db.close();
    if (!db.open()) {
        return unavailable(
            QStringLiteral("cannot reopen the database: %1").arg(db.lastError().databaseText().left(200)));
    }
    return configure(config, db);
}

void closeConnection(const QString& name)
{
    // Dropping the last handle closes the connection; this works from any thread, unlike database().
    if (QSqlDatabase::contains(name)) {
        QSqlDatabase::removeDatabase(name);
    }
}

} // namespace perso::issuer::storage
