// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/apdu/CommandApdu.h"
#include "protocol/apdu/ResponseApdu.h"
#include "protocol/scp03/SessionKeys.h"

#include <cstdint>

namespace perso::scp03 {

// Security level bits (EXTERNAL AUTHENTICATE P1), GP Card Specification v2.3 Amd D.
namespace level {
constexpr std::uint8_t kCMac = 0x01;
constexpr std::uint8_t kCDecryption = 0x02;
constexpr std::uint8_t kRMac = 0x10;
constexpr std::uint8_t kREncryption = 0x20;
} // namespace level

// An established SCP03 secure channel, in either role. The host (issuer) wraps commands and
// unwraps responses; the card (secure terminal) unwraps commands and wraps responses. The MAC
// chaining value and the encryption counter make any dropped, reordered, replayed or altered
// command fail C-MAC verification.
class SecureChannel
{
public:
    enum class Role
    {
        Host,
        Card
    };

    // Position in the command sequence; the issuer keeps one per package step so that it can
    // verify a result that stopped early and resume the chain where the terminal stopped.
    struct State
    {
        Bytes macChainingValue;            // 16 bytes
        std::uint32_t encryptionCounter{}; // commands wrapped so far (with or without data), GP Amd D 6.2.6
        friend bool operator==(const State&, const State&) = default;
    };

    // securityLevel must include kCMac; kREncryption requires kRMac and kCDecryption (GP levels 01, 03,
    // 11, 13, 33). `initial` is the state after EXTERNAL AUTHENTICATE: its C-MAC as chaining value and
    // counter 0 (see Handshake.h, which builds it).
    static Result<SecureChannel> open(SessionKeys keys, std::uint8_t securityLevel, Role role,
                                      State initial = State{Bytes(16, 0x00), 0});

    Role role() const { return m_role; }
    std::uint8_t securityLevel() const { return m_level; }
    ChallengeMode mode() const { return m_keys.mode; }
    State state() const { return m_state; }
    // Host role only: rewinds or advances the chain to a recorded state.
    Status restore(const State& state);

    // Host role. As GP requires, only 9000/62xx/63xx responses carry an R-MAC: a response with any
    // other SW (and no data) is returned as is, unauthenticated; treat it as proof of nothing.
    Result<CommandApdu> wrapCommand(const CommandApdu& plain);
    Result<ResponseApdu> unwrapResponse(const ResponseApdu& wrapped);
    // Card role. After a failed unwrapCommand the channel is closed (keys erased), as GP requires.
    // wrapResponse sends an error SW (not 9000/62xx/63xx) alone, dropping its data, without R-MAC.
    Result<CommandApdu> unwrapCommand(const CommandApdu& wrapped);
    Result<ResponseApdu> wrapResponse(const ResponseApdu& plain);

    bool isOpen() const { return m_open; }
    // Zeroises the session keys; every later call fails with StateViolation.
    void close();

private:
    SecureChannel(SessionKeys keys, std::uint8_t level, Role role, State initial);

    SessionKeys m_keys;
    std::uint8_t m_level = 0;
    Role m_role = Role::Host;
    State m_state;
    bool m_open = false;
};

} // namespace perso::scp03
