// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/apdu/ResponseApdu.h"
#include "terminal/bridge/VpcdCard.h"

#include <QObject>
#include <QPointer>

namespace perso::terminal {
class SecureTerminal;
}

namespace perso::terminal::app {

// Presents the secure terminal's firmware (SecureTerminal) as the card of a vpcd reader: each APDU from
// the station goes to handleCommand() and is answered when responseReady() fires, at once or after the
// keypad entry it waits for. The firmware answers a second command while one waits for the keypad
// with 6985 at once (inside handleCommand), so an answer given during handleCommand() belongs to that
// command and any later one to the command still waiting.
//
// The vpcd "card" is the terminal's host interface, not a card: power on/off and reset do not touch
// the firmware's session (the station ends it with END SESSION; the terminal keeps its own power).
//
// ATR: 3B 0A ‖ "PERSO-TERM" — direct convention, no interface bytes (T=0 implied), ten historical
// bytes in a proprietary format (category indicator 'P' = 50).
class FirmwareCard final : public QObject, public vpcd::VpcdCard
{
    Q_OBJECT
public:
    explicit FirmwareCard(SecureTerminal& terminal, QObject* parent = nullptr);
    ~FirmwareCard() override;

    static Bytes terminalAtr();

    Bytes atr() const override;
    void powerOn() override {}
    void powerOff() override {}
    void reset() override {}
    void transmit(const SecureBytes& apdu, Reply reply) override;

    // True while a command waits for its answer (keypad entry under way).
    bool isWaiting() const { return static_cast<bool>(m_waitingReply); }

private:
    void onResponse(const perso::ResponseApdu& response);

    QPointer<SecureTerminal> m_terminal;
    bool m_inCall = false;
    bool m_callAnswered = false;
    Reply m_callReply;
    Reply m_waitingReply;
};

} // namespace perso::terminal::app
