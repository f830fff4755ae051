// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/core/Bytes.h"

#include <QByteArray>
#include <QHostAddress>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>

#include <cstdint>
#include <optional>

namespace perso::vpcd::test {

// The server side of vpcd on an ephemeral loopback port: accepts the link's connection, sends
// frames (or raw bytes) and reads the framed answers back, each with a bounded wait.
class FakeVpcd
{
public:
    bool listen(std::uint16_t port = 0) { return m_server.listen(QHostAddress::LocalHost, port); }
    std::uint16_t port() const { return m_server.serverPort(); }
    void stopListening() { m_server.close(); }

    // Waits for the link to connect, running the event loop meanwhile (the link's retry timer needs
    // it); true when a new connection was accepted.
    bool accept(int timeoutMs = 5000)
    {
        if (!hasPendingConnection(timeoutMs)) {
            return false;
        }
        m_client = m_server.nextPendingConnection();
        m_received.clear();
        return m_client != nullptr;
    }
    bool hasPendingConnection(int timeoutMs)
    {
        if (m_server.hasPendingConnections()) {
            return true;
        }
        QSignalSpy incoming(&m_server, &QTcpServer::newConnection);
        return incoming.wait(timeoutMs) || m_server.hasPendingConnections();
    }
    QTcpSocket* client() const { return m_client; }

    void sendRaw(const QByteArray& bytes)
    {
        m_client->write(bytes);
        m_client->flush();
    }
    void sendFrame(const Bytes& payload)
    {
        QByteArray frame;
        frame.append(char(payload.size() >> 8));
        frame.append(char(payload.size() & 0xFF));
        frame.append(reinterpret_cast<const char*>(payload.data()), qsizetype(payload.size()));
        sendRaw(frame);
    }
    void sendControl(std::uint8_t code) { sendFrame(Bytes{code}); }

    // The next framed payload from the link, or nothing within the timeout.
    std::optional<Bytes> receiveFrame(int timeoutMs = 5000)
    {
        QSignalSpy readable(m_client.data(), &QTcpSocket::readyRead);
        for (;;) {
            m_received.append(m_client->readAll());
            if (m_received.size() >= 2) {
                const auto length = (std::size_t(std::uint8_t(m_received[0])) << 8) | std::uint8_t(m_received[1]);
                if (std::size_t(m_received.size()) >= 2 + length) {
                    Bytes payload(m_received.begin() + 2, m_received.begin() + 2 + qsizetype(length));
                    m_received.remove(0, 2 + qsizetype(length));
                    return payload;
                }
            }
            if (!readable.wait(timeoutMs)) {
                return std::nullopt;
            }
        }
    }
    // True when the link closed the connection within the timeout.
    bool waitForClose(int timeoutMs = 5000)
    {
        if (m_client->state() == QAbstractSocket::UnconnectedState) {
            return true;
        }
        QSignalSpy closed(m_client.data(), &QTcpSocket::disconnected);
        return closed.wait(timeoutMs) || m_client->state() == QAbstractSocket::UnconnectedState;
    }
    void closeClient() { m_client->abort(); }

private:
    QTcpServer m_server;
    QPointer<QTcpSocket> m_client;
    QByteArray m_received;
};

} // namespace perso::vpcd::test
