// SPDX-License-Identifier: Apache-2.0
#include "protocol/apdu/T0.h"

namespace perso::t0 {

namespace {

constexpr std::uint8_t kGetResponse = 0xC0;
constexpr std::uint8_t kGsmClass = 0xA0;

QString hex(unsigned value, int width)
{
    return QStringLiteral("%1").arg(value, width, 16, QLatin1Char('0')).toUpper();
}

std::size_t neFromSw2(std::uint16_t sw)
{
    const std::size_t xx = sw & 0xFF;
    return xx == 0 ? CommandApdu::kMaxShortNe : xx;
}

} // namespace

bool hasResponsePending(std::uint16_t sw)
{
    const unsigned s1 = sw >> 8;
    return s1 == 0x61 || s1 == 0x9F;
}

bool isWrongLe(std::uint16_t sw)
{
    return (sw >> 8) == 0x6C;
}

Result<std::uint8_t> getResponseClass(std::uint8_t cla)
{
    if (cla == kGsmClass)
        return cla;
    if ((cla & 0x60) == 0x00) // first-interindustry layout, b8 = 0 or GlobalPlatform proprietary
        return static_cast<std::uint8_t>(cla & 0x03);
    if ((cla & 0x40) == 0x40 && cla != 0xFF) // further-interindustry layout
        return static_cast<std::uint8_t>(0x40 | (cla & 0x0F));
    return makeError(ErrorCode::InvalidParameter,
                     QStringLiteral("T=0: no GET RESPONSE class for CLA %1").arg(hex(cla, 2)));
}

Result<CommandApdu> getResponseFor(const CommandApdu& sent, std::uint16_t sw)
{
    if (!hasResponsePending(sw))
        return makeError(ErrorCode::InvalidParameter,
                         QStringLiteral("T=0: SW %1 announces no response data").arg(hex(sw, 4)));
    const auto cla = getResponseClass(sent.cla());
    if (!cla)
        return cla.error();
    return CommandApdu(cla.value(), kGetResponse, 0x00, 0x00, {}, neFromSw2(sw));
}

Result<CommandApdu> resendWithLe(const CommandApdu& sent, std::uint16_t sw)
{
    if (!isWrongLe(sw))
        return makeError(ErrorCode::InvalidParameter, QStringLiteral("T=0: SW %1 is not 6Cxx").arg(hex(sw, 4)));
    CommandApdu again = sent;
    again.setNe(neFromSw2(sw));
    return again;
}

ResponseAccumulator::ResponseAccumulator(CommandApdu command) : ResponseAccumulator(std::move(command), Limits{}) {}

ResponseAccumulator::ResponseAccumulator(CommandApdu command, Limits limits)
    : m_last(std::move(command)), m_limits(limits)
{}

Error ResponseAccumulator::fail(ErrorCode code, QString message)
{
    m_state = State::Failed;
    SecureBytes().swap(m_data);
    m_last = CommandApdu();
    return makeError(code, std::move(message));
}

Result<std::optional<CommandApdu>> ResponseAccumulator::feed(const ResponseApdu& answer)
{
    if (m_state != State::Waiting)
        return makeError(ErrorCode::StateViolation, QStringLiteral("T=0: the exchange is already over"));
    if (m_rounds >= m_limits.maxRounds)
        return fail(ErrorCode::Oversized, QStringLiteral("T=0: more than %1 card answers").arg(m_limits.maxRounds));
    ++m_rounds;
    if (answer.data().size() > m_limits.maxDataBytes - m_data.size())
        return fail(ErrorCode::Oversized,
                    QStringLiteral("T=0: response data above %1 bytes").arg(m_limits.maxDataBytes));

    const std::uint16_t sw = answer.sw();
    if (isWrongLe(sw)) {
        if (!answer.data().empty())
            return fail(ErrorCode::InvalidEncoding, QStringLiteral("T=0: 6Cxx with a data field"));
        auto again = resendWithLe(m_last, sw);
        m_last = again.value();
        return std::optional<CommandApdu>(m_last);
    }

    m_data.insert(m_data.end(), answer.data().begin(), answer.data().end());
    if ((sw >> 8) == 0x61) {
        auto next = getResponseFor(m_last, sw);
        if (!next)
            return fail(next.code(), next.error().message);
        m_last = next.value();
        return std::optional<CommandApdu>(m_last);
    }

    m_state = State::Complete;
    m_response = ResponseApdu(sw, std::move(m_data));
    SecureBytes().swap(m_data);
    return std::optional<CommandApdu>();
}

} // namespace perso::t0
