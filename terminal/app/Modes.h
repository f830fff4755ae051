// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "terminal/app/AppOptions.h"
#include "terminal/app/TerminalEmulator.h"

namespace perso::terminal::app {

// The emulator's settings from the command line.
EmulatorOptions emulatorOptions(const AppOptions& options);

// Each runs the event loop of the QCoreApplication/QApplication that exists and returns the exit code.
// SIGINT and SIGTERM stop every mode cleanly.
int runHeadless(const AppOptions& options);
int runInspection(const AppOptions& options);

} // namespace perso::terminal::app
