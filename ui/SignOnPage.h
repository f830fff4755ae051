// SPDX-License-Identifier: Apache-2.0
#pragma once

// Retailer sign-on: the instructions, the Sign on button (signOnRequested), a busy bar while the
// terminal waits for the PIN and the issuer answers, and the last problem (wrong PIN with tries left,
// blocked card). Complete once signed on; the wizard then moves on by itself.

#include "app/core/StationError.h"

#include <QWizardPage>

#include <memory>

namespace Ui {
class SignOnPage;
}

namespace perso::station::ui {

class SignOnPage : public QWizardPage
{
    Q_OBJECT

public:
    explicit SignOnPage(QWidget* parent = nullptr);
    ~SignOnPage() override;

    void setWaiting(bool waiting);
    void setSignedOn(bool signedOn);
    void showError(const StationError& error);
    bool isWaiting() const { return m_waiting; }
    bool isComplete() const override;
    void initializePage() override;

signals:
    void signOnRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    void render();

    std::unique_ptr<Ui::SignOnPage> m_ui;
    bool m_waiting = false;
    bool m_signedOn = false;
    std::optional<StationError> m_error;
};

} // namespace perso::station::ui
