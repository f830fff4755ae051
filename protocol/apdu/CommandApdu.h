// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/core/Bytes.h"
#include "protocol/core/Result.h"

#include <cstddef>
#include <cstdint>

namespace perso {

// An ISO/IEC 7816-4 command APDU (cases 1-4, short or extended length).
// The data field is SecureBytes because plaintext card commands may carry PINs, keys or Ki.
class CommandApdu
{
public:
    static constexpr std::size_t kMaxShortNc = 255;
    static constexpr std::size_t kMaxShortNe = 256;
    static constexpr std::size_t kMaxExtendedNc = 65535;
    static constexpr std::size_t kMaxExtendedNe = 65536;

    enum class Case
    {
        Case1, // no data, no Le
        Case2, // Le only
        Case3, // data only
        Case4  // data and Le
    };

    CommandApdu() = default;
    // ne == 0 means "no Le field"; 1..65536 is the maximum expected response length (Ne).
    CommandApdu(std::uint8_t cla, std::uint8_t ins, std::uint8_t p1, std::uint8_t p2, SecureBytes data = {},
                std::size_t ne = 0);

    std::uint8_t cla() const { return m_cla; }
    std::uint8_t ins() const { return m_ins; }
    std::uint8_t p1() const { return m_p1; }
    std::uint8_t p2() const { return m_p2; }
    const SecureBytes& data() const { return m_data; }
    std::size_t ne() const { return m_ne; }

    void setCla(std::uint8_t cla) { m_cla = cla; }
    void setData(SecureBytes data) { m_data = std::move(data); }
    void setNe(std::size_t ne) { m_ne = ne; }

    Case apduCase() const;
    // True when Nc > 255 or Ne > 256, i.e. the command needs the extended length form.
    bool needsExtendedLength() const;
    // CLA bit b5 (0x10) for first-interindustry classes: "more commands of this chain follow".
    // Also honoured for the GlobalPlatform proprietary classes 0x80-0x9F (see isChainingClass).
    bool isChainedPart() const;

    // Classes whose bit b5 (0x10) is the command-chaining bit: b7 b6 = 00, i.e. first-interindustry
    // 0x00-0x1F and the GlobalPlatform proprietary classes 0x80-0x9F that copy its layout. GSM A0,
    // RFU 0x20-0x3F and the further-interindustry layouts are not chained by this library.
    static bool isChainingClass(std::uint8_t cla) { return (cla & 0x60) == 0; }

    // Short form when the lengths allow it, extended otherwise. Fails with InvalidLength when
    // Nc > 65535 or Ne > 65536.
    Result<SecureBytes> encode() const;

    struct DecodeOptions
    {
        // ISO/IEC 7816-4 lets a sender use the extended form for lengths that fit the short form.
        // The default decoder refuses that (InvalidLength) so that every accepted encoding is the
        // one encode() produces; set this to accept such commands from foreign hosts.
        bool allowExtendedForShortLengths = false;
    };

    // Strict: exactly one well-formed case 1-4 encoding, short or extended, and nothing after it.
    // Truncated: fewer than 4 bytes, or fewer data bytes than Lc announces. TrailingData: bytes after
    // a complete case 3/4 encoding. InvalidLength: Lc = 00 in short form, extended Lc = 0000, a
    // one-byte Le after an extended Lc, an extended form where the short one suffices.
    static Result<CommandApdu> decode(ByteView raw);
    static Result<CommandApdu> decode(ByteView raw, const DecodeOptions& options);

    friend bool operator==(const CommandApdu&, const CommandApdu&) = default;

private:
    std::uint8_t m_cla = 0;
    std::uint8_t m_ins = 0;
    std::uint8_t m_p1 = 0;
    std::uint8_t m_p2 = 0;
    SecureBytes m_data;
    std::size_t m_ne = 0;
};

} // namespace perso
