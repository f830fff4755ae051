// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <cstdint>

// Field limits of the wire protocol (docs/protocol.md ("Wire messages: shop station ⇄ issuer")). Lengths of byte
// strings are in bytes, lengths of text strings in Unicode code points.
namespace perso::wire::limits {

inline constexpr std::size_t kDefaultMaxFramePayload = 256 * 1024;

inline constexpr std::size_t kIdLength = 16;           // session, transaction and receipt ids
inline constexpr std::size_t kMaxCardSerial = 32;      // retailer card serial
inline constexpr std::size_t kMaxToken = 32;           // terminal id, shop id, firmware version, error code name
inline constexpr std::size_t kMaxReference = 64;       // customer reference
inline constexpr std::size_t kMaxDisplayName = 64;     // retailer display name
inline constexpr std::size_t kMaxErrorMessage = 256;   // error report text
inline constexpr std::size_t kMinCommandApdu = 4;      // CLA INS P1 P2
inline constexpr std::size_t kMinResponseApdu = 2;     // SW1 SW2
inline constexpr std::size_t kMaxShortApdu = 261;      // 4 + 1 + 255 + 1
inline constexpr std::size_t kMaxExtendedApdu = 65544; // 4 + 3 + 65535 + 2
inline constexpr std::size_t kMaxPackage = 200 * 1024; // personalisation package
inline constexpr std::size_t kMinMsisdnDigits = 3;
inline constexpr std::size_t kMaxMsisdnDigits = 15;      // ITU-T E.164
inline constexpr std::size_t kSignatureLength = 64;      // ECDSA P-256, r || s (IEEE P1363)
inline constexpr std::size_t kMaxCustomerDetails = 4096; // plaintext CBOR inside the sealed box
inline constexpr std::uint64_t kMaxSequence = 0x7FFFFFFFFFFFFFFFull;
inline constexpr std::uint64_t kMaxTimestamp = 253402300799ull; // 9999-12-31T23:59:59Z
inline constexpr std::uint8_t kMaxKeyVersion = 0x7F;

} // namespace perso::wire::limits
