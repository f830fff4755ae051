// SPDX-License-Identifier: Apache-2.0
#include "terminal/cards/sim/AccessRules.h"

#include <bit>

namespace perso::cards::sim {

std::uint8_t conditionByte(Condition c)
{
    switch (c) {
    case Condition::Always:
        return 0x00;
    case Condition::Pin1:
        return 0x11;
    case Condition::Pin2:
        return 0x12;
    case Condition::Adm:
        return 0x1A;
    case Condition::Never:
        break;
    }
    return 0xFF;
}

Result<Condition> conditionFromByte(std::uint8_t sc)
{
    switch (sc) {
    case 0x00:
        return Condition::Always;
    case 0x11:
        return Condition::Pin1;
    case 0x12:
        return Condition::Pin2;
    case 0x1A:
        return Condition::Adm;
    case 0xFF:
        return Condition::Never;
    default:
        return makeError(ErrorCode::InvalidEncoding, QStringLiteral("unsupported security condition byte"));
    }
}

Bytes AccessRules::compact() const
{
    Bytes out{0x00};
    for (int bit = 6; bit >= 0; --bit) {
        const Condition c = m_conditions[static_cast<std::size_t>(bit)];
        if (c == Condition::Never) {
            continue; // absent = NEVER
        }
        out[0] = static_cast<std::uint8_t>(out[0] | (1u << bit));
        out.push_back(conditionByte(c));
    }
    return out;
}

Result<AccessRules> AccessRules::fromCompact(ByteView value)
{
    if (value.empty() || (value[0] & 0x80) != 0) {
        return makeError(ErrorCode::InvalidEncoding, QStringLiteral("bad access mode byte"));
    }
    const std::uint8_t am = value[0];
    if (static_cast<std::size_t>(std::popcount(am)) != value.size() - 1) {
        return makeError(ErrorCode::InvalidLength, QStringLiteral("security condition count differs from access mode"));
    }
    AccessRules rules;
    std::size_t next = 1;
    for (int bit = 6; bit >= 0; --bit) {
        if ((am & (1u << bit)) == 0) {
            continue;
        }
        auto c = conditionFromByte(value[next++]);
        if (!c) {
            return c.error();
        }
        rules.m_conditions[static_cast<std::size_t>(bit)] = c.value();
    }
    return rules;
}

std::uint8_t AccessRules::gsmNibble(Condition c)
{
    switch (c) {
    case Condition::Always:
        return 0x0;
    case Condition::Pin1:
        return 0x1;
    case Condition::Pin2:
        return 0x2;
    case Condition::Adm:
        return 0xA;
    case Condition::Never:
        break;
    }
    return 0xF;
}

} // namespace perso::cards::sim
