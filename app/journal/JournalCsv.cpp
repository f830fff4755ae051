// SPDX-License-Identifier: Apache-2.0
// The journal's CSV export: RFC 4180 (CRLF, a header line, quoted fields with doubled quotes), and
// safe to open in a spreadsheet: a cell that would start a formula gets a leading apostrophe.
#include "app/journal/Journal.h"

#include "app/journal/JournalStore.h"

#include <QJsonDocument>
#include <QSaveFile>

namespace perso::station {
namespace journal {

QString csvCell(QString text)
{
    static const QString formulaStarts = QStringLiteral("=+-@\t\r");
    if (!text.isEmpty() && formulaStarts.contains(text.front())) {
        text.prepend(QLatin1Char('\''));
    }
    const bool quote = text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"')) ||
                       text.contains(QLatin1Char('\n')) || text.contains(QLatin1Char('\r'));
    if (!quote) {
        return text;
    }
    text.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + text + QLatin1Char('"');
}

} // namespace journal

namespace {

QByteArray csvLine(const QStringList& cells)
{
    QStringList out;
    out.reserve(cells.size());
    for (const QString& cell : cells) {
        out.append(journal::csvCell(cell));
    }
    return (out.join(QLatin1Char(',')) + QLatin1String("\r\n")).toUtf8();
}

} // namespace

StationStatus Journal::exportCsv(const QString& path, const JournalFilter& filter) const
{
    auto rows = entries(filter);
    if (!rows) {
        return rows.error();
    }
    QSaveFile file(path);
    // The export holds masked names and ICCIDs: readable by the shop's user only, like the journal.
    if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        return journal::journalError(QStringLiteral("cannot write the export %1").arg(path));
    }
    file.write(csvLine({QStringLiteral("seq"), QStringLiteral("at"), QStringLiteral("event"), QStringLiteral("session"),
                        QStringLiteral("transaction"), QStringLiteral("data"), QStringLiteral("hash")}));
    for (const JournalEntry& entry : rows.value()) {
        file.write(csvLine({QString::number(entry.seq), entry.at.toUTC().toString(Qt::ISODateWithMs),
                            journalEventName(entry.event), entry.sessionId, entry.transactionId,
                            QString::fromUtf8(QJsonDocument(entry.data).toJson(QJsonDocument::Compact)),
                            QString::fromLatin1(entry.hash.toHex())}));
    }
    if (!file.commit()) {
        return journal::journalError(QStringLiteral("cannot write the export %1").arg(path));
    }
    return Ok{};
}

} // namespace perso::station
