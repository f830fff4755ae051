// SPDX-License-Identifier: Apache-2.0
#include "ui/ErrorBanner.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QVBoxLayout>

namespace perso::station::ui {

ErrorBanner::ErrorBanner(QWidget* parent)
    : QFrame(parent), m_icon(new QLabel(this)), m_headline(new QLabel(this)), m_nextStep(new QLabel(this))
{
    setObjectName(QStringLiteral("errorBanner"));
    m_icon->setObjectName(QStringLiteral("errorIconLabel"));
    m_headline->setObjectName(QStringLiteral("errorHeadlineLabel"));
    m_nextStep->setObjectName(QStringLiteral("errorNextStepLabel"));
    m_headline->setWordWrap(true);
    m_nextStep->setWordWrap(true);
    QFont bold = m_headline->font();
    bold.setBold(true);
    m_headline->setFont(bold);
    auto* texts = new QVBoxLayout;
    texts->addWidget(m_headline);
    texts->addWidget(m_nextStep);
    auto* layout = new QHBoxLayout(this);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addLayout(texts, 1);
    setFrameShape(QFrame::StyledPanel);
    setAccessibleName(tr("Problem"));
    hide();
}

void ErrorBanner::showError(const StationError& error)
{
    m_error = error;
    m_alert = perso::station::isSecurityAlert(error);
    render();
    show();
}

void ErrorBanner::clear()
{
    m_error.reset();
    m_alert = false;
    hide();
}

QString ErrorBanner::headline() const
{
    return m_headline->text();
}

QString ErrorBanner::nextStepText() const
{
    return m_nextStep->text();
}

void ErrorBanner::render()
{
    if (!m_error)
        return;
    const QString headline = errorHeadline(*m_error);
    m_headline->setText(m_alert ? tr("SECURITY ALERT: %1").arg(headline) : headline);
    m_nextStep->setText(nextStep(*m_error));
    const QString icon = m_alert ? QStringLiteral(":/icons/alert.svg") : QStringLiteral(":/icons/error.svg");
    m_icon->setPixmap(QIcon(icon).pixmap(32, 32));
    setStyleSheet(m_alert ? QStringLiteral("QFrame#errorBanner { background: #b00020; } QLabel { color: white; }")
                          : QStringLiteral("QFrame#errorBanner { background: #fff4e5; } QLabel { color: #5a3b00; }"));
}

void ErrorBanner::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        render(); // the texts come from tr() in StationError.cpp
    QFrame::changeEvent(event);
}

} // namespace perso::station::ui

#include "moc_ErrorBanner.cpp"
