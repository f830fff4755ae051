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
    bool isChainedPart() const;

    // Short form when the lengths allow it, extended otherwise. Fails with InvalidLength when
    // Nc > 65535 or Ne > 65536.
    Result<SecureBytes> encode() const;
    // Strict: exactly one well-formed case 1-4 encoding, short or extended, and nothing after it.
    static Result<CommandApdu> decode(ByteView raw);

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
