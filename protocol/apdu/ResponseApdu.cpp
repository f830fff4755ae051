// SPDX-License-Identifier: Apache-2.0
// ISO/IEC 7816-4:2013 §5.1.3 response APDU: data field (Nr bytes) followed by SW1 SW2.
#include "protocol/apdu/ResponseApdu.h"

namespace perso {

bool ResponseApdu::isSuccess() const
{
    // 9000; 91xx (ETSI TS 102 221 §10.2.1.1: normal ending, proactive command pending);
    // 9Fxx (3GPP TS 51.011 §9.4.1: normal ending, xx bytes of response data available).
    const std::uint8_t s1 = sw1();
    return m_sw == sw::kSuccess || s1 == 0x91 || s1 == 0x9F;
}

SecureBytes ResponseApdu::encode() const
{
    SecureBytes out;
    out.reserve(m_data.size() + 2);
    out.insert(out.end(), m_data.begin(), m_data.end());
    out.push_back(sw1());
    out.push_back(sw2());
    return out;
}

Result<ResponseApdu> ResponseApdu::decode(ByteView raw)
{
    if (raw.size() < 2)
        return makeError(ErrorCode::Truncated,
                         QStringLiteral("response APDU: %1 bytes, SW1 SW2 need 2").arg(raw.size()));
    const std::size_t dataLength = raw.size() - 2;
    if (dataLength > kMaxData)
        return makeError(ErrorCode::Oversized,
                         QStringLiteral("response APDU: %1 data bytes, at most %2").arg(dataLength).arg(kMaxData));
    // ISO/IEC 7816-4 §5.1.3: SW1 is 6X (X != 0) or 9X. 60 is the T=0 NULL procedure byte, never a status.
    const std::uint8_t s1 = raw[dataLength];
    const std::uint8_t high = s1 & 0xF0;
    if (!((high == 0x60 && s1 != 0x60) || high == 0x90))
        return makeError(ErrorCode::InvalidEncoding,
                         QStringLiteral("response APDU: SW1 %1 is not 6X or 9X").arg(s1, 2, 16, QLatin1Char('0')));
    const auto sw = static_cast<std::uint16_t>((std::uint16_t{s1} << 8) | raw[dataLength + 1]);
    return ResponseApdu(sw, SecureBytes(raw.begin(), raw.begin() + static_cast<std::ptrdiff_t>(dataLength)));
}

} // namespace perso
