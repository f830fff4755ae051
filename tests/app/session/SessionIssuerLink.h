// SPDX-License-Identifier: Apache-2.0
#pragma once

// An IssuerLink that hands each request to a REAL in-process issuer::IssuerSession (the issuer's whole
// protocol state machine over the in-memory store of tests/issuer/session) and returns its reply, with
// switches to simulate an unreachable issuer, a link that drops before a given request, and a
// tampered EXTERNAL AUTHENTICATE command (one bit of the host cryptogram flipped on the way).

#include "app/core/IssuerLink.h"
#include "issuer/session/IssuerSession.h"

#include <QMutex>
#include <QMutexLocker>

#include <atomic>
#include <memory>
#include <optional>

namespace perso::station::test {

class SessionIssuerLink final : public IssuerLink
{
public:
    explicit SessionIssuerLink(const issuer::SessionContext& context) : m_context(context) {}
    ~SessionIssuerLink() override { closeSession(); }

    // --- switches (any thread) -----------------------------------------------------------------
    void setReachable(bool reachable) { m_reachable.store(reachable); }
    // The link drops when the station sends this message type (once).
    void dropBefore(wire::MessageType type) { m_dropBefore.store(static_cast<int>(type)); }
    void flipExternalAuthenticate(bool flip) { m_flipEa.store(flip); }
    int requestsOf(wire::MessageType type) const { return m_counts[static_cast<int>(type) & 0x1F].load(); }

    // --- IssuerLink (engine thread) --------------------------------------------------------------
    StationResult<wire::Message> exchange(wire::MessageBody request, QDeadlineTimer deadline,
                                          const CancelToken& cancel) override
    {
        if (m_state != LinkState::Online) {
            if (auto connected = connectToIssuer(deadline, cancel); !connected)
                return connected.error();
        }
        const wire::Message message{++m_sequence, std::move(request)};
        const int type = static_cast<int>(message.type());
        ++m_counts[type & 0x1F];
        if (m_dropBefore.load() == type) {
            m_dropBefore.store(0);
            drop(QStringLiteral("connection reset by peer"));
            return stationError(StationErrorKind::IssuerOffline, QStringLiteral("the link dropped"));
        }
        const issuer::HandlerReply reply = m_session->handle(message);
        if (reply.messages.empty()) {
            drop(QStringLiteral("the issuer closed the connection"));
            return stationError(StationErrorKind::IssuerOffline, QStringLiteral("the issuer closed the connection"));
        }
        wire::Message answer{++m_received, reply.messages.front()};
        if (auto* accepted = std::get_if<wire::SignOnAccepted>(&answer.body); accepted && m_flipEa.load()) {
            if (accepted->externalAuthenticate.size() > 5)
                accepted->externalAuthenticate[5] ^= 0x01; // first byte of the host cryptogram
        }
        if (reply.closeAfterSending)
            drop(QStringLiteral("the issuer closed the connection"));
        return answer;
    }

    StationStatus connectToIssuer(QDeadlineTimer, const CancelToken&) override
    {
        if (m_state == LinkState::Online)
            return Ok{};
        if (!m_reachable.load()) {
            setState(LinkState::Offline, QStringLiteral("connection refused"));
            return stationError(StationErrorKind::IssuerOffline, QStringLiteral("connection refused"));
        }
        ++m_connection;
        m_session = std::make_unique<issuer::IssuerSession>(
            m_context, issuer::ConnectionInfo{m_connection, QStringLiteral("in-process station")});
        m_sequence = 0;
        m_received = 0;
        setState(LinkState::Online, QStringLiteral("in process"));
        return Ok{};
    }

    LinkState state() const override { return m_state; }
    void setStateListener(StateListener listener) override { m_listener = std::move(listener); }
    quint64 connectionNumber() const override { return m_connection; }
    void disconnectFromIssuer() override
    {
        if (m_state == LinkState::Online)
            drop(QStringLiteral("closed by the station"));
    }

private:
    void drop(const QString& detail)
    {
        closeSession();
        setState(LinkState::Offline, detail);
    }
    void closeSession()
    {
        if (m_session)
            m_session->connectionClosed();
        m_session.reset();
    }
    void setState(LinkState state, const QString& detail)
    {
        const bool changed = state != m_state;
        m_state = state;
        if (changed && m_listener)
            m_listener(state, detail);
    }

    const issuer::SessionContext& m_context;
    std::unique_ptr<issuer::IssuerSession> m_session;
    LinkState m_state = LinkState::Offline;
    StateListener m_listener;
    quint64 m_connection = 0;
    std::uint64_t m_sequence = 0;
    std::uint64_t m_received = 0;
    std::atomic<bool> m_reachable{true};
    std::atomic<int> m_dropBefore{0};
    std::atomic<bool> m_flipEa{false};
    std::atomic<int> m_counts[32] = {};
};

} // namespace perso::station::test
