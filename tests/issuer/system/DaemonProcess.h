// SPDX-License-Identifier: Apache-2.0
#pragma once

// perso-issuerd as a child process: started on a home's config, its port read from the
// "perso-issuerd: listening on ADDR:PORT" line, stopped with SIGTERM or killed with SIGKILL.

#include <QDeadlineTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QString>

#include <algorithm>
#include <csignal>

namespace perso::issuer::test {

class DaemonProcess
{
public:
    ~DaemonProcess()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(10000);
        }
    }

    // Starts the daemon and waits (bounded) for its ready line. False with `error` set otherwise.
    // The daemon's log (stderr) goes to `logPath` so that a full pipe never blocks it.
    bool start(const QString& binary, const QString& configPath, const QString& logPath, int timeoutMs = 30000)
    {
        m_stdout.clear();
        m_logPath = logPath;
        m_process.setStandardErrorFile(logPath, QIODevice::Append);
        m_process.setProgram(binary);
        m_process.setArguments({QStringLiteral("--config"), configPath});
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        m_process.start();
        if (!m_process.waitForStarted(timeoutMs)) {
            error = m_process.errorString();
            return false;
        }
        static const QRegularExpression ready(QStringLiteral("^perso-issuerd: listening on (\\S+):(\\d+)$"));
        const QDeadlineTimer deadline(timeoutMs);
        while (!deadline.hasExpired()) {
            while (m_process.canReadLine()) {
                const QString line = QString::fromUtf8(m_process.readLine()).trimmed();
                m_stdout += line + QLatin1Char('\n');
                const auto match = ready.match(line);
                if (match.hasMatch()) {
                    port = static_cast<quint16>(match.captured(2).toUInt());
                    return port != 0;
                }
            }
            if (m_process.state() == QProcess::NotRunning) {
                error = QStringLiteral("perso-issuerd exited: ") + log();
                return false;
            }
            m_process.waitForReadyRead(static_cast<int>(std::max<qint64>(1, deadline.remainingTime())));
        }
        error = QStringLiteral("no ready line; log: ") + log();
        return false;
    }

    qint64 pid() const { return m_process.processId(); }
    bool running() const { return m_process.state() != QProcess::NotRunning; }

    void signal(int number) const
    {
        if (m_process.processId() > 0)
            ::kill(static_cast<pid_t>(m_process.processId()), number);
    }

    // SIGKILL and reap.
    bool kill(int timeoutMs = 10000)
    {
        signal(SIGKILL);
        return m_process.waitForFinished(timeoutMs);
    }

    // SIGTERM and wait for the exit; the exit code, or -1 if it crashed or did not exit in time.
    int terminate(int timeoutMs = 30000)
    {
        signal(SIGTERM);
        if (!m_process.waitForFinished(timeoutMs))
            return -1;
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    }

    // The tail of the daemon's log, for failure messages.
    QString log() const
    {
        QFile file(m_logPath);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return QString::fromUtf8(file.readAll().right(2000));
    }

    quint16 port = 0;
    QString error;

private:
    QProcess m_process;
    QString m_stdout;
    QString m_logPath;
};

} // namespace perso::issuer::test
