// SPDX-License-Identifier: Apache-2.0
#pragma once

// Key diversification of retail-perso, format version 1 (byte layouts in docs/protocol.md ("Key diversification (format
// version 1)")). Every derivation is the SCP03 KDF of GP Amendment D 4.1.5 (NIST SP 800-108 counter mode over AES-CMAC,
// 11-byte label || constant || 00 || L || i || context) with a project label so that no derivation can coincide with a
// GlobalPlatform one made under the same key.

#include "protocol/core/Bytes.h"
#include "protocol/core/Result.h"
#include "protocol/scp03/SessionKeys.h"

#include <cstdint>
#include <string_view>

namespace perso::keys {

constexpr std::uint8_t kDiversificationVersion1 = 0x01;

// 11-byte label of project derivations: ASCII "RETAILPERSO" (GP's label is 11 bytes 00).
constexpr std::string_view kLabel = "RETAILPERSO";

// Derivation constants (the byte after the label).
namespace constant {
constexpr std::uint8_t kRetailerEnc = 0x81;
constexpr std::uint8_t kRetailerMac = 0x82;
constexpr std::uint8_t kRetailerDek = 0x83;
constexpr std::uint8_t kAdmCode = 0x90;
// Station data key: plain GP layout (11 bytes 00) with this constant, outside GP's defined set.
constexpr std::uint8_t kStationDataKey = 0x80;
} // namespace constant

constexpr std::size_t kMaxCardSerialLength = 64;
constexpr std::size_t kAdmCodeDigits = 8;

// (1) The retailer card's SCP03 static keys ENC/MAC/DEK (each as long as the master key: 16, 24 or
// 32 bytes) from the issuer master key, the card serial (1..64 public bytes) and the key version
// (01..FE). Errors: InvalidParameter, UnsupportedVersion.
Result<scp03::StaticKeys> deriveRetailerCardKeys(ByteView issuerMasterKey, ByteView cardSerial, std::uint8_t keyVersion,
                                                 std::uint8_t version = kDiversificationVersion1);

// (2) A blank SIM's ADM1 code: 8 ASCII decimal digits from its batch key (AES) and its ICCID given as
// 18..20 ASCII decimal digits. Digits come from the KDF stream by rejection sampling (bytes >= 250 are
// skipped), so every digit is uniform. Errors: InvalidParameter, UnsupportedVersion.
Result<SecureBytes> deriveAdmCode(ByteView batchKey, std::string_view iccidDigits,
                                  std::uint8_t version = kDiversificationVersion1);

// (3) The station data key (the patent's second session key, DESIGN section 5, claim 6), computed by
// the terminal and by the issuer after the SCP03 handshake from the retailer card's static ENC key and
// both challenges; as long as the ENC key. A one-way KDF output under its own constant: knowing it
// gives nothing towards S-ENC, S-MAC, S-RMAC or the static keys. Errors: InvalidParameter,
// UnsupportedVersion.
Result<SecureBytes> deriveStationDataKey(ByteView staticEncKey, ByteView hostChallenge, ByteView cardChallenge,
                                         std::uint8_t version = kDiversificationVersion1);

} // namespace perso::keys
