// SPDX-License-Identifier: Apache-2.0
#pragma once

// The settings a shop may change (docs/station.md "Configuration"): issuer host and port, the
// terminal's reader ("automatic" = the reader whose ATR says PERSO-TERM), the printer (or PDF only)
// and the language. OK saves them with StationConfig::saveUserSettings and emits configAccepted();
// the window then calls Station::applyConfig.

#include "app/core/StationConfig.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace perso::station::ui {

class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    // `readers`: the PC/SC readers present now (the configured one is listed even when absent).
    SettingsDialog(StationConfig config, const QStringList& readers, QString userSettingsPath,
                   QWidget* parent = nullptr);

    StationConfig config() const; // the base config with the dialog's values
    void accept() override;

signals:
    void configAccepted(const perso::station::StationConfig& config);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();

    StationConfig m_config;
    QString m_userSettingsPath;
    QLabel* m_hostLabel;
    QLineEdit* m_host;
    QLabel* m_portLabel;
    QSpinBox* m_port;
    QLabel* m_readerLabel;
    QComboBox* m_reader;
    QLabel* m_printerLabel;
    QComboBox* m_printer;
    QLabel* m_languageLabel;
    QComboBox* m_language;
    QLabel* m_problem;
    QDialogButtonBox* m_buttons;
};

} // namespace perso::station::ui
