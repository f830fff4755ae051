// SPDX-License-Identifier: Apache-2.0
#pragma once

// Framing on the TLS stream between station and issuer: 4-byte big-endian payload length, then the
// payload (one CBOR envelope, MessageCodec.h). A zero length is invalid; a length above the
// receiver's maximum is refused from the 4 header bytes alone, before any body byte is buffered.

#include "protocol/core/Bytes.h"
#include "protocol/core/Result.h"
#include "protocol/wire/Limits.h"

#include <deque>
#include <optional>

namespace perso::wire {

inline constexpr std::size_t kFrameHeaderLength = 4;

// Oversized above maxPayload, InvalidLength for an empty payload.
Result<Bytes> encodeFrame(ByteView payload, std::size_t maxPayload = limits::kDefaultMaxFramePayload);

// Exactly one frame in `frame`: Truncated, TrailingData, Oversized or InvalidLength otherwise.
Result<Bytes> decodeFrame(ByteView frame, std::size_t maxPayload = limits::kDefaultMaxFramePayload);

// Streaming reader: feed it whatever the socket delivered, then take the complete payloads. After an
// error the reader is failed for good (the connection must be dropped: the stream is out of sync),
// and every later feed() returns the same error.
class FrameReader
{
public:
    explicit FrameReader(std::size_t maxPayload = limits::kDefaultMaxFramePayload);

    // Consumes `chunk`; complete payloads become available to takePayload(). Oversized or zero
    // lengths fail here, as soon as their header is complete.
    Status feed(ByteView chunk);

    bool hasPayload() const { return !m_ready.empty(); }
    // The oldest complete payload; empty Bytes when none (payloads are never empty).
    Bytes takePayload();

    // At the end of the stream: Truncated if a frame was started but not completed.
    Status finish() const;

    bool failed() const { return m_error.has_value(); }
    // Bytes of the frame in progress (header and body) held by the reader.
    std::size_t pendingBytes() const { return m_header.size() + m_body.size(); }
    std::size_t maxPayload() const { return m_maxPayload; }

private:
    std::size_t m_maxPayload;
    Bytes m_header;
    Bytes m_body;
    std::size_t m_bodyLength = 0;
    std::deque<Bytes> m_ready;
    std::optional<Error> m_error;
};

} // namespace perso::wire
