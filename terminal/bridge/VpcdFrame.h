// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/core/Bytes.h"
#include "protocol/core/Result.h"

#include <cstddef>
#include <cstdint>
#include <optional>

namespace perso::vpcd {

// vpcd's framing, both directions: a 2-byte big-endian length, then that many payload bytes. From
// vpcd, a 1-byte payload is a control code and a longer one a command APDU; towards vpcd, a payload
// is an ATR or a response APDU.
enum class Control : std::uint8_t
{
    PowerOff = 0,
    PowerOn = 1,
    Reset = 2,
    GetAtr = 4
};

namespace frame {
constexpr std::size_t kHeaderSize = 2;
constexpr std::size_t kMaxPayload = 0xFFFF;

// length ‖ payload in one buffer, so that it goes out in one write. InvalidLength when the payload is
// empty or longer than kMaxPayload.
Result<SecureBytes> encode(ByteView payload);
} // namespace frame

// One frame from vpcd.
struct VpcdRequest
{
    enum class Kind
    {
        Control,
        Command
    };
    Kind kind = Kind::Control;
    Control control = Control::PowerOff; // when kind == Control
    SecureBytes apdu;                    // when kind == Command: 2 to kMaxPayload bytes
};

// Incremental decoder of the byte stream from vpcd. Bytes are appended as they arrive; next() returns
// each complete frame, nothing while a frame is incomplete, or an error for a malformed frame (length
// 0, an unknown control code), after which the stream cannot be resynchronised and must be dropped.
// The buffer never holds more than one frame's worth beyond what was appended (at most 2 + 65535
// bytes per frame, by the width of the length field).
class VpcdRequestReader
{
public:
    void append(ByteView bytes);
    Result<std::optional<VpcdRequest>> next();
    std::size_t buffered() const { return m_buffer.size(); }
    void clear();

private:
    SecureBytes m_buffer;
};

} // namespace perso::vpcd
