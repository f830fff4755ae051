// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/core/Bytes.h"
#include "terminal/bridge/VpcdCard.h"
#include "terminal/bridge/VpcdFrame.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>
#include <cstdint>
#include <memory>

class QTcpSocket;

namespace perso::vpcd {

// pcscd's vpcd driver listens on one TCP port per reader, on localhost only.
constexpr std::uint16_t kReader0Port = 35963; // "Virtual PCD 00 00"
constexpr std::uint16_t kReader1Port = 35964; // "Virtual PCD 00 01"

struct VpcdLinkOptions
{
    QString host = QStringLiteral("127.0.0.1");
    std::uint16_t port = kReader0Port;
    // Reconnection backoff: the first retry waits minRetryDelay, each failure doubles it up to
    // maxRetryDelay; a successful connection starts over at minRetryDelay.
    std::chrono::milliseconds minRetryDelay{50};
    std::chrono::milliseconds maxRetryDelay{1000};
    // Re-arm TCP_QUICKACK after every read. vpcd sends a frame's length and payload in two send()s;
    // with our delayed ACK its Nagle algorithm holds the payload back ~40 ms. Turn off only to measure.
    bool rearmQuickAck = true;
};

// Connects a VpcdCard to a vpcd reader as its virtual card: while the link is connected, pcscd shows
// the reader with a card present. Runs on the Qt event loop of the thread it lives in; the card is
// called on that thread. connectCard() inserts the card and keeps the link up, reconnecting with a
// bounded backoff while vpcd is not listening (pcscd not started yet, or restarting);
// disconnectCard() pulls the card out and stops reconnecting.
//
// A malformed frame from vpcd (empty, unknown control code, a frame while a command is still being
// answered) drops the connection with protocolError(); the link then reconnects like after a pcscd
// restart. A response that cannot be framed (fewer than 2 or more than 65535 bytes) is replaced by
// 6F00. An ATR that is not 2 to 33 bytes long is a card fault: protocolError() and the connection drops.
class VpcdLink : public QObject
{
    Q_OBJECT

public:
    enum class State
    {
        Out,            // not inserted: disconnectCard() or never connected
        Connecting,     // TCP connect under way
        WaitingToRetry, // vpcd not reachable; the next attempt is scheduled
        Connected       // the reader shows the card
    };
    Q_ENUM(State)

    explicit VpcdLink(std::shared_ptr<VpcdCard> card, VpcdLinkOptions options = VpcdLinkOptions{},
                      QObject* parent = nullptr);
    ~VpcdLink() override;

    State state() const { return m_state; }
    bool isConnected() const { return m_state == State::Connected; }
    // Command APDUs answered since construction (for tests and figures).
    std::uint64_t commandsAnswered() const { return m_commandsAnswered; }
    const VpcdLinkOptions& options() const { return m_options; }

public Q_SLOTS:
    void connectCard();
    void disconnectCard();

Q_SIGNALS:
    // The TCP connection to vpcd is up (or gone). pcscd shows the card from vpcd's next presence poll
    // (a few hundred ms at most) and stops showing it at the poll after the connection is gone. Note
    // that vpcd serves one card per port: a second link on a port in use connects but is served
    // only when the first one goes.
    void connected();
    void disconnected();
    // Public context only (lengths, codes): never APDU contents.
    void protocolError(const QString& message);

private:
    void startConnecting();
    void scheduleRetry();
    void onSocketConnected();
    void onSocketDisconnected();
    void onSocketError();
    void onReadyRead();
    void processRequests();
    void handle(VpcdRequest request);
    void onReply(std::uint64_t generation, SecureBytes response);
    void sendFrame(ByteView payload);
    void dropConnection(const QString& reason);
    void closeConnection();
    void rearmQuickAck();
    void powerOffCard();

    std::shared_ptr<VpcdCard> m_card;
    VpcdLinkOptions m_options;
    QTcpSocket* m_socket = nullptr;
    QTimer m_retryTimer;
    VpcdRequestReader m_reader;
    State m_state = State::Out;
    bool m_wanted = false;
    bool m_powered = false;
    bool m_commandPending = false;
    // Bumped whenever the connection ends, so that a late reply to a command of an earlier
    // connection is recognised and discarded.
    std::uint64_t m_generation = 0;
    std::uint64_t m_commandsAnswered = 0;
    std::chrono::milliseconds m_retryDelay;
};

} // namespace perso::vpcd
