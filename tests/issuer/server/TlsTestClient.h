// SPDX-License-Identifier: Apache-2.0
#pragma once

// A small blocking client of the issuer server for tests and benchmarks: TLS 1.3 pinned to the
// issuer CA (issuer/tls/SslConfigurations.h), wire frames and messages, waits bounded by timeouts.
// Use it from a thread that does not run the server's event loop (IssuerServer has its own threads).

#include "issuer/tls/SslConfigurations.h"
#include "protocol/wire/Frame.h"
#include "protocol/wire/MessageCodec.h"

#include <QDeadlineTimer>
#include <QHostAddress>
#include <QList>
#include <QSslError>
#include <QSslSocket>

#include <optional>

namespace perso::issuer::test {

class TlsTestClient
{
public:
    explicit TlsTestClient(const QSslCertificate& issuerCa) : m_reader(wire::limits::kDefaultMaxFramePayload)
    {
        m_socket.setSslConfiguration(pinnedClientSslConfiguration(issuerCa));
        QObject::connect(&m_socket, &QSslSocket::sslErrors,
                         [this](const QList<QSslError>& errors) { m_sslErrors += errors; });
    }

    QSslSocket& socket() { return m_socket; }
    const QList<QSslError>& sslErrors() const { return m_sslErrors; }

    // TLS handshake to 127.0.0.1:port checking the certificate against `peerName`.
    bool connectTo(quint16 port, const QString& peerName = QStringLiteral("localhost"), int timeoutMs = 10000)
    {
        m_socket.connectToHostEncrypted(QHostAddress(QHostAddress::LocalHost).toString(), port, peerName);
        return m_socket.waitForEncrypted(timeoutMs);
    }

    bool sendRaw(const QByteArray& bytes, int timeoutMs = 10000)
    {
        if (m_socket.write(bytes) != bytes.size())
            return false;
        const QDeadlineTimer deadline(timeoutMs);
        while (m_socket.bytesToWrite() > 0) {
            if (deadline.hasExpired() || !m_socket.waitForBytesWritten(static_cast<int>(deadline.remainingTime())))
                return false;
        }
        return true;
    }

    // Frames the encoded message; the sequence is the message's own.
    bool send(const wire::Message& message)
    {
        auto payload = wire::encodeMessage(message);
        if (!payload)
            return false;
        auto frame = wire::encodeFrame(payload.value());
        if (!frame)
            return false;
        return sendRaw(QByteArray(reinterpret_cast<const char*>(frame.value().data()),
                                  static_cast<qsizetype>(frame.value().size())));
    }

    // Sends `body` with the next sequence number of this client (1, 2, …).
    bool send(wire::MessageBody body) { return send(wire::Message{++m_sequence, std::move(body)}); }

    // The next message from the server; nullopt on timeout, disconnection or a malformed frame.
    std::optional<wire::Message> receive(int timeoutMs = 10000)
    {
        const QDeadlineTimer deadline(timeoutMs);
        for (;;) {
            const QByteArray chunk = m_socket.readAll();
            if (!chunk.isEmpty() && !m_reader.feed(ByteView(reinterpret_cast<const std::uint8_t*>(chunk.constData()),
                                                            static_cast<std::size_t>(chunk.size()))))
                return std::nullopt;
            if (m_reader.hasPayload()) {
                auto message = wire::decodeMessage(m_reader.takePayload());
                if (!message)
                    return std::nullopt;
                return std::move(message).value();
            }
            if (m_socket.state() != QAbstractSocket::ConnectedState || deadline.hasExpired())
                return std::nullopt;
            m_socket.waitForReadyRead(static_cast<int>(std::max<qint64>(1, deadline.remainingTime())));
        }
    }

    std::optional<wire::Message> roundTrip(wire::MessageBody body, int timeoutMs = 10000)
    {
        if (!send(std::move(body)))
            return std::nullopt;
        return receive(timeoutMs);
    }

    // True once the server has closed the connection (bytes it sent before stay readable).
    bool waitForDisconnected(int timeoutMs = 10000)
    {
        const QDeadlineTimer deadline(timeoutMs);
        while (m_socket.state() != QAbstractSocket::UnconnectedState) {
            if (deadline.hasExpired())
                return false;
            m_socket.waitForDisconnected(static_cast<int>(std::max<qint64>(1, deadline.remainingTime())));
        }
        return true;
    }

    std::uint64_t lastSequence() const { return m_sequence; }

private:
    QSslSocket m_socket;
    wire::FrameReader m_reader;
    QList<QSslError> m_sslErrors;
    std::uint64_t m_sequence = 0;
};

} // namespace perso::issuer::test
