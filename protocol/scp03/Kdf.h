// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/core/Bytes.h"
#include "protocol/core/Result.h"

#include <cstddef>
#include <cstdint>

namespace perso::scp03 {

// Data derivation constants of GP Card Specification v2.3 Amendment D, section 4.1.5 (Table 4-1).
namespace derivation {
constexpr std::uint8_t kCardCryptogram = 0x00;
constexpr std::uint8_t kHostCryptogram = 0x01;
constexpr std::uint8_t kCardChallenge = 0x02;
constexpr std::uint8_t kSEnc = 0x04;
constexpr std::uint8_t kSMac = 0x06;
constexpr std::uint8_t kSRmac = 0x07;
} // namespace derivation

// True for AES-128, -192 and -256 key lengths (16, 24, 32 bytes).
bool isAesKeyLength(std::size_t length);

// NIST SP 800-108 KDF in counter mode with CMAC(AES-n) as PRF (n from the key length) and an
// 8-bit counter between two fixed parts: block i = CMAC(key, prefix || i || suffix), i = 1, 2, ...
// The concatenated blocks are truncated to outputBytes. Fails with InvalidParameter for a key
// that is not an AES key or an output longer than 255 blocks.
Result<SecureBytes> cmacCounterKdf(ByteView key, ByteView prefix, ByteView suffix, std::size_t outputBytes);

// The SCP03 KDF (Amendment D 4.1.5): prefix = 11 bytes 00 || derivation constant || 00 ||
// L (2 bytes, big endian, in bits); suffix = context. outputBits must be a positive multiple of 8
// (64, 128, 192 or 256 in SCP03) and at most 0xFFFF.
Result<SecureBytes> scp03Kdf(ByteView key, std::uint8_t derivationConstant, ByteView context, std::size_t outputBits);

} // namespace perso::scp03
