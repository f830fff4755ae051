// SPDX-License-Identifier: Apache-2.0
#include "ui/SettingsDialog.h"

#include "ui/LanguageSwitcher.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPrinterInfo>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace perso::station::ui {

SettingsDialog::SettingsDialog(StationConfig config, const QStringList& readers, QString userSettingsPath,
                               QWidget* parent)
    : QDialog(parent), m_config(std::move(config)), m_userSettingsPath(std::move(userSettingsPath)),
      m_hostLabel(new QLabel(this)), m_host(new QLineEdit(this)), m_portLabel(new QLabel(this)),
      m_port(new QSpinBox(this)), m_readerLabel(new QLabel(this)), m_reader(new QComboBox(this)),
      m_printerLabel(new QLabel(this)), m_printer(new QComboBox(this)), m_languageLabel(new QLabel(this)),
      m_language(new QComboBox(this)), m_problem(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("settingsDialog"));
    m_host->setObjectName(QStringLiteral("issuerHostEdit"));
    m_port->setObjectName(QStringLiteral("issuerPortSpin"));
    m_reader->setObjectName(QStringLiteral("readerCombo"));
    m_printer->setObjectName(QStringLiteral("printerCombo"));
    m_language->setObjectName(QStringLiteral("languageCombo"));
    m_problem->setObjectName(QStringLiteral("settingsProblemLabel"));
    m_problem->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_problem->setWordWrap(true);

    m_host->setText(m_config.issuer.host);
    m_host->setMaxLength(253);
    m_port->setRange(1, 65535);
    m_port->setValue(m_config.issuer.port);

    m_reader->addItem(QString(), QString()); // "automatic", text set in retranslate()
    QStringList readerList = readers;
    if (!m_config.terminalReader.isEmpty() && !readerList.contains(m_config.terminalReader))
        readerList.append(m_config.terminalReader);
    for (const QString& reader : readerList)
        m_reader->addItem(reader, reader);
    m_reader->setCurrentIndex(std::max(0, m_reader->findData(m_config.terminalReader)));

    m_printer->addItem(QString(), QString());             // ask every time
    m_printer->addItem(QString(), QStringLiteral("pdf")); // PDF files only
    QStringList printers = QPrinterInfo::availablePrinterNames();
    if (!m_config.printer.isEmpty() && m_config.printer != QLatin1String("pdf") && !printers.contains(m_config.printer))
        printers.append(m_config.printer);
    for (const QString& printer : printers)
        m_printer->addItem(printer, printer);
    m_printer->setCurrentIndex(std::max(0, m_printer->findData(m_config.printer)));

    m_language->addItem(QString(), QString()); // the system's language
    for (const QString& code : LanguageSwitcher::languages())
        m_language->addItem(LanguageSwitcher::languageName(code), code);
    m_language->setCurrentIndex(std::max(0, m_language->findData(m_config.language)));

    m_hostLabel->setBuddy(m_host);
    m_portLabel->setBuddy(m_port);
    m_readerLabel->setBuddy(m_reader);
    m_printerLabel->setBuddy(m_printer);
    m_languageLabel->setBuddy(m_language);
    auto* form = new QFormLayout;
    form->addRow(m_hostLabel, m_host);
    form->addRow(m_portLabel, m_port);
    form->addRow(m_readerLabel, m_reader);
    form->addRow(m_printerLabel, m_printer);
    form->addRow(m_languageLabel, m_language);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    setTabOrder(m_host, m_port);
    setTabOrder(m_port, m_reader);
    setTabOrder(m_reader, m_printer);
    setTabOrder(m_printer, m_language);
    setTabOrder(m_language, m_buttons);
    m_problem->hide();
    retranslate();
}

StationConfig SettingsDialog::config() const
{
    StationConfig config = m_config;
    config.issuer.host = m_host->text().trimmed();
    config.issuer.port = quint16(m_port->value());
    config.terminalReader = m_reader->currentData().toString();
    config.printer = m_printer->currentData().toString();
    config.language = m_language->currentData().toString();
    return config;
}

void SettingsDialog::accept()
{
    const StationConfig updated = config();
    if (updated.issuer.host.isEmpty() || updated.issuer.host.contains(QLatin1Char(' '))) {
        m_problem->setText(tr("Type the issuer's host name (no spaces)."));
        m_problem->show();
        m_host->setFocus();
        return;
    }
    const StationStatus saved = updated.saveUserSettings(m_userSettingsPath);
    if (!saved) {
        m_problem->setText(errorHeadline(saved.error()) + QLatin1Char(' ') + nextStep(saved.error()));
        m_problem->show();
        return;
    }
    m_config = updated;
    emit configAccepted(updated);
    QDialog::accept();
}

void SettingsDialog::retranslate()
{
    setWindowTitle(tr("Settings"));
    m_hostLabel->setText(tr("Issuer &host:"));
    m_portLabel->setText(tr("Issuer &port:"));
    m_readerLabel->setText(tr("Terminal &reader:"));
    m_printerLabel->setText(tr("Receipt p&rinter:"));
    m_languageLabel->setText(tr("&Language:"));
    m_reader->setItemText(0, tr("Automatic (the PERSO-TERM terminal)"));
    m_printer->setItemText(0, tr("Ask every time"));
    m_printer->setItemText(1, tr("PDF files only"));
    m_language->setItemText(0, tr("System language"));
}

void SettingsDialog::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

} // namespace perso::station::ui

#include "moc_SettingsDialog.cpp"
