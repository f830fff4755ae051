// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>

namespace perso::terminal {

// The PIN pad's keys: ten digits and the three function keys of a payment keypad.
enum class Key : std::uint8_t
{
    Digit0,
    Digit1,
    Digit2,
    Digit3,
    Digit4,
    Digit5,
    Digit6,
    Digit7,
    Digit8,
    Digit9,
    Cancel,
    Clear,
    Ok
};

// Digit keys as the ASCII character they type ('0'..'9'); nullopt for function keys.
inline std::optional<char> digitOf(Key key)
{
    const auto value = static_cast<std::uint8_t>(key);
    if (value <= static_cast<std::uint8_t>(Key::Digit9))
        return static_cast<char>('0' + value);
    return std::nullopt;
}

// The key that types the digit '0'..'9'; nullopt for anything else.
inline std::optional<Key> keyForDigit(char digit)
{
    if (digit < '0' || digit > '9')
        return std::nullopt;
    return static_cast<Key>(digit - '0');
}

} // namespace perso::terminal
