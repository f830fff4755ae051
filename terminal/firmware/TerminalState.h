// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

#include <cstdint>

namespace perso::terminal {

// The firmware's states (docs/terminal.md). The numeric values are what GET STATUS reports.
enum class TerminalState : std::uint8_t
{
    Locked = 0x00,           // no session, no key in memory
    RetailerPin = 0x01,      // RETAILER SIGN-ON in flight: retailer PIN typed on the keypad
    RetailerVerified = 0x02, // PIN verified, serial and static keys read: waiting for INITIALIZE UPDATE
    AwaitingAuth = 0x03,     // INITIALIZE UPDATE answered: waiting for EXTERNAL AUTHENTICATE
    ChannelOpen = 0x04,      // signed on: SCP03 channel open, station data key available
    Executing = 0x05,        // a package is loaded and being run step by step
    Reporting = 0x06,        // execution stopped: the sealed result is ready
    ChannelClosed = 0x07,    // a step failed to unwrap: keys erased, only the unauthenticated report left
    Tampered = 0x08          // tamper detected (persisted): keys erased; only status and sign-on accepted
};

// Stable lower-case name for logs and tests ("locked", "channel-open", ...).
QString stateName(TerminalState state);

} // namespace perso::terminal
