// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/core/Bytes.h"
#include "protocol/core/Result.h"
#include "protocol/scp03/SecureChannel.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace perso::package {

// Why execution of a package stopped. Values are the wire codes of the result's outcome field.
enum class Outcome : std::uint8_t
{
    Completed = 0x00,          // END reached, every step accepted
    CardStatusFailed = 0x01,   // the card answered a step with a status word the step does not accept
    CardRemoved = 0x02,        // the card left the slot (or stopped answering)
    Cancelled = 0x03,          // cancel key on the terminal's keypad
    PinEntryFailed = 0x04,     // PIN entry timed out, confirmation differed, trivial PIN insisted on
    InstructionRefused = 0x05, // e.g. wrong ICCID in BEGIN, an instruction out of place
    Incomplete = 0x06,         // the package ended (or was cut) before END
    ChannelClosed = 0x07       // bad C-MAC: the terminal closed the channel; only in an unauthenticated report
};
QString outcomeName(Outcome outcome);

// Status word recorded for a step that got no answer from the card (card removed).
constexpr std::uint16_t kNoCardResponse = 0x0000;

struct StepResponse
{
    std::uint16_t step = 0; // 0-based step index
    SecureBytes data;       // the card's response data (e.g. the RES of an AUTHENTICATE)
    friend bool operator==(const StepResponse&, const StepResponse&) = default;
};

// The terminal's report, sent R-MAC'd and R-ENC'd inside the SCP03 channel.
//   E1 { 80 transaction id(16) | 81 steps consumed k(2) | 82 total(2) | 83 outcome(1)
//        | [84 failing step(2)] | 85 SW list(2k) | A6 { 80 step(2) | 81 data }* }
struct PackageResult
{
    static constexpr std::size_t kMaxEncodedBytes = 65000; // fits one R-ENC'd response APDU

    Bytes transactionId;
    std::uint16_t stepsConsumed = 0; // k: commands the terminal unwrapped; the chain stands after step k
    std::uint16_t totalSteps = 0;
    Outcome outcome = Outcome::Completed;
    std::optional<std::uint16_t> failingStep; // absent iff completed
    std::vector<std::uint16_t> statusWords;   // one per consumed step (9000 for BEGIN/END)
    std::vector<StepResponse> responses;      // ascending step order, steps < k

    // Rules: 1 <= k <= total <= 256; completed iff k == total, failing step absent; otherwise the
    // failing step is k-1 (the step that stopped execution) or, for incomplete, k..total-1; one SW per
    // step; responses strictly ascending and below k; ChannelClosed never appears here.
    Status validate() const;
    Result<SecureBytes> encode() const;
    static Result<PackageResult> decode(ByteView encoded);

    friend bool operator==(const PackageResult&, const PackageResult&) = default;
};

// What the station carries back to the issuer. Authenticated: k in clear (so that the issuer can pick
// the chain state after step k) and the wrapped response; or the bare "channel closed at step k".
//   E2 { 80 k(2) | 81 wrapped response (data || R-MAC || SW) }      authenticated result
//   E3 { 80 k(2) }                                                  channel closed, unauthenticated
struct SealedResult
{
    std::uint16_t stepsConsumed = 0;
    std::optional<Bytes> wrappedResponse; // absent: channel closed

    bool channelClosed() const { return !wrappedResponse.has_value(); }
    Result<Bytes> encode() const;
    static Result<SealedResult> decode(ByteView encoded);

    friend bool operator==(const SealedResult&, const SealedResult&) = default;
};

// Terminal side: collects what each consumed step did and seals the report once execution stops.
class ResultBuilder
{
public:
    ResultBuilder(Bytes transactionId, std::uint16_t totalSteps);

    // Call once per consumed step, in order.
    void addStep(std::uint16_t sw);
    void addStep(std::uint16_t sw, SecureBytes responseData);
    std::uint16_t stepsRecorded() const { return static_cast<std::uint16_t>(m_result.statusWords.size()); }

    // The plaintext report (validated). failingStep defaults to k-1 for outcomes other than completed.
    Result<PackageResult> build(Outcome outcome, std::optional<std::uint16_t> failingStep = std::nullopt) const;
    // Wraps the report as one response of the card-role channel. The channel must stand after step k
    // (k = steps recorded = PackageUnwrapper::stepsConsumed()); otherwise the issuer's R-MAC check fails.
    Result<SealedResult> seal(scp03::SecureChannel& card, Outcome outcome,
                              std::optional<std::uint16_t> failingStep = std::nullopt) const;

    // After the channel closed on a bad C-MAC at step k (0-based index of the refused command).
    static SealedResult channelClosed(std::uint16_t stepsConsumed);

private:
    PackageResult m_result;
};

} // namespace perso::package
