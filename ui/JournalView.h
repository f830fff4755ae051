// SPDX-License-Identifier: Apache-2.0
#pragma once

// The journal view: its own read-only Journal instance on the station's journal file (GUI thread),
// a table with filter by event type and date, a search box, Verify chain (intact, or the first bad
// row in red), Export CSV, and Reprint receipt for the selected row's transaction
// (reprintRequested; the window asks the Station).

#include "app/journal/Journal.h"

#include <QDialog>

#include <memory>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace perso::station::ui {

class JournalModel;

class JournalView : public QDialog
{
    Q_OBJECT

public:
    explicit JournalView(const QString& journalPath, QWidget* parent = nullptr);
    ~JournalView() override;

    bool isOpen() const { return m_journal != nullptr; }
    JournalFilter filter() const;
    int rowCount() const;
    void refresh();
    ChainCheck verifyChain();                     // also shows the result
    StationStatus exportCsv(const QString& path); // with the current filter
    QString selectedTransaction() const;

signals:
    void reprintRequested(const QString& transactionId);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void updateButtons();
    void showStatus(const QString& text, bool bad);

    std::unique_ptr<Journal> m_journal;
    JournalModel* m_model;
    QTableView* m_table;
    QLabel* m_eventLabel;
    QComboBox* m_event;
    QCheckBox* m_byDate;
    QDateEdit* m_from;
    QDateEdit* m_to;
    QLabel* m_searchLabel;
    QLineEdit* m_search;
    QPushButton* m_verify;
    QPushButton* m_export;
    QPushButton* m_reprint;
    QPushButton* m_close;
    QLabel* m_chain;
    std::optional<ChainCheck> m_lastCheck;
    QString m_openProblem;
};

} // namespace perso::station::ui
