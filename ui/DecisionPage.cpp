// SPDX-License-Identifier: Apache-2.0
#include "ui/DecisionPage.h"

#include "ui/StatusTexts.h"
#include "ui_DecisionPage.h"

#include <QEvent>

namespace perso::station::ui {

DecisionPage::DecisionPage(QWidget* parent) : QWizardPage(parent), m_ui(std::make_unique<Ui::DecisionPage>())
{
    m_ui->setupUi(this);
    setCommitPage(true); // the details have left: no way back to edit them for this request
    connect(m_ui->decisionNextCustomerButton, &QPushButton::clicked, this, &DecisionPage::nextCustomerRequested);
    render();
}

DecisionPage::~DecisionPage() = default;

void DecisionPage::setWaiting()
{
    m_decision.reset();
    m_failed = false;
    render();
    emit completeChanged();
}

void DecisionPage::setDecision(const DecisionInfo& decision)
{
    m_decision = decision;
    m_failed = false;
    render();
    emit completeChanged();
}

void DecisionPage::setFailed()
{
    m_failed = true;
    render();
}

bool DecisionPage::isComplete() const
{
    return m_decision && m_decision->decision == wire::Decision::Approved;
}

void DecisionPage::render()
{
    const bool waiting = !m_decision && !m_failed;
    m_ui->decisionBusyBar->setVisible(waiting);
    const bool approved = isComplete();
    m_ui->decisionNextCustomerButton->setVisible(!waiting && !approved);
    if (waiting) {
        m_ui->decisionLabel->setText(tr("Waiting for the issuer's decision…"));
        m_ui->decisionReasonLabel->clear();
        m_ui->decisionHintLabel->clear();
        return;
    }
    if (m_failed && !m_decision) {
        m_ui->decisionLabel->setText(tr("No decision"));
        m_ui->decisionReasonLabel->clear();
        m_ui->decisionHintLabel->setText(tr("See the message above; then press Next customer to start over."));
        return;
    }
    m_ui->decisionLabel->setText(decisionText(m_decision->decision));
    m_ui->decisionReasonLabel->setText(decisionReasonText(m_decision->reasonCode));
    if (approved) {
        m_ui->decisionHintLabel->setText(m_decision->operation == wire::Operation::Modify
                                             ? tr("Press Next, then insert the customer's card.")
                                             : tr("Press Next, then insert a blank card from stock."));
    } else {
        m_ui->decisionHintLabel->setText(tr("No card can be issued. Press Next customer."));
        m_ui->decisionNextCustomerButton->setDefault(true);
    }
}

void DecisionPage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        render();
    }
    QWizardPage::changeEvent(event);
}

} // namespace perso::station::ui

#include "moc_DecisionPage.cpp"
