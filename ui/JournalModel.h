// SPDX-License-Identifier: Apache-2.0
#pragma once

// A read-only table over journal entries: sequence, time (local), event, transaction, details.

#include "app/journal/Journal.h"

#include <QAbstractTableModel>

#include <vector>

namespace perso::station::ui {

class JournalModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        SeqColumn,
        TimeColumn,
        EventColumn,
        TransactionColumn,
        DetailsColumn,
        ColumnCount
    };

    explicit JournalModel(QObject* parent = nullptr);

    void setEntries(std::vector<JournalEntry> entries);
    const JournalEntry* entryAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<JournalEntry> m_entries;
};

} // namespace perso::station::ui
