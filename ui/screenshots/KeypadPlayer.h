// SPDX-License-Identifier: Apache-2.0
#pragma once

// The people at the terminal for the screenshots: the retailer (inserts the retailer card, types the
// PIN from the PIN letter) and the customer (inserts the blank SIM, chooses PIN and PUK), through
// perso-terminal's control socket. Unlike the tests' KeypadRobot thread it acts only when asked, on the
// GUI thread, so that the screenshots can be taken while a prompt is still waiting. The retailer PIN is
// held in SecureBytes and sent one `key <digit>` at a time; it is never printed.

#include "protocol/core/Bytes.h"
#include "tests/app/system/TerminalControl.h"

#include <QString>

#include <optional>

namespace perso::station::screenshots {

using test::TerminalSnapshot;

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

    test::TerminalControl m_control;
    SecureBytes m_retailerPin;
    SecureBytes m_customerPin;
    SecureBytes m_customerPuk;
    QString m_error;
};

} // namespace perso::station::screenshots
