// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/core/Bytes.h"
#include "protocol/core/Result.h"

#include <QCborMap>

#include <cstdint>

namespace perso::cards::sim {

// One secret code of the card (PIN1, PIN2, their unblocking keys, ADM1): an 8-byte value in the
// ETSI TS 102 221 §9.5.1 format (ASCII digits padded with FF), a retry counter and, for PINs, the
// enabled flag. A code with an empty value is "not initialised".
class SecretCode
{
public:
    static constexpr std::size_t kLength = 8;

    SecretCode() = default;
    explicit SecretCode(std::uint8_t maxTries) : m_maxTries(maxTries), m_triesLeft(maxTries) {}

    bool initialised() const { return !m_value.empty(); }
    bool blocked() const { return initialised() && m_triesLeft == 0; }
    bool enabled() const { return m_enabled; }
    std::uint8_t triesLeft() const { return m_triesLeft; }
    std::uint8_t maxTries() const { return m_maxTries; }

    // Compares in constant time. A match resets the counter; a mismatch decrements it. The caller
    // checks initialised() and blocked() first.
    bool check(ByteView presented);
    // Sets a new value, resets the counter and enables the code.
    void assign(SecureBytes value);
    void setEnabled(bool enabled) { m_enabled = enabled; }
    void resetCounter() { m_triesLeft = m_maxTries; }

    QCborMap toCbor() const;
    static Result<SecretCode> fromCbor(const QCborMap& map);

    friend bool operator==(const SecretCode&, const SecretCode&) = default;

private:
    SecureBytes m_value;
    std::uint8_t m_maxTries = 3;
    std::uint8_t m_triesLeft = 3;
    bool m_enabled = true;
};

// A presented PIN/PUK block is well formed: 8 bytes, `minDigits`..8 ASCII digits then only FF.
bool isWellFormedCode(ByteView block, std::size_t minDigits);

} // namespace perso::cards::sim
