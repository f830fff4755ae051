// SPDX-License-Identifier: Apache-2.0
#pragma once

// The issuer's side of one station connection: the state machine of docs/protocol.md ("Issuer
// session states") over the wire messages of its "Wire messages" section. Many customers and cards
// per connection; one retailer sign-on at a time. Session keys, the SCP03 host channel and the
// station data key live only here, in memory, and are erased at sign-off, on close and on failure.
//
// Not thread-safe by itself: the server calls handle() for one connection on one worker at a time.

#include "issuer/server/ConnectionHandler.h"
#include "issuer/session/SessionContext.h"
#include "issuer/session/VerdictReason.h"
#include "protocol/package/PackageVerifier.h"
#include "protocol/scp03/Handshake.h"
#include "protocol/wire/SealedBox.h"

#include <map>
#include <optional>

namespace perso::issuer {

class IssuerSession final : public ConnectionHandler
{
public:
    enum class State
    {
        Idle,           // connection up, no sign-on yet
        Challenged,     // SignOnChallenge sent, waiting for SignOnProof
        Authenticating, // SignOnAccepted sent, waiting for the AssessmentRequest with the EA response
        Open,           // channel established
        PackageIssued,  // one package outstanding (pendingTransaction())
        Closed          // signed off, dropped, channel closed or timed out; a new SignOnRequest may follow
    };

    IssuerSession(const SessionContext& context, ConnectionInfo info);
    ~IssuerSession() override;
    IssuerSession(const IssuerSession&) = delete;
    IssuerSession& operator=(const IssuerSession&) = delete;

    HandlerReply handle(const wire::Message& message) override;
    void connectionClosed() override;

    State state() const { return m_state; }
    const Bytes& sessionId() const { return m_sessionId; }
    std::optional<Bytes> pendingTransaction() const;
    // True while any session key (handshake, host channel, station data key) is held.
    bool holdsKeys() const;

private:
    struct Rejection
    {
        QString code;
        QString message;
        bool drop = false; // end the session (Challenged/Authenticating rules, SCP03 failures)
    };
    struct Pending // the outstanding package (PackageIssued)
    {
        Bytes transactionId;
        Bytes iccid; // EF.ICCID layout
        QString msisdn;
        package::PackageVerifier verifier;
        SimPlan plan;
    };
    using Outcome = std::optional<Rejection>;

    // Dispatch (IssuerSession.cpp)
    HandlerReply reject(const wire::Message& message, const Rejection& rejection);
    static Rejection unexpected(const QString& what);
    static Rejection protocolError(const Error& error, bool drop = false);
    static Rejection issuerError(const IssuerError& error, bool drop = false);
    bool sessionIdMatches(const Bytes& id) const;
    void audit(const QString& kind, const QString& subject, const QString& detail);
    // The entry audit() would append, for the store calls that commit it with their write.
    AuditEntry auditEntry(const QString& kind, const QString& subject, const QString& detail) const;
    void eraseKeys();
    void closeSession();
    void expireIfIdle();

    // Sign-on (SessionSignOn.cpp)
    HandlerReply onSignOnRequest(const wire::Message& message, const wire::SignOnRequest& request);
    HandlerReply onSignOnProof(const wire::Message& message, const wire::SignOnProof& proof);
    Outcome checkRetailer(const wire::SignOnRequest& request, RetailerCardRecord& card, RetailerRecord& retailer);
    Rejection failedAuthentication(const Error& error);

    // Assessment (SessionAssessment.cpp)
    HandlerReply onAssessmentRequest(const wire::Message& message, const wire::AssessmentRequest& request);
    Outcome establishChannel(const Bytes& externalAuthenticateResponse);
    HandlerReply assess(const wire::Message& message, const wire::AssessmentRequest& request);

    // Packages (SessionPackage.cpp)
    HandlerReply onPackageRequest(const wire::Message& message, const wire::PackageRequest& request);
    HandlerReply resendPackage(const wire::Message& message, const wire::PackageRequest& request);
    HandlerReply issuePackage(const wire::Message& message, const wire::PackageRequest& request,
                              const Allocation& allocation);
    IssuerResult<SimProfile> profileFor(const Allocation& allocation) const;
    void voidTransaction(const Bytes& transactionId);

    // Results and status (SessionResult.cpp)
    HandlerReply onResultSubmission(const wire::Message& message, const wire::ResultSubmission& submission);
    HandlerReply verified(const wire::Message& message, const Pending& pending);
    HandlerReply failed(const wire::Message& message, const Pending& pending, wire::Outcome outcome,
                        std::uint16_t failingStep, std::uint16_t reasonCode);
    HandlerReply onStatusQuery(const wire::Message& message, const wire::TransactionStatusQuery& query);
    HandlerReply onSignOff(const wire::Message& message, const wire::SignOff& signOff);

    const SessionContext& m_context;
    ConnectionInfo m_info;
    State m_state = State::Idle;
    std::optional<std::uint64_t> m_lastSequence;
    Timestamp m_lastActivity = 0;

    // Sign-on
    Bytes m_sessionId;
    Bytes m_serial;
    QString m_terminalId;
    QString m_shopId;
    QString m_retailerName;
    std::optional<scp03::HostHandshake> m_handshake;
    SecureBytes m_staticEnc; // for the station data key, until the channel is open
    std::optional<scp03::SecureChannel> m_channel;
    std::optional<wire::SealedBox> m_box;

    // Customers approved in this session: reference → plan code.
    std::map<QString, QString> m_approved;
    std::optional<Pending> m_pending;
    bool m_issuedAny = false;
};

QString sessionStateName(IssuerSession::State state);

} // namespace perso::issuer
