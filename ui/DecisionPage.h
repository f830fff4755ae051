// SPDX-License-Identifier: Apache-2.0
#pragma once

// The issuer's assessment: a busy bar while it decides, then approved / declined (with the reason of
// docs/issuer.md) / referred. Complete (Next) only when approved; otherwise "Next customer".

#include "app/session/Station.h"

#include <QWizardPage>

#include <memory>

namespace Ui {
class DecisionPage;
}

namespace perso::station::ui {

class DecisionPage : public QWizardPage
{
    Q_OBJECT

public:
    explicit DecisionPage(QWidget* parent = nullptr);
    ~DecisionPage() override;

    void setWaiting();
    void setDecision(const DecisionInfo& decision);
    void setFailed(); // the request failed: the banner says why; offer the next customer
    bool isComplete() const override;

signals:
    void nextCustomerRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    void render();

    std::unique_ptr<Ui::DecisionPage> m_ui;
    std::optional<DecisionInfo> m_decision;
    bool m_failed = false;
};

} // namespace perso::station::ui
