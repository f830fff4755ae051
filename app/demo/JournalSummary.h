// SPDX-License-Identifier: Apache-2.0
#pragma once

// The one-line journal summary perso-demo prints: how many entries, whether the hash chain verifies,
// and the transactions by their final status (the Verification outcome, the recovery's resolution,
// "cancelled", or "open" while none of those is recorded).

#include <QMap>
#include <QSet>
#include <QString>

namespace perso::station::demo {

struct JournalSummary
{
    qint64 entries = 0;
    bool chainVerified = false;
    QString chainProblem;
    QMap<QString, int> transactionsByStatus;

    QString line() const; // "14 entries, chain verified: yes, transactions: verified 1"
};

// Opens the journal file (the station must have closed it), reads it and checks the chain.
// On failure, `problem` says why.
JournalSummary summariseJournal(const QString& path, QString* problem);

// The ICCIDs of the cards a journal has seen in the slot (CardSelected): no longer blank. Empty when the
// journal does not exist yet or cannot be read.
QSet<QString> iccidsInJournal(const QString& path);

} // namespace perso::station::demo
