// SPDX-License-Identifier: Apache-2.0
// perso-station: the shop's personalisation wizard (issue 5). Options: see --help.

#include "app/core/StationConfig.h"
#include "app/session/Station.h"
#include "ui/Icons.h"
#include "ui/LanguageSwitcher.h"
#include "ui/MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTimer>

#include <cstdio>

using namespace perso::station;

namespace {

int usageError(const QString& message)
{
    std::fprintf(stderr, "perso-station: %s (see --help)\n", qPrintable(message));
    return 2;
}

} // namespace

int main(int argc, char* argv[])
{
    QElapsedTimer sinceStart;
    sinceStart.start();

    // Options first, so that --help, --version and a bad option need no display.
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("retail-perso station: personalise customers' SIM cards."));
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help and exit."));
    const QCommandLineOption version(QStringLiteral("version"), QStringLiteral("Show the version and exit."));
    const QCommandLineOption config(QStringLiteral("config"), QStringLiteral("The station's configuration file."),
                                    QStringLiteral("file"), StationConfig::defaultConfigPath());
    const QCommandLineOption userSettings(
        QStringLiteral("user-settings"),
        QStringLiteral("The user settings file (default %1).").arg(StationConfig::defaultUserSettingsPath()),
        QStringLiteral("file"));
    const QCommandLineOption language(QStringLiteral("language"), QStringLiteral("en, de or fr."),
                                      QStringLiteral("code"));
    const QCommandLineOption journal(
        QStringLiteral("journal"), QStringLiteral("The journal file (overrides the config)."), QStringLiteral("file"));
    const QCommandLineOption receipts(QStringLiteral("receipts"),
                                      QStringLiteral("The receipt directory (overrides the config)."),
                                      QStringLiteral("dir"));
    const QCommandLineOption probe(QStringLiteral("startup-probe"),
                                   QStringLiteral("Print the time until the window is shown, then quit."));
    parser.addOptions({help, version, config, userSettings, language, journal, receipts, probe});
    if (!parser.parse(arguments))
        return usageError(parser.errorText());
    if (parser.isSet(help)) {
        // No QApplication exists yet (--help needs no display), so Qt would print "<executable_name>".
        QString text = parser.helpText();
        text.replace(QLatin1String("<executable_name>"), QLatin1String("perso-station"));
        std::fputs(qPrintable(text), stdout);
        return 0;
    }
    if (parser.isSet(version)) {
        std::printf("perso-station %s\n", PERSO_STATION_VERSION);
        return 0;
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first()));
    const QString languageCode = parser.value(language);
    if (parser.isSet(language) && !ui::LanguageSwitcher::languages().contains(languageCode))
        return usageError(QStringLiteral("--language must be en, de or fr"));

    // Before the configuration is read: checking the pinned CA loads Qt's TLS backend, whose plugin loader
    // needs the application object.
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("perso-station"));
    QApplication::setApplicationVersion(QStringLiteral(PERSO_STATION_VERSION));
    QApplication::setOrganizationName(QStringLiteral("retail-perso"));
    QApplication::setDesktopFileName(QStringLiteral("perso-station"));

    // The default config file is optional (defaults + user settings); one named explicitly is not.
    QString configPath = parser.value(config);
    if (!parser.isSet(config) && !QFileInfo::exists(configPath))
        configPath.clear();
    const QString userSettingsPath =
        parser.isSet(userSettings) ? parser.value(userSettings) : StationConfig::defaultUserSettingsPath();
    auto loaded = StationConfig::load(configPath, userSettingsPath);
    if (!loaded)
        return usageError(errorHeadline(loaded.error()) + QLatin1Char(' ') + loaded.error().detail);
    StationConfig stationConfig = loaded.value();
    if (parser.isSet(journal))
        stationConfig.journalPath = parser.value(journal);
    if (parser.isSet(receipts))
        stationConfig.receiptDirectory = parser.value(receipts);
    if (parser.isSet(language))
        stationConfig.language = languageCode;

    ui::LanguageSwitcher switcher;
    switcher.setLanguage(stationConfig.language);
    QApplication::setWindowIcon(ui::stationIcon(QStringLiteral("perso-station"), QStyle::SP_DriveHDIcon));

    Station station(stationConfig);
    ui::MainWindow window(station, switcher, userSettingsPath);
    if (parser.isSet(probe)) {
        QObject::connect(&window, &ui::MainWindow::firstPainted, &app, [&sinceStart] {
            std::printf("perso-station: window shown after %lld ms\n", static_cast<long long>(sinceStart.elapsed()));
            std::fflush(stdout);
            QTimer::singleShot(0, qApp, [] { QApplication::exit(0); });
        });
    }
    window.show();
    QTimer::singleShot(0, &station, &Station::start);
    return QApplication::exec();
}
