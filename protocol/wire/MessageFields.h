// SPDX-License-Identifier: Apache-2.0
#pragma once

// Internal: the field list of every wire object, written once for both directions. `Io` is
// detail::FieldWriter (object → CBOR map) or detail::FieldReader (CBOR map → checked object).
// Keys are listed in ascending order; docs/protocol.md ("Wire messages: shop station ⇄ issuer") mirrors these tables.

#include "protocol/wire/CborFields.h"
#include "protocol/wire/Iccid.h"
#include "protocol/wire/Limits.h"
#include "protocol/wire/Messages.h"

#include <type_traits>

namespace perso::wire::detail {

using namespace perso::wire::limits;

template <typename Io, typename B> void idField(Io& io, std::int64_t key, B& value)
{
    io.bytes(key, value, kIdLength, kIdLength);
}

template <typename Io, typename B> void iccidField(Io& io, std::int64_t key, B& value)
{
    io.bytes(key, value, kIccidLength, kIccidLength);
    if constexpr (std::is_same_v<Io, FieldReader>) {
        if (io.ok()) {
            if (Status s = validateIccid(view(value)); !s)
                io.fail(s.code(), s.error().message);
        }
    }
}

template <typename Io, typename T> void msisdnField(Io& io, std::int64_t key, T& value)
{
    io.text(key, value, kMinMsisdnDigits, kMaxMsisdnDigits, TextRule::Digits);
}

template <typename Io, typename R> void receiptFields(Io& io, R& r)
{
    idField(io, 0, r.receiptId);
    iccidField(io, 1, r.iccid);
    msisdnField(io, 2, r.msisdn);
    io.uint(3, r.issuedAt, 1, kMaxTimestamp);
    io.text(4, r.shopId, 1, kMaxToken, TextRule::Token);
    io.bytes(5, r.signature, kSignatureLength, kSignatureLength);
}

inline constexpr auto kReceiptFields = [](auto& io, auto& r) { receiptFields(io, r); };

template <typename Io, typename M> void fields(Io& io, M& m)
{
    using T = std::remove_const_t<M>;
    if constexpr (std::is_same_v<T, SignOnRequest>) {
        io.bytes(0, m.retailerCardSerial, 1, kMaxCardSerial);
        io.text(1, m.terminalId, 1, kMaxToken, TextRule::Token);
        io.nested(2, m.terminalStatus, [](auto& sub, auto& s) {
            sub.boolean(0, s.tamperDetected);
            sub.text(1, s.firmwareVersion, 1, kMaxToken, TextRule::Token);
        });
        io.uint(3, m.keyVersion, 1, kMaxKeyVersion);
    } else if constexpr (std::is_same_v<T, SignOnChallenge>) {
        idField(io, 0, m.sessionId);
        io.bytes(1, m.initializeUpdate, kMinCommandApdu, kMaxShortApdu);
    } else if constexpr (std::is_same_v<T, SignOnProof>) {
        idField(io, 0, m.sessionId);
        io.bytes(1, m.initializeUpdateResponse, kMinResponseApdu, kMaxShortApdu);
    } else if constexpr (std::is_same_v<T, SignOnAccepted>) {
        io.bytes(0, m.externalAuthenticate, kMinCommandApdu, kMaxShortApdu);
        io.text(1, m.retailerDisplayName, 1, kMaxDisplayName);
        io.text(2, m.shopId, 1, kMaxToken, TextRule::Token);
    } else if constexpr (std::is_same_v<T, AssessmentRequest>) {
        idField(io, 0, m.sessionId);
        io.bytes(1, m.externalAuthenticateResponse, kMinResponseApdu, kMaxShortApdu);
        // SealedBox: session id 16 || counter 8 || ciphertext (>= 1) || tag 16.
        io.bytes(2, m.sealedCustomerDetails, kIdLength + 8 + 1 + 16, kIdLength + 8 + kMaxCustomerDetails + 16);
    } else if constexpr (std::is_same_v<T, AssessmentDecision>) {
        io.enumeration(0, m.decision, {Decision::Approved, Decision::Declined, Decision::Referred});
        io.uint(1, m.reasonCode, 0, 0xFFFF);
        io.text(2, m.customerReference, 1, kMaxReference, TextRule::Token);
    } else if constexpr (std::is_same_v<T, PackageRequest>) {
        idField(io, 0, m.sessionId);
        idField(io, 1, m.transactionId);
        io.text(2, m.customerReference, 1, kMaxReference, TextRule::Token);
        io.enumeration(3, m.operation, {Operation::New, Operation::Modify});
        iccidField(io, 4, m.iccid);
    } else if constexpr (std::is_same_v<T, PackageResponse>) {
        idField(io, 0, m.transactionId);
        io.bytes(1, m.package, 1, kMaxPackage);
    } else if constexpr (std::is_same_v<T, ResultSubmission>) {
        idField(io, 0, m.sessionId);
        idField(io, 1, m.transactionId);
        io.bytes(2, m.sealedResult, 1, kMaxExtendedApdu);
    } else if constexpr (std::is_same_v<T, ResultVerdict>) {
        idField(io, 0, m.transactionId);
        io.enumeration(1, m.outcome, {Outcome::Verified, Outcome::Failed, Outcome::FailedUnverified});
        io.uint(2, m.failingStep, 0, 0xFFFF);
        io.uint(3, m.reasonCode, 0, 0xFFFF);
        msisdnField(io, 4, m.msisdn);
        io.nested(5, m.receipt, kReceiptFields);
        const bool verified = m.outcome == Outcome::Verified;
        io.rule(verified == m.msisdn.has_value() && verified == m.receipt.has_value(),
                "MSISDN and receipt are present exactly when verified");
        io.rule(verified != m.failingStep.has_value() && verified != m.reasonCode.has_value(),
                "failing step and reason are present exactly when not verified");
        io.rule(!verified || !m.receipt || !m.msisdn || m.receipt->msisdn == *m.msisdn,
                "receipt MSISDN differs from the verdict's");
    } else if constexpr (std::is_same_v<T, SignOff> || std::is_same_v<T, SignOffAck>) {
        idField(io, 0, m.sessionId);
    } else if constexpr (std::is_same_v<T, TransactionStatusQuery>) {
        idField(io, 0, m.transactionId);
    } else if constexpr (std::is_same_v<T, TransactionStatus>) {
        idField(io, 0, m.transactionId);
        io.enumeration(1, m.state,
                       {TransactionState::Unknown, TransactionState::PackageIssued, TransactionState::Verified,
                        TransactionState::Failed, TransactionState::FailedUnverified, TransactionState::Voided});
        io.uint(2, m.failingStep, 0, 0xFFFF);
        io.nested(3, m.receipt, kReceiptFields);
        const bool failed = m.state == TransactionState::Failed || m.state == TransactionState::FailedUnverified;
        io.rule(!m.failingStep || failed, "failing step only for a failed transaction");
        io.rule(!m.receipt || m.state == TransactionState::Verified, "receipt only for a verified transaction");
    } else if constexpr (std::is_same_v<T, ErrorReport>) {
        io.text(0, m.code, 1, kMaxToken, TextRule::Token);
        io.text(1, m.message, 0, kMaxErrorMessage);
        io.uint(2, m.refersToSequence, 0, kMaxSequence);
        bool nameOk = true;
        for (QChar c : m.code)
            nameOk = nameOk && ((c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'-');
        io.rule(nameOk, "error code name is not lowercase letters, digits and '-'");
    } else {
        static_assert(!sizeof(T), "no field list for this type");
    }
}

} // namespace perso::wire::detail
