// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "pcsc/ApduTransport.h"
#include "pcsc/PcscResult.h"
#include "protocol/apdu/CommandApdu.h"
#include "protocol/apdu/ResponseApdu.h"

#include <chrono>
#include <cstddef>

namespace perso::pcsc {

struct ExchangeOptions
{
    // Card answers accepted per command, GET RESPONSE and 6Cxx re-sends included (bounds a card
    // that answers 61xx forever), and the most response data joined from them.
    std::size_t maxRounds = 32;
    std::size_t maxResponseData = ResponseApdu::kMaxData;
    // The whole exchange (every transmit of it) ends within this time, or with Timeout. Commands
    // that wait for a person (the terminal's keypad) pass their own, longer bound.
    std::chrono::milliseconds timeout = kDefaultTimeout;

    static constexpr std::chrono::milliseconds kDefaultTimeout{30000};
};

struct ExchangeStats
{
    std::size_t transmits = 0; // raw transmits, chained parts and T=0 follow-ups included
};

// Sends one command APDU through `transport` and returns the card's complete answer:
// - T=0 follow-ups (protocol/apdu/T0.h): 61xx -> GET RESPONSE and the data joined; 6Cxx -> the same
//   command again with Le = xx; bounded by `options`. GSM 9Fxx is returned as is (GET RESPONSE on it
//   is the caller's choice, as in 3GPP TS 51.011).
// - A command too long for a short APDU on a transport without extended length: Ne above 256 is
//   lowered to 256 (the card then announces the rest with 61xx), and a data field above 255 bytes is
//   sent with command chaining (ISO/IEC 7816-4 §5.3.3); a part other than the last that does not
//   answer 9000 ends the exchange with that answer.
// The result is the card's answer whatever its status word (a 6A82 is a value, not an error); use
// requireSuccess() to turn a status word into an error. Errors: the transport's (TransmitFailed,
// CardRemoved, ...), Timeout when options.timeout passed (each transmit gets the time left; none is
// sent once it is used up), MalformedResponse for answers that break the codec or the bounds,
// InvalidArgument for a command that cannot be encoded or chained.
PcscResult<ResponseApdu> exchangeApdu(ApduTransport& transport, const CommandApdu& command,
                                      const ExchangeOptions& options = {}, ExchangeStats* stats = nullptr);

// 9000 (and 91xx/9Fxx, see ResponseApdu::isSuccess) -> Ok; any other status word -> its error.
PcscStatus requireSuccess(const ResponseApdu& response, QString context);

} // namespace perso::pcsc
