// SPDX-License-Identifier: Apache-2.0
#include "app/journal/Journal.h"

#include "app/journal/JournalStore.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <atomic>
#include <map>

namespace perso::station {

using journal::journalError;

struct Journal::Impl
{
    QString path;
    QString connection;
    QSqlDatabase db;
    int schema = 0;

    ~Impl()
    {
        if (db.isValid()) {
            db.close();
        }
        db = QSqlDatabase();
        if (!connection.isEmpty() && QSqlDatabase::contains(connection)) {
            QSqlDatabase::removeDatabase(connection);
        }
    }

    // An SQL failure as a Journal error; the driver's text names no personal data, only the statement's fault.
    StationError failure(const QString& what, const QSqlQuery& query) const
    {
        return journalError(QStringLiteral("%1: %2").arg(what, query.lastError().databaseText().left(200)));
    }

    void rollback()
    {
        QSqlQuery query(db);
        query.exec(QStringLiteral("ROLLBACK"));
    }
};

namespace {

constexpr qint64 kFirstSeq = 1;

StationResult<JournalEntry> readEntry(const QSqlQuery& query)
{
    JournalEntry entry;
    entry.seq = query.value(0).toLongLong();
    entry.at = QDateTime::fromMSecsSinceEpoch(query.value(1).toLongLong(), Qt::UTC);
    const auto event = journalEventFromName(query.value(2).toString());
    if (!event) {
        return journalError(QStringLiteral("row %1: unknown event").arg(entry.seq));
    }
    entry.event = *event;
    entry.sessionId = query.value(3).toString();
    entry.transactionId = query.value(4).toString();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(query.value(5).toString().toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        return journalError(QStringLiteral("row %1: data is not a JSON object").arg(entry.seq));
    }
    entry.data = document.object();
    entry.hash = query.value(6).toByteArray();
    return entry;
}

} // namespace

Journal::Journal(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

Journal::~Journal() = default;

StationResult<std::unique_ptr<Journal>> Journal::open(const QString& path)
{
    static std::atomic<quint64> instances{0};
    if (auto prepared = journal::preparePrivateFile(path); !prepared) {
        return prepared.error();
    }
    const QString driver = QStringLiteral("QSQLITE");
    if (!QSqlDatabase::isDriverAvailable(driver)) {
        return journalError(QStringLiteral("the Qt SQL driver QSQLITE is not installed"));
    }
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    impl->connection = QStringLiteral("perso-station-journal-%1").arg(++instances);
    impl->db = QSqlDatabase::addDatabase(driver, impl->connection);
    impl->db.setDatabaseName(path);
    impl->db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!impl->db.open()) {
        return journalError(
            QStringLiteral("cannot open the journal: %1").arg(impl->db.lastError().databaseText().left(200)));
    }
    if (auto configured = journal::configureConnection(impl->db); !configured) {
        return configured.error();
    }
    auto schema = journal::ensureSchema(impl->db);
    if (!schema) {
        return schema.error();
    }
    impl->schema = schema.value();
    return std::unique_ptr<Journal>(new Journal(std::move(impl)));
}

StationResult<qint64> Journal::append(JournalEvent event, const QString& sessionId, const QString& transactionId,
                                      const QJsonObject& data)
{
    if (!journal::isIdText(sessionId) || !journal::isIdText(transactionId)) {
        return stationError(StationErrorKind::Internal, QStringLiteral("journal ids must be hex"));
    }
    if (auto checked = journal::checkPublicData(data); !checked) {
        return checked.error();
    }
    const QString name = journalEventName(event);
    const QString json = journal::canonicalJson(data);

    QSqlQuery query(m_impl->db);
    if (!query.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
        return m_impl->failure(QStringLiteral("cannot write the journal"), query);
    }
    auto abort = [this](StationError error) -> StationResult<qint64> {
        m_impl->rollback();
        return error;
    };
    if (!query.exec(QStringLiteral("SELECT last_seq, last_hash FROM head WHERE id = 1")) || !query.next()) {
        return abort(m_impl->failure(QStringLiteral("cannot read the journal head"), query));
    }
    const qint64 seq = query.value(0).toLongLong() + 1;
    const QByteArray previous = query.value(1).toByteArray();
    query.finish();
    if (previous.size() != journal::kHashSize) {
        return abort(journalError(QStringLiteral("the journal head is damaged")));
    }
    const qint64 at = QDateTime::currentMSecsSinceEpoch();
    const QByteArray hash = journal::chainHash(previous, seq, at, name, sessionId, transactionId, json);

    query.prepare(QStringLiteral("INSERT INTO events (seq, at, event, session, tx, data, hash) VALUES (?, ?, ?, "
                                 "coalesce(?, ''), coalesce(?, ''), ?, ?)"));
    for (const QVariant& value : {QVariant(seq), QVariant(at), QVariant(name), QVariant(sessionId),
                                  QVariant(transactionId), QVariant(json), QVariant(hash)}) {
        query.addBindValue(value);
    }
    if (!query.exec()) {
        return abort(m_impl->failure(QStringLiteral("cannot write the journal"), query));
    }
    query.prepare(QStringLiteral("UPDATE head SET last_seq = ?, last_hash = ? WHERE id = 1"));
    query.addBindValue(seq);
    query.addBindValue(hash);
    if (!query.exec() || query.numRowsAffected() != 1) {
        return abort(m_impl->failure(QStringLiteral("cannot move the journal head"), query));
    }
    if (!query.exec(QStringLiteral("COMMIT"))) {
        return abort(m_impl->failure(QStringLiteral("cannot commit the journal"), query));
    }
    return seq;
}

StationResult<std::vector<JournalEntry>> Journal::entries(const JournalFilter& filter) const
{
    QString sql = QStringLiteral("SELECT seq, at, event, session, tx, data, hash FROM events WHERE 1 = 1");
    QVariantList bindings;
    if (filter.from) {
        sql += QStringLiteral(" AND at >= ?");
        bindings.append(filter.from->toMSecsSinceEpoch());
    }
    if (filter.to) {
        sql += QStringLiteral(" AND at <= ?");
        bindings.append(filter.to->toMSecsSinceEpoch());
    }
    if (!filter.transactionId.isEmpty()) {
        sql += QStringLiteral(" AND tx = ?");
        bindings.append(filter.transactionId);
    }
    if (!filter.events.empty()) {
        QStringList marks;
        for (const JournalEvent event : filter.events) {
            marks.append(QStringLiteral("?"));
            bindings.append(journalEventName(event));
        }
        sql += QStringLiteral(" AND event IN (%1)").arg(marks.join(QLatin1Char(',')));
    }
    sql += filter.newestFirst ? QStringLiteral(" ORDER BY seq DESC") : QStringLiteral(" ORDER BY seq ASC");
    if (filter.limit > 0 && filter.text.isEmpty()) {
        sql += QStringLiteral(" LIMIT %1").arg(filter.limit);
    }
    QSqlQuery query(m_impl->db);
    query.setForwardOnly(true);
    query.prepare(sql);
    for (const QVariant& value : bindings) {
        query.addBindValue(value);
    }
    if (!query.exec()) {
        return m_impl->failure(QStringLiteral("cannot read the journal"), query);
    }
    std::vector<JournalEntry> out;
    while (query.next()) {
        // The text search runs here, not in SQL: SQLite's LIKE folds ASCII only.
        if (!filter.text.isEmpty() && !query.value(5).toString().contains(filter.text, Qt::CaseInsensitive)) {
            continue;
        }
        auto entry = readEntry(query);
        if (!entry) {
            return entry.error();
        }
        out.push_back(std::move(entry).value());
        if (filter.limit > 0 && static_cast<qint64>(out.size()) >= filter.limit) {
            break;
        }
    }
    return out;
}

ChainCheck Journal::verifyChain() const
{
    ChainCheck check;
    auto fail = [&check](qint64 seq, const QString& problem) {
        if (check.intact) {
            check.intact = false;
            check.firstBadSeq = seq;
            check.problem = problem;
        }
    };
    QSqlQuery query(m_impl->db);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT seq, at, event, session, tx, data, hash FROM events ORDER BY seq ASC"))) {
        fail(kFirstSeq, QStringLiteral("cannot read the journal"));
        return check;
    }
    QByteArray previous(journal::kHashSize, '\0');
    qint64 expected = kFirstSeq;
    while (query.next()) {
        ++check.rows;
        const qint64 seq = query.value(0).toLongLong();
        if (check.intact && seq > expected) {
            fail(expected, QStringLiteral("row %1 missing").arg(expected));
        } else if (check.intact && seq < expected) {
            fail(seq, QStringLiteral("row %1: unexpected sequence number").arg(seq));
        } else if (check.intact) {
            const QByteArray computed =
                journal::chainHash(previous, seq, query.value(1).toLongLong(), query.value(2).toString(),
                                   query.value(3).toString(), query.value(4).toString(), query.value(5).toString());
            if (computed != query.value(6).toByteArray()) {
                fail(seq, QStringLiteral("row %1: hash does not match").arg(seq));
            }
            previous = computed;
        }
        expected = seq + 1;
    }
    const qint64 lastSeen = expected - 1;
    query.finish();
    if (!query.exec(QStringLiteral("SELECT last_seq, last_hash FROM head WHERE id = 1")) || !query.next()) {
        fail(lastSeen + 1, QStringLiteral("the journal head is missing"));
        return check;
    }
    const qint64 headSeq = query.value(0).toLongLong();
    if (headSeq > lastSeen) {
        fail(lastSeen + 1, headSeq == lastSeen + 1
                               ? QStringLiteral("last row missing")
                               : QStringLiteral("rows %1 to %2 missing").arg(lastSeen + 1).arg(headSeq));
    } else if (headSeq < lastSeen) {
        fail(headSeq + 1, QStringLiteral("row %1 was added outside the journal").arg(headSeq + 1));
    } else if (query.value(1).toByteArray() != previous) {
        fail(headSeq, QStringLiteral("the journal head's hash does not match row %1").arg(headSeq));
    }
    return check;
}

StationResult<std::vector<OpenTransaction>> Journal::openTransactions() const
{
    QSqlQuery query(m_impl->db);
    query.setForwardOnly(true);
    const QString sql =
        QStringLiteral("SELECT seq, at, event, session, tx, data, hash FROM events WHERE tx IN ("
                       " SELECT tx FROM events WHERE event = 'package-requested' AND tx <> ''"
                       " EXCEPT SELECT tx FROM events WHERE event IN ('verification', 'recovered', 'cancelled'))"
                       " ORDER BY seq ASC");
    if (!query.exec(sql)) {
        return m_impl->failure(QStringLiteral("cannot read the journal"), query);
    }
    std::map<QString, OpenTransaction> open; // keyed by transaction id
    std::vector<QString> order;              // first seen first
    while (query.next()) {
        auto entry = readEntry(query);
        if (!entry) {
            return entry.error();
        }
        const JournalEntry& row = entry.value();
        auto [it, inserted] = open.try_emplace(row.transactionId);
        OpenTransaction& tx = it->second;
        if (inserted) {
            tx.transactionId = row.transactionId;
            order.push_back(row.transactionId);
        }
        if (row.event == JournalEvent::PackageRequested && !tx.since.isValid()) {
            tx.since = row.at;
        }
        if (!row.sessionId.isEmpty()) {
            tx.sessionId = row.sessionId;
        }
        if (row.data.contains(QStringLiteral("iccid"))) {
            tx.iccid = row.data.value(QStringLiteral("iccid")).toString();
        }
        tx.lastEvent = journalEventName(row.event);
    }
    std::vector<OpenTransaction> out;
    out.reserve(order.size());
    for (const QString& id : order) {
        out.push_back(std::move(open[id]));
    }
    return out;
}

StationResult<std::optional<QJsonObject>> Journal::receiptOf(const QString& transactionId) const
{
    QSqlQuery query(m_impl->db);
    query.prepare(
        QStringLiteral("SELECT data FROM events WHERE tx = ? AND event = 'receipt' ORDER BY seq DESC LIMIT 1"));
    query.addBindValue(transactionId);
    if (!query.exec()) {
        return m_impl->failure(QStringLiteral("cannot read the journal"), query);
    }
    if (!query.next()) {
        return std::optional<QJsonObject>{};
    }
    const QJsonDocument document = QJsonDocument::fromJson(query.value(0).toString().toUtf8());
    if (!document.isObject()) {
        return journalError(QStringLiteral("the receipt row's data is not a JSON object"));
    }
    return std::optional<QJsonObject>(document.object());
}

QString Journal::path() const
{
    return m_impl->path;
}

int Journal::schemaVersion() const
{
    return m_impl->schema;
}

} // namespace perso::station
