// SPDX-License-Identifier: Apache-2.0
#include "ui/CompletionPage.h"

#include "ui_CompletionPage.h"

#include <QEvent>

namespace perso::station::ui {

CompletionPage::CompletionPage(QWidget* parent) : QWizardPage(parent), m_ui(std::make_unique<Ui::CompletionPage>())
{
    m_ui->setupUi(this);
    setCommitPage(true);
    setFinalPage(true);
    connect(m_ui->printButton, &QPushButton::clicked, this, &CompletionPage::printRequested);
    connect(m_ui->savePdfButton, &QPushButton::clicked, this, &CompletionPage::savePdfRequested);
    connect(m_ui->nextCustomerButton, &QPushButton::clicked, this, &CompletionPage::nextCustomerRequested);
    connect(m_ui->signOffButton, &QPushButton::clicked, this, &CompletionPage::signOffRequested);
    render();
}

CompletionPage::~CompletionPage() = default;

void CompletionPage::setCompletion(const CompletionInfo& completion)
{
    m_completion = completion;
    m_receiptStatus.clear();
    render();
}

void CompletionPage::setReceiptStatus(const QString& text)
{
    m_receiptStatus = text;
    render();
}

void CompletionPage::initializePage()
{
    m_ui->printButton->setDefault(true);
    m_ui->printButton->setFocus();
}

void CompletionPage::render()
{
    m_ui->msisdnLabel->setText(m_completion ? m_completion->msisdn : QStringLiteral("–"));
    if (m_completion) {
        m_ui->completionIccidLabel->setText(m_completion->modification
                                                ? tr("Card %1 modified.").arg(m_completion->iccid)
                                                : tr("Card %1 personalised.").arg(m_completion->iccid));
    } else {
        m_ui->completionIccidLabel->clear();
    }
    m_ui->receiptStatusLabel->setText(m_receiptStatus);
    m_ui->printButton->setEnabled(m_completion.has_value());
    m_ui->savePdfButton->setEnabled(m_completion.has_value());
}

void CompletionPage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        render();
    }
    QWizardPage::changeEvent(event);
}

} // namespace perso::station::ui

#include "moc_CompletionPage.cpp"
