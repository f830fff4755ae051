// SPDX-License-Identifier: Apache-2.0
#pragma once

// Everything a station workflow test needs, from the REAL binaries: an issuer home (IssuerHome: one
// shop, its retailer card file with PIN 2580, a batch of blank SIMs) served by the real perso-issuerd
// (DaemonProcess), the real `perso-terminal --headless` in pcscd's `Virtual PCD 00 00` with the retailer
// card and the blank SIM files in its tray, a control-socket client, the keypad robot, and a
// StationConfig pointing at all of it. Processes are stopped by their PIDs.
//
// The binaries come from the test's compile definitions PERSO_ISSUERD and PERSO_TERMINAL_BINARY.

#include "KeypadRobot.h"

#include "app/core/StationConfig.h"
#include "pcsc/CardConnection.h"
#include "pcsc/Context.h"
#include "protocol/apdu/CommandApdu.h"
#include "terminal/cards/SimCard.h"
#include "tests/issuer/system/DaemonProcess.h"
#include "tests/issuer/system/IssuerHome.h"

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>

namespace perso::station::test {

using issuer::test::HomeShop;
using issuer::test::IssuerHome;

inline const QString kTerminalReader = QStringLiteral("Virtual PCD 00 00");
inline const QByteArray kTerminalAtr = QByteArray::fromHex("3B0A504552534F2D5445524D"); // "PERSO-TERM"
inline const QString kRetailerPin = QString::fromLatin1(issuer::test::kHomeRetailerPin);
inline const QString kServerName = QStringLiteral("localhost"); // IssuerHome's certificate: localhost, 127.0.0.1

struct RigOptions
{
    int cards = 8; // blank SIMs (and numbers) in the home and the tray
    int pinTimeoutSeconds = 60;
    int robotPollMs = 20;
    bool startRobot = true;
};

class StationRig
{
public:
    explicit StationRig(RigOptions options = {}) : m_options(options) {}
    ~StationRig() { stop(); }
    StationRig(const StationRig&) = delete;
    StationRig& operator=(const StationRig&) = delete;

    // Home, daemon, blank SIM files, terminal, its reader in pcscd, control client, robot. On false,
    // `error` says which part failed.
    bool start()
    {
        if (!m_dir.isValid())
            return fail(QStringLiteral("no temporary directory"));
        issuer::test::HomeOptions homeOptions;
        homeOptions.cards = m_options.cards;
        homeOptions.numbers = m_options.cards;
        homeOptions.cardDirectory = stockDirectory();
        m_home = std::make_unique<IssuerHome>(m_dir.filePath(QStringLiteral("home")), homeOptions);
        if (auto problem = m_home->create())
            return fail(QStringLiteral("issuer home: ") + *problem);
        for (int n = 1; n <= m_options.cards; ++n) {
            if (!cards::SimCard::createBlank(simPath(n), issuer::test::homeIccidBytes(n), m_home->admOf(n)))
                return fail(QStringLiteral("blank SIM %1").arg(n));
        }
        if (!startDaemon())
            return false;
        if (!startTerminal())
            return false;
        if (m_options.startRobot) {
            robot = std::make_unique<KeypadRobot>(controlPath(), m_options.robotPollMs);
            if (!robot->start())
                return fail(QStringLiteral("keypad robot: ") + robot->lastError());
        }
        return true;
    }

    bool startDaemon()
    {
        if (!daemon.start(QStringLiteral(PERSO_ISSUERD), m_home->configPath(),
                          m_dir.filePath(QStringLiteral("issuerd.log"))))
            return fail(QStringLiteral("perso-issuerd: ") + daemon.error);
        return true;
    }

    // perso-terminal --headless, then waits until pcscd shows it in Virtual PCD 00 00 and it answers.
    bool startTerminal()
    {
        m_terminal = std::make_unique<QProcess>();
        m_terminal->setProgram(QStringLiteral(PERSO_TERMINAL_BINARY));
        m_terminal->setArguments({QStringLiteral("--headless"), QStringLiteral("--control"), controlPath(),
                                  QStringLiteral("--stock"), stockDirectory(), QStringLiteral("--state"),
                                  shop().terminalStatePath, QStringLiteral("--terminal-id"), shop().terminalId,
                                  QStringLiteral("--pin-timeout"), QString::number(m_options.pinTimeoutSeconds)});
        m_terminal->setStandardErrorFile(m_dir.filePath(QStringLiteral("terminal.log")), QIODevice::Append);
        m_terminal->setStandardOutputFile(QProcess::nullDevice());
        m_terminal->start();
        if (!m_terminal->waitForStarted(15000))
            return fail(QStringLiteral("perso-terminal: ") + m_terminal->errorString());
        if (!control.connectTo(controlPath()))
            return fail(QStringLiteral("control socket: ") + control.lastError());
        if (!waitForTerminalReader(30000))
            return fail(QStringLiteral("Virtual PCD 00 00 never showed the terminal"));
        return true;
    }

    // Bounded: the ATR alone is not enough (pcscd may still show a terminal that has just left the
    // port), so an answer to GET STATUS proves it is ours.
    bool waitForTerminalReader(int timeoutMs)
    {
        pcsc::Context context;
        return QTest::qWaitFor(
            [&] {
                auto attempt = pcsc::CardConnection::connect(context, kTerminalReader);
                return attempt.ok() && attempt.value()->atr() == kTerminalAtr &&
                       attempt.value()->transmit(CommandApdu(0x80, 0x10, 0x00, 0x00, {}, 256)).ok();
            },
            timeoutMs);
    }

    // Robot first (it holds a socket), then the terminal (SIGTERM, SIGKILL if it hangs), then the daemon.
    void stop()
    {
        if (robot)
            robot->stop();
        robot.reset();
        stopTerminal();
        if (daemon.running() && daemon.terminate(15000) != 0)
            daemon.kill();
    }

    void stopTerminal()
    {
        control.disconnect();
        if (!m_terminal)
            return;
        if (m_terminal->state() != QProcess::NotRunning) {
            ::kill(static_cast<pid_t>(m_terminal->processId()), SIGTERM);
            if (!m_terminal->waitForFinished(15000)) {
                ::kill(static_cast<pid_t>(m_terminal->processId()), SIGKILL);
                m_terminal->waitForFinished(5000);
            }
        }
        m_terminalExit = m_terminal->exitStatus() == QProcess::NormalExit ? m_terminal->exitCode() : -1;
        m_terminal.reset();
    }

    bool terminalRunning() const { return m_terminal && m_terminal->state() != QProcess::NotRunning; }
    qint64 terminalPid() const { return m_terminal ? m_terminal->processId() : 0; }
    int terminalExitCode() const { return m_terminalExit; } // after stopTerminal(); -1 if it crashed

    // The station's configuration: the daemon (or `port`, e.g. a proxy's), the home's CA, the terminal's
    // reader, journal and receipts in the rig's directory.
    StationConfig stationConfig(quint16 port = 0) const
    {
        StationConfig config;
        config.issuer.host = QStringLiteral("127.0.0.1");
        config.issuer.port = port != 0 ? port : daemon.port;
        config.issuer.caFile =
            m_home->directory() + QStringLiteral("/ca/") + QLatin1String(issuer::kCaCertificateFileName);
        config.issuer.serverName = kServerName;
        config.retailerId = shop().retailerId;
        config.terminalReader = kTerminalReader;
        config.journalPath = m_dir.filePath(QStringLiteral("station/journal.sqlite"));
        config.receiptDirectory = m_dir.filePath(QStringLiteral("station/receipts"));
        config.printer = QStringLiteral("pdf");
        config.language = QStringLiteral("en");
        config.issuerTimeoutSeconds = 60;
        config.keypadTimeoutSeconds = 120;
        return config;
    }

    IssuerHome& home() { return *m_home; }
    const HomeShop& shop() const { return m_home->shops.front(); }
    QString directory() const { return m_dir.path(); }
    QString stockDirectory() const { return m_dir.filePath(QStringLiteral("stock")); }
    QString controlPath() const { return m_dir.filePath(QStringLiteral("control.sock")); }
    QString simPath(int n) const
    {
        return stockDirectory() + QStringLiteral("/sim-%1.card").arg(n, 3, 10, QLatin1Char('0'));
    }
    static QString simIccid(int n) { return issuer::test::homeIccid(n); }
    QString terminalLog() const { return tail(m_dir.filePath(QStringLiteral("terminal.log"))); }

    // Retailer card into the slot (the slot must be empty or it is emptied first).
    bool insertRetailerCard()
    {
        (void)control.remove(); // an empty slot answers an error: fine
        return control.insert(shop().retailerCardPath);
    }
    bool insertSim(int n)
    {
        (void)control.remove();
        return control.insert(simPath(n));
    }

    QString error;
    issuer::test::DaemonProcess daemon;
    demo::ControlClient control{30000}; // the test thread's client
    std::unique_ptr<KeypadRobot> robot;

private:
    bool fail(const QString& message)
    {
        error = message;
        return false;
    }

    static QString tail(const QString& path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll().right(2000)) : QString();
    }

    RigOptions m_options;
    QTemporaryDir m_dir;
    std::unique_ptr<IssuerHome> m_home;
    std::unique_ptr<QProcess> m_terminal;
    int m_terminalExit = -1;
};

} // namespace perso::station::test
