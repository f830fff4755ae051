// SPDX-License-Identifier: Apache-2.0
#include "ui/ProgressPage.h"

#include "ui_ProgressPage.h"

#include <QEvent>

namespace perso::station::ui {

ProgressPage::ProgressPage(QWidget* parent) : QWizardPage(parent), m_ui(std::make_unique<Ui::ProgressPage>())
{
    m_ui->setupUi(this);
    setCommitPage(true);
    connect(m_ui->cancelButton, &QPushButton::clicked, this, &ProgressPage::cancelRequested);
    render();
}

ProgressPage::~ProgressPage() = default;

void ProgressPage::reset()
{
    m_progress.reset();
    m_keypad.clear();
    m_cancelHint.clear();
    m_verifying = m_done = m_stopped = false;
    render();
    emit completeChanged();
}

void ProgressPage::setProgress(const ProgressInfo& progress)
{
    m_progress = progress;
    m_keypad.clear();
    render();
}

void ProgressPage::setKeypadPrompt(const QString& text)
{
    m_keypad = text;
    render();
}

void ProgressPage::setVerifying()
{
    m_verifying = true;
    m_keypad.clear();
    render();
}

void ProgressPage::setCancelHint(const QString& howTo)
{
    m_cancelHint = howTo;
    render();
}

void ProgressPage::setDone(bool done)
{
    m_done = done;
    render();
    emit completeChanged();
}

void ProgressPage::setStopped()
{
    m_stopped = true;
    render();
}

bool ProgressPage::isComplete() const
{
    return m_done;
}

void ProgressPage::render()
{
    QProgressBar* bar = m_ui->progressBar;
    if (m_progress && m_progress->total > 0) {
        bar->setRange(0, m_progress->total);
        bar->setValue(std::min(m_progress->step, m_progress->total));
    } else {
        bar->setRange(0, 0); // busy
    }
    if (m_done) {
        bar->setRange(0, 1);
        bar->setValue(1);
        m_ui->stepLabel->setText(tr("Card verified by the issuer."));
    } else if (m_stopped) {
        bar->setRange(0, 1);
        bar->setValue(0);
        m_ui->stepLabel->setText(tr("Stopped. See the message above."));
    } else if (m_verifying) {
        m_ui->stepLabel->setText(tr("Waiting for the issuer to verify the card…"));
        bar->setRange(0, 0);
    } else if (m_progress) {
        m_ui->stepLabel->setText(
            tr("Step %1 of %2: %3").arg(m_progress->step).arg(m_progress->total).arg(m_progress->label));
    } else {
        m_ui->stepLabel->setText(tr("Fetching the personalisation package…"));
    }
    m_ui->keypadLabel->setText(m_keypad);
    m_ui->keypadLabel->setVisible(!m_keypad.isEmpty());
    m_ui->cancelHintLabel->setText(m_cancelHint);
    m_ui->cancelHintLabel->setVisible(!m_cancelHint.isEmpty());
    m_ui->cancelButton->setEnabled(!m_done && !m_stopped && !m_verifying);
}

void ProgressPage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        render();
    }
    QWizardPage::changeEvent(event);
}

} // namespace perso::station::ui

#include "moc_ProgressPage.cpp"
