// SPDX-License-Identifier: Apache-2.0
#include "ui/JournalModel.h"

#include <QJsonDocument>

namespace perso::station::ui {

JournalModel::JournalModel(QObject* parent) : QAbstractTableModel(parent) {}

void JournalModel::setEntries(std::vector<JournalEntry> entries)
{
    beginResetModel();
    m_entries = std::move(entries);
    endResetModel();
}

const JournalEntry* JournalModel::entryAt(int row) const
{
    if (row < 0 || std::size_t(row) >= m_entries.size())
        return nullptr;
    return &m_entries[std::size_t(row)];
}

int JournalModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int JournalModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant JournalModel::data(const QModelIndex& index, int role) const
{
    const JournalEntry* entry = entryAt(index.row());
    if (entry == nullptr || (role != Qt::DisplayRole && role != Qt::ToolTipRole))
        return {};
    switch (index.column()) {
    case SeqColumn:
        return entry->seq;
    case TimeColumn:
        return entry->at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case EventColumn:
        return journalEventName(entry->event);
    case TransactionColumn:
        return entry->transactionId;
    case DetailsColumn:
        return QString::fromUtf8(QJsonDocument(entry->data).toJson(QJsonDocument::Compact));
    default:
        return {};
    }
}

QVariant JournalModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SeqColumn:
        return tr("No.");
    case TimeColumn:
        return tr("Time");
    case EventColumn:
        return tr("Event");
    case TransactionColumn:
        return tr("Transaction");
    case DetailsColumn:
        return tr("Details");
    default:
        return {};
    }
}

} // namespace perso::station::ui

#include "moc_JournalModel.cpp"
