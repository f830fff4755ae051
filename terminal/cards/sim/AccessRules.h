// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/core/Bytes.h"
#include "protocol/core/Result.h"

#include <array>
#include <cstdint>

namespace perso::cards::sim {

// Who may perform an operation on a file.
enum class Condition : std::uint8_t
{
    Always,
    Pin1,
    Pin2,
    Adm,
    Never
};

// Operations, numbered by their bit in the ISO/IEC 7816-4 compact access mode byte (bit 0 = b1).
// For an EF: b1 READ, b2 UPDATE, b3 WRITE, b4 DEACTIVATE, b5 ACTIVATE, b6 TERMINATE, b7 DELETE.
// For a DF:  b1 DELETE CHILD, b2 CREATE EF, b3 CREATE DF, b4 DEACTIVATE, b5 ACTIVATE, b6 TERMINATE,
//            b7 DELETE.
enum class Operation : std::uint8_t
{
    ReadOrDeleteChild = 0,
    UpdateOrCreateEf = 1,
    WriteOrCreateDf = 2,
    Deactivate = 3,
    Activate = 4,
    Terminate = 5,
    Delete = 6
};

// The access conditions of one file. The card keeps them in the compact format of ISO/IEC 7816-4
// §5.4.3.1 (FCP tag 8C): an access mode byte followed by one security condition byte per set bit,
// from b7 down to b1. Our security condition bytes (a profile of that format, see docs/cards.md):
//   00 = ALW, FF = NEVER, 11 = PIN1 (key ref 01), 12 = PIN2 (key ref 81), 1A = ADM1 (key ref 0A)
// An operation whose bit is absent from the access mode byte is NEVER.
class AccessRules
{
public:
    AccessRules() { m_conditions.fill(Condition::Never); }

    Condition condition(Operation op) const { return m_conditions[static_cast<std::size_t>(op)]; }
    void set(Operation op, Condition c) { m_conditions[static_cast<std::size_t>(op)] = c; }

    // The 8C value (without tag and length).
    Bytes compact() const;
    // Strict: the number of SC bytes must equal the number of bits set in AM (b8 must be 0), each
    // SC byte one of the five above. InvalidEncoding otherwise.
    static Result<AccessRules> fromCompact(ByteView value);

    // One record of an EF.ARR in the expanded format (ISO/IEC 7816-4 §5.4.3.2, ETSI TS 102 221
    // §9.2.4): pairs of an access mode DO `80 01 AM` and one security condition DO: `90 00` ALW,
    // `97 00` NEVER, or `A4 06 83 01 <key ref 01|81|0A> 95 01 08` (user authentication). Trailing FF
    // padding is ignored; OR/AND templates, command-header DOs and anything else are refused.
    static Result<AccessRules> fromExpanded(ByteView record);

    // 3GPP TS 51.011 §9.3 access condition nibble: 0 ALW, 1 CHV1, 2 CHV2, A ADM, F NEVER.
    static std::uint8_t gsmNibble(Condition c);

    friend bool operator==(const AccessRules&, const AccessRules&) = default;

private:
    std::array<Condition, 7> m_conditions{};
};

std::uint8_t conditionByte(Condition c);
Result<Condition> conditionFromByte(std::uint8_t sc);

} // namespace perso::cards::sim
