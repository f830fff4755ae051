// SPDX-License-Identifier: Apache-2.0
#include "app/issuerlink/Backoff.h"

#include <QRandomGenerator>

#include <algorithm>
#include <cmath>

namespace perso::station {

Backoff::Backoff(std::function<double()> uniform) : m_uniform(std::move(uniform))
{
    if (!m_uniform)
        m_uniform = [] { return QRandomGenerator::global()->generateDouble(); };
}

std::chrono::milliseconds Backoff::baseDelay(int attempt)
{
    if (attempt < 0)
        attempt = 0;
    if (attempt >= 5) // 2^5 s = 32 s is above the cap already
        return kMaxDelay;
    return std::min(kMaxDelay, std::chrono::milliseconds(1000LL << attempt));
}

std::chrono::milliseconds Backoff::next()
{
    const auto base = baseDelay(m_attempt);
    if (m_attempt < 1000)
        ++m_attempt;
    const double u = std::clamp(m_uniform(), 0.0, 1.0);
    const double factor = 1.0 - kJitter + 2.0 * kJitter * u; // 0.8 … 1.2
    return std::chrono::milliseconds(std::llround(static_cast<double>(base.count()) * factor));
}

} // namespace perso::station
