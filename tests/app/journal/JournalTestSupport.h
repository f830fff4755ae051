// SPDX-License-Identifier: Apache-2.0
#pragma once

// Helpers shared by the journal's suites: temporary journals, JSON objects, and SQL run on a journal
// file through a connection of its own (the way another tool could edit it).

#include "app/journal/Journal.h"
#include "app/journal/JournalStore.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace perso::station;

namespace journaltest {

inline const QString kTx1 = QStringLiteral("00112233445566778899aabbccddeeff");
inline const QString kTx2 = QStringLiteral("ffeeddccbbaa99887766554433221100");
inline const QString kSession = QStringLiteral("0102030405060708");

inline std::unique_ptr<Journal> openOk(const QString& path)
{
    auto opened = Journal::open(path);
    if (!opened) {
        qWarning("open failed: %s", qPrintable(opened.error().detail));
        return nullptr;
    }
    return std::move(opened).value();
}

inline QJsonObject obj(std::initializer_list<QPair<QString, QJsonValue>> fields)
{
    QJsonObject out;
    for (const auto& [key, value] : fields) {
        out.insert(key, value);
    }
    return out;
}

// The seq of an append, or -1 with the error's detail in the log.
inline qint64 seqOf(const StationResult<qint64>& appended)
{
    if (!appended) {
        qWarning("append failed: %s", qPrintable(appended.error().detail));
        return -1;
    }
    return appended.value();
}

// Runs SQL on the file through a connection of its own, without the journal's triggers.
inline bool tamper(const QString& path, const QStringList& statements)
{
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("tamper"));
        db.setDatabaseName(path);
        ok = db.open();
        const QStringList all = QStringList{QStringLiteral("DROP TRIGGER IF EXISTS events_no_update"),
                                            QStringLiteral("DROP TRIGGER IF EXISTS events_no_delete"),
                                            QStringLiteral("DROP TRIGGER IF EXISTS head_forward_only"),
                                            QStringLiteral("DROP TRIGGER IF EXISTS head_no_delete")} +
                                statements;
        for (const QString& sql : all) {
            QSqlQuery query(db);
            if (ok && !query.exec(sql)) {
                qWarning("tamper failed: %s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
                ok = false;
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("tamper"));
    return ok;
}

inline bool execOn(const QString& path, const QString& sql)
{
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery query(db);
            ok = query.exec(sql);
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("raw"));
    return ok;
}

// Child mode of the crash test: append until killed, printing each durable seq.
// Numbered journal files in one temporary folder.
class JournalFiles
{
public:
    QString freshPath() { return m_dir.filePath(QStringLiteral("journal-%1.db").arg(++m_files)); }

    // Five rows: station-started, sign-on, card-selected, package-requested, package-fetched.
    QString fiveRows()
    {
        const QString path = freshPath();
        auto journal = openOk(path);
        if (!journal) {
            return {};
        }
        const bool written =
            journal
                ->append(JournalEvent::StationStarted, {}, {},
                         obj({{QStringLiteral("version"), QStringLiteral("1.0")}}))
                .ok() &&
            journal
                ->append(JournalEvent::SignOn, kSession, {},
                         obj({{QStringLiteral("shopId"), QStringLiteral("SHOP-1")}}))
                .ok() &&
            journal
                ->append(JournalEvent::CardSelected, kSession, kTx1,
                         obj({{QStringLiteral("iccid"), QStringLiteral("8944")}}))
                .ok() &&
            journal->append(JournalEvent::PackageRequested, kSession, kTx1, {}).ok() &&
            journal->append(JournalEvent::PackageFetched, kSession, kTx1, obj({{QStringLiteral("steps"), 12}})).ok();
        return written ? path : QString();
    }
    bool valid() const { return m_dir.isValid(); }
    QString filePath(const QString& name) const { return m_dir.filePath(name); }
    QString path() const { return m_dir.path(); }

private:
    QTemporaryDir m_dir;
    int m_files = 0;
};

} // namespace journaltest
