// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/scp03/SecureChannel.h"

#include <cstddef>
#include <cstdint>
#include <optional>

namespace Botan {
class RandomNumberGenerator;
}

namespace perso::scp03 {

// SCP03 "i" parameter bits (GP Card Specification v2.3 Amendment D, 5.1).
namespace iparam {
constexpr std::uint8_t kS16 = 0x01;                   // 16-byte challenges, cryptograms and MACs
constexpr std::uint8_t kPseudoRandomChallenge = 0x10; // card challenge from a sequence counter
constexpr std::uint8_t kRMacSupport = 0x20;
constexpr std::uint8_t kREncryptionSupport = 0x40;
} // namespace iparam

constexpr std::uint8_t kScp03Identifier = 0x03;
constexpr std::size_t kKeyDiversificationDataLength = 10;
constexpr std::size_t kSequenceCounterLength = 3;

// Data field of the INITIALIZE UPDATE response (Amendment D 7.1.1.6): key diversification data (10)
// || key version || 03 || i || card challenge || card cryptogram [|| sequence counter (3)].
struct InitializeUpdateResponse
{
    Bytes keyDiversificationData;
    std::uint8_t keyVersion = 0;
    std::uint8_t iParameter = 0;
    Bytes cardChallenge;
    Bytes cardCryptogram;
    Bytes sequenceCounter; // present exactly when i has kPseudoRandomChallenge

    ChallengeMode mode() const { return (iParameter & iparam::kS16) ? ChallengeMode::S16 : ChallengeMode::S8; }
    Bytes encode() const;
    // Strict: length must match the mode and pseudo-random flag announced by i; SCP identifier 03.
    static Result<InitializeUpdateResponse> decode(ByteView data);
};

// Host (issuer) side of the SCP03 mutual authentication:
//   initializeUpdate() -> externalAuthenticate(card response) -> complete(card response).
// Calls out of order, or after a failure, fail with StateViolation; a failure erases the session keys.
class HostHandshake
{
public:
    HostHandshake(StaticKeys keys, std::uint8_t securityLevel, ChallengeMode mode = ChallengeMode::S8);

    // INITIALIZE UPDATE 80 50 KVN 00 Lc <host challenge> 00, with a fresh host challenge from rng.
    Result<CommandApdu> initializeUpdate(Botan::RandomNumberGenerator& rng);
    // Same with a caller-chosen challenge (tests, replays of published traces).
    Result<CommandApdu> initializeUpdate(ByteView hostChallenge);
    // Checks the card's response and its card cryptogram (BadCryptogram), derives the session keys
    // and returns the C-MAC'd EXTERNAL AUTHENTICATE 84 82 <level> 00 Lc <host cryptogram> <C-MAC>.
    Result<CommandApdu> externalAuthenticate(const ResponseApdu& initializeUpdateResponse);
    // On the card's 9000 yields the open host channel; the handshake is then done.
    Result<SecureChannel> complete(const ResponseApdu& externalAuthenticateResponse);

    const Bytes& hostChallenge() const { return m_hostChallenge; }
    const Bytes& cardChallenge() const { return m_cardChallenge; }
    const Bytes& keyDiversificationData() const { return m_keyDiversificationData; }
    std::uint8_t keyVersion() const { return m_keyVersion; }

private:
    enum class Step
    {
        Initial,
        AwaitingInitializeUpdateResponse,
        AwaitingExternalAuthenticateResponse,
        Done,
        Failed
    };
    Error fail(Error error);

    StaticKeys m_keys;
    std::uint8_t m_level;
    ChallengeMode m_mode;
    Step m_step = Step::Initial;
    std::uint8_t m_keyVersion = 0;
    Bytes m_hostChallenge;
    Bytes m_cardChallenge;
    Bytes m_keyDiversificationData;
    std::optional<SessionKeys> m_sessionKeys;
    SecureChannel::State m_afterAuthentication;
};

// Card side (the secure terminal's role): answers INITIALIZE UPDATE with a random card challenge
// (the pseudo-random, counter-based challenge is not offered), then checks EXTERNAL AUTHENTICATE
// (host cryptogram: BadCryptogram, C-MAC: BadMac) and yields the open card channel.
class CardHandshake
{
public:
    struct Established
    {
        SecureChannel channel;
        ResponseApdu response; // 9000, to return to the host
    };

    // keyDiversificationData must be 10 bytes (returned verbatim in the response).
    CardHandshake(StaticKeys keys, Bytes keyDiversificationData, ChallengeMode mode = ChallengeMode::S8);

    // Strict parse: CLA 80-83, INS 50, P1 = our key version or 00, P2 00, Lc = challenge length.
    Result<ResponseApdu> initializeUpdate(const CommandApdu& command, Botan::RandomNumberGenerator& rng);
    Result<ResponseApdu> initializeUpdate(const CommandApdu& command, ByteView cardChallenge);
    Result<Established> externalAuthenticate(const CommandApdu& command);

    const Bytes& hostChallenge() const { return m_hostChallenge; }
    const Bytes& cardChallenge() const { return m_cardChallenge; }

private:
    enum class Step
    {
        Initial,
        AwaitingExternalAuthenticate,
        Done,
        Failed
    };
    Error fail(Error error);

    StaticKeys m_keys;
    Bytes m_keyDiversificationData;
    ChallengeMode m_mode;
    Step m_step = Step::Initial;
    Bytes m_hostChallenge;
    Bytes m_cardChallenge;
    std::optional<SessionKeys> m_sessionKeys;
};

} // namespace perso::scp03
