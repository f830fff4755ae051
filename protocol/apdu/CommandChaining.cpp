// SPDX-License-Identifier: Apache-2.0
#include "protocol/apdu/CommandChaining.h"

#include <algorithm>

namespace perso {

namespace {

constexpr std::uint8_t kChainBit = 0x10;

QString hexByte(std::uint8_t b)
{
    return QStringLiteral("%1").arg(b, 2, 16, QLatin1Char('0')).toUpper();
}

} // namespace

Result<std::vector<CommandApdu>> CommandChaining::split(const CommandApdu& command, std::size_t maxPartData)
{
    if (maxPartData == 0 || maxPartData > CommandApdu::kMaxShortNc)
        return makeError(ErrorCode::InvalidParameter,
                         QStringLiteral("command chaining: part size %1 outside 1..255").arg(maxPartData));
    if (!CommandApdu::isChainingClass(command.cla()))
        return makeError(ErrorCode::InvalidParameter,
                         QStringLiteral("command chaining: class %1 has no chaining bit").arg(hexByte(command.cla())));
    if ((command.cla() & kChainBit) != 0)
        return makeError(
            ErrorCode::InvalidParameter,
            QStringLiteral("command chaining: class %1 already marks a chained part").arg(hexByte(command.cla())));
    const SecureBytes& data = command.data();
    if (data.size() > CommandApdu::kMaxExtendedNc)
        return makeError(ErrorCode::InvalidLength,
                         QStringLiteral("command chaining: %1 data bytes, at most 65535").arg(data.size()));
    if (command.ne() > CommandApdu::kMaxShortNe)
        return makeError(ErrorCode::InvalidLength,
                         QStringLiteral("command chaining: Ne %1 does not fit a short last part").arg(command.ne()));

    std::vector<CommandApdu> parts;
    if (data.size() <= maxPartData) {
        parts.push_back(command);
        return parts;
    }
    parts.reserve((data.size() + maxPartData - 1) / maxPartData);
    for (std::size_t offset = 0; offset < data.size(); offset += maxPartData) {
        const std::size_t length = std::min(maxPartData, data.size() - offset);
        const bool last = offset + length == data.size();
        const auto begin = data.begin() + static_cast<std::ptrdiff_t>(offset);
        parts.emplace_back(static_cast<std::uint8_t>(last ? command.cla() : (command.cla() | kChainBit)), command.ins(),
                           command.p1(), command.p2(), SecureBytes(begin, begin + static_cast<std::ptrdiff_t>(length)),
                           last ? command.ne() : 0);
    }
    return parts;
}

ChainAssembler::ChainAssembler(std::size_t maxTotalData)
    : m_maxTotal(std::min(maxTotalData, CommandApdu::kMaxExtendedNc))
{}

void ChainAssembler::reset()
{
    m_open = false;
    m_first = CommandApdu();
    m_data.clear(); // secure_vector: the released bytes are scrubbed when the buffer is freed
    SecureBytes().swap(m_data);
}

Result<std::optional<CommandApdu>> ChainAssembler::add(const CommandApdu& part)
{
    const bool chained = part.isChainedPart();
    if (!m_open && !chained)
        return std::optional<CommandApdu>(part);

    if (m_open) {
        const auto base = static_cast<std::uint8_t>(part.cla() & ~kChainBit);
        if (base != m_first.cla() || part.ins() != m_first.ins() || part.p1() != m_first.p1() ||
            part.p2() != m_first.p2()) {
            const QString header =
                QStringLiteral("%1 %2 %3 %4")
                    .arg(hexByte(part.cla()), hexByte(part.ins()), hexByte(part.p1()), hexByte(part.p2()));
            reset();
            return makeError(
                ErrorCode::SequenceViolation,
                QStringLiteral("command chaining: header %1 does not continue the open chain").arg(header));
        }
    }
    if (chained && (part.ne() != 0 || part.data().empty())) {
        reset();
        return makeError(ErrorCode::InvalidEncoding,
                         QStringLiteral("command chaining: a non-last part needs data and no Le"));
    }
    if (part.data().size() > m_maxTotal - m_data.size()) {
        const std::size_t total = m_data.size() + part.data().size();
        reset();
        return makeError(ErrorCode::Oversized,
                         QStringLiteral("command chaining: %1 data bytes, limit %2").arg(total).arg(m_maxTotal));
    }

    if (!m_open) {
        m_open = true;
        m_first = CommandApdu(static_cast<std::uint8_t>(part.cla() & ~kChainBit), part.ins(), part.p1(), part.p2());
    }
    m_data.insert(m_data.end(), part.data().begin(), part.data().end());
    if (chained)
        return std::optional<CommandApdu>();

    CommandApdu joined(m_first.cla(), m_first.ins(), m_first.p1(), m_first.p2(), std::move(m_data), part.ne());
    reset();
    return std::optional<CommandApdu>(std::move(joined));
}

} // namespace perso
