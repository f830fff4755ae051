// SPDX-License-Identifier: Apache-2.0
#pragma once

// The strip above the wizard that shows the last failure: errorHeadline() and nextStep() from
// StationError.h, never a raw code. A security alert (isSecurityAlert) is red with a warning icon;
// the window also raises a critical message box for it.

#include "app/core/StationError.h"

#include <QFrame>

#include <optional>

class QLabel;

namespace perso::station::ui {

class ErrorBanner : public QFrame
{
    Q_OBJECT

public:
    explicit ErrorBanner(QWidget* parent = nullptr);

    void showError(const StationError& error);
    void clear();
    bool isSecurityAlert() const { return m_alert; }
    QString headline() const;
    QString nextStepText() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void render();

    QLabel* m_icon;
    QLabel* m_headline;
    QLabel* m_nextStep;
    std::optional<StationError> m_error;
    bool m_alert = false;
};

} // namespace perso::station::ui
