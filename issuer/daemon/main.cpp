// SPDX-License-Identifier: Apache-2.0
// perso-issuerd: the issuer's server (docs/issuer.md). Exit codes: 0 stopped by SIGTERM/SIGINT,
// 1 could not start, 2 bad command line.

#include "issuer/daemon/Daemon.h"
#include "issuer/daemon/DaemonConfig.h"
#include "protocol/process/SignalWatcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

namespace {

QString defaultConfigPath()
{
    const QString home = qEnvironmentVariable("PERSO_ISSUER_HOME");
    return home.isEmpty() ? QStringLiteral("/etc/perso-issuer/issuerd.json") : home + QStringLiteral("/issuerd.json");
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("perso-issuerd"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PERSO_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("The retail-perso issuer: serves shop stations over TLS 1.3, holds keys and records."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption configOption(
        QStringList{QStringLiteral("c"), QStringLiteral("config")},
        QStringLiteral(
            "Configuration file (default: $PERSO_ISSUER_HOME/issuerd.json or /etc/perso-issuer/issuerd.json)."),
        QStringLiteral("file"), defaultConfigPath());
    const QCommandLineOption checkOption(QStringLiteral("check-config"),
                                         QStringLiteral("Validate the configuration file and exit."));
    parser.addOption(configOption);
    parser.addOption(checkOption);
    if (!parser.parse(app.arguments())) {
        std::fprintf(stderr, "perso-issuerd: %s\n", qPrintable(parser.errorText()));
        return 2;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion();
    if (!parser.positionalArguments().isEmpty()) {
        std::fprintf(stderr, "perso-issuerd: unexpected argument %s\n",
                     qPrintable(parser.positionalArguments().first()));
        return 2;
    }

    const auto config = perso::issuer::DaemonConfig::load(parser.value(configOption));
    if (!config) {
        std::fprintf(stderr, "perso-issuerd: %s\n", qPrintable(config.error().message));
        return 1;
    }
    if (parser.isSet(checkOption)) {
        std::printf("perso-issuerd: %s is valid\n", qPrintable(parser.value(configOption)));
        return 0;
    }

    perso::process::SignalWatcher watcher;
    auto daemon = perso::issuer::Daemon::start(config.value());
    if (!daemon) {
        std::fprintf(stderr, "perso-issuerd: %s\n", qPrintable(daemon.error().message));
        return 1;
    }
    // Scripts and tests wait for this line (with port 0 it is the only way to learn the port).
    std::printf("perso-issuerd: listening on %s:%u\n", qPrintable(config.value().listenAddress.toString()),
                static_cast<unsigned>(daemon.value()->port()));
    std::fflush(stdout);

    QObject::connect(&watcher, &perso::process::SignalWatcher::terminationRequested, &app, [&](int) {
        daemon.value()->stop(10000);
        QCoreApplication::quit();
    });
    const int code = QCoreApplication::exec();
    daemon.value().reset();
    return code;
}
