// SPDX-License-Identifier: Apache-2.0
#include "ui/JournalView.h"

#include "ui/JournalModel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace perso::station::ui {

namespace {
constexpr JournalEvent kLastEvent = JournalEvent::SignOff;
}

JournalView::JournalView(const QString& journalPath, QWidget* parent)
    : QDialog(parent), m_model(new JournalModel(this)), m_table(new QTableView(this)), m_eventLabel(new QLabel(this)),
      m_event(new QComboBox(this)), m_byDate(new QCheckBox(this)), m_from(new QDateEdit(this)),
      m_to(new QDateEdit(this)), m_searchLabel(new QLabel(this)), m_search(new QLineEdit(this)),
      m_verify(new QPushButton(this)), m_export(new QPushButton(this)), m_reprint(new QPushButton(this)),
      m_close(new QPushButton(this)), m_chain(new QLabel(this))
{
    setObjectName(QStringLiteral("journalView"));
    m_table->setObjectName(QStringLiteral("journalTable"));
    m_event->setObjectName(QStringLiteral("eventFilterCombo"));
    m_byDate->setObjectName(QStringLiteral("dateFilterCheckBox"));
    m_from->setObjectName(QStringLiteral("fromDateEdit"));
    m_to->setObjectName(QStringLiteral("toDateEdit"));
    m_search->setObjectName(QStringLiteral("searchEdit"));
    m_verify->setObjectName(QStringLiteral("verifyChainButton"));
    m_export->setObjectName(QStringLiteral("exportCsvButton"));
    m_reprint->setObjectName(QStringLiteral("reprintButton"));
    m_close->setObjectName(QStringLiteral("closeButton"));
    m_chain->setObjectName(QStringLiteral("chainLabel"));

    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setMinimumSize(720, 360);

    m_event->addItem(QString(), -1);
    for (int e = 0; e <= int(kLastEvent); ++e)
        m_event->addItem(journalEventName(JournalEvent(e)), e);
    const QDate today = QDate::currentDate();
    m_from->setDate(today.addDays(-7));
    m_to->setDate(today);
    m_from->setCalendarPopup(true);
    m_to->setCalendarPopup(true);
    m_from->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_to->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_from->setEnabled(false);
    m_to->setEnabled(false);
    m_search->setClearButtonEnabled(true);
    m_eventLabel->setBuddy(m_event);
    m_searchLabel->setBuddy(m_search);
    m_chain->setWordWrap(true);

    auto* filters = new QHBoxLayout;
    filters->addWidget(m_eventLabel);
    filters->addWidget(m_event);
    filters->addWidget(m_byDate);
    filters->addWidget(m_from);
    filters->addWidget(m_to);
    filters->addWidget(m_searchLabel);
    filters->addWidget(m_search, 1);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_verify);
    buttons->addWidget(m_export);
    buttons->addWidget(m_reprint);
    buttons->addStretch();
    buttons->addWidget(m_close);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_chain);
    layout->addLayout(buttons);

    connect(m_event, &QComboBox::currentIndexChanged, this, &JournalView::refresh);
    connect(m_byDate, &QCheckBox::toggled, this, [this](bool on) {
        m_from->setEnabled(on);
        m_to->setEnabled(on);
        refresh();
    });
    connect(m_from, &QDateEdit::dateChanged, this, &JournalView::refresh);
    connect(m_to, &QDateEdit::dateChanged, this, &JournalView::refresh);
    connect(m_search, &QLineEdit::textChanged, this, &JournalView::refresh);
    connect(m_verify, &QPushButton::clicked, this, &JournalView::verifyChain);
    connect(m_export, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export the journal"), QStringLiteral("journal.csv"),
                                                          tr("CSV files (*.csv)"));
        if (path.isEmpty())
            return;
        const StationStatus written = exportCsv(path);
        showStatus(written ? tr("Exported to %1.").arg(path) : errorHeadline(written.error()), !written);
    });
    connect(m_reprint, &QPushButton::clicked, this, [this] {
        const QString transaction = selectedTransaction();
        if (!transaction.isEmpty())
            emit reprintRequested(transaction);
    });
    connect(m_close, &QPushButton::clicked, this, &QDialog::accept);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &JournalView::updateButtons);

    setTabOrder(m_event, m_byDate);
    setTabOrder(m_byDate, m_from);
    setTabOrder(m_from, m_to);
    setTabOrder(m_to, m_search);
    setTabOrder(m_search, m_table);
    setTabOrder(m_table, m_verify);
    setTabOrder(m_verify, m_export);
    setTabOrder(m_export, m_reprint);
    setTabOrder(m_reprint, m_close);

    auto opened = Journal::open(journalPath);
    if (opened) {
        m_journal = std::move(opened.value());
    } else {
        m_openProblem = errorHeadline(opened.error()) + QLatin1Char(' ') + nextStep(opened.error());
    }
    retranslate();
    refresh();
    m_search->setFocus();
}

JournalView::~JournalView() = default;

JournalFilter JournalView::filter() const
{
    JournalFilter f;
    const int event = m_event->currentData().toInt();
    if (event >= 0)
        f.events.push_back(JournalEvent(event));
    if (m_byDate->isChecked()) {
        f.from = m_from->date().startOfDay().toUTC();
        f.to = m_to->date().endOfDay().toUTC();
    }
    f.text = m_search->text().trimmed();
    return f;
}

int JournalView::rowCount() const
{
    return m_model->rowCount();
}

void JournalView::refresh()
{
    if (!m_journal) {
        m_model->setEntries({});
        showStatus(m_openProblem, true);
        updateButtons();
        return;
    }
    auto entries = m_journal->entries(filter());
    if (!entries) {
        m_model->setEntries({});
        showStatus(errorHeadline(entries.error()), true);
    } else {
        m_model->setEntries(std::move(entries.value()));
    }
    m_table->resizeColumnsToContents();
    updateButtons();
}

ChainCheck JournalView::verifyChain()
{
    if (!m_journal) {
        ChainCheck bad;
        bad.intact = false;
        bad.problem = m_openProblem;
        return bad;
    }
    m_lastCheck = m_journal->verifyChain();
    retranslate();
    return *m_lastCheck;
}

StationStatus JournalView::exportCsv(const QString& path)
{
    if (!m_journal)
        return stationError(StationErrorKind::Journal, QStringLiteral("the journal is not open"));
    return m_journal->exportCsv(path, filter());
}

QString JournalView::selectedTransaction() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return {};
    const JournalEntry* entry = m_model->entryAt(rows.first().row());
    return entry ? entry->transactionId : QString();
}

void JournalView::updateButtons()
{
    m_reprint->setEnabled(!selectedTransaction().isEmpty());
    m_verify->setEnabled(m_journal != nullptr);
    m_export->setEnabled(m_journal != nullptr);
}

void JournalView::showStatus(const QString& text, bool bad)
{
    m_chain->setText(text);
    m_chain->setStyleSheet(bad ? QStringLiteral("color: #b00020; font-weight: bold;") : QString());
}

void JournalView::retranslate()
{
    setWindowTitle(tr("Transaction journal"));
    m_eventLabel->setText(tr("&Event:"));
    m_event->setItemText(0, tr("All events"));
    m_byDate->setText(tr("&Between"));
    m_searchLabel->setText(tr("&Search:"));
    m_search->setPlaceholderText(tr("ICCID, MSISDN, masked name…"));
    m_verify->setText(tr("&Verify chain"));
    m_export->setText(tr("E&xport CSV…"));
    m_reprint->setText(tr("&Reprint receipt"));
    m_close->setText(tr("C&lose"));
    if (m_lastCheck) {
        if (m_lastCheck->intact)
            showStatus(tr("Chain intact: %n row(s) checked.", nullptr, int(m_lastCheck->rows)), false);
        else
            showStatus(tr("Chain NOT intact: %1").arg(m_lastCheck->problem), true);
    }
}

void JournalView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

} // namespace perso::station::ui

#include "moc_JournalView.cpp"
