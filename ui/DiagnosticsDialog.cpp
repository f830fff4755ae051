// SPDX-License-Identifier: Apache-2.0
#include "ui/DiagnosticsDialog.h"

#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QHBoxLayout>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace perso::station::ui {

DiagnosticsDialog::DiagnosticsDialog(QWidget* parent)
    : QDialog(parent), m_busy(new QProgressBar(this)), m_text(new QPlainTextEdit(this)),
      m_refresh(new QPushButton(this)), m_copy(new QPushButton(this)), m_close(new QPushButton(this))
{
    setObjectName(QStringLiteral("diagnosticsDialog"));
    m_busy->setObjectName(QStringLiteral("diagnosticsBusyBar"));
    m_text->setObjectName(QStringLiteral("diagnosticsText"));
    m_refresh->setObjectName(QStringLiteral("refreshButton"));
    m_copy->setObjectName(QStringLiteral("copyButton"));
    m_close->setObjectName(QStringLiteral("closeButton"));
    m_busy->setRange(0, 0);
    m_busy->setTextVisible(false);
    m_text->setReadOnly(true);
    m_text->setMinimumSize(560, 360);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_refresh);
    buttons->addWidget(m_copy);
    buttons->addStretch();
    buttons->addWidget(m_close);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_busy);
    layout->addWidget(m_text);
    layout->addLayout(buttons);
    connect(m_refresh, &QPushButton::clicked, this, [this] {
        setWaiting();
        emit refreshRequested();
    });
    connect(m_copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(text()); });
    connect(m_close, &QPushButton::clicked, this, &QDialog::accept);
    m_close->setDefault(true);
    setTabOrder(m_text, m_refresh);
    setTabOrder(m_refresh, m_copy);
    setTabOrder(m_copy, m_close);
    setWaiting();
    retranslate();
}

QString DiagnosticsDialog::reportText(const DiagnosticsReport& r)
{
    QStringList lines;
    lines << tr("Readers:");
    if (r.readers.isEmpty())
        lines << tr("  (none)");
    for (const QString& reader : r.readers)
        lines << QStringLiteral("  ") + reader;
    if (!r.pcscProblem.isEmpty())
        lines << tr("PC/SC problem: %1").arg(r.pcscProblem);
    if (r.terminalReader) {
        lines << tr("Terminal reader: %1").arg(r.terminalReader->reader);
        lines << tr("ATR: %1").arg(QString::fromLatin1(r.terminalReader->atr.toHex(' ').toUpper()));
        lines << tr("Part 10 features: %1")
                     .arg(r.terminalReader->features.isEmpty() ? tr("none")
                                                               : r.terminalReader->features.join(QStringLiteral(", ")));
    } else {
        lines << tr("Terminal reader: not found");
    }
    if (r.terminalStatus) {
        lines << tr("Terminal: id %1, firmware %2, state %3%4")
                     .arg(r.terminalStatus->terminalId, r.terminalStatus->firmwareVersion)
                     .arg(int(r.terminalStatus->state))
                     .arg(r.terminalStatus->tampered ? tr(", TAMPERED") : QString());
    }
    lines << tr("Issuer link: %1 %2").arg(linkStateName(r.issuerLink), r.issuerAddress);
    if (!r.issuerLinkDetail.isEmpty())
        lines << QStringLiteral("  ") + r.issuerLinkDetail;
    lines << tr("Journal: %n row(s), chain %1", nullptr, int(r.journalRows))
                 .arg(r.journalIntact ? tr("intact") : tr("NOT intact: %1").arg(r.journalProblem));
    lines << tr("Versions:");
    for (const QString& version : r.versions)
        lines << QStringLiteral("  ") + version;
    return lines.join(QLatin1Char('\n'));
}

void DiagnosticsDialog::setWaiting()
{
    m_busy->show();
    m_copy->setEnabled(false);
}

void DiagnosticsDialog::setReport(const DiagnosticsReport& report)
{
    m_report = report;
    m_busy->hide();
    m_copy->setEnabled(true);
    m_text->setPlainText(reportText(report));
}

QString DiagnosticsDialog::text() const
{
    return m_text->toPlainText();
}

void DiagnosticsDialog::retranslate()
{
    setWindowTitle(tr("Diagnostics"));
    m_refresh->setText(tr("&Refresh"));
    m_copy->setText(tr("&Copy to clipboard"));
    m_close->setText(tr("C&lose"));
    if (m_report)
        m_text->setPlainText(reportText(*m_report));
}

void DiagnosticsDialog::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

} // namespace perso::station::ui

#include "moc_DiagnosticsDialog.cpp"
