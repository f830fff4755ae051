// SPDX-License-Identifier: Apache-2.0
#include "ScreenshotOptions.h"

#include <QCommandLineParser>
#include <QRegularExpression>

#include <cstdio>

namespace perso::station::screenshots {

namespace {

std::optional<ScreenshotOptions> usageError(const QString& message, int* exitCode)
{
    std::fprintf(stderr, "perso-screenshots: %s (see --help)\n", qPrintable(message));
    *exitCode = 2;
    return std::nullopt;
}

} // namespace

QRect parseGeometry(const QString& text)
{
    static const QRegularExpression geometry(QStringLiteral("^(\\d{1,5})x(\\d{1,5})\\+(\\d{1,5})\\+(\\d{1,5})$"));
    const auto match = geometry.match(text);
    if (!match.hasMatch())
        return {};
    const QRect rect(match.captured(3).toInt(), match.captured(4).toInt(), match.captured(1).toInt(),
                     match.captured(2).toInt());
    return rect.width() > 0 && rect.height() > 0 ? rect : QRect();
}

std::optional<ScreenshotOptions> parseScreenshotOptions(const QStringList& arguments, int* exitCode)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Drives the real station wizard through a demo personalisation and saves the README's "
                       "screenshots (run by scripts/screenshots.sh under Xvfb)."));
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help and exit."));
    const QCommandLineOption config(QStringLiteral("config"), QStringLiteral("The demo station's configuration file."),
                                    QStringLiteral("file"));
    const QCommandLineOption userSettings(QStringLiteral("user-settings"),
                                          QStringLiteral("The station's user settings file (default: none)."),
                                          QStringLiteral("file"));
    const QCommandLineOption journal(
        QStringLiteral("journal"), QStringLiteral("The journal file (overrides the config)."), QStringLiteral("file"));
    const QCommandLineOption receipts(QStringLiteral("receipts"),
                                      QStringLiteral("The receipt directory (overrides the config)."),
                                      QStringLiteral("dir"));
    const QCommandLineOption control(QStringLiteral("control"), QStringLiteral("perso-terminal's control socket."),
                                     QStringLiteral("path"));
    const QCommandLineOption pinLetter(QStringLiteral("pin-letter"),
                                       QStringLiteral("The retailer's PIN letter (perso-admin retailer-card issue)."),
                                       QStringLiteral("file"));
    const QCommandLineOption sim(QStringLiteral("sim"),
                                 QStringLiteral("The blank SIM's card file (default: the first SIM in the stock)."),
                                 QStringLiteral("file"));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("Where the PNG files are written."),
                                 QStringLiteral("dir"));
    const QCommandLineOption stationGeometry(QStringLiteral("station-geometry"),
                                             QStringLiteral("The station window, WxH+X+Y (1024x720+0+0)."),
                                             QStringLiteral("geometry"));
    const QCommandLineOption terminalGeometry(
        QStringLiteral("terminal-geometry"),
        QStringLiteral("Where the terminal window is on the screen, WxH+X+Y (its -qwindowgeometry)."),
        QStringLiteral("geometry"));
    const QCommandLineOption timeout(QStringLiteral("timeout"),
                                     QStringLiteral("Seconds each step may take to appear, 1-600 (60)."),
                                     QStringLiteral("s"));
    parser.addOptions({help, config, userSettings, journal, receipts, control, pinLetter, sim, out, stationGeometry,
                       terminalGeometry, timeout});
    if (!parser.parse(arguments))
        return usageError(parser.errorText(), exitCode);
    if (parser.isSet(help)) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        *exitCode = 0;
        return std::nullopt;
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first()),
                          exitCode);
    for (const QCommandLineOption* required : {&config, &control, &pinLetter, &out, &terminalGeometry}) {
        if (!parser.isSet(*required))
            return usageError(QStringLiteral("--%1 is required").arg(required->names().constFirst()), exitCode);
    }

    ScreenshotOptions options;
    options.configPath = parser.value(config);
    options.userSettingsPath = parser.value(userSettings);
    options.journalPath = parser.value(journal);
    options.receiptDirectory = parser.value(receipts);
    options.controlPath = parser.value(control);
    options.pinLetterPath = parser.value(pinLetter);
    options.simCard = parser.value(sim);
    options.outDirectory = parser.value(out);
    options.terminalGeometry = parseGeometry(parser.value(terminalGeometry));
    if (!options.terminalGeometry.isValid())
        return usageError(QStringLiteral("--terminal-geometry must be WxH+X+Y"), exitCode);
    if (parser.isSet(stationGeometry)) {
        options.stationGeometry = parseGeometry(parser.value(stationGeometry));
        if (!options.stationGeometry.isValid())
            return usageError(QStringLiteral("--station-geometry must be WxH+X+Y"), exitCode);
    }
    if (parser.isSet(timeout)) {
        bool number = false;
        options.stepTimeoutSeconds = parser.value(timeout).toInt(&number);
        if (!number || options.stepTimeoutSeconds < 1 || options.stepTimeoutSeconds > 600)
            return usageError(QStringLiteral("--timeout must be 1-600 seconds"), exitCode);
    }
    return options;
}

} // namespace perso::station::screenshots
