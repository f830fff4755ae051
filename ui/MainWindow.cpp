// SPDX-License-Identifier: Apache-2.0
#include "ui/MainWindow.h"

#include "ui/DiagnosticsDialog.h"
#include "ui/ErrorBanner.h"
#include "ui/Icons.h"
#include "ui/JournalView.h"
#include "ui/LanguageSwitcher.h"
#include "ui/SettingsDialog.h"
#include "ui/StationWizard.h"
#include "ui/StatusTexts.h"

#include <QAction>
#include <QActionGroup>
#include <QCloseEvent>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>

namespace perso::station::ui {

MainWindow::MainWindow(Station& station, LanguageSwitcher& language, QString userSettingsPath, QWidget* parent)
    : QMainWindow(parent), m_station(station), m_language(language), m_userSettingsPath(std::move(userSettingsPath)),
      m_banner(new ErrorBanner), m_wizard(new StationWizard(station)), m_issuerStrip(new QLabel),
      m_terminalStrip(new QLabel), m_retailerStrip(new QLabel)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(stationIcon(QStringLiteral("perso-station"), QStyle::SP_DriveHDIcon));
    auto* central = new QWidget;
    auto* layout = new QVBoxLayout(central);
    layout->addWidget(m_banner);
    layout->addWidget(m_wizard, 1);
    setCentralWidget(central);

    m_issuerStrip->setObjectName(QStringLiteral("issuerStripLabel"));
    m_terminalStrip->setObjectName(QStringLiteral("terminalStripLabel"));
    m_retailerStrip->setObjectName(QStringLiteral("retailerStripLabel"));
    statusBar()->addPermanentWidget(m_issuerStrip, 1);
    statusBar()->addPermanentWidget(m_terminalStrip, 1);
    statusBar()->addPermanentWidget(m_retailerStrip, 1);
    statusBar()->setSizeGripEnabled(false);

    createActions();
    connect(&station, &Station::issuerLinkChanged, this, [this](LinkState state, const QString& detail) {
        m_link = state;
        m_linkDetail = detail;
        refreshStrip();
    });
    connect(&station, &Station::terminalChanged, this, &MainWindow::refreshStrip);
    connect(&station, &Station::signedOn, this, &MainWindow::refreshStrip);
    connect(&station, &Station::signedOff, this, &MainWindow::refreshStrip);
    connect(&station, &Station::phaseChanged, this, &MainWindow::refreshStrip);
    connect(&station, &Station::diagnosticsReady, this,
            [this](const DiagnosticsReport& report) { m_readers = report.readers; });
    connect(m_wizard, &StationWizard::errorOccurred, this, &MainWindow::showError);
    connect(m_wizard, &StationWizard::errorCleared, m_banner, &ErrorBanner::clear);
    m_wizard->setPrinterName(station.config().printer);
    resize(900, 680);
    retranslate();
    refreshStrip();
}

void MainWindow::createActions()
{
    const auto make = [this](const char* name, const QKeySequence& key, const QIcon& icon) {
        auto* action = new QAction(icon, QString(), this);
        action->setObjectName(QLatin1String(name));
        action->setShortcut(key);
        return action;
    };
    m_modify = make("modifyAction", QKeySequence(Qt::CTRL | Qt::Key_M),
                    stationIcon(QStringLiteral("card"), QStyle::SP_FileDialogDetailedView));
    m_journal = make("journalAction", QKeySequence(Qt::CTRL | Qt::Key_J),
                     stationIcon(QStringLiteral("journal"), QStyle::SP_FileDialogListView));
    m_settings = make("settingsAction", QKeySequence(Qt::CTRL | Qt::Key_Comma),
                      stationIcon(QStringLiteral("settings"), QStyle::SP_FileDialogInfoView));
    m_diagnostics = make("diagnosticsAction", QKeySequence(Qt::Key_F12),
                         stationIcon(QStringLiteral("diagnostics"), QStyle::SP_ComputerIcon));
    m_signOff = make("signOffAction", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O),
                     stationIcon(QStringLiteral("signoff"), QStyle::SP_DialogCloseButton));
    m_quit = make("quitAction", QKeySequence(Qt::CTRL | Qt::Key_Q), QIcon());
    connect(m_modify, &QAction::triggered, m_wizard, &StationWizard::startModify);
    connect(m_journal, &QAction::triggered, this, &MainWindow::openJournal);
    connect(m_settings, &QAction::triggered, this, &MainWindow::openSettings);
    connect(m_diagnostics, &QAction::triggered, this, &MainWindow::openDiagnostics);
    connect(m_signOff, &QAction::triggered, &m_station, &Station::signOff);
    connect(m_quit, &QAction::triggered, this, &QWidget::close);

    m_languages = new QActionGroup(this);
    m_languageMenu = new QMenu(this);
    for (const QString& code : LanguageSwitcher::languages()) {
        auto* action = new QAction(LanguageSwitcher::languageName(code), m_languages);
        action->setObjectName(QStringLiteral("language_%1").arg(code));
        action->setCheckable(true);
        action->setChecked(code == m_language.language());
        connect(action, &QAction::triggered, this, [this, code] { m_language.setLanguage(code); });
        m_languageMenu->addAction(action);
    }
    m_stationMenu = menuBar()->addMenu(QString());
    m_stationMenu->addActions({m_modify, m_journal, m_settings, m_diagnostics});
    m_stationMenu->addMenu(m_languageMenu);
    m_stationMenu->addSeparator();
    m_stationMenu->addActions({m_signOff, m_quit});
    m_toolBar = addToolBar(QString());
    m_toolBar->setObjectName(QStringLiteral("mainToolBar"));
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toolBar->addActions({m_modify, m_journal, m_settings, m_diagnostics, m_signOff});
}

void MainWindow::retranslate()
{
    setWindowTitle(tr("retail-perso station"));
    m_stationMenu->setTitle(tr("&Station"));
    m_languageMenu->setTitle(tr("&Language"));
    m_toolBar->setWindowTitle(tr("Actions"));
    m_modify->setText(tr("&Modify a card"));
    m_journal->setText(tr("&Journal"));
    m_settings->setText(tr("S&ettings…"));
    m_diagnostics->setText(tr("&Diagnostics"));
    m_signOff->setText(tr("Sign o&ff"));
    m_quit->setText(tr("&Quit"));
    refreshStrip();
}

void MainWindow::refreshStrip()
{
    m_issuerStrip->setText(issuerLinkText(m_link, m_linkDetail));
    const TerminalInfo terminal = m_station.terminalInfo();
    m_terminalStrip->setText(terminalText(terminal));
    m_terminalStrip->setStyleSheet(terminal.tampered ? QStringLiteral("color: white; background: #b00020;")
                                                     : QString());
    m_retailerStrip->setText(retailerText(m_station.signOnInfo()));
    m_signOff->setEnabled(m_station.signOnInfo().has_value());
}

void MainWindow::showError(const StationError& error)
{
    m_banner->showError(error);
    if (!isSecurityAlert(error))
        return;
    // Non-blocking (open(), not exec()): the station keeps reporting while the alert is up.
    auto* box = new QMessageBox(QMessageBox::Critical, tr("Security alert"),
                                errorHeadline(error) + QStringLiteral("\n\n") + nextStep(error), QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("securityAlertBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::openJournal()
{
    auto* view = new JournalView(m_station.journalPath(), this);
    view->setAttribute(Qt::WA_DeleteOnClose);
    connect(view, &JournalView::reprintRequested, &m_station, &Station::reprintReceipt);
    connect(&m_station, &Station::receiptReady, view, [this](const QString&, const QString& path) {
        statusBar()->showMessage(tr("Receipt written: %1").arg(path), 10000);
    });
    view->open();
}

void MainWindow::openSettings()
{
    // The readers pcscd reported in the last diagnostics run (the engine thread asks pcscd).
    auto* dialog = new SettingsDialog(m_station.config(), m_readers, m_userSettingsPath, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &SettingsDialog::configAccepted, this, [this](const StationConfig& config) {
        m_station.applyConfig(config);
        m_wizard->setPrinterName(config.printer);
        if (config.language != m_language.language())
            m_language.setLanguage(config.language);
    });
    dialog->open();
}

void MainWindow::openDiagnostics()
{
    auto* dialog = new DiagnosticsDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(&m_station, &Station::diagnosticsReady, dialog, &DiagnosticsDialog::setReport);
    connect(dialog, &DiagnosticsDialog::refreshRequested, &m_station, &Station::runDiagnostics);
    dialog->open();
    m_station.runDiagnostics();
}

bool MainWindow::event(QEvent* event)
{
    const bool handled = QMainWindow::event(event);
    if (event->type() == QEvent::Paint && !m_painted) {
        m_painted = true;
        emit firstPainted();
    }
    return handled;
}

void MainWindow::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        for (QAction* action : m_languages->actions())
            action->setChecked(action->objectName().endsWith(m_language.language()));
    }
    QMainWindow::changeEvent(event);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    switch (m_station.phase()) {
    case StationPhase::AwaitingCard:
    case StationPhase::Personalising:
    case StationPhase::AwaitingKeypad:
    case StationPhase::Verifying: {
        const auto answer = QMessageBox::question(
            this, tr("Quit during personalisation?"),
            tr("A card is being written. Cancel it safely first (the card becomes void), then quit?"),
            QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
        if (answer != QMessageBox::Yes) {
            event->ignore();
            return;
        }
        m_station.cancel();
        break;
    }
    default:
        break;
    }
    event->accept();
}

} // namespace perso::station::ui

#include "moc_MainWindow.cpp"
