// SPDX-License-Identifier: Apache-2.0
#include "terminal/app/WindowMode.h"

#include "protocol/process/SignalWatcher.h"
#include "terminal/app/ControlServer.h"
#include "terminal/app/Modes.h"
#include "terminal/app/PinPadWindow.h"
#include "terminal/app/TerminalEmulator.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QTextStream>

namespace perso::terminal::app {

int runWindow(const AppOptions& options)
{
    QDir().mkpath(QFileInfo(options.stateFile).absolutePath());
    TerminalEmulator emulator(emulatorOptions(options));
    std::unique_ptr<ControlServer> server;
    if (!options.controlPath.isEmpty()) {
        server = std::make_unique<ControlServer>(
            [&emulator](const ControlCommand& command) { return emulator.execute(command); });
        if (!server->listen(options.controlPath)) {
            QTextStream(stderr) << QStringLiteral("perso-terminal: cannot listen on %1: %2")
                                       .arg(options.controlPath, server->errorString())
                                << Qt::endl;
            return 1;
        }
    }
    process::SignalWatcher watcher;
    QObject::connect(&watcher, &process::SignalWatcher::terminationRequested, qApp, &QCoreApplication::quit);
    QObject::connect(&emulator, &TerminalEmulator::quitRequested, qApp, &QCoreApplication::quit, Qt::QueuedConnection);
    PinPadWindow window(emulator);
    window.show();
    emulator.start();
    const int code = QApplication::exec();
    emulator.link().disconnectCard();
    return code;
}

} // namespace perso::terminal::app
