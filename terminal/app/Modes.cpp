// SPDX-License-Identifier: Apache-2.0
#include "terminal/app/Modes.h"

#include "protocol/process/SignalWatcher.h"
#include "terminal/app/ControlServer.h"
#include "terminal/app/Inspection.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QTextStream>

#include <cstdio>

namespace perso::terminal::app {

namespace {
void say(const QString& text)
{
    QTextStream(stderr) << QStringLiteral("perso-terminal: ") << text << Qt::endl;
}
} // namespace

EmulatorOptions emulatorOptions(const AppOptions& options)
{
    EmulatorOptions emulator;
    emulator.terminal.stateFilePath = options.stateFile;
    emulator.terminal.terminalId = options.terminalId;
    emulator.terminal.pinTimeout = options.pinTimeout;
    emulator.vpcd.host = options.vpcdHost;
    emulator.vpcd.port = options.vpcdPort.value_or(vpcd::kReader0Port);
    emulator.stock = options.stock;
    return emulator;
}

int runHeadless(const AppOptions& options)
{
    QDir().mkpath(QFileInfo(options.stateFile).absolutePath());
    TerminalEmulator emulator(emulatorOptions(options));
    ControlServer server([&emulator](const ControlCommand& command) { return emulator.execute(command); });
    if (!server.listen(options.controlPath)) {
        say(QStringLiteral("cannot listen on %1: %2").arg(options.controlPath, server.errorString()));
        return 1;
    }
    process::SignalWatcher watcher;
    QObject::connect(&watcher, &process::SignalWatcher::terminationRequested, qApp, &QCoreApplication::quit);
    QObject::connect(&emulator, &TerminalEmulator::quitRequested, qApp, &QCoreApplication::quit, Qt::QueuedConnection);
    QObject::connect(&emulator, &TerminalEmulator::vpcdLinkChanged, qApp,
                     [](bool up) { say(up ? QStringLiteral("vpcd link up") : QStringLiteral("vpcd link down")); });
    emulator.start();
    say(QStringLiteral("headless, control socket %1, vpcd %2:%3")
            .arg(server.fullServerName(), options.vpcdHost)
            .arg(emulator.link().options().port));
    const int code = QCoreApplication::exec();
    emulator.link().disconnectCard();
    return code;
}

int runInspection(const AppOptions& options)
{
    vpcd::VpcdLinkOptions link;
    link.host = options.vpcdHost;
    link.port = options.vpcdPort.value_or(vpcd::kReader1Port);
    auto inspection = Inspection::open(options.inspectFile, link);
    if (!inspection.ok()) {
        say(QStringLiteral("cannot open %1: %2").arg(options.inspectFile, inspection.error().message));
        return 1;
    }
    process::SignalWatcher watcher;
    QObject::connect(&watcher, &process::SignalWatcher::terminationRequested, qApp, &QCoreApplication::quit);
    QObject::connect(&inspection.value()->link(), &vpcd::VpcdLink::connected, qApp,
                     [] { say(QStringLiteral("vpcd link up")); });
    inspection.value()->start();
    say(QStringLiteral("inspecting card %1 on vpcd %2:%3")
            .arg(inspection.value()->cardLabel(), link.host)
            .arg(link.port));
    const int code = QCoreApplication::exec();
    inspection.value()->stop();
    return code;
}

} // namespace perso::terminal::app
