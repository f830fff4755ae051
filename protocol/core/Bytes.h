// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <botan/secmem.h>

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace perso {

// Public bytes: APDU headers, challenges, cryptograms, MACs, ciphertext.
using Bytes = std::vector<std::uint8_t>;

// Bytes that may hold a secret (keys, PINs, plaintext card commands): scrubbed on free.
using SecureBytes = Botan::secure_vector<std::uint8_t>;

using ByteView = std::span<const std::uint8_t>;

// Hex helpers for tests, logs of public values and documents. Never call with secrets in a log.
std::string toHex(ByteView bytes);
// Accepts upper/lower case and ignores spaces; returns an empty vector when the text is not hex.
Bytes fromHex(std::string_view text);
SecureBytes secureFromHex(std::string_view text);

inline ByteView view(const Bytes& b)
{
    return {b.data(), b.size()};
}
inline ByteView view(const SecureBytes& b)
{
    return {b.data(), b.size()};
}

template <typename Container> void append(Container& out, ByteView in)
{
    out.insert(out.end(), in.begin(), in.end());
}

// Constant-time equality of two byte strings of public length (MACs, cryptograms, codes).
bool constantTimeEqual(ByteView a, ByteView b);

} // namespace perso
