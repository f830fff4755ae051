// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

#include <functional>

class QLocalServer;
class QLocalSocket;

namespace perso::terminal::app {

struct ControlCommand;

// The headless emulator's control socket: a QLocalServer (owner-only permissions) speaking the line
// protocol of ControlProtocol. Each complete line is parsed and handed to the handler, whose JSON line
// is written back; a malformed line is answered with {"ok":false,...}. A line longer than
// ControlProtocol::kMaxLineBytes is answered with an error and the client is disconnected. Several
// clients may be connected; each gets its answers in order.
class ControlServer : public QObject
{
    Q_OBJECT
public:
    using Handler = std::function<QByteArray(const ControlCommand&)>;

    explicit ControlServer(Handler handler, QObject* parent = nullptr);
    ~ControlServer() override;

    // Removes a stale socket file at `path` and listens there. False (see errorString()) on failure.
    bool listen(const QString& path);
    QString errorString() const;
    QString fullServerName() const;

    // Handles one line (without its LF) and returns the answer; the socket path uses this too.
    QByteArray handleLine(QByteArrayView line);

private:
    void onNewConnection();
    void onReadyRead(QLocalSocket* socket);

    Handler m_handler;
    QLocalServer* m_server = nullptr;
};

} // namespace perso::terminal::app
