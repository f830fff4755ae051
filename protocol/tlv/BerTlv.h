// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/core/Bytes.h"
#include "protocol/core/Result.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace perso {

// One BER-TLV data object (ISO/IEC 7816-4 §5.2 / ITU-T X.690 subset used by smart cards).
// The tag is kept as its encoded bytes packed big-endian into a uint32 (1-3 tag bytes, e.g. 0x62,
// 0x9F70, 0xDF8101). A constructed object (tag bit b6 of the first byte) has children and no
// value of its own; a primitive one has a value and no children.
class Tlv
{
public:
    Tlv() = default;
    static Tlv primitive(std::uint32_t tag, SecureBytes value);
    static Tlv constructed(std::uint32_t tag, std::vector<Tlv> children);

    std::uint32_t tag() const { return m_tag; }
    bool isConstructed() const;
    const SecureBytes& value() const { return m_value; }
    const std::vector<Tlv>& children() const { return m_children; }

    // First direct child with this tag, or nullptr.
    const Tlv* find(std::uint32_t tag) const;

    friend bool operator==(const Tlv&, const Tlv&) = default;

private:
    std::uint32_t m_tag = 0;
    SecureBytes m_value;
    std::vector<Tlv> m_children;
};

struct TlvLimits
{
    std::size_t maxDepth = 8;           // constructed nesting levels
    std::size_t maxValueLength = 65535; // any single length field
    std::size_t maxObjects = 1024;      // objects in one decode call, all levels
};

namespace BerTlv {

// Strict decoding: tags of 1-3 bytes with minimal encoding, definite lengths only (short form or
// 81/82/83 long form, minimal), no indefinite length, every length checked against the input
// before use, no trailing bytes. 00/FF padding between objects is rejected.
Result<std::vector<Tlv>> decodeAll(ByteView input, const TlvLimits& limits = {});
// Exactly one object and nothing after it.
Result<Tlv> decodeOne(ByteView input, const TlvLimits& limits = {});

SecureBytes encode(const Tlv& tlv);
SecureBytes encode(const std::vector<Tlv>& tlvs);

// Encodes a tag (1-3 bytes) and a definite length (minimal form) into out.
void appendTag(SecureBytes& out, std::uint32_t tag);
void appendLength(SecureBytes& out, std::size_t length);

// True when tag is a 1-3 byte tag that decodeAll() accepts (ISO/IEC 7816-4 §5.2.2.1: no 00/FF first
// byte, second byte 1F..7F or 81..FF, third byte 00..7F). encode() writes whatever tag it is given:
// objects built in code should use valid tags, values up to 0xFFFFFF bytes, and primitive()/constructed()
// according to the tag's b6 bit (encode() writes the children of a constructed tag, the value otherwise).
bool isValidTag(std::uint32_t tag);

} // namespace BerTlv

} // namespace perso
