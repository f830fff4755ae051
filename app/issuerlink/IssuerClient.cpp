// SPDX-License-Identifier: Apache-2.0
#include "app/issuerlink/IssuerClient.h"

#include "app/issuerlink/TcpConnect.h"
#include "protocol/wire/MessageCodec.h"

#include <QFile>
#include <QLoggingCategory>
#include <QSslCipher>
#include <QSslConfiguration>
#include <QSslSocket>

#include <algorithm>

Q_LOGGING_CATEGORY(lcIssuerLink, "perso.station.issuer", QtInfoMsg)

namespace perso::station {

namespace {

constexpr qint64 kMaxCaFileSize = 64 * 1024;

int slice(const QDeadlineTimer& deadline)
{
    return static_cast<int>(std::clamp<qint64>(deadline.remainingTime(), 0, IssuerClient::kWaitSliceMs));
}

StationError cancelled()
{
    return stationError(StationErrorKind::Cancelled, QStringLiteral("cancelled while talking to the issuer"));
}

QString sslErrorText(const QSslError& error, const QString& peerName)
{
    switch (error.error()) {
    case QSslError::HostNameMismatch:
        return QStringLiteral("certificate does not name %1").arg(peerName);
    case QSslError::CertificateExpired:
        return QStringLiteral("certificate expired");
    case QSslError::CertificateNotYetValid:
        return QStringLiteral("certificate not yet valid");
    case QSslError::CertificateRevoked:
        return QStringLiteral("certificate revoked");
    case QSslError::SelfSignedCertificate:
    case QSslError::SelfSignedCertificateInChain:
    case QSslError::UnableToGetLocalIssuerCertificate:
    case QSslError::UnableToVerifyFirstCertificate:
    case QSslError::UnableToGetIssuerCertificate:
    case QSslError::CertificateUntrusted:
    case QSslError::CertificateSignatureFailed:
        return QStringLiteral("certificate not issued by the pinned CA");
    case QSslError::NoPeerCertificate:
        return QStringLiteral("the issuer presented no certificate");
    default:
        return QStringLiteral("certificate refused (%1)").arg(error.errorString());
    }
}

QByteArray toQByteArray(const Bytes& bytes)
{
    return QByteArray(reinterpret_cast<const char*>(bytes.data()), static_cast<qsizetype>(bytes.size()));
}

} // namespace

IssuerClient::IssuerClient(IssuerEndpoint endpoint, QObject* parent)
    : QObject(parent), m_endpoint(std::move(endpoint)), m_reader(wire::limits::kDefaultMaxFramePayload)
{}

IssuerClient::~IssuerClient()
{
    m_listener = nullptr; // the owner is going away too: no callbacks from the destructor
    closeConnection(QStringLiteral("closed"));
}

bool IssuerClient::socketUsable() const
{
    return m_socket && m_socket->state() == QAbstractSocket::ConnectedState && m_socket->isEncrypted();
}

void IssuerClient::setState(LinkState state, const QString& detail)
{
    const bool changed = state != m_state;
    m_state = state;
    m_stateDetail = detail;
    if (!changed)
        return;
    qCInfo(lcIssuerLink).noquote() << "issuer link" << linkStateName(state) << detail;
    if (m_listener)
        m_listener(state, detail);
}

void IssuerClient::closeConnection(const QString& detail, bool graceful)
{
    if (m_socket) {
        QSslSocket* socket = m_socket;
        m_socket = nullptr;
        QObject::disconnect(socket, nullptr, this, nullptr);
        if (graceful)
            socket->disconnectFromHost();
        else
            socket->abort();
        socket->deleteLater();
    }
    m_reader = wire::FrameReader(wire::limits::kDefaultMaxFramePayload);
    m_sslErrors.clear();
    setState(LinkState::Offline, detail);
}

StationError IssuerClient::fail(StationError error, const QString& offlineDetail)
{
    closeConnection(offlineDetail.isEmpty() ? error.detail : offlineDetail);
    return error;
}

void IssuerClient::onSocketEvent(QSslSocket* socket)
{
    // Inside a blocking wait the waiting code reads the socket's state itself.
    if (m_busy || socket != m_socket)
        return;
    if (socket->state() == QAbstractSocket::ConnectedState && socket->error() == QAbstractSocket::SocketTimeoutError)
        return;
    const QString detail =
        socket->error() == QAbstractSocket::RemoteHostClosedError || socket->state() != QAbstractSocket::ConnectedState
            ? QStringLiteral("the issuer closed the connection")
            : QStringLiteral("connection lost (%1)").arg(socket->errorString());
    closeConnection(detail);
}

StationStatus IssuerClient::connectToIssuer(QDeadlineTimer deadline, const CancelToken& cancel)
{
    if (socketUsable() && m_state == LinkState::Online)
        return Ok{};
    if (m_socket)
        closeConnection(QStringLiteral("connection lost"));
    if (cancel.isCancelled())
        return cancelled();
    if (m_endpoint.host.isEmpty())
        return stationError(StationErrorKind::InvalidInput, QStringLiteral("issuer.host: no issuer address set"));
    if (m_ca.isNull()) {
        QFile file(m_endpoint.caFile);
        QList<QSslCertificate> certificates;
        if (file.open(QIODevice::ReadOnly) && file.size() <= kMaxCaFileSize)
            certificates = QSslCertificate::fromData(file.read(kMaxCaFileSize), QSsl::Pem);
        if (certificates.size() != 1)
            return stationError(StationErrorKind::IssuerCertificate,
                                QStringLiteral("the pinned CA file does not hold exactly one certificate"));
        m_ca = certificates.front();
    }

    setState(LinkState::Connecting, QStringLiteral("connecting to %1:%2").arg(m_endpoint.host).arg(m_endpoint.port));
    auto descriptor = tcpConnect(m_endpoint.host, m_endpoint.port, deadline, cancel);
    if (!descriptor) {
        closeConnection(descriptor.error().detail);
        return descriptor.error();
    }
    return handshake(descriptor.value(), deadline, cancel);
}

StationStatus IssuerClient::handshake(qintptr descriptor, QDeadlineTimer deadline, const CancelToken& cancel)
{
    auto* socket = new QSslSocket(this);
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setProtocol(QSsl::TlsV1_3);
    config.setCaCertificates({m_ca}); // the pinned CA alone: no system CAs
    config.setPeerVerifyMode(QSslSocket::VerifyPeer);
    socket->setSslConfiguration(config);
    const QString peerName = m_endpoint.serverName.isEmpty() ? m_endpoint.host : m_endpoint.serverName;
    socket->setPeerVerifyName(peerName);
    if (!socket->setSocketDescriptor(descriptor, QAbstractSocket::ConnectedState)) {
        closeTcpDescriptor(descriptor);
        delete socket;
        closeConnection(QStringLiteral("cannot use the connection"));
        return stationError(StationErrorKind::Internal, QStringLiteral("cannot use the connection"));
    }
    m_socket = socket;
    m_sslErrors.clear();
    connect(socket, &QSslSocket::sslErrors, this, [this](const QList<QSslError>& errors) { m_sslErrors += errors; });
    connect(socket, &QSslSocket::disconnected, this, [this, socket] { onSocketEvent(socket); });
    connect(socket, &QSslSocket::errorOccurred, this, [this, socket] { onSocketEvent(socket); });

    m_busy = true;
    socket->startClientEncryption();
    while (!socket->isEncrypted()) {
        if (cancel.isCancelled()) {
            m_busy = false;
            return fail(cancelled(), QStringLiteral("cancelled"));
        }
        if (!m_sslErrors.isEmpty() || socket->state() != QAbstractSocket::ConnectedState) {
            m_busy = false;
            return fail(handshakeError());
        }
        if (deadline.hasExpired()) {
            m_busy = false;
            return fail(stationError(StationErrorKind::IssuerOffline, QStringLiteral("TLS handshake timed out")));
        }
        socket->waitForEncrypted(slice(deadline));
    }
    m_busy = false;
    if (socket->sessionProtocol() != QSsl::TlsV1_3)
        return fail(
            stationError(StationErrorKind::IssuerCertificate, QStringLiteral("the issuer did not use TLS 1.3")));

    ++m_connectionNumber;
    m_sentSequence = 0;
    m_receivedSequence = 0;
    m_reader = wire::FrameReader(wire::limits::kDefaultMaxFramePayload);
    setState(LinkState::Online, QStringLiteral("TLS 1.3 %1").arg(socket->sessionCipher().name()));
    qCDebug(lcIssuerLink) << "connection" << m_connectionNumber << "to" << m_endpoint.host << m_endpoint.port;
    return Ok{};
}

StationError IssuerClient::handshakeError() const
{
    const QString peerName = m_endpoint.serverName.isEmpty() ? m_endpoint.host : m_endpoint.serverName;
    if (!m_sslErrors.isEmpty()) {
        // The most telling one first: a foreign CA makes a name check meaningless.
        const QSslError* chosen = &m_sslErrors.front();
        for (const QSslError& error : m_sslErrors) {
            if (sslErrorText(error, peerName).contains(QStringLiteral("pinned CA")))
                chosen = &error;
        }
        return stationError(StationErrorKind::IssuerCertificate, sslErrorText(*chosen, peerName));
    }
    if (m_socket && m_socket->error() == QAbstractSocket::SslHandshakeFailedError)
        return stationError(StationErrorKind::IssuerCertificate,
                            QStringLiteral("TLS 1.3 handshake failed (%1)").arg(m_socket->errorString()));
    return stationError(StationErrorKind::IssuerOffline, QStringLiteral("the issuer closed the connection"));
}

StationStatus IssuerClient::writeFrame(const QByteArray& frame, QDeadlineTimer deadline, const CancelToken& cancel)
{
    if (m_socket->write(frame) != frame.size())
        return fail(stationError(StationErrorKind::IssuerOffline, QStringLiteral("connection lost while sending")));
    while (m_socket->bytesToWrite() > 0) {
        if (cancel.isCancelled())
            return fail(cancelled(), QStringLiteral("cancelled"));
        if (m_socket->state() != QAbstractSocket::ConnectedState)
            return fail(stationError(StationErrorKind::IssuerOffline, QStringLiteral("connection lost while sending")));
        if (deadline.hasExpired())
            return fail(stationError(StationErrorKind::IssuerOffline, QStringLiteral("sending timed out")));
        m_socket->waitForBytesWritten(slice(deadline));
    }
    return Ok{};
}

StationResult<wire::Message> IssuerClient::exchange(wire::MessageBody request, QDeadlineTimer deadline,
                                                    const CancelToken& cancel)
{
    if (cancel.isCancelled())
        return cancelled();
    auto connected = connectToIssuer(deadline, cancel);
    if (!connected)
        return connected.error();
    if (m_reader.hasPayload() || m_socket->bytesAvailable() > 0)
        return fail(
            stationError(StationErrorKind::IssuerProtocol, QStringLiteral("the issuer sent a message unasked")));

    const wire::Message message{m_sentSequence + 1, std::move(request)};
    auto payload = wire::encodeMessage(message);
    if (!payload)
        return stationError(StationErrorKind::Internal,
                            QStringLiteral("request not sent: %1").arg(errorCodeName(payload.code())));
    auto frame = wire::encodeFrame(payload.value());
    if (!frame)
        return stationError(StationErrorKind::Internal,
                            QStringLiteral("request not sent: %1").arg(errorCodeName(frame.code())));

    m_busy = true;
    auto written = writeFrame(toQByteArray(frame.value()), deadline, cancel);
    if (!written) {
        m_busy = false;
        return written.error();
    }
    m_sentSequence = message.sequence;
    qCDebug(lcIssuerLink).noquote() << "sent" << wire::messageTypeName(message.type()) << "seq" << message.sequence
                                    << payload.value().size() << "bytes";
    auto reply = readReply(deadline, cancel);
    m_busy = false;
    return reply;
}

StationResult<wire::Message> IssuerClient::readReply(QDeadlineTimer deadline, const CancelToken& cancel)
{
    for (;;) {
        const QByteArray chunk = m_socket->readAll();
        if (!chunk.isEmpty()) {
            auto fed = m_reader.feed(ByteView(reinterpret_cast<const std::uint8_t*>(chunk.constData()),
                                              static_cast<std::size_t>(chunk.size())));
            if (!fed)
                return fail(
                    stationError(StationErrorKind::IssuerProtocol,
                                 QStringLiteral("bad frame from the issuer: %1").arg(errorCodeName(fed.code()))));
        }
        if (m_reader.hasPayload())
            return checkReply(m_reader.takePayload());
        if (m_socket->state() != QAbstractSocket::ConnectedState)
            return fail(stationError(StationErrorKind::IssuerOffline,
                                     QStringLiteral("the issuer closed the connection before replying")));
        if (cancel.isCancelled())
            return fail(cancelled(), QStringLiteral("cancelled"));
        if (deadline.hasExpired())
            return fail(
                stationError(StationErrorKind::IssuerOffline, QStringLiteral("no reply from the issuer in time")));
        m_socket->waitForReadyRead(slice(deadline));
    }
}

StationResult<wire::Message> IssuerClient::checkReply(const Bytes& payload)
{
    auto decoded = wire::decodeMessage(payload);
    if (!decoded)
        return fail(stationError(StationErrorKind::IssuerProtocol,
                                 QStringLiteral("undecodable reply: %1").arg(errorCodeName(decoded.code()))));
    const wire::Message& message = decoded.value();
    if (!wire::isFromIssuer(message.type()))
        return fail(stationError(
            StationErrorKind::IssuerProtocol,
            QStringLiteral("the issuer sent a station message (%1)").arg(wire::messageTypeName(message.type()))));
    if (message.sequence <= m_receivedSequence)
        return fail(stationError(StationErrorKind::IssuerProtocol,
                                 QStringLiteral("the issuer's sequence did not increase (%1 after %2)")
                                     .arg(message.sequence)
                                     .arg(m_receivedSequence)));
    m_receivedSequence = message.sequence;
    qCDebug(lcIssuerLink).noquote() << "received" << wire::messageTypeName(message.type()) << "seq" << message.sequence
                                    << payload.size() << "bytes";
    if (m_reader.hasPayload())
        return fail(
            stationError(StationErrorKind::IssuerProtocol, QStringLiteral("the issuer sent more than one reply")));
    return std::move(decoded).value();
}

void IssuerClient::disconnectFromIssuer()
{
    if (!m_socket && m_state == LinkState::Offline)
        return;
    closeConnection(QStringLiteral("disconnected"), true);
}

} // namespace perso::station
