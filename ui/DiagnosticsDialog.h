// SPDX-License-Identifier: Apache-2.0
#pragma once

// Diagnostics: the report of Station::runDiagnostics() as plain text (readers, the terminal's ATR in
// hex, PC/SC part 10 features, versions, the issuer link, the journal chain), Refresh and Copy to
// clipboard for the help desk. Fed by the window; shows a busy bar until a report arrives.

#include "app/session/Station.h"

#include <QDialog>

class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;

namespace perso::station::ui {

class DiagnosticsDialog : public QDialog
{
    Q_OBJECT

public:
    explicit DiagnosticsDialog(QWidget* parent = nullptr);

    static QString reportText(const DiagnosticsReport& report);
    void setWaiting();
    void setReport(const DiagnosticsReport& report);
    QString text() const;

signals:
    void refreshRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();

    QProgressBar* m_busy;
    QPlainTextEdit* m_text;
    QPushButton* m_refresh;
    QPushButton* m_copy;
    QPushButton* m_close;
    std::optional<DiagnosticsReport> m_report;
};

} // namespace perso::station::ui
