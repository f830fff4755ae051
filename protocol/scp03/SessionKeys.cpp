// SPDX-License-Identifier: Apache-2.0
#include "protocol/scp03/SessionKeys.h"

#include "protocol/scp03/Kdf.h"

namespace perso::scp03 {

namespace {

std::size_t modeBytes(ChallengeMode mode)
{
    return static_cast<std::size_t>(mode);
}

Bytes challengeContext(ByteView hostChallenge, ByteView cardChallenge)
{
    Bytes context;
    context.reserve(hostChallenge.size() + cardChallenge.size());
    append(context, hostChallenge);
    append(context, cardChallenge);
    return context;
}

Bytes cryptogram(const SessionKeys& keys, std::uint8_t constant, ByteView hostChallenge, ByteView cardChallenge)
{
    const std::size_t length = modeBytes(keys.mode);
    if (hostChallenge.size() != length || cardChallenge.size() != length)
        return {};
    auto derived = scp03Kdf(keys.sMac, constant, challengeContext(hostChallenge, cardChallenge), length * 8);
    if (!derived)
        return {};
    return Bytes(derived.value().begin(), derived.value().end());
}

} // namespace

Result<SessionKeys> deriveSessionKeys(const StaticKeys& keys, ByteView hostChallenge, ByteView cardChallenge,
                                      ChallengeMode mode)
{
    const std::size_t keyLength = keys.enc.size();
    if (!isAesKeyLength(keyLength) || keys.mac.size() != keyLength || keys.dek.size() != keyLength)
        return makeError(ErrorCode::InvalidParameter,
                         QStringLiteral("static keys must all be 16, 24 or 32 bytes (ENC %1, MAC %2, DEK %3)")
                             .arg(keys.enc.size())
                             .arg(keys.mac.size())
                             .arg(keys.dek.size()));
    if (mode != ChallengeMode::S8 && mode != ChallengeMode::S16)
        return makeError(ErrorCode::InvalidParameter, QStringLiteral("unknown challenge mode"));
    const std::size_t length = modeBytes(mode);
    if (hostChallenge.size() != length || cardChallenge.size() != length)
        return makeError(ErrorCode::InvalidParameter, QStringLiteral("challenges must be %1 bytes (host %2, card %3)")
                                                          .arg(length)
                                                          .arg(hostChallenge.size())
                                                          .arg(cardChallenge.size()));

    const Bytes context = challengeContext(hostChallenge, cardChallenge);
    const std::size_t bits = keyLength * 8;
    auto sEnc = scp03Kdf(keys.enc, derivation::kSEnc, context, bits);
    auto sMac = scp03Kdf(keys.mac, derivation::kSMac, context, bits);
    auto sRmac = scp03Kdf(keys.mac, derivation::kSRmac, context, bits);
    if (!sEnc)
        return sEnc.error();
    if (!sMac)
        return sMac.error();
    if (!sRmac)
        return sRmac.error();
    SessionKeys out;
    out.sEnc = std::move(sEnc).value();
    out.sMac = std::move(sMac).value();
    out.sRmac = std::move(sRmac).value();
    out.mode = mode;
    return out;
}

Bytes cardCryptogram(const SessionKeys& keys, ByteView hostChallenge, ByteView cardChallenge)
{
    return cryptogram(keys, derivation::kCardCryptogram, hostChallenge, cardChallenge);
}

Bytes hostCryptogram(const SessionKeys& keys, ByteView hostChallenge, ByteView cardChallenge)
{
    return cryptogram(keys, derivation::kHostCryptogram, hostChallenge, cardChallenge);
}

} // namespace perso::scp03
