// SPDX-License-Identifier: Apache-2.0
#include "app/demo/ControlClient.h"

#include <QDeadlineTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QThread>

#include <algorithm>

namespace perso::station::demo {

namespace {

int remainingMs(const QDeadlineTimer& deadline)
{
    return static_cast<int>(std::max<qint64>(1, deadline.remainingTime()));
}

} // namespace

ControlClient::ControlClient(int timeoutMs) : m_timeoutMs(timeoutMs) {}

bool ControlClient::connectTo(const QString& path, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs > 0 ? timeoutMs : m_timeoutMs);
    while (!deadline.hasExpired()) {
        m_socket.abort();
        m_socket.connectToServer(path);
        if (m_socket.waitForConnected(remainingMs(deadline)))
            return true;
        QThread::msleep(20); // the emulator is still starting: retry
    }
    m_lastError = QFileInfo::exists(path)
                      ? m_socket.errorString()
                      : QStringLiteral("no such socket (is perso-terminal running with --control?)");
    return false;
}

bool ControlClient::isConnected() const
{
    return m_socket.state() == QLocalSocket::ConnectedState;
}

void ControlClient::disconnect()
{
    m_socket.abort();
}

std::optional<QJsonObject> ControlClient::command(const QByteArray& line)
{
    if (!isConnected()) {
        m_lastError = QStringLiteral("not connected to the control socket");
        return std::nullopt;
    }
    m_socket.write(line);
    m_socket.write("\n", 1);
    const QDeadlineTimer deadline(m_timeoutMs);
    if (!m_socket.waitForBytesWritten(m_timeoutMs)) {
        m_lastError = QStringLiteral("the control socket took no command");
        return std::nullopt;
    }
    while (!m_socket.canReadLine()) {
        if (deadline.hasExpired() || !m_socket.waitForReadyRead(remainingMs(deadline))) {
            m_lastError = QStringLiteral("the terminal did not answer in time");
            return std::nullopt;
        }
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(m_socket.readLine(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        m_lastError = QStringLiteral("the terminal's answer is not a JSON object");
        return std::nullopt;
    }
    return document.object();
}

bool ControlClient::ok(const QByteArray& line)
{
    const auto answer = command(line);
    if (!answer)
        return false;
    if (answer->value(QLatin1String("ok")).toBool())
        return true;
    m_lastError = answer->value(QLatin1String("error")).toString();
    return false;
}

bool ControlClient::insert(const QString& pathOrLabel)
{
    return ok("insert " + pathOrLabel.toUtf8());
}

bool ControlClient::remove()
{
    return ok("remove");
}

bool ControlClient::key(const QString& name)
{
    return ok("key " + name.toLatin1());
}

bool ControlClient::typeSecret(const SecureBytes& digits)
{
    QByteArray line("type ");
    line.append(reinterpret_cast<const char*>(digits.data()), static_cast<qsizetype>(digits.size()));
    const bool done = ok(line);
    line.fill('\0');
    return done;
}

bool ControlClient::type(const QString& digits)
{
    return ok("type " + digits.toLatin1());
}

bool ControlClient::quit()
{
    return ok("quit");
}

std::optional<TerminalState> ControlClient::state()
{
    const auto answer = command("state");
    if (!answer)
        return std::nullopt;
    if (!answer->value(QLatin1String("ok")).toBool()) {
        m_lastError = answer->value(QLatin1String("error")).toString();
        return std::nullopt;
    }
    TerminalState state;
    state.state = answer->value(QLatin1String("state")).toString();
    const QJsonArray display = answer->value(QLatin1String("display")).toArray();
    state.line1 = display.size() > 0 ? display.at(0).toString() : QString();
    state.line2 = display.size() > 1 ? display.at(1).toString() : QString();
    state.slot = answer->value(QLatin1String("slot")).toString(); // null -> empty
    state.slotKind = answer->value(QLatin1String("slotKind")).toString();
    state.tampered = answer->value(QLatin1String("tampered")).toBool();
    state.busy = answer->value(QLatin1String("busy")).toBool();
    state.vpcd = answer->value(QLatin1String("vpcd")).toBool();
    return state;
}

std::optional<std::vector<TrayCard>> ControlClient::tray()
{
    const auto answer = command("list");
    if (!answer)
        return std::nullopt;
    if (!answer->value(QLatin1String("ok")).toBool()) {
        m_lastError = answer->value(QLatin1String("error")).toString();
        return std::nullopt;
    }
    std::vector<TrayCard> cards;
    for (const QJsonValue& value : answer->value(QLatin1String("cards")).toArray()) {
        const QJsonObject card = value.toObject();
        cards.push_back(
            TrayCard{card.value(QLatin1String("path")).toString(), card.value(QLatin1String("kind")).toString(),
                     card.value(QLatin1String("label")).toString(), card.value(QLatin1String("inSlot")).toBool(),
                     !card.contains(QLatin1String("problem"))});
    }
    return cards;
}

} // namespace perso::station::demo
