// SPDX-License-Identifier: Apache-2.0
// ISO/IEC 7816-4:2013 §5.1 command APDU coding. Short form: Lc and Le one byte each (Le 00 = 256).
// Extended form: Lc is 00 XX XX; Le is XX XX after an extended Lc, 00 XX XX without data (case 2E);
// Le 0000 = 65536. Short and extended fields are never mixed in one command.
#include "protocol/apdu/CommandApdu.h"

namespace perso {

namespace {

Error lengthError(ErrorCode code, const char* what, std::size_t size)
{
    return makeError(code, QStringLiteral("command APDU: %1 (%2 bytes)").arg(QLatin1String(what)).arg(size));
}

std::size_t be16(ByteView raw, std::size_t at)
{
    return (std::size_t{raw[at]} << 8) | raw[at + 1];
}

// Short Le byte: 00 means 256. Extended Le: 0000 means 65536.
std::size_t shortNe(std::uint8_t le)
{
    return le == 0 ? 256 : le;
}
std::size_t extendedNe(std::size_t le)
{
    return le == 0 ? 65536 : le;
}

} // namespace

CommandApdu::CommandApdu(std::uint8_t cla, std::uint8_t ins, std::uint8_t p1, std::uint8_t p2, SecureBytes data,
                         std::size_t ne)
    : m_cla(cla), m_ins(ins), m_p1(p1), m_p2(p2), m_data(std::move(data)), m_ne(ne)
{}

CommandApdu::Case CommandApdu::apduCase() const
{
    if (m_data.empty())
        return m_ne == 0 ? Case::Case1 : Case::Case2;
    return m_ne == 0 ? Case::Case3 : Case::Case4;
}

bool CommandApdu::needsExtendedLength() const
{
    return m_data.size() > kMaxShortNc || m_ne > kMaxShortNe;
}

bool CommandApdu::isChainedPart() const
{
    return isChainingClass(m_cla) && (m_cla & 0x10) != 0;
}

Result<SecureBytes> CommandApdu::encode() const
{
    if (m_data.size() > kMaxExtendedNc)
        return lengthError(ErrorCode::InvalidLength, "data field longer than 65535", m_data.size());
    if (m_ne > kMaxExtendedNe)
        return makeError(ErrorCode::InvalidLength, QStringLiteral("command APDU: Ne %1 above 65536").arg(m_ne));

    SecureBytes out;
    out.reserve(4 + 3 + m_data.size() + 3);
    out.insert(out.end(), {m_cla, m_ins, m_p1, m_p2});

    if (!needsExtendedLength()) {
        if (!m_data.empty()) {
            out.push_back(static_cast<std::uint8_t>(m_data.size()));
            out.insert(out.end(), m_data.begin(), m_data.end());
        }
        if (m_ne != 0)
            out.push_back(static_cast<std::uint8_t>(m_ne & 0xFF)); // 256 -> 00
        return out;
    }

    if (!m_data.empty()) {
        out.insert(out.end(), {0x00, static_cast<std::uint8_t>(m_data.size() >> 8),
                               static_cast<std::uint8_t>(m_data.size() & 0xFF)});
        out.insert(out.end(), m_data.begin(), m_data.end());
    } else {
        out.push_back(0x00); // case 2E: the Le field carries the 00 marker itself
    }
    if (m_ne != 0) {
        const std::size_t le = m_ne & 0xFFFF; // 65536 -> 0000
        out.insert(out.end(), {static_cast<std::uint8_t>(le >> 8), static_cast<std::uint8_t>(le & 0xFF)});
    }
    return out;
}

Result<CommandApdu> CommandApdu::decode(ByteView raw)
{
    return decode(raw, DecodeOptions{});
}

Result<CommandApdu> CommandApdu::decode(ByteView raw, const DecodeOptions& options)
{
    const std::size_t n = raw.size();
    if (n < 4)
        return lengthError(ErrorCode::Truncated, "shorter than the 4-byte header", n);

    CommandApdu apdu(raw[0], raw[1], raw[2], raw[3]);
    if (n == 4)
        return apdu; // case 1

    const std::uint8_t b1 = raw[4];
    if (n == 5) { // case 2S
        apdu.m_ne = shortNe(b1);
        return apdu;
    }

    if (b1 != 0) { // short Lc: case 3S or 4S
        const std::size_t nc = b1;
        if (n < 5 + nc)
            return lengthError(ErrorCode::Truncated, "data field shorter than Lc", n);
        if (n > 6 + nc)
            return lengthError(ErrorCode::TrailingData, "bytes after the short Le field", n);
        apdu.m_data.assign(raw.begin() + 5, raw.begin() + 5 + static_cast<std::ptrdiff_t>(nc));
        if (n == 6 + nc)
            apdu.m_ne = shortNe(raw[n - 1]);
        return apdu;
    }

    // b1 == 00 with more bytes: the extended form (ISO/IEC 7816-4 §5.1). A short Lc of 00 is invalid.
    if (n == 6)
        return lengthError(ErrorCode::InvalidLength, "Lc 00 in short form or a two-byte extended length field", n);
    if (n == 7) { // case 2E
        apdu.m_ne = extendedNe(be16(raw, 5));
        if (apdu.m_ne <= kMaxShortNe && !options.allowExtendedForShortLengths)
            return lengthError(ErrorCode::InvalidLength, "extended Le where the short form suffices", n);
        return apdu;
    }

    const std::size_t nc = be16(raw, 5);
    if (nc == 0)
        return lengthError(ErrorCode::InvalidLength, "extended Lc 0000", n);
    if (n < 7 + nc)
        return lengthError(ErrorCode::Truncated, "data field shorter than the extended Lc", n);
    if (n == 8 + nc)
        return lengthError(ErrorCode::InvalidLength, "one-byte Le after an extended Lc", n);
    if (n > 9 + nc)
        return lengthError(ErrorCode::TrailingData, "bytes after the extended Le field", n);
    if (n == 9 + nc)
        apdu.m_ne = extendedNe(be16(raw, n - 2));
    if (nc <= kMaxShortNc && apdu.m_ne <= kMaxShortNe && !options.allowExtendedForShortLengths)
        return lengthError(ErrorCode::InvalidLength, "extended lengths where the short form suffices", n);
    apdu.m_data.assign(raw.begin() + 7, raw.begin() + 7 + static_cast<std::ptrdiff_t>(nc));
    return apdu;
}

} // namespace perso
