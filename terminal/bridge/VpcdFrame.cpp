// SPDX-License-Identifier: Apache-2.0
#include "terminal/bridge/VpcdFrame.h"

#include <QString>

namespace perso::vpcd {

Result<SecureBytes> frame::encode(ByteView payload)
{
    if (payload.empty() || payload.size() > kMaxPayload) {
        return makeError(ErrorCode::InvalidLength,
                         QStringLiteral("vpcd frame payload of %1 bytes (1 to 65535 allowed)").arg(payload.size()));
    }
    SecureBytes out;
    out.reserve(kHeaderSize + payload.size());
    out.push_back(static_cast<std::uint8_t>(payload.size() >> 8));
    out.push_back(static_cast<std::uint8_t>(payload.size() & 0xFF));
    append(out, payload);
    return out;
}

void VpcdRequestReader::append(ByteView bytes)
{
    perso::append(m_buffer, bytes);
}

void VpcdRequestReader::clear()
{
    // secure_vector scrubs on deallocation; clear() alone would leave the bytes in the capacity.
    SecureBytes().swap(m_buffer);
}

Result<std::optional<VpcdRequest>> VpcdRequestReader::next()
{
    if (m_buffer.size() < frame::kHeaderSize) {
        return std::optional<VpcdRequest>{};
    }
    const std::size_t length = (std::size_t{m_buffer[0]} << 8) | m_buffer[1];
    if (length == 0) {
        return makeError(ErrorCode::InvalidLength, QStringLiteral("vpcd frame with an empty payload"));
    }
    if (m_buffer.size() < frame::kHeaderSize + length) {
        return std::optional<VpcdRequest>{};
    }

    VpcdRequest request;
    const auto payloadBegin = m_buffer.begin() + frame::kHeaderSize;
    if (length == 1) {
        const std::uint8_t code = *payloadBegin;
        switch (code) {
        case static_cast<std::uint8_t>(Control::PowerOff):
        case static_cast<std::uint8_t>(Control::PowerOn):
        case static_cast<std::uint8_t>(Control::Reset):
        case static_cast<std::uint8_t>(Control::GetAtr):
            request.control = static_cast<Control>(code);
            break;
        default:
            return makeError(ErrorCode::InvalidEncoding, QStringLiteral("unknown vpcd control code %1").arg(code));
        }
    } else {
        request.kind = VpcdRequest::Kind::Command;
        request.apdu.assign(payloadBegin, payloadBegin + static_cast<std::ptrdiff_t>(length));
    }
    m_buffer.erase(m_buffer.begin(), payloadBegin + static_cast<std::ptrdiff_t>(length));
    return std::optional<VpcdRequest>{std::move(request)};
}

} // namespace perso::vpcd
