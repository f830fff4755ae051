// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

#include <cstdint>

namespace perso::terminal {

// The two lines of the PIN pad's display. Every text goes through
// QCoreApplication::translate("SecureTerminal", ...) so that it can be translated; none of them
// ever holds a secret (a PIN shows as one '*' per digit).
struct DisplayLines
{
    QString line1;
    QString line2;
    friend bool operator==(const DisplayLines&, const DisplayLines&) = default;
};

namespace DisplayTexts {

constexpr int kLineWidth = 20;

DisplayLines welcome();
DisplayLines insertRetailerCard();
DisplayLines enterRetailerPin(const QString& stars);
DisplayLines wrongPin(int triesLeft);
DisplayLines cardBlocked();
DisplayLines cardError();
DisplayLines authenticating();
DisplayLines signedOn();
DisplayLines insertCustomerCard();
DisplayLines customerCardReady();
DisplayLines personalising(int step, int total);
// Prompt for a PIN ENTRY step: the text is the terminal's own, chosen by purpose and prompt id.
DisplayLines enterCustomerPin(std::uint8_t purpose, bool confirmation, const QString& stars);
DisplayLines trivialPinRefused();
DisplayLines pinsDiffer();
DisplayLines pinTimeout();
DisplayLines cancelled();
DisplayLines finished(bool completed);
DisplayLines cardRemoved();
DisplayLines sessionEnded();
DisplayLines channelClosed();
DisplayLines tampered();

} // namespace DisplayTexts

} // namespace perso::terminal
