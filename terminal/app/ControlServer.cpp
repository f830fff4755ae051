// SPDX-License-Identifier: Apache-2.0
#include "terminal/app/ControlServer.h"

#include "terminal/app/ControlProtocol.h"

#include <QLocalServer>
#include <QLocalSocket>

namespace perso::terminal::app {

ControlServer::ControlServer(Handler handler, QObject* parent)
    : QObject(parent), m_handler(std::move(handler)), m_server(new QLocalServer(this))
{
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    connect(m_server, &QLocalServer::newConnection, this, &ControlServer::onNewConnection);
}

ControlServer::~ControlServer() = default;

bool ControlServer::listen(const QString& path)
{
    QLocalServer::removeServer(path);
    return m_server->listen(path);
}

QString ControlServer::errorString() const
{
    return m_server->errorString();
}

QString ControlServer::fullServerName() const
{
    return m_server->fullServerName();
}

QByteArray ControlServer::handleLine(QByteArrayView line)
{
    auto command = ControlProtocol::parse(line);
    if (!command.ok())
        return ControlProtocol::failure(command.error().message);
    return m_handler(command.value());
}

void ControlServer::onNewConnection()
{
    while (QLocalSocket* socket = m_server->nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
    }
}

void ControlServer::onReadyRead(QLocalSocket* socket)
{
    while (socket->canReadLine()) {
        QByteArray line = socket->readLine(ControlProtocol::kMaxLineBytes + 2);
        if (!line.endsWith('\n')) {
            line.fill('\0');
            socket->write(ControlProtocol::failure(QStringLiteral("line too long")));
            socket->flush();
            socket->disconnectFromServer();
            return;
        }
        line.chop(1);
        const QByteArray answer = handleLine(line);
        line.fill('\0'); // may have held typed digits
        socket->write(answer);
        socket->flush();
        if (socket->state() != QLocalSocket::ConnectedState)
            return;
    }
    if (socket->bytesAvailable() > ControlProtocol::kMaxLineBytes + 1) {
        socket->readAll().fill('\0');
        socket->write(ControlProtocol::failure(QStringLiteral("line too long")));
        socket->flush();
        socket->disconnectFromServer();
    }
}

} // namespace perso::terminal::app
