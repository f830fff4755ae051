// SPDX-License-Identifier: Apache-2.0
#include "terminal/firmware/ResponseChunker.h"

#include "protocol/terminal/TerminalCommands.h"

#include <algorithm>

namespace perso::terminal {

ResponseApdu ResponseChunker::deliver(const CommandApdu& command, ResponseApdu full)
{
    clear();
    // No Le (case 1/3) or extended Le: the caller can take the whole answer in one response.
    const std::size_t ne = command.ne() == 0 ? ResponseApdu::kMaxData : command.ne();
    if (full.data().size() <= ne)
        return full;
    m_pending = full.data();
    m_finalSw = full.sw();
    return nextPart(ne);
}

ResponseApdu ResponseChunker::getResponse(const CommandApdu& command)
{
    if (command.p1() != 0 || command.p2() != 0 || !command.data().empty())
        return ResponseApdu(perso::sw::kIncorrectP1P2);
    if (m_pending.empty())
        return ResponseApdu(perso::sw::kConditionsNotSatisfied);
    const std::size_t ne = command.ne() == 0 ? CommandApdu::kMaxShortNe : command.ne();
    return nextPart(ne);
}

void ResponseChunker::clear()
{
    m_pending.clear(); // secure_vector: the freed bytes are scrubbed
    m_pending.shrink_to_fit();
    m_finalSw = 0;
}

ResponseApdu ResponseChunker::nextPart(std::size_t ne)
{
    const std::size_t take = std::min(ne, m_pending.size());
    SecureBytes part(m_pending.begin(), m_pending.begin() + static_cast<std::ptrdiff_t>(take));
    m_pending.erase(m_pending.begin(), m_pending.begin() + static_cast<std::ptrdiff_t>(take));
    if (m_pending.empty()) {
        const std::uint16_t finalSw = m_finalSw;
        clear();
        return ResponseApdu(finalSw, std::move(part));
    }
    const std::size_t left = std::min<std::size_t>(m_pending.size(), 256);
    return ResponseApdu(static_cast<std::uint16_t>(cmd::sw::kBytesRemaining | (left & 0xFF)), std::move(part));
}

} // namespace perso::terminal
