// SPDX-License-Identifier: Apache-2.0
#pragma once

// Keys the issuer derives from a master key with the project KDF (the layout of
// protocol/keys/Diversification.cpp: label "RETAILPERSO" || constant || 00 || L || i || context,
// CMAC-AES counter mode). Constants and contexts: docs/issuer.md ("Keys").

#include "issuer/common/IssuerError.h"
#include "protocol/core/Bytes.h"

#include <cstddef>
#include <cstdint>

namespace perso::issuer {

namespace derivation {
constexpr std::uint8_t kBatchKeyKek = 0xA0;
constexpr std::uint8_t kCardSecretsKek = 0xA1;
constexpr std::uint8_t kPersonalDataKey = 0xA2;
constexpr std::uint8_t kCustomerKeyMac = 0xA3;
constexpr std::uint8_t kOperatorVariant = 0xA4;
constexpr std::uint8_t kFormatVersion = 0x01; // first context byte
} // namespace derivation

// context = format version (01) || master key version; output `outputBytes` (16 or 32).
IssuerResult<SecureBytes> deriveIssuerKey(ByteView masterKey, std::uint8_t masterKeyVersion,
                                          std::uint8_t derivationConstant, std::size_t outputBytes);

} // namespace perso::issuer
