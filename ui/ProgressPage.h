// SPDX-License-Identifier: Apache-2.0
#pragma once

// Personalisation progress: the step label and a progress bar (busy while no step count is known),
// the keypad prompt ("The customer now chooses a PIN on the keypad"), and a Cancel that is safe: it
// asks the station to cancel (Station::cancel) and shows how the cancel completes (cancelRequested).

#include "app/session/Station.h"

#include <QWizardPage>

#include <memory>

namespace Ui {
class ProgressPage;
}

namespace perso::station::ui {

class ProgressPage : public QWizardPage
{
    Q_OBJECT

public:
    explicit ProgressPage(QWidget* parent = nullptr);
    ~ProgressPage() override;

    void reset();
    void setProgress(const ProgressInfo& progress);
    void setKeypadPrompt(const QString& text);
    void setVerifying();
    void setCancelHint(const QString& howTo);
    void setDone(bool done);
    void setStopped(); // a failure or a cancel ended the run: nothing more to wait for here
    bool isComplete() const override;

signals:
    void cancelRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    void render();

    std::unique_ptr<Ui::ProgressPage> m_ui;
    std::optional<ProgressInfo> m_progress;
    QString m_keypad;
    QString m_cancelHint;
    bool m_verifying = false;
    bool m_done = false;
    bool m_stopped = false;
};

} // namespace perso::station::ui
