// SPDX-License-Identifier: Apache-2.0
#include "terminal/bridge/VpcdLink.h"

#include <QPointer>
#include <QTcpSocket>

#include <botan/mem_ops.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>

namespace perso::vpcd {

namespace {
constexpr std::size_t kMinAtr = 2;
constexpr std::size_t kMaxAtr = 33;
constexpr std::size_t kMinResponse = 2;
constexpr std::size_t kReadChunk = 4096;
} // namespace

VpcdLink::VpcdLink(std::shared_ptr<VpcdCard> card, VpcdLinkOptions options, QObject* parent)
    : QObject(parent), m_card(std::move(card)), m_options(std::move(options)), m_socket(new QTcpSocket(this)),
      m_retryTimer(this), m_retryDelay(m_options.minRetryDelay)
{
    Q_ASSERT(m_card);
    m_options.maxRetryDelay = std::max(m_options.maxRetryDelay, m_options.minRetryDelay);
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &VpcdLink::startConnecting);
    connect(m_socket, &QTcpSocket::connected, this, &VpcdLink::onSocketConnected);
    connect(m_socket, &QTcpSocket::disconnected, this, &VpcdLink::onSocketDisconnected);
    connect(m_socket, &QTcpSocket::errorOccurred, this, &VpcdLink::onSocketError);
    connect(m_socket, &QTcpSocket::readyRead, this, &VpcdLink::onReadyRead);
}

VpcdLink::~VpcdLink()
{
    m_socket->disconnect(this);
    m_socket->abort();
    m_reader.clear();
}

void VpcdLink::connectCard()
{
    if (m_wanted) {
        return;
    }
    m_wanted = true;
    m_retryDelay = m_options.minRetryDelay;
    startConnecting();
}

void VpcdLink::disconnectCard()
{
    m_wanted = false;
    m_retryTimer.stop();
    const bool wasConnected = m_state == State::Connected;
    closeConnection();
    m_state = State::Out;
    if (wasConnected) {
        Q_EMIT disconnected();
    }
}

void VpcdLink::startConnecting()
{
    if (!m_wanted) {
        return;
    }
    m_state = State::Connecting;
    m_socket->abort();
    m_socket->connectToHost(m_options.host, m_options.port);
}

void VpcdLink::scheduleRetry()
{
    m_state = State::WaitingToRetry;
    m_retryTimer.start(m_retryDelay);
    m_retryDelay = std::min(m_retryDelay * 2, m_options.maxRetryDelay);
}

void VpcdLink::onSocketConnected()
{
    if (m_state != State::Connecting) {
        return;
    }
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    rearmQuickAck();
    m_state = State::Connected;
    m_retryDelay = m_options.minRetryDelay;
    Q_EMIT connected();
}

void VpcdLink::onSocketDisconnected()
{
    if (m_state == State::Connected) {
        dropConnection(QString());
    }
}

void VpcdLink::onSocketError()
{
    if (m_state == State::Connected) {
        dropConnection(QString());
    } else if (m_state == State::Connecting) {
        m_socket->abort();
        scheduleRetry();
    }
}

// Closes the socket and forgets everything tied to this connection. The caller sets the state.
void VpcdLink::closeConnection()
{
    ++m_generation;
    m_commandPending = false;
    // Set before abort(): abort() emits disconnected(), which must not re-enter dropConnection().
    m_state = State::Out;
    m_socket->abort();
    m_reader.clear();
    powerOffCard();
}

// The connection ended (pcscd stopped, vpcd closed it, or we refused a malformed frame): tell the
// listeners and come back when vpcd is there again.
void VpcdLink::dropConnection(const QString& reason)
{
    closeConnection();
    if (!reason.isEmpty()) {
        Q_EMIT protocolError(reason);
    }
    Q_EMIT disconnected();
    if (m_wanted && m_state == State::Out) {
        m_retryDelay = m_options.minRetryDelay;
        scheduleRetry();
    }
}

void VpcdLink::powerOffCard()
{
    if (m_powered) {
        m_powered = false;
        m_card->powerOff();
    }
}

void VpcdLink::rearmQuickAck()
{
#ifdef TCP_QUICKACK
    if (!m_options.rearmQuickAck) {
        return;
    }
    const qintptr fd = m_socket->socketDescriptor();
    if (fd >= 0) {
        const int on = 1;
        // Best effort: a failure only costs latency.
        (void)::setsockopt(static_cast<int>(fd), IPPROTO_TCP, TCP_QUICKACK, &on, sizeof on);
    }
#endif
}

void VpcdLink::onReadyRead()
{
    if (m_state != State::Connected) {
        return;
    }
    std::array<std::uint8_t, kReadChunk> chunk{};
    while (m_socket->bytesAvailable() > 0) {
        const qint64 n = m_socket->read(reinterpret_cast<char*>(chunk.data()), static_cast<qint64>(chunk.size()));
        if (n <= 0) {
            break;
        }
        m_reader.append(ByteView(chunk.data(), static_cast<std::size_t>(n)));
        Botan::secure_scrub_memory(chunk.data(), static_cast<std::size_t>(n));
    }
    rearmQuickAck();
    processRequests();
}

void VpcdLink::processRequests()
{
    const std::uint64_t generation = m_generation;
    while (m_state == State::Connected && m_generation == generation) {
        auto next = m_reader.next();
        if (!next.ok()) {
            dropConnection(next.error().message);
            return;
        }
        if (!next.value()) {
            return;
        }
        if (m_commandPending) {
            dropConnection(QStringLiteral("vpcd sent a frame while a command was still being answered"));
            return;
        }
        handle(std::move(*next.value()));
    }
}

void VpcdLink::handle(VpcdRequest request)
{
    if (request.kind == VpcdRequest::Kind::Command) {
        m_commandPending = true;
        const std::uint64_t generation = m_generation;
        QPointer<VpcdLink> self(this);
        m_card->transmit(request.apdu, [self, generation](SecureBytes response) {
            if (self) {
                self->onReply(generation, std::move(response));
            }
        });
        return;
    }
    switch (request.control) {
    case Control::PowerOff:
        powerOffCard();
        break;
    case Control::PowerOn:
        m_powered = true;
        m_card->powerOn();
        break;
    case Control::Reset:
        m_powered = true;
        m_card->reset();
        break;
    case Control::GetAtr: {
        const Bytes atr = m_card->atr();
        if (atr.size() < kMinAtr || atr.size() > kMaxAtr) {
            dropConnection(QStringLiteral("the card's ATR is %1 bytes long (2 to 33 allowed)").arg(atr.size()));
            return;
        }
        sendFrame(view(atr));
        break;
    }
    }
}

void VpcdLink::onReply(std::uint64_t generation, SecureBytes response)
{
    if (generation != m_generation || !m_commandPending || m_state != State::Connected) {
        return; // a late or repeated reply: that command's connection is gone
    }
    m_commandPending = false;
    if (response.size() < kMinResponse || response.size() > frame::kMaxPayload) {
        response = SecureBytes{0x6F, 0x00};
    }
    ++m_commandsAnswered;
    sendFrame(view(response));
}

void VpcdLink::sendFrame(ByteView payload)
{
    auto encoded = frame::encode(payload);
    if (!encoded.ok()) {
        dropConnection(encoded.error().message);
        return;
    }
    const SecureBytes& bytes = encoded.value();
    // One write and an immediate flush: the whole frame leaves in one send(), with TCP_NODELAY set.
    m_socket->write(reinterpret_cast<const char*>(bytes.data()), static_cast<qint64>(bytes.size()));
    m_socket->flush();
}

} // namespace perso::vpcd
