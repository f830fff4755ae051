// SPDX-License-Identifier: Apache-2.0
// AssessmentRequest: the first one completes the SCP03 handshake and opens the sealed box; each one
// assesses one customer and stores the subscriber (details sealed at rest).
#include "issuer/session/IssuerSession.h"

#include "protocol/keys/Diversification.h"
#include "protocol/wire/CustomerDetails.h"

#include <QDateTime>
#include <QTimeZone>

#include <botan/mem_ops.h>
#include <botan/system_rng.h>

namespace perso::issuer {

namespace {

constexpr std::uint32_t kAssessmentRequestType = static_cast<std::uint32_t>(wire::MessageType::AssessmentRequest);
constexpr std::size_t kReferenceBytes = 16;
constexpr Timestamp kSecondsPerDay = 86400;

// A fresh customer reference: "C" and 32 hex digits from the system RNG (a token, no personal data).
QString newCustomerReference()
{
    Bytes random(kReferenceBytes);
    Botan::system_rng().randomize(random.data(), random.size());
    return QStringLiteral("C") + QString::fromStdString(toHex(random));
}

} // namespace

HandlerReply IssuerSession::onAssessmentRequest(const wire::Message& message, const wire::AssessmentRequest& request)
{
    if (!sessionIdMatches(request.sessionId))
        return reject(message, Rejection{errorCodeName(ErrorCode::WrongSession),
                                         QStringLiteral("session id is not this session's"), false});
    if (m_state == State::Authenticating) {
        if (!request.externalAuthenticateResponse)
            return reject(message, unexpected(QStringLiteral("first assessment must carry the EA response")));
        if (auto refused = establishChannel(*request.externalAuthenticateResponse))
            return reject(message, *refused);
    } else if (request.externalAuthenticateResponse) {
        return reject(message, unexpected(QStringLiteral("EA response after the channel is open")));
    }
    return assess(message, request);
}

IssuerSession::Outcome IssuerSession::establishChannel(const Bytes& externalAuthenticateResponse)
{
    auto response = ResponseApdu::decode(externalAuthenticateResponse);
    if (!response)
        return protocolError(response.error(), true);
    auto channel = m_handshake->complete(response.value());
    if (!channel)
        return protocolError(channel.error(), true);
    auto dataKey = keys::deriveStationDataKey(m_staticEnc, m_handshake->hostChallenge(), m_handshake->cardChallenge());
    Botan::zeroise(m_staticEnc);
    m_staticEnc.clear();
    m_handshake.reset();
    if (!dataKey)
        return protocolError(dataKey.error(), true);
    auto box = wire::SealedBox::forIssuer(dataKey.value(), m_sessionId);
    if (!box)
        return protocolError(box.error(), true);
    m_channel.emplace(std::move(channel).value());
    m_box.emplace(std::move(box).value());
    m_state = State::Open;
    return std::nullopt;
}

HandlerReply IssuerSession::assess(const wire::Message& message, const wire::AssessmentRequest& request)
{
    auto plaintext = m_box->open(request.sealedCustomerDetails, kAssessmentRequestType);
    if (!plaintext)
        return reject(message, protocolError(plaintext.error()));
    auto details = wire::decodeCustomerDetails(plaintext.value());
    if (!details)
        return reject(message, protocolError(details.error()));

    Store& store = m_context.store();
    const KeyRing& keys = m_context.keys();
    const AssessmentPolicy& policy = m_context.policy();
    const Timestamp now = m_context.now();
    const Bytes customerKey =
        keys.customerKey(static_cast<std::uint8_t>(details.value().idDocument.type), details.value().idDocument.number);

    AssessmentFacts facts;
    auto count = store.countCardsForCustomer(customerKey, now - Timestamp{policy.windowDays} * kSecondsPerDay);
    if (!count)
        return reject(message, issuerError(count.error()));
    auto denied = store.isDenied(customerKey);
    if (!denied)
        return reject(message, issuerError(denied.error()));
    facts.cardsInWindow = count.value();
    facts.denyListed = denied.value();
    facts.today = QDateTime::fromSecsSinceEpoch(now, QTimeZone::utc()).date();
    const AssessmentOutcome outcome = issuer::assess(policy, details.value(), facts);

    SubscriberRecord subscriber;
    subscriber.customerReference = newCustomerReference();
    const QByteArray context = subscriber.customerReference.toLatin1();
    auto sealed = keys.sealPersonalData(
        plaintext.value(), ByteView(reinterpret_cast<const std::uint8_t*>(context.constData()), context.size()));
    if (!sealed)
        return reject(message, issuerError(sealed.error()));
    subscriber.customerKey = customerKey;
    subscriber.sealedDetails = std::move(sealed).value();
    subscriber.planCode = details.value().planCode;
    subscriber.decision = outcome.decision;
    subscriber.reasonCode = static_cast<std::uint16_t>(outcome.reason);
    subscriber.shopId = m_shopId;
    subscriber.createdAt = now;
    // The subscriber and its audit entry in one commit.
    const AuditEntry entry = auditEntry(QStringLiteral("assessment"), subscriber.customerReference,
                                        QStringLiteral("decision %1, reason %2")
                                            .arg(static_cast<int>(outcome.decision))
                                            .arg(reasonCodeName(outcome.reason)));
    if (auto added = store.addSubscriberAudited(subscriber, entry); !added)
        return reject(message, issuerError(added.error()));
    if (outcome.decision == wire::Decision::Approved)
        m_approved[subscriber.customerReference] = subscriber.planCode;

    HandlerReply reply;
    reply.messages.emplace_back(
        wire::AssessmentDecision{outcome.decision, subscriber.reasonCode, subscriber.customerReference});
    return reply;
}

} // namespace perso::issuer
