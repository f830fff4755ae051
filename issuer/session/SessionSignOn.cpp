// SPDX-License-Identifier: Apache-2.0
// Sign-on: SignOnRequest → SignOnChallenge (INITIALIZE UPDATE), SignOnProof → SignOnAccepted
// (EXTERNAL AUTHENTICATE), with the retailer card, terminal and lock-out checks.
#include "issuer/session/IssuerSession.h"

#include <botan/system_rng.h>

namespace perso::issuer {

namespace {

constexpr std::uint8_t kSecurityLevel = 0x33; // C-MAC, C-DEC, R-MAC, R-ENC (packages need it)
constexpr std::size_t kSessionIdLength = 16;

QString hexOf(ByteView bytes)
{
    return QString::fromStdString(toHex(bytes));
}

} // namespace

IssuerSession::Outcome IssuerSession::checkRetailer(const wire::SignOnRequest& request, RetailerCardRecord& card,
                                                    RetailerRecord& retailer)
{
    Store& store = m_context.store();
    const QString serial = hexOf(request.retailerCardSerial);
    auto found = store.retailerCard(request.retailerCardSerial);
    if (!found)
        return issuerError(found.error());
    if (!found.value() || found.value()->keyVersion != request.keyVersion) {
        audit(QStringLiteral("sign-on-refused"), serial, QStringLiteral("unknown retailer card or key version"));
        return issuerError(makeIssuerError(IssuerErrorCode::UnknownRetailerCard,
                                           QStringLiteral("no retailer card with this serial and key version")));
    }
    card = *found.value();
    if (card.state != RetailerCardState::Active) {
        audit(QStringLiteral("sign-on-refused"), serial, QStringLiteral("retailer card not active"));
        return issuerError(
            makeIssuerError(IssuerErrorCode::RetailerCardLocked, card.state == RetailerCardState::Locked
                                                                     ? QStringLiteral("retailer card locked")
                                                                     : QStringLiteral("retailer card revoked")));
    }
    auto terminal = store.terminal(request.terminalId);
    if (!terminal)
        return issuerError(terminal.error());
    if (!terminal.value() || terminal.value()->shopId != card.shopId) {
        audit(QStringLiteral("sign-on-refused"), serial, QStringLiteral("terminal not registered to the card's shop"));
        return issuerError(
            makeIssuerError(IssuerErrorCode::UnknownTerminal, QStringLiteral("terminal not registered to this shop")));
    }
    if (request.terminalStatus.tamperDetected) {
        audit(QStringLiteral("terminal-tampered"), request.terminalId, QStringLiteral("reported at sign-on"));
        if (auto marked = store.setTerminalTampered(request.terminalId, true); !marked)
            return issuerError(marked.error());
    }
    if (request.terminalStatus.tamperDetected || terminal.value()->tampered) {
        return issuerError(
            makeIssuerError(IssuerErrorCode::TerminalTampered, QStringLiteral("terminal reported a tamper event")));
    }
    auto owner = store.retailer(card.retailerId);
    if (!owner)
        return issuerError(owner.error());
    if (!owner.value())
        return issuerError(makeIssuerError(IssuerErrorCode::UnknownRetailerCard, QStringLiteral("retailer unknown")));
    retailer = *owner.value();
    return std::nullopt;
}

HandlerReply IssuerSession::onSignOnRequest(const wire::Message& message, const wire::SignOnRequest& request)
{
    // A new sign-on starts from nothing: whatever a closed session left is gone.
    eraseKeys();
    m_approved.clear();
    m_pending.reset();
    m_sessionId.clear();
    m_terminalId = request.terminalId;
    m_state = State::Idle;

    RetailerCardRecord card;
    RetailerRecord retailer;
    if (auto refused = checkRetailer(request, card, retailer))
        return reject(message, *refused);

    auto keys = m_context.keys().retailerCardKeys(request.retailerCardSerial, request.keyVersion);
    if (!keys)
        return reject(message, issuerError(keys.error()));
    m_staticEnc = keys.value().enc;
    m_handshake.emplace(std::move(keys).value(), kSecurityLevel, scp03::ChallengeMode::S8);

    auto& rng = Botan::system_rng();
    auto initializeUpdate = m_handshake->initializeUpdate(rng);
    if (!initializeUpdate) {
        eraseKeys();
        return reject(message, protocolError(initializeUpdate.error()));
    }
    auto encoded = initializeUpdate.value().encode();
    if (!encoded) {
        eraseKeys();
        return reject(message, protocolError(encoded.error()));
    }
    m_sessionId.resize(kSessionIdLength);
    rng.randomize(m_sessionId.data(), m_sessionId.size());
    m_serial = request.retailerCardSerial;
    m_shopId = card.shopId;
    m_retailerName = retailer.displayName;
    m_state = State::Challenged;

    HandlerReply reply;
    reply.messages.emplace_back(
        wire::SignOnChallenge{m_sessionId, Bytes(encoded.value().begin(), encoded.value().end())});
    return reply;
}

IssuerSession::Rejection IssuerSession::failedAuthentication(const Error& error)
{
    Store& store = m_context.store();
    const SessionLimits& limits = m_context.limits();
    const QString serial = hexOf(m_serial);
    audit(QStringLiteral("auth-failed"), serial, QStringLiteral("card cryptogram did not verify"));
    auto count = store.recordFailedAuthentication(m_serial, m_context.now(), limits.failedAuthWindowSeconds);
    if (count && count.value() >= limits.maxFailedAuthPerHour) {
        if (store.setRetailerCardState(m_serial, RetailerCardState::Locked))
            audit(QStringLiteral("retailer-card-locked"), serial,
                  QStringLiteral("%1 failed authentications within %2 s")
                      .arg(count.value())
                      .arg(limits.failedAuthWindowSeconds));
    }
    return protocolError(error, true);
}

HandlerReply IssuerSession::onSignOnProof(const wire::Message& message, const wire::SignOnProof& proof)
{
    if (!sessionIdMatches(proof.sessionId))
        return reject(message, Rejection{errorCodeName(ErrorCode::WrongSession),
                                         QStringLiteral("session id is not this session's"), true});
    auto response = ResponseApdu::decode(proof.initializeUpdateResponse);
    if (!response)
        return reject(message, protocolError(response.error(), true));
    auto externalAuthenticate = m_handshake->externalAuthenticate(response.value());
    if (!externalAuthenticate) {
        if (externalAuthenticate.code() == ErrorCode::BadCryptogram)
            return reject(message, failedAuthentication(externalAuthenticate.error()));
        return reject(message, protocolError(externalAuthenticate.error(), true));
    }
    auto encoded = externalAuthenticate.value().encode();
    if (!encoded)
        return reject(message, protocolError(encoded.error(), true));
    m_state = State::Authenticating;
    audit(QStringLiteral("sign-on"), hexOf(m_serial), QStringLiteral("shop %1").arg(m_shopId));

    HandlerReply reply;
    reply.messages.emplace_back(
        wire::SignOnAccepted{Bytes(encoded.value().begin(), encoded.value().end()), m_retailerName, m_shopId});
    return reply;
}

} // namespace perso::issuer
