// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "terminal/firmware/Key.h"

#include <QWidget>

#include <functional>
#include <memory>

namespace perso::terminal::app {

class TerminalEmulator;
struct PinPadWindowUi;

// The emulator's window: a PIN pad (two-line monospace display fed by displayChanged, keys 0-9,
// Cancel, Clear, OK — also typed on the keyboard: digits, Enter = OK, Escape = Cancel, Backspace =
// Clear), the card tray (stock list, Insert, Remove), a tamper switch that asks for confirmation, and
// the vpcd link status. It drives the TerminalEmulator it is given and owns none of it.
class PinPadWindow : public QWidget
{
    Q_OBJECT
public:
    // Asked before the tamper switch fires; true to go ahead. The default asks with a QMessageBox.
    using Confirmation = std::function<bool(QWidget* parent)>;

    explicit PinPadWindow(TerminalEmulator& emulator, QWidget* parent = nullptr);
    ~PinPadWindow() override;

    void setTamperConfirmation(Confirmation confirm);
    void refreshTray();

protected:
    void keyPressEvent(QKeyEvent* event) override;

private:
    void press(Key key);
    void showDisplay(const QString& line1, const QString& line2);
    void showSlot();
    void showVpcd(bool up);
    void insertSelected();
    void removeCard();
    void pullTamperSwitch();

    TerminalEmulator& m_emulator;
    std::unique_ptr<PinPadWindowUi> m_ui;
    Confirmation m_confirmTamper;
};

} // namespace perso::terminal::app
