// SPDX-License-Identifier: Apache-2.0
#pragma once

// Reconnect delays for the issuer link: 1, 2, 4, 8, 16, 30, 30 … seconds, each with ±20 % jitter so
// that the stations of a region do not all come back in the same second after an outage.

#include <chrono>
#include <functional>

namespace perso::station {

class Backoff
{
public:
    // `uniform` returns a number in [0, 1); empty = QRandomGenerator::global().
    explicit Backoff(std::function<double()> uniform = {});

    // The delay before the next attempt; every call moves one step up the ladder.
    std::chrono::milliseconds next();
    // After a successful connection: the next delay is about 1 s again.
    void reset() { m_attempt = 0; }
    int attempts() const { return m_attempt; }

    // The delay of attempt `n` (0-based) without jitter: 1 s, 2 s, 4 s, 8 s, 16 s, then 30 s.
    static std::chrono::milliseconds baseDelay(int attempt);

    static constexpr double kJitter = 0.2;
    static constexpr std::chrono::milliseconds kMaxDelay{30'000};

private:
    std::function<double()> m_uniform;
    int m_attempt = 0;
};

} // namespace perso::station
