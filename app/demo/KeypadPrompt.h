// SPDX-License-Identifier: Apache-2.0
#pragma once

// What the terminal's keypad asks the people at the counter for, read from its public state (the
// control socket's `state`): the retailer PIN while the terminal waits in "retailer-pin", the customer's
// PIN or PUK while a PIN ENTRY prompt of terminal/firmware/DisplayTexts.cpp is on the display ("New PIN:",
// "Repeat PUK2:", … — the emulator must run with --language en). Only a FRESH prompt counts: its second
// line (the stars) is still empty. The one reading shared by perso-demo, perso-screenshots and the
// station system tests' keypad robot.

#include "app/demo/ControlClient.h"

namespace perso::station::demo {

enum class KeypadPrompt
{
    None,
    RetailerPin,
    CustomerPin,
    CustomerPuk
};

KeypadPrompt freshKeypadPrompt(const TerminalState& state);

} // namespace perso::station::demo
