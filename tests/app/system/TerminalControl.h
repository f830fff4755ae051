// SPDX-License-Identifier: Apache-2.0
#pragma once

// A synchronous client of perso-terminal's control socket (docs/terminal-emulator.md, "Headless mode
// and the control socket"): one command line out, its one JSON line back, bounded by a timeout. Used
// from any thread, but each instance from one thread only (QLocalSocket has thread affinity).

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalSocket>
#include <QString>
#include <QThread>

#include <algorithm>
#include <optional>

namespace perso::station::test {

// The public state dump of `state`.
struct TerminalSnapshot
{
    QString state; // "locked", "retailer-pin", "executing", …
    QString line1;
    QString line2;
    QString slot;     // label, empty when the slot is empty
    QString slotKind; // "sim", "retailer", or empty
    bool tampered = false;
    bool busy = false;
    bool vpcd = false;
};

class TerminalControl
{
public:
    explicit TerminalControl(int timeoutMs = 15000) : m_timeoutMs(timeoutMs) {}

    // Connects to the emulator's socket, retrying (bounded) while the emulator is still starting.
    bool connectTo(const QString& path)
    {
        const QDeadlineTimer deadline(m_timeoutMs);
        while (!deadline.hasExpired()) {
            m_socket.abort();
            m_socket.connectToServer(path);
            if (m_socket.waitForConnected(static_cast<int>(std::max<qint64>(1, deadline.remainingTime()))))
                return true;
            QThread::msleep(20); // the socket file does not exist yet: retry
        }
        lastError = QStringLiteral("cannot connect to the control socket: ") + m_socket.errorString();
        return false;
    }

    bool isConnected() const { return m_socket.state() == QLocalSocket::ConnectedState; }
    void disconnect() { m_socket.abort(); }

    // One command, its answer (whatever "ok" says), or nullopt on a socket failure or timeout.
    std::optional<QJsonObject> command(const QByteArray& line)
    {
        if (!isConnected()) {
            lastError = QStringLiteral("not connected");
            return std::nullopt;
        }
        m_socket.write(line + '\n');
        const QDeadlineTimer deadline(m_timeoutMs);
        if (!m_socket.waitForBytesWritten(m_timeoutMs)) {
            lastError = QStringLiteral("write timed out");
            return std::nullopt;
        }
        while (!m_socket.canReadLine()) {
            if (deadline.hasExpired() ||
                !m_socket.waitForReadyRead(static_cast<int>(std::max<qint64>(1, deadline.remainingTime())))) {
                lastError = QStringLiteral("no answer in time");
                return std::nullopt;
            }
        }
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(m_socket.readLine(), &parseError);
        if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
            lastError = QStringLiteral("answer is not a JSON object");
            return std::nullopt;
        }
        return document.object();
    }

    // A command whose answer says ok:true; lastError holds the emulator's error otherwise.
    bool ok(const QByteArray& line)
    {
        const auto answer = command(line);
        if (!answer)
            return false;
        if (answer->value(QLatin1String("ok")).toBool())
            return true;
        lastError = answer->value(QLatin1String("error")).toString();
        return false;
    }

    bool insert(const QString& pathOrLabel) { return ok("insert " + pathOrLabel.toUtf8()); }
    bool remove() { return ok("remove"); }
    bool type(const QString& digits) { return ok("type " + digits.toLatin1()); }
    bool key(const QString& name) { return ok("key " + name.toLatin1()); } // 0-9, ok, cancel, clear
    bool quit() { return ok("quit"); }

    std::optional<TerminalSnapshot> state()
    {
        const auto answer = command("state");
        if (!answer || !answer->value(QLatin1String("ok")).toBool())
            return std::nullopt;
        TerminalSnapshot snapshot;
        snapshot.state = answer->value(QLatin1String("state")).toString();
        const QJsonArray display = answer->value(QLatin1String("display")).toArray();
        snapshot.line1 = display.size() > 0 ? display.at(0).toString() : QString();
        snapshot.line2 = display.size() > 1 ? display.at(1).toString() : QString();
        snapshot.slot = answer->value(QLatin1String("slot")).toString();
        snapshot.slotKind = answer->value(QLatin1String("slotKind")).toString();
        snapshot.tampered = answer->value(QLatin1String("tampered")).toBool();
        snapshot.busy = answer->value(QLatin1String("busy")).toBool();
        snapshot.vpcd = answer->value(QLatin1String("vpcd")).toBool();
        return snapshot;
    }

    QString lastError;

private:
    int m_timeoutMs;
    QLocalSocket m_socket;
};

} // namespace perso::station::test
