// SPDX-License-Identifier: Apache-2.0
#include "protocol/wire/Iccid.h"

namespace perso::wire {

Status validateIccid(ByteView iccid)
{
    if (iccid.size() != kIccidLength)
        return makeError(ErrorCode::InvalidLength, QStringLiteral("ICCID of %1 bytes, expected 10").arg(iccid.size()));
    std::size_t digits = 0;
    bool filler = false;
    for (std::size_t i = 0; i < 2 * kIccidLength; ++i) {
        const std::uint8_t byte = iccid[i / 2];
        const int nibble = (i % 2 == 0) ? (byte & 0x0F) : (byte >> 4);
        if (nibble == 0x0F) {
            filler = true;
            continue;
        }
        if (nibble > 9)
            return makeError(ErrorCode::SchemaViolation, QStringLiteral("ICCID nibble %1 is not a BCD digit").arg(i));
        if (filler)
            return makeError(ErrorCode::SchemaViolation,
                             QStringLiteral("ICCID digit after the F filler at nibble %1").arg(i));
        ++digits;
    }
    if (digits < kMinIccidDigits)
        return makeError(ErrorCode::SchemaViolation, QStringLiteral("ICCID has %1 digits, at least 18").arg(digits));
    return Ok{};
}

QString iccidDigits(ByteView iccid)
{
    if (!validateIccid(iccid))
        return {};
    QString out;
    for (std::size_t i = 0; i < 2 * kIccidLength; ++i) {
        const std::uint8_t byte = iccid[i / 2];
        const int nibble = (i % 2 == 0) ? (byte & 0x0F) : (byte >> 4);
        if (nibble == 0x0F)
            break;
        out.append(QChar(u'0' + nibble));
    }
    return out;
}

Result<Bytes> iccidFromDigits(const QString& digits)
{
    const auto n = static_cast<std::size_t>(digits.size());
    if (n < kMinIccidDigits || n > 2 * kIccidLength)
        return makeError(ErrorCode::InvalidLength, QStringLiteral("ICCID of %1 digits, expected 18 to 20").arg(n));
    Bytes out(kIccidLength, 0xFF);
    for (std::size_t i = 0; i < n; ++i) {
        const char16_t c = digits.at(static_cast<qsizetype>(i)).unicode();
        if (c < u'0' || c > u'9')
            return makeError(ErrorCode::SchemaViolation, QStringLiteral("ICCID character %1 is not a digit").arg(i));
        const auto d = static_cast<std::uint8_t>(c - u'0');
        std::uint8_t& byte = out[i / 2];
        byte = (i % 2 == 0) ? static_cast<std::uint8_t>((byte & 0xF0) | d)
                            : static_cast<std::uint8_t>((byte & 0x0F) | (d << 4));
    }
    return out;
}

} // namespace perso::wire
