// SPDX-License-Identifier: Apache-2.0
#include "pcsc/ApduExchange.h"

#include "protocol/apdu/CommandChaining.h"
#include "protocol/apdu/T0.h"

#include <algorithm>
#include <optional>

namespace perso::pcsc {

namespace {

constexpr std::chrono::milliseconds kLongest = std::chrono::hours(24); // keeps now() + timeout in range

class Exchange
{
public:
    Exchange(ApduTransport& transport, const ExchangeOptions& options, ExchangeStats* stats)
        : m_transport(transport), m_options(options), m_stats(stats),
          m_deadline(std::chrono::steady_clock::now() + std::min(options.timeout, kLongest))
    {}

    PcscResult<ResponseApdu> sendOnce(const CommandApdu& command)
    {
        const auto encoded = command.encode();
        if (!encoded)
            return makePcscError(ErrorKind::InvalidArgument,
                                 QStringLiteral("command cannot be encoded: %1").arg(encoded.error().message));
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(m_deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            return makePcscError(ErrorKind::Timeout, QStringLiteral("APDU exchange: no complete answer within %1 ms")
                                                         .arg(qint64(m_options.timeout.count())));
        if (m_stats)
            ++m_stats->transmits;
        const auto raw = m_transport.transmitRawWithin(view(encoded.value()), left);
        if (!raw)
            return raw.error();
        auto decoded = ResponseApdu::decode(view(raw.value()));
        if (!decoded)
            return makePcscError(ErrorKind::MalformedResponse,
                                 QStringLiteral("card answer: %1").arg(decoded.error().message));
        return std::move(decoded).value();
    }

    PcscResult<ResponseApdu> sendWithFollowUps(const CommandApdu& command)
    {
        t0::ResponseAccumulator accumulator(command, {m_options.maxResponseData, m_options.maxRounds});
        std::optional<CommandApdu> next = command;
        while (next) {
            if (accumulator.rounds() >= m_options.maxRounds) // do not send what we would refuse
                return makePcscError(
                    ErrorKind::MalformedResponse,
                    QStringLiteral("T=0 follow-up: more than %1 card answers").arg(m_options.maxRounds));
            const auto answer = sendOnce(*next);
            if (!answer)
                return answer.error();
            auto step = accumulator.feed(answer.value());
            if (!step) {
                const auto kind = step.code() == ErrorCode::InvalidParameter ? ErrorKind::InvalidArgument
                                                                             : ErrorKind::MalformedResponse;
                return makePcscError(kind, QStringLiteral("T=0 follow-up: %1").arg(step.error().message));
            }
            next = std::move(step).value();
        }
        return accumulator.response();
    }

    PcscResult<ResponseApdu> sendShortForm(const CommandApdu& command)
    {
        CommandApdu shortened = command;
        if (shortened.ne() > CommandApdu::kMaxShortNe)
            shortened.setNe(CommandApdu::kMaxShortNe); // the card announces the rest with 61xx
        if (shortened.data().size() <= CommandApdu::kMaxShortNc)
            return sendWithFollowUps(shortened);

        const auto parts = CommandChaining::split(shortened);
        if (!parts)
            return makePcscError(ErrorKind::InvalidArgument,
                                 QStringLiteral("command cannot be chained: %1").arg(parts.error().message));
        const auto& list = parts.value();
        for (std::size_t i = 0; i + 1 < list.size(); ++i) {
            auto answer = sendOnce(list[i]);
            if (!answer || answer.value().sw() != sw::kSuccess)
                return answer; // the card refused a part: its answer ends the chain
        }
        return sendWithFollowUps(list.back());
    }

private:
    ApduTransport& m_transport;
    const ExchangeOptions& m_options;
    ExchangeStats* m_stats;
    std::chrono::steady_clock::time_point m_deadline;
};

} // namespace

PcscResult<ResponseApdu> exchangeApdu(ApduTransport& transport, const CommandApdu& command,
                                      const ExchangeOptions& options, ExchangeStats* stats)
{
    Exchange exchange(transport, options, stats);
    if (command.needsExtendedLength() && !transport.supportsExtendedLength())
        return exchange.sendShortForm(command);
    return exchange.sendWithFollowUps(command);
}

PcscStatus requireSuccess(const ResponseApdu& response, QString context)
{
    if (response.isSuccess())
        return perso::Ok{};
    return fromStatusWord(response.sw(), std::move(context));
}

} // namespace perso::pcsc
