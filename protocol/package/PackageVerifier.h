// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/core/Bytes.h"
#include "protocol/core/Result.h"
#include "protocol/package/PackageResult.h"
#include "protocol/scp03/SecureChannel.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace perso::package {

// A result the issuer may act on. authenticated is false only for a "channel closed at step k"
// report, which nobody vouches for: the issuer treats the transaction as failed-unverified and
// requires a new sign-on (the host channel has been closed).
struct VerifiedResult
{
    bool authenticated = false;
    PackageResult result;
};

// Issuer side: what the issuer must remember about one package to verify its result. Holds the host
// channel State before step 0 and after every step (total + 1 states, all public values), the
// transaction id and which steps asked for response data. It can be stored and rebuilt from its parts.
class PackageVerifier
{
public:
    using State = scp03::SecureChannel::State;

    PackageVerifier() = default;
    PackageVerifier(Bytes transactionId, std::vector<State> statesAfter, std::vector<bool> returnsData);

    const Bytes& transactionId() const { return m_transactionId; }
    std::uint16_t totalSteps() const { return static_cast<std::uint16_t>(m_returnsData.size()); }
    // k = 0 is the state before the first step; k = totalSteps() the state after END.
    const State& stateAfter(std::size_t k) const { return m_states.at(k); }
    const std::vector<State>& states() const { return m_states; }
    const std::vector<bool>& returnsData() const { return m_returnsData; }

    // Restores the host channel to the state after step k (k taken from the sealed result), verifies
    // the R-MAC and decrypts, then checks the report: same transaction (WrongSession), inner k equal
    // to the outer k (SequenceViolation), response data only where a step asked for it
    // (SchemaViolation). On success the host channel stands after step k, ready for the next package.
    // On failure it is put back where it was. A channel-closed report closes the host channel.
    Result<VerifiedResult> verify(scp03::SecureChannel& host, const SealedResult& sealed) const;
    Result<VerifiedResult> verify(scp03::SecureChannel& host, ByteView sealedEncoded) const;

private:
    Result<VerifiedResult> verifyAuthenticated(scp03::SecureChannel& host, const SealedResult& sealed) const;

    Bytes m_transactionId;
    std::vector<State> m_states;
    std::vector<bool> m_returnsData;
};

} // namespace perso::package
