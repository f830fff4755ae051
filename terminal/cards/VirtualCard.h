// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/apdu/CommandApdu.h"
#include "protocol/apdu/ResponseApdu.h"
#include "protocol/core/Bytes.h"

#include <QString>

namespace perso::cards {

// A smart card emulated in software: what the terminal's card slot, the vpcd inspection reader and
// the unit tests talk to. Implementations keep their persistent state in a file (like EEPROM: it
// survives power-off and removal) and their volatile state (selected file, verified PINs, secure
// session) in memory, reset by powerOn().
class VirtualCard
{
public:
    virtual ~VirtualCard() = default;

    // Answer to reset, as the card sends it after powerOn().
    virtual Bytes atr() const = 0;
    // Cold or warm reset: clears every volatile state (current file, security status).
    virtual void powerOn() = 0;
    virtual void powerOff() = 0;
    // Processes one command and answers with data and SW. Never throws on bad input: a malformed or
    // unsupported command gets the ISO/IEC 7816-4 status word for it and changes nothing. A command that
    // changes persistent state is written to the card's file before the response is returned; if that
    // write fails the command answers 6581 (memory failure) and the state in memory is rolled back.
    virtual ResponseApdu process(const CommandApdu& command) = 0;
    // "sim" or "retailer" — for listings and the control socket.
    virtual QString kind() const = 0;
    // A public label for the card tray: ICCID for a SIM, serial for a retailer card.
    virtual QString label() const = 0;
};

} // namespace perso::cards
