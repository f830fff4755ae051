// SPDX-License-Identifier: Apache-2.0
#pragma once

// AEAD sealing of customer details under the station data key (the patent's second session key),
// end to end between the station and the issuer, inside TLS.
//
// Algorithm: AES-GCM (key of 16, 24 or 32 bytes), 16-byte tag.
// Nonce (12 bytes): 4-byte direction label || 8-byte big-endian counter. The sealer numbers its boxes
// 1, 2, 3, ... and never reuses a counter; the opener refuses a counter not above the last one it
// accepted (replay, reorder).
// Associated data: session id (16 bytes) || message type (4-byte big-endian).
// Sealed bytes: session id (16) || counter (8) || ciphertext || tag (16).

#include "protocol/core/Bytes.h"
#include "protocol/core/Result.h"

#include <cstdint>
#include <memory>

namespace Botan {
class AEAD_Mode;
}

namespace perso::wire {

class SealedBox
{
public:
    static constexpr std::uint32_t kStationToIssuer = 0x53544E31; // "STN1"
    static constexpr std::uint32_t kIssuerToStation = 0x49535331; // "ISS1"
    static constexpr std::size_t kOverhead = 16 + 8 + 16;

    struct Config
    {
        std::uint32_t sealLabel = kStationToIssuer; // label of the direction this side sends in
        std::uint32_t openLabel = kIssuerToStation; // label of the direction this side receives
        std::uint64_t nextSealCounter = 1;          // persisted by a caller that resumes a session
        std::uint64_t lastOpenedCounter = 0;
    };

    // InvalidParameter for a key not of 16/24/32 bytes, a session id not of 16 bytes, equal labels
    // or a next counter of 0.
    static Result<SealedBox> create(const SecureBytes& key, ByteView sessionId, const Config& config);
    static Result<SealedBox> forStation(const SecureBytes& key, ByteView sessionId);
    static Result<SealedBox> forIssuer(const SecureBytes& key, ByteView sessionId);

    SealedBox(SealedBox&&) noexcept;
    SealedBox& operator=(SealedBox&&) noexcept;
    ~SealedBox();

    // StateViolation once the counter is exhausted.
    Result<Bytes> seal(ByteView plaintext, std::uint32_t messageType);

    // Checks in this order: length (Truncated), session id (WrongSession), counter above the last
    // accepted one (SequenceViolation), tag (BadMac: tampered, wrong key, wrong message type or
    // wrong direction). Only an authentic box advances the counter.
    Result<SecureBytes> open(ByteView sealed, std::uint32_t messageType);

    std::uint64_t nextSealCounter() const { return m_config.nextSealCounter; }
    std::uint64_t lastOpenedCounter() const { return m_config.lastOpenedCounter; }

private:
    SealedBox() = default;

    Bytes m_sessionId;
    Config m_config;
    std::unique_ptr<Botan::AEAD_Mode> m_encryptor;
    std::unique_ptr<Botan::AEAD_Mode> m_decryptor;
};

} // namespace perso::wire
