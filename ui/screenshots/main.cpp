// SPDX-License-Identifier: Apache-2.0
// perso-screenshots: the README's screenshots of the real station wizard and the terminal window,
// taken during a real personalisation against the demo stack. scripts/screenshots.sh runs it under
// Xvfb; options: see --help.

#include "Camera.h"
#include "KeypadPlayer.h"
#include "ScreenshotOptions.h"
#include "WizardTour.h"

#include "app/core/StationConfig.h"
#include "app/session/Station.h"
#include "ui/Icons.h"
#include "ui/LanguageSwitcher.h"
#include "ui/MainWindow.h"

#include <QApplication>
#include <QDir>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

using namespace perso::station;
using namespace perso::station::screenshots;

namespace {

int failure(const QString& message)
{
    std::fprintf(stderr, "perso-screenshots: %s\n", qPrintable(message));
    return 1;
}

} // namespace

int main(int argc, char* argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    int exitCode = 0;
    const auto options = parseScreenshotOptions(arguments, &exitCode);
    if (!options)
        return exitCode;

    // The station's own settings file stays out of the user's home.
    QTemporaryDir scratch;
    const QString userSettings = options->userSettingsPath.isEmpty()
                                     ? QDir(scratch.path()).filePath(QStringLiteral("station-user.json"))
                                     : options->userSettingsPath;
    auto loaded = StationConfig::load(options->configPath, userSettings);
    if (!loaded)
        return failure(errorHeadline(loaded.error()) + QLatin1Char(' ') + loaded.error().detail);
    StationConfig config = loaded.value();
    if (!options->journalPath.isEmpty())
        config.journalPath = options->journalPath;
    if (!options->receiptDirectory.isEmpty())
        config.receiptDirectory = options->receiptDirectory;
    config.language = QStringLiteral("en"); // the README's images are in English

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("perso-station"));
    QApplication::setOrganizationName(QStringLiteral("retail-perso"));
    ui::LanguageSwitcher language;
    language.setLanguage(config.language);
    QApplication::setWindowIcon(ui::stationIcon(QStringLiteral("perso-station"), QStyle::SP_DriveHDIcon));

    Camera camera(options->outDirectory);
    if (!camera.prepare())
        return failure(camera.lastError());
    KeypadPlayer keypad(15000);
    if (!keypad.loadRetailerPin(options->pinLetterPath) || !keypad.connectTo(options->controlPath))
        return failure(keypad.lastError());

    Station station(config);
    ui::MainWindow window(station, language, userSettings);
    window.setGeometry(options->stationGeometry);
    window.show();
    QTimer::singleShot(0, &station, &Station::start);

    WizardTour tour(window, station, keypad, camera, *options);
    if (!tour.run())
        return failure(tour.lastError());
    std::printf("perso-screenshots: %lld images in %s\n", static_cast<long long>(camera.saved().size()),
                qPrintable(options->outDirectory));
    return 0;
}
