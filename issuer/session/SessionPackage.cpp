// SPDX-License-Identifier: Apache-2.0
// PackageRequest: allocate a card and numbers, build the SIM plan and the SCP03-wrapped package,
// record it; a repeated transaction id gets the stored bytes again.
#include "issuer/session/IssuerSession.h"

#include "protocol/package/PackageBuilder.h"
#include "protocol/wire/Iccid.h"

#include <botan/system_rng.h>

namespace perso::issuer {

namespace {

constexpr std::size_t kSecretLength = 16; // Ki and OPc

QString hexOf(ByteView bytes)
{
    return QString::fromStdString(toHex(bytes));
}

} // namespace

HandlerReply IssuerSession::onPackageRequest(const wire::Message& message, const wire::PackageRequest& request)
{
    if (!sessionIdMatches(request.sessionId))
        return reject(message, Rejection{errorCodeName(ErrorCode::WrongSession),
                                         QStringLiteral("session id is not this session's"), false});
    if (m_state == State::PackageIssued) {
        if (request.transactionId != m_pending->transactionId)
            return reject(message, unexpected(QStringLiteral("a package is outstanding for another transaction")));
        return resendPackage(message, request);
    }
    const auto approved = m_approved.find(request.customerReference);
    if (approved == m_approved.end())
        return reject(message, issuerError(makeIssuerError(IssuerErrorCode::UnknownCustomer,
                                                           QStringLiteral("customer not approved in this session"))));
    if (auto valid = wire::validateIccid(request.iccid); !valid)
        return reject(message, protocolError(valid.error()));

    AllocationRequest allocation;
    allocation.transactionId = request.transactionId;
    allocation.sessionId = m_sessionId;
    allocation.operation = request.operation;
    allocation.iccid = wire::iccidDigits(request.iccid);
    allocation.customerReference = request.customerReference;
    allocation.shopId = m_shopId;
    allocation.terminalId = m_terminalId;
    allocation.now = m_context.now();
    auto allocated = m_context.store().allocate(allocation);
    if (!allocated)
        return reject(message, issuerError(allocated.error()));
    if (!allocated.value().fresh) {
        // This transaction id was used before and is no longer outstanding here: its package was
        // for an earlier point of the chain and cannot be sent again.
        return reject(message, issuerError(makeIssuerError(IssuerErrorCode::TransactionConflict,
                                                           QStringLiteral("transaction already ended"))));
    }
    return issuePackage(message, request, allocated.value());
}

HandlerReply IssuerSession::resendPackage(const wire::Message& message, const wire::PackageRequest& request)
{
    auto stored = m_context.store().transaction(request.transactionId);
    if (!stored)
        return reject(message, issuerError(stored.error()));
    const auto& record = stored.value();
    if (!record || record->package.empty() || record->iccid != wire::iccidDigits(request.iccid) ||
        record->customerReference != request.customerReference || record->operation != request.operation) {
        return reject(message, issuerError(makeIssuerError(IssuerErrorCode::TransactionConflict,
                                                           QStringLiteral("transaction id bound to another request"))));
    }
    HandlerReply reply;
    reply.messages.emplace_back(wire::PackageResponse{request.transactionId, record->package});
    return reply;
}

IssuerResult<SimProfile> IssuerSession::profileFor(const Allocation& allocation) const
{
    const TransactionRecord& tx = allocation.transaction;
    if (allocation.transaction.operation == wire::Operation::New) {
        return newSimProfile(allocation.card.iccid, tx.imsi, tx.msisdn, m_context.operatorVariant(),
                             Botan::system_rng());
    }
    if (!allocation.previousProfile)
        return makeIssuerError(IssuerErrorCode::CardNotAvailable, QStringLiteral("card has no stored profile"));
    const CardProfileRecord& previous = *allocation.previousProfile;
    auto secrets = m_context.keys().unwrapCardSecrets(previous.wrappedSecrets);
    if (!secrets)
        return secrets.error();
    if (secrets.value().size() != 2 * kSecretLength)
        return makeIssuerError(IssuerErrorCode::StorageCorrupt, QStringLiteral("card secrets of a wrong length"));
    SimProfile profile;
    profile.iccid = previous.iccid;
    profile.imsi = previous.imsi;
    profile.msisdn = previous.msisdn;
    profile.accessClass = accessClassForImsi(previous.imsi);
    profile.ki.assign(secrets.value().begin(), secrets.value().begin() + kSecretLength);
    profile.opc.assign(secrets.value().begin() + kSecretLength, secrets.value().end());
    profile.sqn = previous.sqn + 1;
    return profile;
}

void IssuerSession::voidTransaction(const Bytes& transactionId)
{
    TransactionOutcome outcome;
    outcome.transactionId = transactionId;
    outcome.state = wire::TransactionState::Voided;
    outcome.now = m_context.now();
    (void)m_context.store().finishTransaction(outcome);
}

HandlerReply IssuerSession::issuePackage(const wire::Message& message, const wire::PackageRequest& request,
                                         const Allocation& allocation)
{
    // From here on, any failure voids the transaction so that nothing stays allocated.
    auto fail = [&](const Rejection& rejection) {
        voidTransaction(request.transactionId);
        audit(QStringLiteral("package-voided"), allocation.card.iccid, rejection.code);
        return reject(message, rejection);
    };
    const KeyRing& keys = m_context.keys();
    auto profile = profileFor(allocation);
    if (!profile)
        return fail(issuerError(profile.error()));
    auto adm = keys.admCode(allocation.batch.wrappedBatchKey, allocation.card.iccid);
    if (!adm)
        return fail(issuerError(adm.error()));
    auto plan = request.operation == wire::Operation::New
                    ? planNewCard(profile.value(), m_context.operatorProfile(), adm.value(), Botan::system_rng())
                    : planModification(profile.value(), m_context.operatorProfile(), adm.value(), Botan::system_rng());
    if (!plan)
        return fail(issuerError(plan.error()));

    auto built = package::PackageBuilder::build(*m_channel, request.transactionId, request.iccid, plan.value().body);
    if (!built)
        return fail(protocolError(built.error())); // the builder put the channel back
    const auto rewind = [&] { (void)m_channel->restore(built.value().verifier.stateAfter(0)); };
    auto encoded = built.value().package.encode();
    if (!encoded) {
        rewind();
        return fail(protocolError(encoded.error()));
    }

    SecureBytes kiOpc = profile.value().ki;
    kiOpc.insert(kiOpc.end(), profile.value().opc.begin(), profile.value().opc.end());
    auto wrapped = keys.wrapCardSecrets(kiOpc);
    if (!wrapped) {
        rewind();
        return fail(issuerError(wrapped.error()));
    }
    CardProfileRecord record;
    record.iccid = profile.value().iccid;
    record.imsi = profile.value().imsi;
    record.msisdn = profile.value().msisdn;
    record.spn = m_context.operatorProfile().spn;
    record.planCode = m_approved[request.customerReference];
    record.wrappedSecrets = std::move(wrapped).value();
    record.keyVersion = keys.currentMasterKeyVersion();
    record.sqn = profile.value().sqn;
    record.writtenAt = m_context.now();
    // The package, the profile and the audit entry in one commit.
    const AuditEntry entry = auditEntry(QStringLiteral("package-issued"), record.iccid,
                                        QStringLiteral("transaction %1, operation %2, %3 steps")
                                            .arg(hexOf(request.transactionId))
                                            .arg(static_cast<int>(request.operation))
                                            .arg(built.value().verifier.totalSteps()));
    if (auto recorded = m_context.store().recordPackageAudited(request.transactionId, encoded.value(), record,
                                                               record.writtenAt, entry);
        !recorded) {
        rewind();
        return fail(issuerError(recorded.error()));
    }

    m_pending =
        Pending{request.transactionId, request.iccid, record.msisdn, built.value().verifier, std::move(plan).value()};
    m_issuedAny = true;
    m_state = State::PackageIssued;

    HandlerReply reply;
    reply.messages.emplace_back(wire::PackageResponse{request.transactionId, std::move(encoded).value()});
    return reply;
}

} // namespace perso::issuer
