// SPDX-License-Identifier: Apache-2.0
#include "protocol/scp03/Kdf.h"

#include <botan/mac.h>
#include <botan/mem_ops.h>

#include <array>
#include <string>

namespace perso::scp03 {

namespace {

constexpr std::size_t kBlockBytes = 16;

std::string cmacName(std::size_t keyLength)
{
    return "CMAC(AES-" + std::to_string(keyLength * 8) + ")";
}

} // namespace

bool isAesKeyLength(std::size_t length)
{
    return length == 16 || length == 24 || length == 32;
}

Result<SecureBytes> cmacCounterKdf(ByteView key, ByteView prefix, ByteView suffix, std::size_t outputBytes)
{
    if (!isAesKeyLength(key.size()))
        return makeError(ErrorCode::InvalidParameter,
                         QStringLiteral("KDF key must be 16, 24 or 32 bytes, got %1").arg(key.size()));
    const std::size_t blocks = (outputBytes + kBlockBytes - 1) / kBlockBytes;
    if (outputBytes == 0 || blocks > 0xFF)
        return makeError(ErrorCode::InvalidParameter,
                         QStringLiteral("KDF output of %1 bytes is out of range").arg(outputBytes));

    auto mac = Botan::MessageAuthenticationCode::create_or_throw(cmacName(key.size()));
    mac->set_key(key.data(), key.size());

    SecureBytes out;
    out.reserve(blocks * kBlockBytes);
    std::array<std::uint8_t, kBlockBytes> block{};
    for (std::size_t i = 1; i <= blocks; ++i) {
        mac->update(prefix.data(), prefix.size());
        mac->update(static_cast<std::uint8_t>(i));
        mac->update(suffix.data(), suffix.size());
        mac->final(block.data());
        out.insert(out.end(), block.begin(), block.end());
    }
    Botan::secure_scrub_memory(block.data(), block.size());
    out.resize(outputBytes);
    return out;
}

Result<SecureBytes> scp03Kdf(ByteView key, std::uint8_t derivationConstant, ByteView context, std::size_t outputBits)
{
    if (outputBits == 0 || outputBits % 8 != 0 || outputBits > 0xFFFF)
        return makeError(ErrorCode::InvalidParameter,
                         QStringLiteral("SCP03 KDF output length %1 bits is not supported").arg(outputBits));
    std::array<std::uint8_t, 15> prefix{}; // 11 x 00, constant, 00 separator, L (2 bytes)
    prefix[11] = derivationConstant;
    prefix[12] = 0x00;
    prefix[13] = static_cast<std::uint8_t>(outputBits >> 8);
    prefix[14] = static_cast<std::uint8_t>(outputBits & 0xFF);
    return cmacCounterKdf(key, prefix, context, outputBits / 8);
}

} // namespace perso::scp03
