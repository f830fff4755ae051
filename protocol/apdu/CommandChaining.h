// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/apdu/CommandApdu.h"
#include "protocol/core/Result.h"

#include <cstddef>
#include <optional>
#include <vector>

namespace perso {

// ISO/IEC 7816-4:2013 §5.3.3 command chaining: a command whose data field is too long for one short
// APDU is sent as a chain of commands with the same INS P1 P2; every part except the last has CLA bit
// b5 (0x10) set. Accepted classes: CommandApdu::isChainingClass (0x00-0x1F, GlobalPlatform 0x80-0x9F).
namespace CommandChaining {

// Splits a command into short parts of at most maxPartData data bytes (1..255). Le (Ne <= 256) goes
// on the last part only. A command that already fits in one part comes back unchanged, as a single
// element. Errors: InvalidParameter (class without a chaining bit, CLA already has b5 set,
// maxPartData outside 1..255), InvalidLength (Nc > 65535 or Ne > 256).
Result<std::vector<CommandApdu>> split(const CommandApdu& command, std::size_t maxPartData = CommandApdu::kMaxShortNc);

} // namespace CommandChaining

// Card side: joins the parts of a chain into one command. Feed every received command to add():
// - a command without the chaining bit and no chain open passes through unchanged;
// - a chained part opens (or continues) a chain and yields std::nullopt: "more parts expected";
// - the part without the chaining bit that closes an open chain yields the joined command (CLA with
//   b5 cleared, data concatenated, Ne of the last part).
// Rejected (and the open chain discarded, so the next command starts afresh): a part whose CLA (bit
// b5 aside), INS, P1 or P2 differ from the chain's first part (SequenceViolation: a new command or
// chain while one is open), a non-last part with Le or without data (InvalidEncoding), a joined data
// field above the limit (Oversized).
class ChainAssembler
{
public:
    // maxTotalData is capped at CommandApdu::kMaxExtendedNc (65535).
    explicit ChainAssembler(std::size_t maxTotalData = CommandApdu::kMaxExtendedNc);

    Result<std::optional<CommandApdu>> add(const CommandApdu& part);

    bool isOpen() const { return m_open; }
    std::size_t bufferedData() const { return m_data.size(); }
    std::size_t maxTotalData() const { return m_maxTotal; }
    // Discards an open chain (e.g. on card reset or channel close); the buffered data is scrubbed.
    void reset();

private:
    std::size_t m_maxTotal;
    bool m_open = false;
    CommandApdu m_first;
    SecureBytes m_data;
};

} // namespace perso
