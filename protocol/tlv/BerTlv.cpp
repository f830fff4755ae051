// SPDX-License-Identifier: Apache-2.0
// BER-TLV as ISO/IEC 7816-4:2013 §5.2.2 restricts it (tags of 1-3 bytes, definite lengths), decoded
// strictly: every accepted input is the encoding encode() produces for the decoded objects.
#include "protocol/tlv/BerTlv.h"

#include <optional>

namespace perso {

namespace {

std::uint8_t leadingTagByte(std::uint32_t tag)
{
    if (tag > 0xFFFF)
        return static_cast<std::uint8_t>(tag >> 16);
    if (tag > 0xFF)
        return static_cast<std::uint8_t>(tag >> 8);
    return static_cast<std::uint8_t>(tag);
}

QString hexTag(std::uint32_t tag)
{
    return QStringLiteral("%1").arg(tag, 2, 16, QLatin1Char('0')).toUpper();
}

class Decoder
{
public:
    Decoder(ByteView input, const TlvLimits& limits) : m_in(input), m_limits(limits) {}

    // Decodes the objects of m_in[begin, end) into out; depth = constructed levels above them.
    std::optional<Error> decodeSequence(std::size_t begin, std::size_t end, std::size_t depth, std::vector<Tlv>& out)
    {
        std::size_t pos = begin;
        while (pos < end) {
            Tlv tlv;
            if (auto error = decodeObject(pos, end, depth, tlv))
                return error;
            out.push_back(std::move(tlv));
        }
        return std::nullopt;
    }

    // Decodes one object starting at pos (advanced past it), within [pos, end).
    std::optional<Error> decodeObject(std::size_t& pos, std::size_t end, std::size_t depth, Tlv& out)
    {
        const std::size_t start = pos;
        if (++m_objects > m_limits.maxObjects)
            return makeError(
                ErrorCode::Oversized,
                QStringLiteral("BER-TLV: more than %1 objects (offset %2)").arg(m_limits.maxObjects).arg(start));
        std::uint32_t tag = 0;
        if (auto error = readTag(pos, end, tag))
            return error;
        std::size_t length = 0;
        if (auto error = readLength(pos, end, tag, length))
            return error;
        const std::size_t valueBegin = pos;
        pos += length;

        if ((leadingTagByte(tag) & 0x20) == 0) {
            out = Tlv::primitive(tag, SecureBytes(m_in.begin() + static_cast<std::ptrdiff_t>(valueBegin),
                                                  m_in.begin() + static_cast<std::ptrdiff_t>(pos)));
            return std::nullopt;
        }
        if (depth + 1 > m_limits.maxDepth)
            return makeError(ErrorCode::NestingTooDeep,
                             QStringLiteral("BER-TLV: tag %1 at offset %2 nests deeper than %3 levels")
                                 .arg(hexTag(tag))
                                 .arg(start)
                                 .arg(m_limits.maxDepth));
        std::vector<Tlv> children;
        if (auto error = decodeSequence(valueBegin, pos, depth + 1, children))
            return error;
        out = Tlv::constructed(tag, std::move(children));
        return std::nullopt;
    }

private:
    std::optional<Error> readTag(std::size_t& pos, std::size_t end, std::uint32_t& tag)
    {
        const std::size_t start = pos;
        const std::uint8_t first = m_in[pos++];
        if (first == 0x00 || first == 0xFF)
            return makeError(ErrorCode::InvalidTag,
                             QStringLiteral("BER-TLV: padding byte %1 at offset %2 where a tag starts")
                                 .arg(hexTag(first))
                                 .arg(start));
        tag = first;
        if ((first & 0x1F) != 0x1F)
            return std::nullopt;

        // Subsequent bytes: ISO/IEC 7816-4 §5.2.2.1 - the second byte is 1F..7F (two-byte tag) or 81..FF
        // followed by a third byte 00..7F; second bytes 00..1E and 80 are non-minimal.
        for (int index = 1; index <= 2; ++index) {
            if (pos >= end)
                return makeError(ErrorCode::Truncated,
                                 QStringLiteral("BER-TLV: tag at offset %1 is cut off").arg(start));
            const std::uint8_t b = m_in[pos++];
            if (index == 1 && (b < 0x1F || b == 0x80))
                return makeError(ErrorCode::InvalidTag,
                                 QStringLiteral("BER-TLV: non-minimal tag at offset %1").arg(start));
            tag = (tag << 8) | b;
            if ((b & 0x80) == 0)
                return std::nullopt;
        }
        return makeError(ErrorCode::InvalidTag,
                         QStringLiteral("BER-TLV: tag at offset %1 longer than 3 bytes").arg(start));
    }

    std::optional<Error> readLength(std::size_t& pos, std::size_t end, std::uint32_t tag, std::size_t& length)
    {
        const std::size_t start = pos;
        if (pos >= end)
            return makeError(ErrorCode::Truncated,
                             QStringLiteral("BER-TLV: tag %1 has no length (offset %2)").arg(hexTag(tag)).arg(start));
        const std::uint8_t first = m_in[pos++];
        if (first < 0x80) {
            length = first;
        } else {
            const std::size_t count = first & 0x7F;
            if (count == 0 || count > 3)
                return makeError(ErrorCode::InvalidLength,
                                 QStringLiteral("BER-TLV: length byte %1 at offset %2 (indefinite or over 3 bytes)")
                                     .arg(hexTag(first))
                                     .arg(start));
            if (end - pos < count)
                return makeError(ErrorCode::Truncated,
                                 QStringLiteral("BER-TLV: length at offset %1 is cut off").arg(start));
            length = 0;
            for (std::size_t i = 0; i < count; ++i)
                length = (length << 8) | m_in[pos++];
            // Minimal: 81 only for 80..FF, 82 only from 0100, 83 only from 010000.
            const std::size_t minimum = count == 1 ? 0x80 : (std::size_t{1} << (8 * (count - 1)));
            if (length < minimum)
                return makeError(ErrorCode::InvalidLength,
                                 QStringLiteral("BER-TLV: non-minimal length at offset %1").arg(start));
        }
        if (length > m_limits.maxValueLength)
            return makeError(ErrorCode::Oversized, QStringLiteral("BER-TLV: tag %1 length %2 above the limit %3")
                                                       .arg(hexTag(tag))
                                                       .arg(length)
                                                       .arg(m_limits.maxValueLength));
        if (length > end - pos)
            return makeError(ErrorCode::Truncated, QStringLiteral("BER-TLV: tag %1 announces %2 bytes, %3 remain")
                                                       .arg(hexTag(tag))
                                                       .arg(length)
                                                       .arg(end - pos));
        return std::nullopt;
    }

    ByteView m_in;
    const TlvLimits& m_limits;
    std::size_t m_objects = 0;
};

std::size_t tagSize(std::uint32_t tag)
{
    return tag > 0xFFFF ? 3 : tag > 0xFF ? 2 : 1;
}
std::size_t lengthSize(std::size_t length)
{
    return length < 0x80 ? 1 : length <= 0xFF ? 2 : length <= 0xFFFF ? 3 : 4;
}

// Length of the value field: the value, or the encoded children of a constructed object.
std::size_t contentSize(const Tlv& tlv)
{
    if (!tlv.isConstructed())
        return tlv.value().size();
    std::size_t total = 0;
    for (const Tlv& child : tlv.children()) {
        const std::size_t inner = contentSize(child);
        total += tagSize(child.tag()) + lengthSize(inner) + inner;
    }
    return total;
}

// Writes straight into out (one buffer, no per-level copies); content sizes come from contentSize().
void appendEncoded(SecureBytes& out, const Tlv& tlv)
{
    BerTlv::appendTag(out, tlv.tag());
    BerTlv::appendLength(out, contentSize(tlv));
    if (!tlv.isConstructed()) {
        out.insert(out.end(), tlv.value().begin(), tlv.value().end());
        return;
    }
    for (const Tlv& child : tlv.children())
        appendEncoded(out, child);
}

std::size_t encodedSize(const Tlv& tlv)
{
    const std::size_t inner = contentSize(tlv);
    return tagSize(tlv.tag()) + lengthSize(inner) + inner;
}

} // namespace

Tlv Tlv::primitive(std::uint32_t tag, SecureBytes value)
{
    Tlv tlv;
    tlv.m_tag = tag;
    tlv.m_value = std::move(value);
    return tlv;
}

Tlv Tlv::constructed(std::uint32_t tag, std::vector<Tlv> children)
{
    Tlv tlv;
    tlv.m_tag = tag;
    tlv.m_children = std::move(children);
    return tlv;
}

bool Tlv::isConstructed() const
{
    return (leadingTagByte(m_tag) & 0x20) != 0;
}

const Tlv* Tlv::find(std::uint32_t tag) const
{
    for (const Tlv& child : m_children) {
        if (child.tag() == tag)
            return &child;
    }
    return nullptr;
}

namespace BerTlv {

bool isValidTag(std::uint32_t tag)
{
    if (tag == 0 || tag > 0xFFFFFF)
        return false;
    const std::uint8_t first = leadingTagByte(tag);
    if (first == 0xFF)
        return false;
    const bool multiByte = tag > 0xFF;
    if ((first & 0x1F) != 0x1F)
        return !multiByte;
    if (!multiByte)
        return false; // 1F..FF with 11111 need subsequent bytes
    if (tag <= 0xFFFF) {
        const std::uint8_t second = tag & 0xFF;
        return second >= 0x1F && second <= 0x7F;
    }
    const std::uint8_t second = (tag >> 8) & 0xFF;
    const std::uint8_t third = tag & 0xFF;
    return second >= 0x81 && third <= 0x7F;
}

Result<std::vector<Tlv>> decodeAll(ByteView input, const TlvLimits& limits)
{
    Decoder decoder(input, limits);
    std::vector<Tlv> out;
    if (auto error = decoder.decodeSequence(0, input.size(), 0, out))
        return *error;
    return out;
}

Result<Tlv> decodeOne(ByteView input, const TlvLimits& limits)
{
    if (input.empty())
        return makeError(ErrorCode::Truncated, QStringLiteral("BER-TLV: empty input"));
    Decoder decoder(input, limits);
    std::size_t pos = 0;
    Tlv tlv;
    if (auto error = decoder.decodeObject(pos, input.size(), 0, tlv))
        return *error;
    if (pos != input.size())
        return makeError(ErrorCode::TrailingData,
                         QStringLiteral("BER-TLV: %1 bytes after the object").arg(input.size() - pos));
    return tlv;
}

SecureBytes encode(const Tlv& tlv)
{
    SecureBytes out;
    out.reserve(encodedSize(tlv));
    appendEncoded(out, tlv);
    return out;
}

SecureBytes encode(const std::vector<Tlv>& tlvs)
{
    SecureBytes out;
    std::size_t total = 0;
    for (const Tlv& tlv : tlvs)
        total += encodedSize(tlv);
    out.reserve(total);
    for (const Tlv& tlv : tlvs)
        appendEncoded(out, tlv);
    return out;
}

void appendTag(SecureBytes& out, std::uint32_t tag)
{
    if (tag > 0xFFFF)
        out.push_back(static_cast<std::uint8_t>(tag >> 16));
    if (tag > 0xFF)
        out.push_back(static_cast<std::uint8_t>(tag >> 8));
    out.push_back(static_cast<std::uint8_t>(tag));
}

void appendLength(SecureBytes& out, std::size_t length)
{
    if (length < 0x80) {
        out.push_back(static_cast<std::uint8_t>(length));
    } else if (length <= 0xFF) {
        out.insert(out.end(), {0x81, static_cast<std::uint8_t>(length)});
    } else if (length <= 0xFFFF) {
        out.insert(out.end(), {0x82, static_cast<std::uint8_t>(length >> 8), static_cast<std::uint8_t>(length)});
    } else {
        // Lengths above 0xFFFFFF cannot be encoded in the 83 form; callers never build such objects.
        out.insert(out.end(), {0x83, static_cast<std::uint8_t>(length >> 16), static_cast<std::uint8_t>(length >> 8),
                               static_cast<std::uint8_t>(length)});
    }
}

} // namespace BerTlv

} // namespace perso
