// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>
#include <QStringList>

#include <chrono>
#include <cstdint>
#include <optional>

namespace perso::terminal::app {

// perso-terminal's command line (docs/terminal-emulator.md).
struct AppOptions
{
    enum class Mode
    {
        Window,   // the PIN pad window (default when a display exists)
        Headless, // control socket only
        Inspect   // one card file in reader 1, nothing else
    };
    Mode mode = Mode::Window;
    QStringList stock;
    QString stateFile;
    QString terminalId = QStringLiteral("PERSO-TERMINAL-1");
    std::chrono::milliseconds pinTimeout{30000};
    QString vpcdHost = QStringLiteral("127.0.0.1");
    std::optional<std::uint16_t> vpcdPort; // default: 35963, or 35964 in inspection mode
    QString controlPath;                   // headless default: defaultControlPath()
    QString inspectFile;
    QString language; // "en", "de", "fr"; empty = the system's language (keypad prompts and window)
};

struct ParsedOptions
{
    std::optional<AppOptions> options; // set when the program should run
    bool helpRequested = false;
    QString helpText;
    QString error; // set (exit code 2) when the command line is wrong
};

namespace CommandLine {

constexpr int kBadUsageExitCode = 2;

// True when a window can be shown: QT_QPA_PLATFORM set, or DISPLAY / WAYLAND_DISPLAY present.
bool displayAvailable();
// Parses `arguments` (argv, program name first). `hasDisplay` decides between window and headless
// when neither --headless nor --inspect is given. Needs a QCoreApplication for the help text.
ParsedOptions parse(const QStringList& arguments, bool hasDisplay);
QString defaultControlPath();
QString defaultStateFile();

} // namespace CommandLine

} // namespace perso::terminal::app
