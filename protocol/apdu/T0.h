// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/apdu/CommandApdu.h"
#include "protocol/apdu/ResponseApdu.h"
#include "protocol/core/Result.h"

#include <cstddef>
#include <cstdint>
#include <optional>

namespace perso::t0 {

// T=0 transport helpers (ISO/IEC 7816-3 §10.3.4 procedure bytes as reported in ISO/IEC 7816-4
// status words; ETSI TS 102 221 §7.3.1.1; 3GPP TS 51.011 §9.4.1 for the GSM class A0).

// 61xx (and the GSM 9Fxx): xx response bytes are waiting for GET RESPONSE (xx = 00 means 256).
bool hasResponsePending(std::uint16_t sw);
// 6Cxx: wrong Le, re-send the same command with Le = xx (00 means 256).
bool isWrongLe(std::uint16_t sw);

// Class byte of the GET RESPONSE that follows a command sent with class `cla`: GSM A0 stays A0; the
// first-interindustry layout (0x00-0x1F, GlobalPlatform 0x80-0x9F) keeps its logical channel (b2 b1)
// and loses secure messaging and chaining; the further-interindustry layout (0x40-0x7F, 0xC0-0xFE)
// keeps 0x40 and its channel (b4-b1). Others (0x20-0x3F, 0xA1-0xBF, 0xFF) -> InvalidParameter.
Result<std::uint8_t> getResponseClass(std::uint8_t cla);

// GET RESPONSE `CLA C0 00 00 xx` after `sent` was answered with 61xx / 9Fxx; InvalidParameter for any
// other status word or class.
Result<CommandApdu> getResponseFor(const CommandApdu& sent, std::uint16_t sw);
// `sent` again with Ne = xx after a 6Cxx answer; InvalidParameter for any other status word.
Result<CommandApdu> resendWithLe(const CommandApdu& sent, std::uint16_t sw);

// Drives one command through its T=0 follow-ups and joins the response:
//   ResponseAccumulator acc(command);  send(command);
//   for each card answer: auto next = acc.feed(answer);
//     error -> give up; *next -> send it; nullopt -> acc.response() is the joined response.
// 61xx appends the answer's data and asks for GET RESPONSE; 6Cxx re-sends the last command with the
// announced Le; any other status ends the exchange with the data gathered so far. A card that answers
// 61xx or 6Cxx forever, or sends more than maxDataBytes in all, fails with Oversized after at most
// maxRounds answers; memory never exceeds maxDataBytes. After an error or completion feed() fails with
// StateViolation. (9Fxx of GSM cards ends the exchange: fetching it is the caller's choice.)
class ResponseAccumulator
{
public:
    struct Limits
    {
        std::size_t maxDataBytes = ResponseApdu::kMaxData;
        std::size_t maxRounds = 32; // card answers accepted, the first one included
    };

    explicit ResponseAccumulator(CommandApdu command);
    ResponseAccumulator(CommandApdu command, Limits limits);

    Result<std::optional<CommandApdu>> feed(const ResponseApdu& answer);

    bool isComplete() const { return m_state == State::Complete; }
    bool hasFailed() const { return m_state == State::Failed; }
    std::size_t rounds() const { return m_rounds; }
    // The joined response; meaningful once isComplete().
    const ResponseApdu& response() const { return m_response; }

private:
    enum class State
    {
        Waiting,
        Complete,
        Failed
    };

    Error fail(ErrorCode code, QString message);

    CommandApdu m_last;
    Limits m_limits;
    State m_state = State::Waiting;
    std::size_t m_rounds = 0;
    SecureBytes m_data;
    ResponseApdu m_response;
};

} // namespace perso::t0
