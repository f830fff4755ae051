// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "terminal/app/ControlProtocol.h"
#include "terminal/bridge/VpcdLink.h"
#include "terminal/firmware/SecureTerminal.h"

#include <QJsonObject>
#include <QObject>
#include <QStringList>

#include <memory>

namespace perso::terminal::app {

class CardTray;
class FirmwareCard;

struct EmulatorOptions
{
    terminal::TerminalConfig terminal;
    vpcd::VpcdLinkOptions vpcd; // reader 0 ("Virtual PCD 00 00") unless told otherwise
    QStringList stock;          // folders and card files
};

// The emulated PIN pad as a whole: the firmware (SecureTerminal), its card tray, and the vpcd link
// that presents the firmware as the card of reader 0. The window and the control socket both drive
// it; execute() runs one control command and gives the JSON answer's fields.
class TerminalEmulator : public QObject
{
    Q_OBJECT
public:
    explicit TerminalEmulator(EmulatorOptions options, QObject* parent = nullptr);
    ~TerminalEmulator() override;

    SecureTerminal& terminal() { return *m_terminal; }
    CardTray& tray() { return *m_tray; }
    vpcd::VpcdLink& link() { return *m_link; }
    bool vpcdUp() const;

    // Connects to vpcd (and keeps reconnecting while it is away).
    void start();
    // Runs one parsed control command; the answer is one JSON line (ControlProtocol::success/failure).
    QByteArray execute(const ControlCommand& command);
    // The public state: terminal state, display lines, slot card, tamper flag, vpcd link. Never a key,
    // a PIN or a typed digit (the display shows '*' for those).
    QJsonObject stateFields() const;

signals:
    void quitRequested();
    void vpcdLinkChanged(bool up);

private:
    QJsonObject listFields();

    EmulatorOptions m_options;
    std::unique_ptr<SecureTerminal> m_terminal;
    CardTray* m_tray = nullptr;
    std::shared_ptr<FirmwareCard> m_card;
    vpcd::VpcdLink* m_link = nullptr;
};

} // namespace perso::terminal::app
