// SPDX-License-Identifier: Apache-2.0
#include "pcsc/ReaderFeatures.h"

namespace perso::pcsc {

namespace {

constexpr std::size_t kTlvSize = 6; // tag, length, 4-byte control code
constexpr std::uint8_t kValueLength = 4;

PcscError malformed(QString what, std::size_t offset)
{
    return makePcscError(ErrorKind::MalformedResponse,
                         QStringLiteral("part 10 feature list: %1 at offset %2").arg(what).arg(offset));
}

} // namespace

PcscResult<ReaderFeatures> ReaderFeatures::parse(ByteView tlvs)
{
    ReaderFeatures out;
    std::size_t offset = 0;
    while (offset < tlvs.size()) {
        const std::size_t left = tlvs.size() - offset;
        if (left < 2)
            return malformed(QStringLiteral("truncated TLV header"), offset);
        const std::uint8_t tag = tlvs[offset];
        const std::uint8_t length = tlvs[offset + 1];
        if (tag == 0)
            return malformed(QStringLiteral("tag 00"), offset);
        if (length != kValueLength)
            return malformed(QStringLiteral("length %1 instead of 4").arg(length), offset);
        if (left < kTlvSize)
            return malformed(QStringLiteral("truncated control code"), offset);
        if (out.has(tag))
            return malformed(QStringLiteral("tag %1 twice").arg(tag), offset);
        const std::uint32_t code = (std::uint32_t(tlvs[offset + 2]) << 24) | (std::uint32_t(tlvs[offset + 3]) << 16) |
                                   (std::uint32_t(tlvs[offset + 4]) << 8) | std::uint32_t(tlvs[offset + 5]);
        out.m_features.push_back(ReaderFeature{tag, code});
        offset += kTlvSize;
    }
    return out;
}

std::optional<std::uint32_t> ReaderFeatures::controlCode(std::uint8_t tag) const
{
    for (const auto& f : m_features) {
        if (f.tag == tag)
            return f.controlCode;
    }
    return std::nullopt;
}

} // namespace perso::pcsc
