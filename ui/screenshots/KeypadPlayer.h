// SPDX-License-Identifier: Apache-2.0
#pragma once

// The people at the terminal for the screenshots: the retailer (inserts the retailer card, types the
// PIN from the PIN letter) and the customer (inserts the blank SIM, chooses PIN and PUK), through
// perso-terminal's control socket, with the demo's client and PIN letter reader (app/demo). Unlike the
// demo's own KeypadPlayer, which answers every prompt as soon as it sees it, this one acts only when the
// tour asks, on the GUI thread, so that a screenshot can be taken while a prompt is still waiting. The
// PINs are held in SecureBytes and never printed.

#include "app/demo/ControlClient.h"
#include "protocol/core/Bytes.h"

#include <QString>

#include <optional>

namespace perso::station::screenshots {

using TerminalSnapshot = demo::TerminalState;

class KeypadPlayer
{
public:
    explicit KeypadPlayer(int commandTimeoutMs) : m_control(commandTimeoutMs) {}

    bool connectTo(const QString& controlPath);
    // Reads "Retailer PIN: <digits>" from the retailer's PIN letter.
    bool loadRetailerPin(const QString& letterPath);

    // Empties the slot, then inserts the first retailer card of the stock.
    bool insertRetailerCard();
    // Empties the slot, then inserts `cardFile`, or the first SIM of the stock when it is empty.
    bool insertSim(const QString& cardFile);

    std::optional<TerminalSnapshot> state();
    static bool waitsForRetailerPin(const TerminalSnapshot& snapshot);
    // A customer PIN/PUK prompt with nothing typed yet ("New PIN:", "Repeat PUK2:", ...).
    static bool waitsForCustomerEntry(const TerminalSnapshot& snapshot, bool* puk);

    bool typeRetailerPin();
    bool typeCustomerEntry(bool puk);

    QString lastError() const { return m_error; }

private:
    bool insertFirst(const QString& kind);
    bool emptySlot();
    bool typeDigits(const SecureBytes& digits);
    bool fail(const QString& message);

    demo::ControlClient m_control;
    SecureBytes m_retailerPin;
    SecureBytes m_customerPin;
    SecureBytes m_customerPuk;
    QString m_error;
};

} // namespace perso::station::screenshots
