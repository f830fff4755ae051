// SPDX-License-Identifier: Apache-2.0
#include "terminal/app/AppOptions.h"

#include <QCommandLineParser>
#include <QDir>
#include <QStandardPaths>

namespace perso::terminal::app::CommandLine {

namespace {
bool validTerminalId(const QString& id)
{
    if (id.isEmpty() || id.size() > 32)
        return false;
    for (const QChar c : id) {
        if (c.unicode() < 0x20 || c.unicode() > 0x7E)
            return false;
    }
    return true;
}
} // namespace

bool displayAvailable()
{
    return !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") || !qEnvironmentVariableIsEmpty("DISPLAY") ||
           !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
}

QString defaultControlPath()
{
    QString dir = qEnvironmentVariable("XDG_RUNTIME_DIR");
    if (dir.isEmpty())
        dir = QDir::tempPath();
    return QDir(dir).filePath(QStringLiteral("perso-terminal.sock"));
}

QString defaultStateFile()
{
    QString dir = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    if (dir.isEmpty())
        dir = QDir::homePath();
    return QDir(dir).filePath(QStringLiteral("retail-perso/terminal-state.cbor"));
}

ParsedOptions parse(const QStringList& arguments, bool hasDisplay)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "The retail-perso secure terminal emulator: a PIN pad with a card slot, presented to pcscd as the "
        "card of vpcd reader \"Virtual PCD 00 00\".\nModes: a window (default with a display), --headless "
        "with a control socket, or --inspect <card file> in \"Virtual PCD 00 01\"."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    const QCommandLineOption headless(QStringLiteral("headless"),
                                      QStringLiteral("No window: drive the terminal through the control socket "
                                                     "(the default when there is no display)."));
    const QCommandLineOption control(
        QStringLiteral("control"),
        QStringLiteral("Control socket path (headless default: %1).").arg(defaultControlPath()),
        QStringLiteral("path"));
    const QCommandLineOption inspect(
        QStringLiteral("inspect"),
        QStringLiteral("Present this card file directly in reader \"Virtual PCD 00 01\" until SIGINT/SIGTERM."),
        QStringLiteral("card file"));
    const QCommandLineOption stock(QStringLiteral("stock"),
                                   QStringLiteral("A stock folder (manufacturer batch, retailer cards) or one "
                                                  "card file for the card tray; repeatable."),
                                   QStringLiteral("dir"));
    const QCommandLineOption state(
        QStringLiteral("state"),
        QStringLiteral("Terminal state file (tamper flag; default: %1).").arg(defaultStateFile()),
        QStringLiteral("file"));
    const QCommandLineOption terminalId(QStringLiteral("terminal-id"),
                                        QStringLiteral("Terminal id reported at sign-on: 1-32 printable "
                                                       "ASCII characters (default PERSO-TERMINAL-1)."),
                                        QStringLiteral("id"));
    const QCommandLineOption pinTimeout(QStringLiteral("pin-timeout"),
                                        QStringLiteral("Keypad inter-key timeout in seconds, 1-3600 (default 30)."),
                                        QStringLiteral("s"));
    const QCommandLineOption vpcdHost(QStringLiteral("vpcd-host"),
                                      QStringLiteral("Host where pcscd's vpcd listens (default 127.0.0.1)."),
                                      QStringLiteral("host"));
    const QCommandLineOption vpcdPort(QStringLiteral("vpcd-port"),
                                      QStringLiteral("vpcd port (default 35963; 35964 with --inspect)."),
                                      QStringLiteral("port"));
    const QCommandLineOption language(QStringLiteral("language"),
                                      QStringLiteral("Language of the keypad prompts and the window: en, de or fr "
                                                     "(default: the system's language, else English)."),
                                      QStringLiteral("code"));
    parser.addOptions(
        {help, headless, control, inspect, stock, state, terminalId, pinTimeout, vpcdHost, vpcdPort, language});

    ParsedOptions result;
    if (!parser.parse(arguments)) {
        result.error = parser.errorText();
        return result;
    }
    if (parser.isSet(help)) {
        result.helpRequested = true;
        result.helpText = parser.helpText();
        return result;
    }
    if (!parser.positionalArguments().isEmpty()) {
        result.error = QStringLiteral("Unexpected argument: %1").arg(parser.positionalArguments().constFirst());
        return result;
    }

    AppOptions options;
    if (parser.isSet(inspect)) {
        options.mode = AppOptions::Mode::Inspect;
        options.inspectFile = parser.value(inspect);
        if (parser.isSet(headless) || parser.isSet(control) || parser.isSet(stock)) {
            result.error = QStringLiteral("--inspect cannot be combined with --headless, --control or --stock");
            return result;
        }
    } else if (parser.isSet(headless) || !hasDisplay) {
        options.mode = AppOptions::Mode::Headless;
    }
    options.stock = parser.values(stock);
    options.stateFile = parser.isSet(state) ? parser.value(state) : defaultStateFile();
    if (options.stateFile.isEmpty()) {
        result.error = QStringLiteral("--state needs a file name");
        return result;
    }
    if (parser.isSet(terminalId)) {
        options.terminalId = parser.value(terminalId);
        if (!validTerminalId(options.terminalId)) {
            result.error = QStringLiteral("--terminal-id must be 1-32 printable ASCII characters");
            return result;
        }
    }
    if (parser.isSet(pinTimeout)) {
        bool ok = false;
        const int seconds = parser.value(pinTimeout).toInt(&ok);
        if (!ok || seconds < 1 || seconds > 3600) {
            result.error = QStringLiteral("--pin-timeout must be a whole number of seconds from 1 to 3600");
            return result;
        }
        options.pinTimeout = std::chrono::seconds(seconds);
    }
    if (parser.isSet(vpcdHost)) {
        options.vpcdHost = parser.value(vpcdHost);
        if (options.vpcdHost.isEmpty()) {
            result.error = QStringLiteral("--vpcd-host needs a host name");
            return result;
        }
    }
    if (parser.isSet(language)) {
        options.language = parser.value(language);
        if (!QStringList{QStringLiteral("en"), QStringLiteral("de"), QStringLiteral("fr")}.contains(options.language)) {
            result.error = QStringLiteral("--language must be en, de or fr");
            return result;
        }
    }
    if (parser.isSet(vpcdPort)) {
        bool ok = false;
        const uint port = parser.value(vpcdPort).toUInt(&ok);
        if (!ok || port < 1 || port > 65535) {
            result.error = QStringLiteral("--vpcd-port must be a TCP port from 1 to 65535");
            return result;
        }
        options.vpcdPort = static_cast<std::uint16_t>(port);
    }
    options.controlPath = parser.value(control);
    if (options.mode == AppOptions::Mode::Headless && options.controlPath.isEmpty())
        options.controlPath = defaultControlPath();
    result.options = options;
    return result;
}

} // namespace perso::terminal::app::CommandLine
