// SPDX-License-Identifier: Apache-2.0
#include "issuer/keys/DerivedKeys.h"

#include "protocol/keys/Diversification.h"
#include "protocol/scp03/Kdf.h"

#include <array>

namespace perso::issuer {

IssuerResult<SecureBytes> deriveIssuerKey(ByteView masterKey, std::uint8_t masterKeyVersion,
                                          std::uint8_t derivationConstant, std::size_t outputBytes)
{
    std::array<std::uint8_t, 15> prefix{};
    for (std::size_t i = 0; i < keys::kLabel.size(); ++i)
        prefix[i] = static_cast<std::uint8_t>(keys::kLabel[i]);
    const std::size_t bits = outputBytes * 8;
    prefix[11] = derivationConstant;
    prefix[12] = 0x00;
    prefix[13] = static_cast<std::uint8_t>(bits >> 8);
    prefix[14] = static_cast<std::uint8_t>(bits & 0xFF);
    const std::array<std::uint8_t, 2> context{derivation::kFormatVersion, masterKeyVersion};
    auto key = scp03::cmacCounterKdf(masterKey, prefix, context, outputBytes);
    if (!key)
        return makeIssuerError(IssuerErrorCode::Internal, QStringLiteral("issuer key derivation failed"));
    return std::move(key).value();
}

} // namespace perso::issuer
