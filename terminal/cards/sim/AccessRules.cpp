// SPDX-License-Identifier: Apache-2.0
#include "terminal/cards/sim/AccessRules.h"

#include "protocol/tlv/BerTlv.h"

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

namespace {

Error badRule(const char* what)
{
    return makeError(ErrorCode::InvalidEncoding, QStringLiteral("access rule record: %1").arg(QLatin1String(what)));
}

Result<Condition> expandedCondition(const Tlv& sc)
{
    if (sc.tag() == 0x90 && sc.value().empty()) {
        return Condition::Always;
    }
    if (sc.tag() == 0x97 && sc.value().empty()) {
        return Condition::Never;
    }
    if (sc.tag() != 0xA4 || sc.children().size() != 2) {
        return badRule("unsupported security condition");
    }
    const Tlv* key = sc.find(0x83);
    const Tlv* usage = sc.find(0x95);
    if (key == nullptr || usage == nullptr || key->value().size() != 1 || usage->value().size() != 1 ||
        usage->value()[0] != 0x08) {
        return badRule("user authentication template");
    }
    switch (key->value()[0]) {
    case 0x01:
        return Condition::Pin1;
    case 0x81:
        return Condition::Pin2;
    case 0x0A:
        return Condition::Adm;
    default:
        return badRule("key reference");
    }
}

} // namespace

Result<AccessRules> AccessRules::fromExpanded(ByteView record)
{
    std::size_t end = record.size();
    while (end > 0 && record[end - 1] == 0xFF) {
        --end;
    }
    TlvLimits limits;
    limits.maxDepth = 2;
    limits.maxObjects = 64;
    auto decoded = BerTlv::decodeAll(record.first(end), limits);
    if (!decoded) {
        return decoded.error();
    }
    const std::vector<Tlv>& objects = decoded.value();
    if (objects.empty() || objects.size() % 2 != 0) {
        return badRule("access mode and condition must come in pairs");
    }
    AccessRules rules;
    for (std::size_t i = 0; i < objects.size(); i += 2) {
        const Tlv& am = objects[i];
        if (am.tag() != 0x80 || am.value().size() != 1 || (am.value()[0] & 0x80) != 0) {
            return badRule("access mode");
        }
        auto condition = expandedCondition(objects[i + 1]);
        if (!condition) {
            return condition.error();
        }
        for (int bit = 0; bit < 7; ++bit) {
            if ((am.value()[0] & (1u << bit)) != 0) {
                rules.m_conditions[static_cast<std::size_t>(bit)] = condition.value();
            }
        }
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
