// SPDX-License-Identifier: Apache-2.0
#include "protocol/package/TlvFields.h"

namespace perso::package::detail {

QString tagName(std::uint32_t tag)
{
    return QString::number(tag, 16).toUpper().rightJustified(2, QLatin1Char('0'));
}

Error FieldReader::fieldError(ErrorCode code, std::uint32_t tag, const QString& what) const
{
    return makeError(code, QStringLiteral("%1: field %2 %3").arg(m_object, tagName(tag), what));
}

bool FieldReader::nextIs(std::uint32_t tag) const
{
    return m_next < m_fields.size() && m_fields[m_next].tag() == tag;
}

Result<const Tlv*> FieldReader::required(std::uint32_t tag)
{
    if (!nextIs(tag)) {
        if (m_next < m_fields.size())
            return fieldError(
                ErrorCode::SchemaViolation, tag,
                QStringLiteral("expected at index %1, found %2").arg(m_next).arg(tagName(m_fields[m_next].tag())));
        return fieldError(ErrorCode::SchemaViolation, tag, QStringLiteral("missing"));
    }
    return &m_fields[m_next++];
}

Result<SecureBytes> FieldReader::bounded(std::uint32_t tag, std::size_t minLength, std::size_t maxLength)
{
    auto field = required(tag);
    if (!field)
        return field.error();
    const Tlv* tlv = field.value();
    if (tlv->isConstructed())
        return fieldError(ErrorCode::InvalidTag, tag, QStringLiteral("must be primitive"));
    const std::size_t length = tlv->value().size();
    if (length < minLength || length > maxLength)
        return fieldError(ErrorCode::InvalidLength, tag,
                          QStringLiteral("has %1 bytes, allowed %2..%3").arg(length).arg(minLength).arg(maxLength));
    return tlv->value();
}

Result<SecureBytes> FieldReader::fixed(std::uint32_t tag, std::size_t length)
{
    return bounded(tag, length, length);
}

Result<std::uint8_t> FieldReader::u8(std::uint32_t tag)
{
    auto value = fixed(tag, 1);
    if (!value)
        return value.error();
    return value.value()[0];
}

Result<std::uint16_t> FieldReader::u16(std::uint32_t tag)
{
    auto value = fixed(tag, 2);
    if (!value)
        return value.error();
    return static_cast<std::uint16_t>((value.value()[0] << 8) | value.value()[1]);
}

Status FieldReader::finish() const
{
    if (m_next != m_fields.size())
        return makeError(ErrorCode::SchemaViolation, QStringLiteral("%1: unexpected field %2 at index %3")
                                                         .arg(m_object, tagName(m_fields[m_next].tag()))
                                                         .arg(m_next));
    return Ok{};
}

Tlv u8Field(std::uint32_t tag, std::uint8_t value)
{
    return Tlv::primitive(tag, SecureBytes{value});
}

Tlv u16Field(std::uint32_t tag, std::uint16_t value)
{
    return Tlv::primitive(tag, SecureBytes{static_cast<std::uint8_t>(value >> 8), static_cast<std::uint8_t>(value)});
}

Tlv bytesField(std::uint32_t tag, ByteView value)
{
    return Tlv::primitive(tag, toSecure(value));
}

} // namespace perso::package::detail
