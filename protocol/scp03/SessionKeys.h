// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/core/Bytes.h"
#include "protocol/core/Result.h"

#include <cstdint>

namespace perso::scp03 {

// "i" parameter: 8-byte (S8) or 16-byte (S16) challenges, cryptograms and MACs.
enum class ChallengeMode : std::uint8_t
{
    S8 = 8,
    S16 = 16
};

// The static key set of one SCP03 key version: AES-128, -192 or -256, all three the same length.
struct StaticKeys
{
    SecureBytes enc;
    SecureBytes mac;
    SecureBytes dek;
    std::uint8_t keyVersion = 0x30;
};

struct SessionKeys
{
    SecureBytes sEnc;
    SecureBytes sMac;
    SecureBytes sRmac;
    ChallengeMode mode = ChallengeMode::S8;
};

// Fails with InvalidParameter unless the keys are 16, 24 or 32 bytes and all of one length, and
// both challenges have the mode's length.
Result<SessionKeys> deriveSessionKeys(const StaticKeys& keys, ByteView hostChallenge, ByteView cardChallenge,
                                      ChallengeMode mode);

// Card and host cryptograms (derivation constants 00 and 01), mode-length bytes.
Bytes cardCryptogram(const SessionKeys& keys, ByteView hostChallenge, ByteView cardChallenge);
Bytes hostCryptogram(const SessionKeys& keys, ByteView hostChallenge, ByteView cardChallenge);

} // namespace perso::scp03
