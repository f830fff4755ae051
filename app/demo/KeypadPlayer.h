// SPDX-License-Identifier: Apache-2.0
#pragma once

// The people at the PIN pad, played over the control socket: every poll period it reads the terminal's
// public state on a connection of its own and types the retailer PIN when the terminal waits in
// "retailer-pin", the customer's PIN or PUK when a PIN ENTRY prompt is on the display ("New PIN:",
// "Repeat PUK:", … — the emulator must run with --language en), each followed by OK. A fresh prompt is
// one whose second line (the stars) is still empty. The retailer PIN is typed once: a second retailer
// prompt means the letter's PIN was refused, and the player stops instead of locking the card.

#include "app/demo/ControlClient.h"

#include <QObject>
#include <QTimer>

namespace perso::station::demo {

struct KeypadSecrets
{
    SecureBytes retailerPin;
    SecureBytes customerPin; // 4..8 digits
    SecureBytes customerPuk; // 8 digits
};

class KeypadPlayer : public QObject
{
    Q_OBJECT

public:
    KeypadPlayer(KeypadSecrets secrets, int pollMs = 50, QObject* parent = nullptr);

    // Connects its own client to `controlPath` and starts polling; false (lastError()) if it cannot.
    bool start(const QString& controlPath);
    void stop();
    QString lastError() const { return m_client.lastError(); }

signals:
    // The keypad could not be played (control socket lost, the retailer PIN refused).
    void failed(const QString& what);

private:
    void poll();
    bool answer(const SecureBytes& digits);

    KeypadSecrets m_secrets;
    ControlClient m_client;
    QTimer m_timer;
    int m_retailerEntries = 0;
    bool m_retailerPromptGone = true; // a new retailer prompt only counts after the last one went away
};

} // namespace perso::station::demo
