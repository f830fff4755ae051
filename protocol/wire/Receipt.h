// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/core/Bytes.h"
#include "protocol/core/Result.h"

#include <QString>

#include <cstdint>

namespace perso::wire {

// The hand-over receipt the issuer signs with ECDSA P-256 (SHA-256) once a card is verified.
// On the wire it is a CBOR map (keys 0..5); the signature covers signedBytes(), never the map itself.
struct Receipt
{
    Bytes receiptId;            // 16 random bytes chosen by the issuer
    Bytes iccid;                // 10 bytes, EF.ICCID layout (Iccid.h)
    QString msisdn;             // E.164 digits, no '+', 3..15
    std::uint64_t issuedAt = 0; // seconds since 1970-01-01T00:00:00Z, 1..253402300799
    QString shopId;             // printable ASCII token, 1..32
    Bytes signature;            // 64 bytes r || s (IEEE P1363), big-endian, each 32 bytes

    bool operator==(const Receipt&) const = default;
};

// Canonical bytes to sign and verify: the deterministic CBOR encoding (RFC 8949 §4.2.1) of the
// array [ "retail-perso receipt v1", { 0: receiptId, 1: iccid, 2: msisdn, 3: issuedAt, 4: shopId } ].
// The signature field is not part of it. Fails like the decoder on an invalid field.
inline constexpr char kReceiptContext[] = "retail-perso receipt v1";
Result<Bytes> receiptSignedBytes(const Receipt& receipt);

// Encodes/decodes the receipt map alone (keys 0..5), e.g. for the station's journal.
Result<Bytes> encodeReceipt(const Receipt& receipt);
Result<Receipt> decodeReceipt(ByteView bytes);

} // namespace perso::wire
