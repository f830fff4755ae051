// SPDX-License-Identifier: Apache-2.0
// ResultSubmission → ResultVerdict (and the signed receipt), TransactionStatusQuery, SignOff.
#include "issuer/session/IssuerSession.h"

#include "protocol/wire/Iccid.h"
#include "protocol/wire/Receipt.h"

#include <botan/system_rng.h>

namespace perso::issuer {

namespace {

constexpr std::size_t kReceiptIdLength = 16;

QString hexOf(ByteView bytes)
{
    return QString::fromStdString(toHex(bytes));
}

const package::StepResponse* responseOf(const package::PackageResult& result, std::uint16_t step)
{
    for (const auto& response : result.responses)
        if (response.step == step)
            return &response;
    return nullptr;
}

} // namespace

HandlerReply IssuerSession::onResultSubmission(const wire::Message& message, const wire::ResultSubmission& submission)
{
    if (!sessionIdMatches(submission.sessionId))
        return reject(message, Rejection{errorCodeName(ErrorCode::WrongSession),
                                         QStringLiteral("session id is not this session's"), false});
    if (submission.transactionId != m_pending->transactionId)
        return reject(message, unexpected(QStringLiteral("result for a transaction not outstanding here")));

    // A corrupted or forged submission leaves the channel where it was (the verifier restores it),
    // so the genuine one can still come.
    auto checked = m_pending->verifier.verify(*m_channel, submission.sealedResult);
    if (!checked)
        return reject(message, protocolError(checked.error()));
    const Pending pending = *m_pending;
    const package::VerifiedResult& result = checked.value();
    if (!result.authenticated) {
        // "Channel closed at step k": nobody vouches for it; the terminal is locked, sign on again.
        HandlerReply reply = failed(message, pending, wire::Outcome::FailedUnverified, result.result.stepsConsumed,
                                    static_cast<std::uint16_t>(VerdictReason::ChannelClosed));
        closeSession(); // retries the FailedUnverified outcome if the store refused it above
        return reply;
    }
    if (result.result.outcome != package::Outcome::Completed) {
        const std::uint16_t step = result.result.failingStep.value_or(result.result.stepsConsumed);
        return failed(message, pending, wire::Outcome::Failed, step,
                      static_cast<std::uint16_t>(verdictReasonFor(result.result.outcome)));
    }
    const package::StepResponse* answer = responseOf(result.result, pending.plan.authenticateStep);
    if (!answer || !authenticationResponseMatches(pending.plan, answer->data)) {
        return failed(message, pending, wire::Outcome::Failed, pending.plan.authenticateStep,
                      static_cast<std::uint16_t>(VerdictReason::AuthenticationMismatch));
    }
    return verified(message, pending);
}

HandlerReply IssuerSession::verified(const wire::Message& message, const Pending& pending)
{
    const Timestamp now = m_context.now();
    wire::Receipt receipt;
    receipt.receiptId.resize(kReceiptIdLength);
    Botan::system_rng().randomize(receipt.receiptId.data(), receipt.receiptId.size());
    receipt.iccid = pending.iccid;
    receipt.msisdn = pending.msisdn;
    receipt.issuedAt = static_cast<std::uint64_t>(now);
    receipt.shopId = m_shopId;
    auto signedBytes = wire::receiptSignedBytes(receipt);
    if (!signedBytes)
        return reject(message, protocolError(signedBytes.error()));
    auto signature = m_context.keys().sign(signedBytes.value());
    if (!signature)
        return reject(message, issuerError(signature.error()));
    receipt.signature = std::move(signature).value();
    auto encoded = wire::encodeReceipt(receipt);
    if (!encoded)
        return reject(message, protocolError(encoded.error()));

    TransactionOutcome outcome;
    outcome.transactionId = pending.transactionId;
    outcome.state = wire::TransactionState::Verified;
    outcome.receipt = encoded.value();
    outcome.now = now;
    // On a storage failure the state stays PackageIssued: verifying the same submission again
    // restores the chain from the recorded states, so the station may simply resubmit.
    // The outcome and its audit entry in one commit.
    const AuditEntry entry = auditEntry(
        QStringLiteral("card-verified"), wire::iccidDigits(pending.iccid),
        QStringLiteral("transaction %1, receipt %2").arg(hexOf(pending.transactionId), hexOf(receipt.receiptId)));
    if (auto finished = m_context.store().finishTransactionAudited(outcome, entry); !finished)
        return reject(message, issuerError(finished.error()));
    m_pending.reset();
    m_state = State::Open;

    wire::ResultVerdict verdict;
    verdict.transactionId = pending.transactionId;
    verdict.outcome = wire::Outcome::Verified;
    verdict.msisdn = pending.msisdn;
    verdict.receipt = std::move(receipt);
    HandlerReply reply;
    reply.messages.emplace_back(std::move(verdict));
    return reply;
}

HandlerReply IssuerSession::failed(const wire::Message& message, const Pending& pending, wire::Outcome outcome,
                                   std::uint16_t failingStep, std::uint16_t reasonCode)
{
    TransactionOutcome ended;
    ended.transactionId = pending.transactionId;
    ended.state = outcome == wire::Outcome::FailedUnverified ? wire::TransactionState::FailedUnverified
                                                             : wire::TransactionState::Failed;
    ended.failingStep = failingStep;
    ended.reasonCode = reasonCode;
    ended.now = m_context.now();
    if (auto finished = m_context.store().finishTransaction(ended); !finished)
        return reject(message, issuerError(finished.error()));
    m_pending.reset();
    m_state = State::Open;
    audit(QStringLiteral("card-failed"), wire::iccidDigits(pending.iccid),
          QStringLiteral("transaction %1, step %2, %3")
              .arg(hexOf(pending.transactionId))
              .arg(failingStep)
              .arg(verdictReasonName(static_cast<VerdictReason>(reasonCode))));

    wire::ResultVerdict verdict;
    verdict.transactionId = pending.transactionId;
    verdict.outcome = outcome;
    verdict.failingStep = failingStep;
    verdict.reasonCode = reasonCode;
    HandlerReply reply;
    reply.messages.emplace_back(std::move(verdict));
    return reply;
}

HandlerReply IssuerSession::onStatusQuery(const wire::Message& message, const wire::TransactionStatusQuery& query)
{
    auto stored = m_context.store().transaction(query.transactionId);
    if (!stored)
        return reject(message, issuerError(stored.error()));
    wire::TransactionStatus status;
    status.transactionId = query.transactionId;
    status.state = wire::TransactionState::Unknown;
    // Another shop's transactions are not this station's business: reported as unknown.
    if (stored.value() && stored.value()->shopId == m_shopId) {
        const TransactionRecord& record = *stored.value();
        status.state = record.state;
        if (record.state == wire::TransactionState::Failed || record.state == wire::TransactionState::FailedUnverified)
            status.failingStep = record.failingStep;
        if (record.state == wire::TransactionState::Verified && record.receipt) {
            auto receipt = wire::decodeReceipt(*record.receipt);
            if (!receipt)
                return reject(message, issuerError(makeIssuerError(IssuerErrorCode::StorageCorrupt,
                                                                   QStringLiteral("stored receipt unreadable"))));
            status.receipt = std::move(receipt).value();
        }
    }
    HandlerReply reply;
    reply.messages.emplace_back(std::move(status));
    return reply;
}

HandlerReply IssuerSession::onSignOff(const wire::Message& message, const wire::SignOff& signOff)
{
    if (!sessionIdMatches(signOff.sessionId))
        return reject(message, Rejection{errorCodeName(ErrorCode::WrongSession),
                                         QStringLiteral("session id is not this session's"), false});
    audit(QStringLiteral("sign-off"), hexOf(m_serial), QStringLiteral("shop %1").arg(m_shopId));
    closeSession();
    HandlerReply reply;
    reply.messages.emplace_back(wire::SignOffAck{m_sessionId});
    reply.closeAfterSending = true;
    return reply;
}

} // namespace perso::issuer
