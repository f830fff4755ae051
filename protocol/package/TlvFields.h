// SPDX-License-Identifier: Apache-2.0
#pragma once

// Internal helpers of protocol/package: strict, ordered reading and writing of the small BER-TLV
// field lists used by instructions, the package container and the result.

#include "protocol/core/Bytes.h"
#include "protocol/core/Result.h"
#include "protocol/tlv/BerTlv.h"

#include <QLatin1String>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace perso::package::detail {

// Reads the fields of one object in their specified order; every field at most once, unknown or
// misplaced fields are errors (SchemaViolation), lengths are checked (InvalidLength).
class FieldReader
{
public:
    FieldReader(const std::vector<Tlv>& fields, QLatin1String object) : m_fields(fields), m_object(object) {}

    bool nextIs(std::uint32_t tag) const;
    Result<const Tlv*> required(std::uint32_t tag);
    // A primitive field of exactly `length` bytes.
    Result<SecureBytes> fixed(std::uint32_t tag, std::size_t length);
    // A primitive field of minLength..maxLength bytes.
    Result<SecureBytes> bounded(std::uint32_t tag, std::size_t minLength, std::size_t maxLength);
    Result<std::uint8_t> u8(std::uint32_t tag);
    Result<std::uint16_t> u16(std::uint32_t tag);
    // SchemaViolation when fields are left over.
    Status finish() const;

    std::size_t position() const { return m_next; }

private:
    Error fieldError(ErrorCode code, std::uint32_t tag, const QString& what) const;

    const std::vector<Tlv>& m_fields;
    QLatin1String m_object;
    std::size_t m_next = 0;
};

QString tagName(std::uint32_t tag);

Tlv u8Field(std::uint32_t tag, std::uint8_t value);
Tlv u16Field(std::uint32_t tag, std::uint16_t value);
Tlv bytesField(std::uint32_t tag, ByteView value);

inline Bytes toPublic(const SecureBytes& b)
{
    return Bytes(b.begin(), b.end());
}
inline SecureBytes toSecure(ByteView b)
{
    return SecureBytes(b.begin(), b.end());
}

} // namespace perso::package::detail
