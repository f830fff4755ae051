// SPDX-License-Identifier: Apache-2.0
#include "ui/StartPage.h"

#include "ui/PageIds.h"
#include "ui/StatusTexts.h"
#include "ui_StartPage.h"

#include <QEvent>

namespace perso::station::ui {

StartPage::StartPage(QWidget* parent) : QWizardPage(parent), m_ui(std::make_unique<Ui::StartPage>())
{
    m_ui->setupUi(this);
    render();
}

StartPage::~StartPage() = default;

void StartPage::setStatus(LinkState link, const QString& linkDetail, const TerminalInfo& terminal,
                          const std::optional<SignOnInfo>& retailer)
{
    m_link = link;
    m_linkDetail = linkDetail;
    m_terminal = terminal;
    m_retailer = retailer;
    render();
}

int StartPage::nextId() const
{
    return m_retailer ? CustomerPageId : SignOnPageId;
}

void StartPage::render()
{
    m_ui->issuerStatusLabel->setText(issuerLinkText(m_link, m_linkDetail));
    m_ui->terminalStatusLabel->setText(terminalText(m_terminal));
    m_ui->retailerStatusLabel->setText(retailerText(m_retailer));
    m_ui->startHintLabel->setText(startHint(m_link, m_terminal, m_retailer.has_value()));
}

void StartPage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        render();
    }
    QWizardPage::changeEvent(event);
}

} // namespace perso::station::ui

#include "moc_StartPage.cpp"
