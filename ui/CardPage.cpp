// SPDX-License-Identifier: Apache-2.0
#include "ui/CardPage.h"

#include "ui_CardPage.h"

#include <QEvent>

namespace perso::station::ui {

CardPage::CardPage(QWidget* parent) : QWizardPage(parent), m_ui(std::make_unique<Ui::CardPage>())
{
    m_ui->setupUi(this);
    setCommitPage(true);
    render();
}

CardPage::~CardPage() = default;

void CardPage::setWaiting(wire::Operation operation)
{
    m_operation = operation;
    m_card.reset();
    render();
    emit completeChanged();
}

void CardPage::setCard(const CardInfo& card)
{
    m_card = card;
    render();
    emit completeChanged();
}

bool CardPage::isComplete() const
{
    return m_card.has_value();
}

void CardPage::render()
{
    m_ui->cardInstructionLabel->setText(
        m_operation == wire::Operation::Modify
            ? tr("Remove the retailer card and insert the customer's card into the terminal.")
            : tr("Remove the retailer card, insert a blank card from stock."));
    m_ui->cardBusyBar->setVisible(!m_card);
    m_ui->iccidLabel->setText(m_card ? m_card->iccid : QStringLiteral("–"));
    m_ui->batchLabel->setText(m_card ? m_card->issuerPrefix : QStringLiteral("–"));
}

void CardPage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        render();
    }
    QWizardPage::changeEvent(event);
}

} // namespace perso::station::ui

#include "moc_CardPage.cpp"
