// SPDX-License-Identifier: Apache-2.0
#pragma once

// The station's TLS 1.3 client of perso-issuerd (IssuerLink). Lives in, and is used from, one thread
// (the engine's). Every wait is blocking with a deadline, in slices of at most 50 ms between which
// the CancelToken is checked: the TCP connect (a non-blocking socket polled by this class, handed to
// QSslSocket once connected), the handshake (waitForEncrypted), writing and the reply
// (waitForBytesWritten / waitForReadyRead). Host names are resolved before that, blocking.
//
// Trust: the pinned CA file only (no system CAs), VerifyPeer against endpoint.serverName (or the
// host). Framing: wire::encodeFrame / wire::FrameReader; messages: wire::encodeMessage /
// decodeMessage. Station → issuer sequences are 1, 2, … per connection; the issuer's must increase.
// Any protocol error (bad frame, undecodable, a station → issuer type, a sequence that does not
// increase, data nobody asked for) closes the connection: the stream is out of sync. So do a
// cancelled or timed-out exchange (a late reply would be taken for the next one).
//
// Between commands the engine thread's event loop runs: a drop noticed then (peer closed, reset)
// sets the state to Offline and calls the state listener. Logging category perso.station.issuer:
// types, sizes, sequences and states, never payload bytes.

#include "app/core/IssuerLink.h"
#include "app/core/StationConfig.h"
#include "protocol/wire/Frame.h"

#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QSslError>

class QSslSocket;

namespace perso::station {

class IssuerClient : public QObject, public IssuerLink
{
    Q_OBJECT
public:
    explicit IssuerClient(IssuerEndpoint endpoint, QObject* parent = nullptr);
    ~IssuerClient() override;

    StationResult<wire::Message> exchange(wire::MessageBody request, QDeadlineTimer deadline,
                                          const CancelToken& cancel) override;
    StationStatus connectToIssuer(QDeadlineTimer deadline, const CancelToken& cancel) override;
    LinkState state() const override { return m_state; }
    void setStateListener(StateListener listener) override { m_listener = std::move(listener); }
    quint64 connectionNumber() const override { return m_connectionNumber; }
    void disconnectFromIssuer() override;

    const IssuerEndpoint& endpoint() const { return m_endpoint; }
    // The public detail of the last state change ("TLS 1.3 TLS_AES_256_GCM_SHA384", "connection refused").
    QString stateDetail() const { return m_stateDetail; }

    static constexpr int kWaitSliceMs = 50;

private:
    StationStatus handshake(qintptr descriptor, QDeadlineTimer deadline, const CancelToken& cancel);
    StationStatus writeFrame(const QByteArray& frame, QDeadlineTimer deadline, const CancelToken& cancel);
    StationResult<wire::Message> readReply(QDeadlineTimer deadline, const CancelToken& cancel);
    StationResult<wire::Message> checkReply(const Bytes& payload);
    StationError handshakeError() const;

    // Ends the connection (if any), sets Offline with `detail` and returns `error` for chaining.
    StationError fail(StationError error, const QString& offlineDetail = {});
    void closeConnection(const QString& detail, bool graceful = false);
    void onSocketEvent(QSslSocket* socket);
    void setState(LinkState state, const QString& detail);
    bool socketUsable() const;

    IssuerEndpoint m_endpoint;
    QSslCertificate m_ca;
    QSslSocket* m_socket = nullptr;
    wire::FrameReader m_reader;
    std::uint64_t m_sentSequence = 0;
    std::uint64_t m_receivedSequence = 0;
    LinkState m_state = LinkState::Offline;
    QString m_stateDetail;
    StateListener m_listener;
    quint64 m_connectionNumber = 0;
    bool m_busy = false; // inside a blocking wait: socket signals are left to the waiting code
    QList<QSslError> m_sslErrors;
};

} // namespace perso::station
