// SPDX-License-Identifier: Apache-2.0
#include "app/demo/JournalSummary.h"

#include "app/journal/Journal.h"

#include <QFileInfo>
#include <QStringList>

namespace perso::station::demo {

QString JournalSummary::line() const
{
    QStringList statuses;
    for (auto it = transactionsByStatus.cbegin(); it != transactionsByStatus.cend(); ++it)
        statuses << QStringLiteral("%1 %2").arg(it.key()).arg(it.value());
    QString text = QStringLiteral("%1 entries, chain verified: %2, transactions: %3")
                       .arg(entries)
                       .arg(chainVerified ? QStringLiteral("yes") : QStringLiteral("no"))
                       .arg(statuses.isEmpty() ? QStringLiteral("none") : statuses.join(QStringLiteral(", ")));
    if (!chainVerified && !chainProblem.isEmpty())
        text += QStringLiteral(" (") + chainProblem + QLatin1Char(')');
    return text;
}

JournalSummary summariseJournal(const QString& path, QString* problem)
{
    JournalSummary summary;
    auto journal = Journal::open(path);
    if (!journal) {
        *problem = journal.error().detail;
        return summary;
    }
    const ChainCheck check = journal.value()->verifyChain();
    summary.chainVerified = check.intact;
    summary.chainProblem = check.problem;

    JournalFilter filter;
    filter.limit = 1000000;
    filter.newestFirst = false;
    auto entries = journal.value()->entries(filter);
    if (!entries) {
        *problem = entries.error().detail;
        return summary;
    }
    summary.entries = static_cast<qint64>(entries.value().size());
    QMap<QString, QString> statusOf; // transaction id -> its latest final status
    for (const JournalEntry& entry : entries.value()) {
        if (entry.transactionId.isEmpty())
            continue;
        QString& status = statusOf[entry.transactionId];
        if (status.isEmpty())
            status = QStringLiteral("open");
        switch (entry.event) {
        case JournalEvent::Verification:
            status = entry.data.value(QLatin1String("outcome")).toString(QStringLiteral("unknown"));
            break;
        case JournalEvent::Recovered:
            status = entry.data.value(QLatin1String("resolution")).toString(QStringLiteral("recovered"));
            break;
        case JournalEvent::Cancelled:
            status = QStringLiteral("cancelled");
            break;
        default:
            break;
        }
    }
    for (const QString& status : statusOf)
        ++summary.transactionsByStatus[status];
    return summary;
}

QSet<QString> iccidsInJournal(const QString& path)
{
    QSet<QString> iccids;
    if (!QFileInfo::exists(path))
        return iccids;
    auto journal = Journal::open(path);
    if (!journal)
        return iccids;
    JournalFilter filter;
    filter.events = {JournalEvent::CardSelected};
    filter.limit = 1000000;
    auto entries = journal.value()->entries(filter);
    if (!entries)
        return iccids;
    for (const JournalEntry& entry : entries.value())
        iccids.insert(entry.data.value(QLatin1String("iccid")).toString());
    return iccids;
}

} // namespace perso::station::demo
