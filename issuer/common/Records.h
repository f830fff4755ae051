// SPDX-License-Identifier: Apache-2.0
#pragma once

// The issuer's records as plain data, shared by storage, the session and perso-admin. Secrets never
// appear here in clear: batch keys and Ki/OPc are wrapped under keys derived from the master key
// (issuer/keys/KeyRing.h), personal data is sealed (KeyRing::sealPersonalData) before it is stored.

#include "protocol/core/Bytes.h"
#include "protocol/wire/Messages.h"

#include <QString>

#include <cstdint>
#include <optional>

namespace perso::issuer {

using Timestamp = std::int64_t; // seconds since 1970-01-01T00:00:00Z (UTC)

struct RetailerRecord
{
    QString retailerId;  // token 1..32, chosen by the issuer's admin
    QString displayName; // 1..64, shown on the station after sign-on
};

struct ShopRecord
{
    QString shopId; // token 1..32
    QString retailerId;
    QString address; // free text for receipts and admin listings, 0..200
};

enum class RetailerCardState : std::uint8_t
{
    Active = 1,
    Locked = 2, // too many failed authentications; unlocked by the admin
    Revoked = 3 // lost or returned; never active again
};

struct RetailerCardRecord
{
    Bytes serial;                // 1..32 bytes, as the card reports it
    std::uint8_t keyVersion = 1; // SCP03 KVN of the keys derived for it, 1..127
    QString retailerId;
    QString shopId; // the shop the card is issued to
    RetailerCardState state = RetailerCardState::Active;
};

struct TerminalRecord
{
    QString terminalId; // token 1..32
    QString shopId;
    bool tampered = false; // set when a sign-on reported a tamper event; cleared by the admin
};

struct BatchRecord
{
    QString batchId;             // token 1..32
    Bytes wrappedBatchKey;       // KeyRing::wrapBatchKey output
    std::uint8_t keyVersion = 1; // master key version the batch key is wrapped under
    QString manufacturer;        // 0..64
    Timestamp createdAt = 0;
};

enum class CardState : std::uint8_t
{
    InStock = 1,      // blank, as the manufacturer shipped it
    Allocated = 2,    // a transaction reserved it; package being built or issued
    Personalised = 3, // reserved for a card written but not yet verified (kept for admin visibility)
    Verified = 4,     // the terminal's authenticated result proved the card right
    Void = 5          // failed, unverifiable or withdrawn; never personalised again
};

struct CardRecord
{
    QString iccid; // 18..20 decimal digits as printed
    QString batchId;
    CardState state = CardState::InStock;
    std::optional<QString> imsi;   // 15 digits once allocated
    std::optional<QString> msisdn; // E.164 digits once allocated
    std::optional<QString> customerReference;
    std::optional<Bytes> transactionId; // the transaction that holds or last held the card
};

// What was written to a card, for the HLR/HSS export and for "modify": everything but the
// secrets is public profile data; Ki/OPc are wrapped (KeyRing::wrapCardSecrets).
struct CardProfileRecord
{
    QString iccid;
    QString imsi;
    QString msisdn;
    QString spn; // service provider name written to EF.SPN
    QString planCode;
    Bytes wrappedSecrets; // KeyRing::wrapCardSecrets(Ki || OPc)
    std::uint8_t keyVersion = 1;
    std::uint64_t sqn = 0; // last Milenage SQN the issuer used with this card (48 bits)
    Timestamp writtenAt = 0;
};

struct SubscriberRecord
{
    QString customerReference; // token 1..64, returned in AssessmentDecision
    Bytes customerKey;         // KeyRing::customerKey(ID document): stable, keyed, not reversible
    Bytes sealedDetails;       // KeyRing::sealPersonalData(CBOR customer details)
    QString planCode;
    wire::Decision decision = wire::Decision::Declined;
    std::uint16_t reasonCode = 0;
    QString shopId;
    Timestamp createdAt = 0;
};

enum class NumberKind : std::uint8_t
{
    Imsi = 1,
    Msisdn = 2
};

struct PoolStatus
{
    NumberKind kind = NumberKind::Imsi;
    std::int64_t free = 0;
    std::int64_t used = 0;
};

// One personalisation (or modification) of one card, keyed by the station's transaction id.
struct TransactionRecord
{
    Bytes transactionId; // 16
    Bytes sessionId;     // 16, the issuer session that issued the package
    wire::Operation operation = wire::Operation::New;
    wire::TransactionState state = wire::TransactionState::PackageIssued;
    QString iccid;
    QString customerReference;
    QString shopId;
    QString terminalId;
    QString imsi;
    QString msisdn;
    Bytes package; // the exact bytes sent, so that a repeated PackageRequest gets them again; empty while allocated
    std::optional<std::uint16_t> failingStep;
    std::optional<std::uint16_t> reasonCode;
    std::optional<Bytes> receipt; // wire::encodeReceipt bytes once verified
    Timestamp createdAt = 0;
    Timestamp updatedAt = 0;
};

// A request to reserve a card and numbers for a transaction (PackageRequest after the checks).
struct AllocationRequest
{
    Bytes transactionId;
    Bytes sessionId;
    wire::Operation operation = wire::Operation::New;
    QString iccid;
    QString customerReference;
    QString shopId;
    QString terminalId;
    Timestamp now = 0;
};

struct Allocation
{
    TransactionRecord transaction; // state PackageIssued with an empty package when fresh
    bool fresh = true;             // false: the transaction existed (idempotent repeat)
    CardRecord card;
    BatchRecord batch;
    std::optional<CardProfileRecord> previousProfile; // for Operation::Modify
};

// How a transaction ended (ResultSubmission verified or failed, or voided by the issuer).
struct TransactionOutcome
{
    Bytes transactionId;
    wire::TransactionState state = wire::TransactionState::Failed; // Verified, Failed, FailedUnverified, Voided
    std::optional<std::uint16_t> failingStep;
    std::optional<std::uint16_t> reasonCode;
    std::optional<Bytes> receipt; // encoded receipt when Verified
    Timestamp now = 0;
};

struct AuditEntry
{
    QString kind;    // token: "sign-on", "auth-failed", "retailer-card-locked", "package-issued", ...
    QString actor;   // terminal id, shop id, "admin", "issuerd"
    QString subject; // public identifiers only: serial in hex, ICCID, transaction id in hex
    QString detail;  // public context, never secrets or personal data, 0..512
    Timestamp at = 0;
};

struct AuditRecord
{
    std::int64_t sequence = 0; // 1, 2, 3, ... without gaps
    AuditEntry entry;
    Bytes previousHash; // 32 bytes; all zero for sequence 1
    Bytes hash;         // SHA-256 over previousHash || canonical encoding of (sequence, entry)
};

} // namespace perso::issuer
