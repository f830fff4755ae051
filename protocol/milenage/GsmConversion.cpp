// SPDX-License-Identifier: Apache-2.0
#include "protocol/milenage/GsmConversion.h"

#include <cstddef>

namespace perso::milenage {

namespace {

Error sizeError(const char* field, const char* expected, std::size_t actual)
{
    return makeError(ErrorCode::InvalidParameter, QStringLiteral("GSM conversion: %1 must be %2 bytes, got %3")
                                                      .arg(QLatin1String(field), QLatin1String(expected))
                                                      .arg(actual));
}

} // namespace

Result<Bytes> sresFromRes(ByteView res)
{
    if (res.size() < 4 || res.size() > 16)
        return sizeError("RES", "4..16", res.size());
    Bytes sres(4, 0);
    // Bytes past the end of RES are the zero padding of XRES*, which leaves the xor unchanged.
    for (std::size_t i = 0; i < res.size(); ++i)
        sres[i % 4] ^= res[i];
    return sres;
}

Result<SecureBytes> kcFromCkIk(const SecureBytes& ck, const SecureBytes& ik)
{
    if (ck.size() != 16)
        return sizeError("CK", "16", ck.size());
    if (ik.size() != 16)
        return sizeError("IK", "16", ik.size());
    SecureBytes kc(8);
    for (std::size_t i = 0; i < 8; ++i)
        kc[i] = ck[i] ^ ck[i + 8] ^ ik[i] ^ ik[i + 8];
    return kc;
}

Result<SecureBytes> ckFromKc(const SecureBytes& kc)
{
    if (kc.size() != 8)
        return sizeError("Kc", "8", kc.size());
    SecureBytes ck(16);
    for (std::size_t i = 0; i < 8; ++i) {
        ck[i] = kc[i];
        ck[i + 8] = kc[i];
    }
    return ck;
}

Result<SecureBytes> ikFromKc(const SecureBytes& kc)
{
    if (kc.size() != 8)
        return sizeError("Kc", "8", kc.size());
    SecureBytes ik(16);
    for (std::size_t i = 0; i < 4; ++i) {
        const auto folded = static_cast<std::uint8_t>(kc[i] ^ kc[i + 4]);
        ik[i] = folded;
        ik[i + 12] = folded;
    }
    for (std::size_t i = 0; i < 8; ++i)
        ik[i + 4] = kc[i];
    return ik;
}

} // namespace perso::milenage
