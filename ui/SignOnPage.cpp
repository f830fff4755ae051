// SPDX-License-Identifier: Apache-2.0
#include "ui/SignOnPage.h"

#include "ui_SignOnPage.h"

#include <QEvent>
#include <QPushButton>

namespace perso::station::ui {

SignOnPage::SignOnPage(QWidget* parent) : QWizardPage(parent), m_ui(std::make_unique<Ui::SignOnPage>())
{
    m_ui->setupUi(this);
    connect(m_ui->signOnButton, &QPushButton::clicked, this, [this] {
        m_error.reset();
        setWaiting(true);
        emit signOnRequested();
    });
    render();
}

SignOnPage::~SignOnPage() = default;

void SignOnPage::initializePage()
{
    m_ui->signOnButton->setDefault(true);
    m_ui->signOnButton->setFocus();
}

void SignOnPage::setWaiting(bool waiting)
{
    m_waiting = waiting;
    render();
}

void SignOnPage::setSignedOn(bool signedOn)
{
    m_signedOn = signedOn;
    if (signedOn) {
        m_waiting = false;
        m_error.reset();
    }
    render();
    emit completeChanged();
}

void SignOnPage::showError(const StationError& error)
{
    m_error = error;
    m_waiting = false;
    render();
}

bool SignOnPage::isComplete() const
{
    return m_signedOn;
}

void SignOnPage::render()
{
    m_ui->signOnBusyBar->setVisible(m_waiting);
    m_ui->signOnButton->setEnabled(!m_waiting && !m_signedOn);
    QString status;
    if (m_signedOn)
        status = tr("Signed on.");
    else if (m_waiting)
        status = tr("Waiting for your PIN on the terminal's keypad…");
    else if (m_error)
        status = errorHeadline(*m_error) + QLatin1Char(' ') + nextStep(*m_error);
    m_ui->signOnStatusLabel->setText(status);
}

void SignOnPage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        render();
    }
    QWizardPage::changeEvent(event);
}

} // namespace perso::station::ui

#include "moc_SignOnPage.cpp"
