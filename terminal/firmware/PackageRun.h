// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/core/Bytes.h"
#include "protocol/core/Result.h"
#include "protocol/package/PackageResult.h"
#include "protocol/package/PackageUnwrapper.h"
#include "protocol/scp03/SecureChannel.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace perso::terminal {

// One personalisation package being executed: the unwrapper (steps in order, through the card-role
// channel) and the result it will seal. The channel must outlive the run and stay at one address.
class PackageRun
{
public:
    // Decodes the container and anchors it to the channel (PackageUnwrapper::start). Then unwraps
    // every step on a copy of the channel (what PackageUnwrapper::preflight does) to learn whether
    // one fails its C-MAC, padding or APDU format: unwrapFailureAt() names it, and the caller closes
    // the real channel before anything reaches the card. Errors: the container's decoding error
    // (malformed), WrongSession / SequenceViolation (anchor of another session or position).
    static Result<PackageRun> load(scp03::SecureChannel& channel, ByteView encoded);

    std::optional<std::uint16_t> unwrapFailureAt() const { return m_unwrapFailureAt; }

    // The next instruction; on failure stop() says how execution ends.
    Result<package::Instruction> next() { return m_unwrapper.next(); }
    const std::optional<package::PackageUnwrapper::Stop>& stop() const { return m_unwrapper.stop(); }

    std::uint16_t stepsConsumed() const { return m_unwrapper.stepsConsumed(); }
    std::uint16_t stepsRecorded() const { return static_cast<std::uint16_t>(m_steps.size()); }
    // From BEGIN once unwrapped, the container's step count before.
    std::uint16_t totalSteps() const;
    bool finished() const { return m_unwrapper.finished(); }

    // One status word (and optionally the card's data) for the step just consumed.
    void record(std::uint16_t sw);
    void record(std::uint16_t sw, SecureBytes data);
    // A status word for every consumed step not yet recorded (a step refused after unwrapping).
    void recordUnrecorded(std::uint16_t sw);

    // Seals the report as the response to step k (ResultBuilder::seal) and returns the encoded
    // SealedResult the station relays. The channel must stand after step k.
    Result<Bytes> seal(scp03::SecureChannel& channel, package::Outcome outcome,
                       std::optional<std::uint16_t> failingStep = std::nullopt);

private:
    struct RecordedStep
    {
        std::uint16_t sw = 0;
        std::optional<SecureBytes> data;
    };

    explicit PackageRun(package::PackageUnwrapper unwrapper) : m_unwrapper(std::move(unwrapper)) {}

    package::PackageUnwrapper m_unwrapper;
    std::vector<RecordedStep> m_steps; // the builder is made at seal time, once BEGIN fixed the total
    std::optional<std::uint16_t> m_unwrapFailureAt;
    std::uint16_t m_containerSteps = 0;
};

} // namespace perso::terminal
