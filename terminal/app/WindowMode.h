// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "terminal/app/AppOptions.h"

namespace perso::terminal::app {

// Window mode: the PIN pad window over the emulator; with --control also the control socket. Needs a
// QApplication. Returns the exit code.
int runWindow(const AppOptions& options);

} // namespace perso::terminal::app
