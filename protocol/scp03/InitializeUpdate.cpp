// SPDX-License-Identifier: Apache-2.0
#include "protocol/scp03/Handshake.h"

namespace perso::scp03 {

Bytes InitializeUpdateResponse::encode() const
{
    Bytes out;
    out.reserve(kKeyDiversificationDataLength + 3 + cardChallenge.size() + cardCryptogram.size() +
                sequenceCounter.size());
    append(out, keyDiversificationData);
    out.push_back(keyVersion);
    out.push_back(kScp03Identifier);
    out.push_back(iParameter);
    append(out, cardChallenge);
    append(out, cardCryptogram);
    append(out, sequenceCounter);
    return out;
}

Result<InitializeUpdateResponse> InitializeUpdateResponse::decode(ByteView data)
{
    constexpr std::size_t kFixed = kKeyDiversificationDataLength + 3;
    if (data.size() < kFixed)
        return makeError(ErrorCode::Truncated,
                         QStringLiteral("INITIALIZE UPDATE response of %1 bytes is truncated").arg(data.size()));
    InitializeUpdateResponse out;
    out.keyVersion = data[10];
    if (data[11] != kScp03Identifier)
        return makeError(
            ErrorCode::UnsupportedVersion,
            QStringLiteral("secure channel protocol %1 is not SCP03").arg(data[11], 2, 16, QLatin1Char('0')));
    out.iParameter = data[12];
    const std::size_t length = static_cast<std::size_t>(out.mode());
    const bool pseudoRandom = (out.iParameter & iparam::kPseudoRandomChallenge) != 0;
    const std::size_t expected = kFixed + 2 * length + (pseudoRandom ? kSequenceCounterLength : 0);
    if (data.size() != expected)
        return makeError(ErrorCode::InvalidLength,
                         QStringLiteral("INITIALIZE UPDATE response is %1 bytes, i=%2 requires %3")
                             .arg(data.size())
                             .arg(out.iParameter, 2, 16, QLatin1Char('0'))
                             .arg(expected));
    const auto slice = [&](std::size_t offset, std::size_t size) {
        return Bytes(data.begin() + static_cast<std::ptrdiff_t>(offset),
                     data.begin() + static_cast<std::ptrdiff_t>(offset + size));
    };
    out.keyDiversificationData = slice(0, kKeyDiversificationDataLength);
    out.cardChallenge = slice(kFixed, length);
    out.cardCryptogram = slice(kFixed + length, length);
    if (pseudoRandom)
        out.sequenceCounter = slice(kFixed + 2 * length, kSequenceCounterLength);
    return out;
}

} // namespace perso::scp03
