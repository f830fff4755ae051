// SPDX-License-Identifier: Apache-2.0
#include "terminal/app/PinPadWindow.h"

#include "terminal/app/CardTray.h"
#include "terminal/app/PinPadWindowUi.h"
#include "terminal/app/TerminalEmulator.h"

#include <QKeyEvent>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>

namespace perso::terminal::app {

namespace {
constexpr int kPathRole = Qt::UserRole;

bool askTamper(QWidget* parent)
{
    return QMessageBox::warning(parent, PinPadWindow::tr("Tamper switch"),
                                PinPadWindow::tr("Trigger the tamper sensor? The terminal erases every key "
                                                 "and stays marked as tampered."),
                                QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) == QMessageBox::Yes;
}
} // namespace

PinPadWindow::PinPadWindow(TerminalEmulator& emulator, QWidget* parent)
    : QWidget(parent), m_emulator(emulator), m_ui(std::make_unique<PinPadWindowUi>()), m_confirmTamper(askTamper)
{
    m_ui->setupUi(this);
    setFocusPolicy(Qt::StrongFocus);
    for (std::size_t digit = 0; digit < m_ui->digitButtons.size(); ++digit) {
        const auto key = *keyForDigit(static_cast<char>('0' + digit));
        connect(m_ui->digitButtons[digit], &QPushButton::clicked, this, [this, key] { press(key); });
    }
    connect(m_ui->cancelButton, &QPushButton::clicked, this, [this] { press(Key::Cancel); });
    connect(m_ui->clearButton, &QPushButton::clicked, this, [this] { press(Key::Clear); });
    connect(m_ui->okButton, &QPushButton::clicked, this, [this] { press(Key::Ok); });
    connect(m_ui->refreshTrayButton, &QPushButton::clicked, this, &PinPadWindow::refreshTray);
    connect(m_ui->insertButton, &QPushButton::clicked, this, &PinPadWindow::insertSelected);
    connect(m_ui->removeButton, &QPushButton::clicked, this, &PinPadWindow::removeCard);
    connect(m_ui->trayListWidget, &QListWidget::itemDoubleClicked, this, &PinPadWindow::insertSelected);
    connect(m_ui->tamperButton, &QPushButton::clicked, this, &PinPadWindow::pullTamperSwitch);

    connect(&m_emulator.terminal(), &SecureTerminal::displayChanged, this, &PinPadWindow::showDisplay);
    connect(&m_emulator.tray(), &CardTray::slotChanged, this, &PinPadWindow::showSlot);
    connect(&m_emulator, &TerminalEmulator::vpcdLinkChanged, this, &PinPadWindow::showVpcd);

    const DisplayLines display = m_emulator.terminal().display();
    showDisplay(display.line1, display.line2);
    showVpcd(m_emulator.vpcdUp());
    refreshTray();
}

PinPadWindow::~PinPadWindow() = default;

void PinPadWindow::setTamperConfirmation(Confirmation confirm)
{
    m_confirmTamper = std::move(confirm);
}

void PinPadWindow::press(Key key)
{
    m_emulator.terminal().keyPressed(key);
}

void PinPadWindow::keyPressEvent(QKeyEvent* event)
{
    const int code = event->key();
    if (code >= Qt::Key_0 && code <= Qt::Key_9) {
        press(*keyForDigit(static_cast<char>('0' + (code - Qt::Key_0))));
    } else if (code == Qt::Key_Return || code == Qt::Key_Enter) {
        press(Key::Ok);
    } else if (code == Qt::Key_Escape) {
        press(Key::Cancel);
    } else if (code == Qt::Key_Backspace || code == Qt::Key_Delete) {
        press(Key::Clear);
    } else {
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

void PinPadWindow::showDisplay(const QString& line1, const QString& line2)
{
    m_ui->displayLine1Label->setText(line1);
    m_ui->displayLine2Label->setText(line2);
}

void PinPadWindow::showSlot()
{
    CardTray& tray = m_emulator.tray();
    m_ui->slotLabel->setText(tray.hasCard() ? tr("In the slot: %1 card %2").arg(tray.slotKind(), tray.slotLabel())
                                            : tr("The slot is empty"));
    m_ui->removeButton->setEnabled(tray.hasCard());
    m_ui->insertButton->setEnabled(!tray.hasCard());
    for (int row = 0; row < m_ui->trayListWidget->count(); ++row) {
        QListWidgetItem* item = m_ui->trayListWidget->item(row);
        QFont font = item->font();
        font.setBold(tray.hasCard() && item->data(kPathRole).toString() == tray.slotPath());
        item->setFont(font);
    }
}

void PinPadWindow::showVpcd(bool up)
{
    m_ui->vpcdStatusLabel->setText(up ? tr("vpcd: connected (reader shows the terminal)")
                                      : tr("vpcd: not connected (waiting for pcscd)"));
}

void PinPadWindow::refreshTray()
{
    m_ui->trayListWidget->clear();
    for (const TrayCard& card : m_emulator.tray().list()) {
        const QString text = card.problem.isEmpty() ? QStringLiteral("%1  %2").arg(card.kind, -8).arg(card.label)
                                                    : QStringLiteral("%1  (%2)").arg(card.label, card.problem);
        auto* item = new QListWidgetItem(text, m_ui->trayListWidget);
        item->setData(kPathRole, card.path);
        item->setToolTip(card.path);
        if (!card.problem.isEmpty())
            item->setFlags(item->flags() & ~Qt::ItemIsEnabled);
    }
    showSlot();
}

void PinPadWindow::insertSelected()
{
    QListWidgetItem* item = m_ui->trayListWidget->currentItem();
    if (item == nullptr || m_emulator.tray().hasCard())
        return;
    const Status inserted = m_emulator.tray().insert(item->data(kPathRole).toString());
    if (!inserted.ok())
        m_ui->slotLabel->setText(tr("Cannot insert: %1").arg(inserted.error().message));
}

void PinPadWindow::removeCard()
{
    m_emulator.tray().remove();
}

void PinPadWindow::pullTamperSwitch()
{
    if (m_confirmTamper && m_confirmTamper(this))
        m_emulator.terminal().tamper();
}

} // namespace perso::terminal::app
