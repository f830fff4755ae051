// SPDX-License-Identifier: Apache-2.0
#pragma once

// One struct per wire message between the shop station and the issuer (docs/protocol.md ("Wire messages: shop station ⇄
// issuer")). Odd type numbers travel station → issuer, even ones issuer → station. Field limits are checked by the
// codec (MessageCodec.h) in both directions; see Limits.h.

#include "protocol/core/Bytes.h"
#include "protocol/wire/Receipt.h"

#include <QString>

#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

namespace perso::wire {

inline constexpr std::uint64_t kProtocolVersion = 1;

enum class MessageType : std::uint16_t
{
    SignOnRequest = 1,
    SignOnChallenge = 2,
    SignOnProof = 3,
    SignOnAccepted = 4,
    AssessmentRequest = 5,
    AssessmentDecision = 6,
    PackageRequest = 7,
    PackageResponse = 8,
    ResultSubmission = 9,
    ResultVerdict = 10,
    SignOff = 11,
    SignOffAck = 12,
    TransactionStatusQuery = 13,
    TransactionStatus = 14,
    ErrorReport = 16,
};

struct TerminalStatus
{
    bool tamperDetected = false;
    QString firmwareVersion; // token 1..32
    bool operator==(const TerminalStatus&) const = default;
};

struct SignOnRequest
{
    static constexpr MessageType kType = MessageType::SignOnRequest;
    Bytes retailerCardSerial; // 1..32 bytes
    QString terminalId;       // token 1..32
    TerminalStatus terminalStatus;
    std::uint8_t keyVersion = 0; // 1..0x7F
    bool operator==(const SignOnRequest&) const = default;
};

struct SignOnChallenge
{
    static constexpr MessageType kType = MessageType::SignOnChallenge;
    Bytes sessionId;        // 16
    Bytes initializeUpdate; // command APDU, 4..261
    bool operator==(const SignOnChallenge&) const = default;
};

struct SignOnProof
{
    static constexpr MessageType kType = MessageType::SignOnProof;
    Bytes sessionId;
    Bytes initializeUpdateResponse; // response APDU incl. SW, 2..261
    bool operator==(const SignOnProof&) const = default;
};

struct SignOnAccepted
{
    static constexpr MessageType kType = MessageType::SignOnAccepted;
    Bytes externalAuthenticate;  // command APDU, 4..261
    QString retailerDisplayName; // 1..64
    QString shopId;              // token 1..32
    bool operator==(const SignOnAccepted&) const = default;
};

struct AssessmentRequest
{
    static constexpr MessageType kType = MessageType::AssessmentRequest;
    Bytes sessionId;
    std::optional<Bytes> externalAuthenticateResponse; // first assessment of a sign-on only, 2..261
    Bytes sealedCustomerDetails;                       // SealedBox output, see SealedBox.h
    bool operator==(const AssessmentRequest&) const = default;
};

enum class Decision : std::uint8_t
{
    Approved = 1,
    Declined = 2,
    Referred = 3,
};

struct AssessmentDecision
{
    static constexpr MessageType kType = MessageType::AssessmentDecision;
    Decision decision = Decision::Declined;
    std::uint16_t reasonCode = 0;
    QString customerReference; // token 1..64
    bool operator==(const AssessmentDecision&) const = default;
};

enum class Operation : std::uint8_t
{
    New = 1,
    Modify = 2,
};

struct PackageRequest
{
    static constexpr MessageType kType = MessageType::PackageRequest;
    Bytes sessionId;
    Bytes transactionId; // 16, chosen by the station: idempotency key
    QString customerReference;
    Operation operation = Operation::New;
    Bytes iccid; // 10, EF.ICCID layout
    bool operator==(const PackageRequest&) const = default;
};

struct PackageResponse
{
    static constexpr MessageType kType = MessageType::PackageResponse;
    Bytes transactionId;
    Bytes package; // 1..200 KiB; its step labels for the progress UI travel inside the container
    bool operator==(const PackageResponse&) const = default;
};

struct ResultSubmission
{
    static constexpr MessageType kType = MessageType::ResultSubmission;
    Bytes sessionId;
    Bytes transactionId;
    Bytes sealedResult; // from the terminal, 1..65544
    bool operator==(const ResultSubmission&) const = default;
};

enum class Outcome : std::uint8_t
{
    Verified = 1,
    Failed = 2,           // the terminal's authenticated result names the failing step
    FailedUnverified = 3, // the terminal closed the channel; a new sign-on is required
};

struct ResultVerdict
{
    static constexpr MessageType kType = MessageType::ResultVerdict;
    Bytes transactionId;
    Outcome outcome = Outcome::Failed;
    std::optional<std::uint16_t> failingStep; // present iff not verified
    std::optional<std::uint16_t> reasonCode;  // present iff not verified
    std::optional<QString> msisdn;            // present iff verified
    std::optional<Receipt> receipt;           // present iff verified, same MSISDN
    bool operator==(const ResultVerdict&) const = default;
};

struct SignOff
{
    static constexpr MessageType kType = MessageType::SignOff;
    Bytes sessionId;
    bool operator==(const SignOff&) const = default;
};

struct SignOffAck
{
    static constexpr MessageType kType = MessageType::SignOffAck;
    Bytes sessionId;
    bool operator==(const SignOffAck&) const = default;
};

struct TransactionStatusQuery
{
    static constexpr MessageType kType = MessageType::TransactionStatusQuery;
    Bytes transactionId;
    bool operator==(const TransactionStatusQuery&) const = default;
};

enum class TransactionState : std::uint8_t
{
    Unknown = 1,       // the issuer never saw this transaction id
    PackageIssued = 2, // package sent, no result yet
    Verified = 3,
    Failed = 4,
    FailedUnverified = 5,
    Voided = 6,
};

struct TransactionStatus
{
    static constexpr MessageType kType = MessageType::TransactionStatus;
    Bytes transactionId;
    TransactionState state = TransactionState::Unknown;
    std::optional<std::uint16_t> failingStep; // only for Failed / FailedUnverified
    std::optional<Receipt> receipt;           // only for Verified
    bool operator==(const TransactionStatus&) const = default;
};

struct ErrorReport
{
    static constexpr MessageType kType = MessageType::ErrorReport;
    QString code;                                  // errorCodeName(), lowercase letters, digits and '-', 1..32
    QString message;                               // 0..256, public context only
    std::optional<std::uint64_t> refersToSequence; // absent when the message could not be decoded
    bool operator==(const ErrorReport&) const = default;
};

using MessageBody = std::variant<SignOnRequest, SignOnChallenge, SignOnProof, SignOnAccepted, AssessmentRequest,
                                 AssessmentDecision, PackageRequest, PackageResponse, ResultSubmission, ResultVerdict,
                                 SignOff, SignOffAck, TransactionStatusQuery, TransactionStatus, ErrorReport>;

struct Message
{
    std::uint64_t sequence = 0; // per direction, strictly increasing (checked by the state machine)
    MessageBody body;

    MessageType type() const
    {
        return std::visit([](const auto& b) { return std::decay_t<decltype(b)>::kType; }, body);
    }
    bool operator==(const Message&) const = default;
};

inline bool isFromIssuer(MessageType type)
{
    return (static_cast<unsigned>(type) % 2) == 0;
}

} // namespace perso::wire
