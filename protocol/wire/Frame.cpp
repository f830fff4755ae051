// SPDX-License-Identifier: Apache-2.0
#include "protocol/wire/Frame.h"

#include <algorithm>

namespace perso::wire {

namespace {

Status checkLength(std::uint64_t length, std::size_t maxPayload)
{
    if (length == 0)
        return makeError(ErrorCode::InvalidLength, QStringLiteral("frame with an empty payload"));
    if (length > maxPayload)
        return makeError(ErrorCode::Oversized,
                         QStringLiteral("frame payload of %1 bytes, at most %2").arg(length).arg(maxPayload));
    return Ok{};
}

std::uint32_t readLength(const std::uint8_t* p)
{
    return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | std::uint32_t(p[3]);
}

} // namespace

Result<Bytes> encodeFrame(ByteView payload, std::size_t maxPayload)
{
    if (Status s = checkLength(payload.size(), std::min<std::size_t>(maxPayload, 0xFFFFFFFFu)); !s)
        return s.error();
    const auto n = static_cast<std::uint32_t>(payload.size());
    Bytes out{static_cast<std::uint8_t>(n >> 24), static_cast<std::uint8_t>(n >> 16), static_cast<std::uint8_t>(n >> 8),
              static_cast<std::uint8_t>(n)};
    out.reserve(kFrameHeaderLength + payload.size());
    append(out, payload);
    return out;
}

Result<Bytes> decodeFrame(ByteView frame, std::size_t maxPayload)
{
    if (frame.size() < kFrameHeaderLength)
        return makeError(ErrorCode::Truncated,
                         QStringLiteral("frame of %1 bytes has no complete header").arg(frame.size()));
    const std::uint32_t length = readLength(frame.data());
    if (Status s = checkLength(length, maxPayload); !s)
        return s.error();
    const std::size_t available = frame.size() - kFrameHeaderLength;
    if (available < length)
        return makeError(ErrorCode::Truncated,
                         QStringLiteral("frame payload of %1 bytes, only %2 present").arg(length).arg(available));
    if (available > length)
        return makeError(ErrorCode::TrailingData, QStringLiteral("%1 bytes after the frame").arg(available - length));
    const ByteView body = frame.subspan(kFrameHeaderLength);
    return Bytes(body.begin(), body.end());
}

FrameReader::FrameReader(std::size_t maxPayload) : m_maxPayload(maxPayload)
{
    m_header.reserve(kFrameHeaderLength);
}

Status FrameReader::feed(ByteView chunk)
{
    while (!m_error && !chunk.empty()) {
        if (m_header.size() < kFrameHeaderLength) {
            const std::size_t n = std::min(kFrameHeaderLength - m_header.size(), chunk.size());
            append(m_header, chunk.first(n));
            chunk = chunk.subspan(n);
            if (m_header.size() < kFrameHeaderLength)
                break;
            const std::uint32_t length = readLength(m_header.data());
            if (Status s = checkLength(length, m_maxPayload); !s) {
                m_error = s.error();
                m_header.clear();
                break;
            }
            m_bodyLength = length;
            m_body.reserve(length);
        }
        const std::size_t n = std::min(m_bodyLength - m_body.size(), chunk.size());
        append(m_body, chunk.first(n));
        chunk = chunk.subspan(n);
        if (m_body.size() == m_bodyLength) {
            m_ready.push_back(std::move(m_body));
            m_body = Bytes();
            m_header.clear();
            m_bodyLength = 0;
        }
    }
    if (m_error)
        return *m_error;
    return Ok{};
}

Bytes FrameReader::takePayload()
{
    if (m_ready.empty())
        return {};
    Bytes out = std::move(m_ready.front());
    m_ready.pop_front();
    return out;
}

Status FrameReader::finish() const
{
    if (m_error)
        return *m_error;
    if (pendingBytes() != 0)
        return makeError(ErrorCode::Truncated,
                         QStringLiteral("stream ended inside a frame (%1 bytes pending)").arg(pendingBytes()));
    return Ok{};
}

} // namespace perso::wire
