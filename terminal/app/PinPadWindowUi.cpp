// SPDX-License-Identifier: Apache-2.0
#include "terminal/app/PinPadWindowUi.h"

#include <QFontDatabase>
#include <QFrame>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>
#include <QWidget>

namespace perso::terminal::app {

namespace {
QPushButton* makeButton(QWidget* parent, const QString& text, const QString& name)
{
    auto* button = new QPushButton(text, parent);
    button->setObjectName(name);
    button->setFocusPolicy(Qt::NoFocus); // the window takes the keyboard
    return button;
}

QLabel* makeDisplayLine(QWidget* parent, const QString& name)
{
    auto* label = new QLabel(parent);
    label->setObjectName(name);
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    font.setStyleHint(QFont::Monospace);
    font.setFixedPitch(true);
    font.setPointSize(font.pointSize() + 4);
    label->setFont(font);
    label->setMinimumWidth(QFontMetrics(font).horizontalAdvance(QLatin1Char('M')) * 17);
    label->setStyleSheet(QStringLiteral("QLabel { background: #1f3b1f; color: #c8f7c8; padding: 2px 6px; }"));
    return label;
}
} // namespace

void PinPadWindowUi::setupUi(QWidget* window)
{
    window->setWindowTitle(QWidget::tr("Secure terminal"));
    auto* outer = new QHBoxLayout(window);

    // The PIN pad: display, keypad, function keys.
    auto* pad = new QGroupBox(QWidget::tr("PIN pad"), window);
    auto* padLayout = new QVBoxLayout(pad);
    auto* display = new QFrame(pad);
    display->setFrameShape(QFrame::StyledPanel);
    auto* displayLayout = new QVBoxLayout(display);
    displayLayout->setSpacing(0);
    displayLine1Label = makeDisplayLine(display, QStringLiteral("displayLine1Label"));
    displayLine2Label = makeDisplayLine(display, QStringLiteral("displayLine2Label"));
    displayLayout->addWidget(displayLine1Label);
    displayLayout->addWidget(displayLine2Label);
    padLayout->addWidget(display);

    auto* keypad = new QGridLayout;
    for (int digit = 0; digit < 10; ++digit) {
        digitButtons[static_cast<std::size_t>(digit)] =
            makeButton(pad, QString::number(digit), QStringLiteral("digit%1Button").arg(digit));
    }
    for (int digit = 1; digit <= 9; ++digit)
        keypad->addWidget(digitButtons[static_cast<std::size_t>(digit)], (digit - 1) / 3, (digit - 1) % 3);
    keypad->addWidget(digitButtons[0], 3, 1);
    cancelButton = makeButton(pad, QWidget::tr("Cancel"), QStringLiteral("cancelButton"));
    clearButton = makeButton(pad, QWidget::tr("Clear"), QStringLiteral("clearButton"));
    okButton = makeButton(pad, QWidget::tr("OK"), QStringLiteral("okButton"));
    cancelButton->setStyleSheet(QStringLiteral("QPushButton { background: #c0392b; color: white; }"));
    clearButton->setStyleSheet(QStringLiteral("QPushButton { background: #f1c40f; }"));
    okButton->setStyleSheet(QStringLiteral("QPushButton { background: #27ae60; color: white; }"));
    keypad->addWidget(cancelButton, 4, 0);
    keypad->addWidget(clearButton, 4, 1);
    keypad->addWidget(okButton, 4, 2);
    padLayout->addLayout(keypad);
    vpcdStatusLabel = new QLabel(pad);
    vpcdStatusLabel->setObjectName(QStringLiteral("vpcdStatusLabel"));
    padLayout->addWidget(vpcdStatusLabel);
    outer->addWidget(pad);

    // The card tray and the tamper switch.
    auto* tray = new QGroupBox(QWidget::tr("Card tray"), window);
    auto* trayLayout = new QVBoxLayout(tray);
    trayListWidget = new QListWidget(tray);
    trayListWidget->setObjectName(QStringLiteral("trayListWidget"));
    trayListWidget->setFocusPolicy(Qt::NoFocus);
    trayLayout->addWidget(trayListWidget);
    auto* trayButtons = new QHBoxLayout;
    refreshTrayButton = makeButton(tray, QWidget::tr("Refresh"), QStringLiteral("refreshTrayButton"));
    insertButton = makeButton(tray, QWidget::tr("Insert"), QStringLiteral("insertButton"));
    removeButton = makeButton(tray, QWidget::tr("Remove"), QStringLiteral("removeButton"));
    trayButtons->addWidget(refreshTrayButton);
    trayButtons->addWidget(insertButton);
    trayButtons->addWidget(removeButton);
    trayLayout->addLayout(trayButtons);
    slotLabel = new QLabel(tray);
    slotLabel->setObjectName(QStringLiteral("slotLabel"));
    trayLayout->addWidget(slotLabel);
    tamperButton = makeButton(tray, QWidget::tr("Tamper switch…"), QStringLiteral("tamperButton"));
    trayLayout->addWidget(tamperButton);
    outer->addWidget(tray);
}

} // namespace perso::terminal::app
