// SPDX-License-Identifier: Apache-2.0
#pragma once

// The station's window: the error banner, the StationWizard, a status strip that is always visible
// (issuer link, terminal, retailer) fed by the Station's signals, and the actions Modify a card,
// Journal, Settings, Diagnostics, Language, Sign off and Quit, each with a keyboard shortcut.

#include "app/session/Station.h"

#include <QMainWindow>

class QAction;
class QActionGroup;
class QLabel;
class QMenu;
class QToolBar;

namespace perso::station::ui {

class ErrorBanner;
class LanguageSwitcher;
class StationWizard;

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    MainWindow(Station& station, LanguageSwitcher& language, QString userSettingsPath, QWidget* parent = nullptr);

    StationWizard* wizard() const { return m_wizard; }
    ErrorBanner* errorBanner() const { return m_banner; }

signals:
    void firstPainted(); // once, when the first paint event of the window is processed

protected:
    bool event(QEvent* event) override;
    void changeEvent(QEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void retranslate();
    void refreshStrip();
    void showError(const StationError& error);
    void openJournal();
    void openSettings();
    void openDiagnostics();

    Station& m_station;
    LanguageSwitcher& m_language;
    QString m_userSettingsPath;
    ErrorBanner* m_banner;
    StationWizard* m_wizard;
    QLabel* m_issuerStrip;
    QLabel* m_terminalStrip;
    QLabel* m_retailerStrip;
    QMenu* m_stationMenu = nullptr;
    QMenu* m_languageMenu = nullptr;
    QToolBar* m_toolBar = nullptr;
    QAction* m_modify = nullptr;
    QAction* m_journal = nullptr;
    QAction* m_settings = nullptr;
    QAction* m_diagnostics = nullptr;
    QAction* m_signOff = nullptr;
    QAction* m_quit = nullptr;
    QActionGroup* m_languages = nullptr;
    LinkState m_link = LinkState::Offline;
    QString m_linkDetail;
    QStringList m_readers;
    bool m_painted = false;
};

} // namespace perso::station::ui
