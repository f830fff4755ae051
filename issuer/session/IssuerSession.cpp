// SPDX-License-Identifier: Apache-2.0
// Dispatch: sequence numbers, the state table and error reports.
#include "issuer/session/IssuerSession.h"

#include <botan/mem_ops.h>

#include <type_traits>

namespace perso::issuer {

QString sessionStateName(IssuerSession::State state)
{
    switch (state) {
    case IssuerSession::State::Idle:
        return QStringLiteral("idle");
    case IssuerSession::State::Challenged:
        return QStringLiteral("challenged");
    case IssuerSession::State::Authenticating:
        return QStringLiteral("authenticating");
    case IssuerSession::State::Open:
        return QStringLiteral("open");
    case IssuerSession::State::PackageIssued:
        return QStringLiteral("package-issued");
    case IssuerSession::State::Closed:
        return QStringLiteral("closed");
    }
    return QStringLiteral("unknown");
}

IssuerSession::IssuerSession(const SessionContext& context, ConnectionInfo info)
    : m_context(context), m_info(std::move(info)), m_lastActivity(context.now())
{}

IssuerSession::~IssuerSession()
{
    eraseKeys();
}

std::optional<Bytes> IssuerSession::pendingTransaction() const
{
    if (!m_pending)
        return std::nullopt;
    return m_pending->transactionId;
}

bool IssuerSession::holdsKeys() const
{
    return m_handshake.has_value() || !m_staticEnc.empty() || m_channel.has_value() || m_box.has_value();
}

HandlerReply IssuerSession::handle(const wire::Message& message)
{
    expireIfIdle();
    m_lastActivity = m_context.now();

    if (m_lastSequence && message.sequence <= *m_lastSequence) {
        return reject(message,
                      Rejection{errorCodeName(ErrorCode::SequenceViolation),
                                QStringLiteral("sequence %1 not above %2").arg(message.sequence).arg(*m_lastSequence),
                                false});
    }
    m_lastSequence = message.sequence;

    return std::visit(
        [&](const auto& body) -> HandlerReply {
            using T = std::decay_t<decltype(body)>;
            if constexpr (std::is_same_v<T, wire::SignOnRequest>) {
                if (m_state == State::Idle || m_state == State::Closed)
                    return onSignOnRequest(message, body);
            } else if constexpr (std::is_same_v<T, wire::SignOnProof>) {
                if (m_state == State::Challenged)
                    return onSignOnProof(message, body);
            } else if constexpr (std::is_same_v<T, wire::AssessmentRequest>) {
                if (m_state == State::Authenticating || m_state == State::Open)
                    return onAssessmentRequest(message, body);
            } else if constexpr (std::is_same_v<T, wire::PackageRequest>) {
                if (m_state == State::Open || m_state == State::PackageIssued)
                    return onPackageRequest(message, body);
            } else if constexpr (std::is_same_v<T, wire::ResultSubmission>) {
                if (m_state == State::PackageIssued)
                    return onResultSubmission(message, body);
            } else if constexpr (std::is_same_v<T, wire::TransactionStatusQuery>) {
                if (m_state == State::Open || m_state == State::PackageIssued)
                    return onStatusQuery(message, body);
            } else if constexpr (std::is_same_v<T, wire::SignOff>) {
                if (m_state == State::Open)
                    return onSignOff(message, body);
            }
            return reject(message, unexpected(QStringLiteral("message type %1 in state %2")
                                                  .arg(static_cast<unsigned>(message.type()))
                                                  .arg(sessionStateName(m_state))));
        },
        message.body);
}

void IssuerSession::connectionClosed()
{
    eraseKeys();
    if (m_issuedAny && !m_sessionId.empty()) {
        // Whatever is still PackageIssued for this session can never be verified now.
        const auto abandoned = m_context.store().abandonTransactions({m_sessionId}, m_context.now());
        if (abandoned.ok() && abandoned.value() > 0)
            audit(QStringLiteral("transactions-abandoned"), QString::fromStdString(toHex(m_sessionId)),
                  QStringLiteral("%1 outstanding at connection close").arg(abandoned.value()));
    }
    m_pending.reset();
    m_approved.clear();
    m_state = State::Closed;
}

HandlerReply IssuerSession::reject(const wire::Message& message, const Rejection& rejection)
{
    // The table: in Challenged and Authenticating anything not accepted drops the session; Open and
    // PackageIssued stay as they are unless the failure itself ends the session.
    const bool drop = rejection.drop || m_state == State::Challenged || m_state == State::Authenticating;
    if (drop && m_state != State::Idle && m_state != State::Closed)
        closeSession();
    HandlerReply reply;
    wire::ErrorReport report;
    report.code = rejection.code;
    report.message = rejection.message.left(256);
    report.refersToSequence = message.sequence;
    reply.messages.emplace_back(std::move(report));
    return reply;
}

IssuerSession::Rejection IssuerSession::unexpected(const QString& what)
{
    return Rejection{errorCodeName(ErrorCode::UnexpectedMessage), what, false};
}

IssuerSession::Rejection IssuerSession::protocolError(const Error& error, bool drop)
{
    return Rejection{errorCodeName(error.code), error.message, drop};
}

IssuerSession::Rejection IssuerSession::issuerError(const IssuerError& error, bool drop)
{
    // Internal failures are reported by name only; their text stays in the issuer's own logs.
    const QString message = error.code == IssuerErrorCode::Internal ? QString() : error.message;
    return Rejection{issuerErrorName(error.code), message, drop};
}

bool IssuerSession::sessionIdMatches(const Bytes& id) const
{
    return !m_sessionId.empty() && id == m_sessionId;
}

AuditEntry IssuerSession::auditEntry(const QString& kind, const QString& subject, const QString& detail) const
{
    AuditEntry entry;
    entry.kind = kind;
    entry.actor = m_terminalId.isEmpty() ? m_info.peer : m_terminalId;
    entry.subject = subject;
    entry.detail = detail.left(512);
    entry.at = m_context.now();
    return entry;
}

void IssuerSession::audit(const QString& kind, const QString& subject, const QString& detail)
{
    // An audit failure must not hide the answer; the store logs it.
    (void)m_context.store().audit(auditEntry(kind, subject, detail));
}

void IssuerSession::eraseKeys()
{
    m_handshake.reset(); // HostHandshake's SecureBytes scrub themselves
    Botan::zeroise(m_staticEnc);
    m_staticEnc.clear();
    if (m_channel)
        m_channel->close();
    m_channel.reset();
    m_box.reset();
}

void IssuerSession::closeSession()
{
    eraseKeys();
    if (m_pending) {
        // The package can no longer be verified in this session.
        TransactionOutcome outcome;
        outcome.transactionId = m_pending->transactionId;
        outcome.state = wire::TransactionState::FailedUnverified;
        outcome.reasonCode = static_cast<std::uint16_t>(VerdictReason::ChannelClosed);
        outcome.now = m_context.now();
        (void)m_context.store().finishTransaction(outcome);
        m_pending.reset();
    }
    m_approved.clear();
    m_state = State::Closed;
}

void IssuerSession::expireIfIdle()
{
    if (m_state == State::Idle || m_state == State::Closed)
        return;
    if (m_context.now() - m_lastActivity < m_context.limits().idleTimeoutSeconds)
        return;
    audit(QStringLiteral("session-expired"), QString::fromStdString(toHex(m_sessionId)),
          QStringLiteral("idle in state %1").arg(sessionStateName(m_state)));
    closeSession();
}

} // namespace perso::issuer
