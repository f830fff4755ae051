// SPDX-License-Identifier: Apache-2.0
#pragma once

// perso-screenshots' command line: the demo station's config, the terminal's control socket and window
// geometry, the retailer's PIN letter, where the PNGs go. parse() prints one clear line on a bad one.

#include <QRect>
#include <QString>
#include <QStringList>

#include <optional>

namespace perso::station::screenshots {

struct ScreenshotOptions
{
    QString configPath;
    QString userSettingsPath; // default: a throwaway file next to the images' work files
    QString journalPath;      // empty: the config's
    QString receiptDirectory; // empty: the config's
    QString controlPath;
    QString pinLetterPath;
    QString simCard; // empty: the first SIM in the terminal's stock
    QString outDirectory;
    QRect stationGeometry{0, 0, 1024, 720};
    QRect terminalGeometry;
    int stepTimeoutSeconds = 60;
};

// The parsed options, or nullopt after printing the error (exit code 2) or --help (exit code 0).
std::optional<ScreenshotOptions> parseScreenshotOptions(const QStringList& arguments, int* exitCode);

// "WxH+X+Y" (X11 geometry, as -qwindowgeometry takes it); an invalid QRect when it is not one.
QRect parseGeometry(const QString& text);

} // namespace perso::station::screenshots
