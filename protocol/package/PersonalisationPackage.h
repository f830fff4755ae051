// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/core/Bytes.h"
#include "protocol/core/Result.h"

#include <QString>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace perso::package {

// Where in the SCP03 command sequence a package starts: the encryption counter and the first
// 8 bytes of the MAC chaining value (both already public: the counter counts commands, those bytes
// are the previous command's C-MAC). The terminal compares it with its own channel before it
// unwraps anything, so a package for another session or a stale one is refused without closing the
// channel. It is not authenticated: forging it only moves the failure to the first C-MAC check.
struct ChainAnchor
{
    static constexpr std::size_t kMacPrefixLength = 8;
    std::uint32_t encryptionCounter = 0;
    Bytes macPrefix; // 8 bytes
    friend bool operator==(const ChainAnchor&, const ChainAnchor&) = default;
};

// The container the station relays from the issuer to the terminal: everything in it is public.
// The wrapped steps are protected by SCP03 (C-MAC chain + C-DECRYPTION); the header fields are a
// convenience for routing and are re-checked against the authenticated BEGIN instruction; the step
// labels are UI text for the station's progress display only, never trusted, never executed.
//
// Encoding (BER-TLV, docs/protocol.md ("The personalisation package")):
//   E0 { 80 version(1) | 81 transaction id(16) | 82 anchor(12) | 83 step count(2)
//        | A4 { 04 wrapped command APDU }*n | A5 { 0C UTF-8 label }*n }
struct PersonalisationPackage
{
    static constexpr std::size_t kMaxStepBytes = 65544;     // 4 + 3 + 65535 + 2: largest extended APDU
    static constexpr std::size_t kMaxEncodedBytes = 204800; // 200 KiB for the whole container
    static constexpr std::size_t kMaxLabelBytes = 64;

    std::uint8_t formatVersion = 1;
    Bytes transactionId; // 16 bytes
    ChainAnchor anchor;
    std::vector<Bytes> steps;    // wrapped command APDUs, in execution order
    std::vector<QString> labels; // one per step (may be empty strings)

    std::size_t stepCount() const { return steps.size(); }

    // InvalidParameter / Oversized when the package breaks a limit.
    Result<Bytes> encode() const;
    // Strict: the exact layout above, all limits checked, every step a well-formed command APDU,
    // labels valid UTF-8, nothing after the object.
    static Result<PersonalisationPackage> decode(ByteView encoded);

    friend bool operator==(const PersonalisationPackage&, const PersonalisationPackage&) = default;
};

} // namespace perso::package
