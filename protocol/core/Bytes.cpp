// SPDX-License-Identifier: Apache-2.0
#include "protocol/core/Bytes.h"

#include <botan/mem_ops.h>

namespace perso {

namespace {

int nibble(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

template <typename Out> Out decodeHex(std::string_view text)
{
    Out out;
    out.reserve(text.size() / 2);
    int high = -1;
    for (char c : text) {
        if (c == ' ' || c == '\n' || c == '\t')
            continue;
        const int n = nibble(c);
        if (n < 0)
            return {};
        if (high < 0) {
            high = n;
        } else {
            out.push_back(static_cast<std::uint8_t>((high << 4) | n));
            high = -1;
        }
    }
    if (high >= 0)
        return {};
    return out;
}

} // namespace

std::string toHex(ByteView bytes)
{
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (std::uint8_t b : bytes) {
        out.push_back(digits[b >> 4]);
        out.push_back(digits[b & 0x0F]);
    }
    return out;
}

Bytes fromHex(std::string_view text)
{
    return decodeHex<Bytes>(text);
}

SecureBytes secureFromHex(std::string_view text)
{
    return decodeHex<SecureBytes>(text);
}

bool constantTimeEqual(ByteView a, ByteView b)
{
    if (a.size() != b.size())
        return false;
    return Botan::constant_time_compare(a.data(), b.data(), a.size());
}

} // namespace perso
