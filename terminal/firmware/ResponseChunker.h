// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/apdu/CommandApdu.h"
#include "protocol/apdu/ResponseApdu.h"
#include "protocol/core/Bytes.h"

#include <cstddef>

namespace perso::terminal {

// Delivers a response longer than the command's Ne the T=0 way (ISO/IEC 7816-4 5.3.4): the first Ne
// bytes with 61xx (xx = bytes still waiting, 00 = 256 or more), the rest by GET RESPONSE
// `00 C0 00 00 Le`. A command with extended Le (Ne > 256) or no Le gets everything at once up to
// its Ne. Any other command drops what is still waiting.
class ResponseChunker
{
public:
    // The answer to `command`: the whole response, or its first part with 61xx.
    ResponseApdu deliver(const CommandApdu& command, ResponseApdu full);
    // GET RESPONSE: the next part; 6985 when nothing is waiting, 6A86 for P1 P2 other than 00 00.
    ResponseApdu getResponse(const CommandApdu& command);

    bool hasPending() const { return !m_pending.empty(); }
    void clear();

private:
    ResponseApdu nextPart(std::size_t ne);

    SecureBytes m_pending;
    std::uint16_t m_finalSw = 0;
};

} // namespace perso::terminal
