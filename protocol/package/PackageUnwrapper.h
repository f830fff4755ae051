// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/core/Result.h"
#include "protocol/package/Instruction.h"
#include "protocol/package/PackageResult.h"
#include "protocol/package/PersonalisationPackage.h"
#include "protocol/scp03/SecureChannel.h"

#include <cstdint>
#include <optional>

namespace perso::package {

// Terminal side: unwraps the steps of a package with the card-role channel, one at a time, and
// yields the decoded instructions in order. BEGIN must come first and match the container, END
// must be the last of the announced total. Any failure stops the unwrapper for good and stop()
// says what the terminal reports:
//   - a step that does not unwrap (BadMac, BadPadding, malformed APDU): the channel is closed,
//     stop() = ChannelClosed at k; the terminal can only send ResultBuilder::channelClosed(k);
//   - a step that unwraps but is not acceptable (undecodable, misplaced, wrong transaction):
//     InstructionRefused at k-1, channel still open, an authenticated result can be sealed;
//   - the package holds fewer steps than BEGIN announced: Incomplete, failing step = first missing.
class PackageUnwrapper
{
public:
    struct Stop
    {
        Outcome outcome;
        std::uint16_t failingStep;
    };

    // Checks the channel (open, card role, level 33) and the package anchor against the channel
    // position: another session's package fails WrongSession, a stale or future one
    // SequenceViolation, without touching the channel.
    static Result<PackageUnwrapper> start(scp03::SecureChannel& card, PersonalisationPackage package);

    // Unwraps every step on a copy of the channel, so that an altered, truncated or reordered
    // package is refused before anything reaches the card. The channel itself is not changed.
    static Status preflight(const scp03::SecureChannel& card, const PersonalisationPackage& package);

    Result<Instruction> next();

    std::uint16_t stepsConsumed() const { return m_consumed; }
    // From BEGIN; 0 until BEGIN has been unwrapped.
    std::uint16_t totalSteps() const { return m_total; }
    bool finished() const { return m_finished; }
    const std::optional<Stop>& stop() const { return m_stop; }
    const Bytes& transactionId() const { return m_package.transactionId; }
    // A ResultBuilder for this package: transaction id and the total announced by BEGIN (the
    // container's step count before BEGIN has been unwrapped).
    ResultBuilder resultBuilder() const;

private:
    PackageUnwrapper(scp03::SecureChannel& card, PersonalisationPackage package)
        : m_card(&card), m_package(std::move(package))
    {}
    Error fail(Outcome outcome, std::uint16_t failingStep, Error error);
    Result<Instruction> accept(Instruction instruction);

    scp03::SecureChannel* m_card;
    PersonalisationPackage m_package;
    std::uint16_t m_consumed = 0;
    std::uint16_t m_total = 0;
    bool m_finished = false;
    std::optional<Stop> m_stop;
};

} // namespace perso::package
