// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/core/Bytes.h"
#include "protocol/core/Result.h"

#include <cstdint>

namespace perso {

// An ISO/IEC 7816-4 response APDU: optional data field followed by SW1 SW2.
class ResponseApdu
{
public:
    static constexpr std::size_t kMaxData = 65536;

    ResponseApdu() = default;
    explicit ResponseApdu(std::uint16_t sw, SecureBytes data = {}) : m_data(std::move(data)), m_sw(sw) {}

    const SecureBytes& data() const { return m_data; }
    std::uint16_t sw() const { return m_sw; }
    std::uint8_t sw1() const { return static_cast<std::uint8_t>(m_sw >> 8); }
    std::uint8_t sw2() const { return static_cast<std::uint8_t>(m_sw & 0xFF); }
    // 9000, or a GSM 91xx/9Fxx "normal ending with extra information".
    bool isSuccess() const;

    SecureBytes encode() const;
    // At least SW1 SW2; at most kMaxData bytes of data.
    static Result<ResponseApdu> decode(ByteView raw);

    friend bool operator==(const ResponseApdu&, const ResponseApdu&) = default;

private:
    SecureBytes m_data;
    std::uint16_t m_sw = 0;
};

namespace sw {
constexpr std::uint16_t kSuccess = 0x9000;
constexpr std::uint16_t kWrongLength = 0x6700;
constexpr std::uint16_t kSecurityStatusNotSatisfied = 0x6982;
constexpr std::uint16_t kAuthenticationBlocked = 0x6983;
constexpr std::uint16_t kConditionsNotSatisfied = 0x6985;
constexpr std::uint16_t kSecureMessagingDataObjectsMissing = 0x6987;
constexpr std::uint16_t kIncorrectSecureMessagingDataObjects = 0x6988;
constexpr std::uint16_t kWrongData = 0x6A80;
constexpr std::uint16_t kFileNotFound = 0x6A82;
constexpr std::uint16_t kIncorrectP1P2 = 0x6A86;
constexpr std::uint16_t kReferencedDataNotFound = 0x6A88;
constexpr std::uint16_t kWrongP1P2 = 0x6B00;
constexpr std::uint16_t kInsNotSupported = 0x6D00;
constexpr std::uint16_t kClaNotSupported = 0x6E00;
constexpr std::uint16_t kNoPreciseDiagnosis = 0x6F00;
} // namespace sw

} // namespace perso
