// SPDX-License-Identifier: Apache-2.0
#pragma once

// Reason codes of ResultVerdict (failed and failed-unverified outcomes), issuer-defined 3xx numbers
// next to the assessment's 1xx/2xx ones (issuer/assessment/Assessment.h). Stable: documented in
// docs/issuer.md ("Session") and stored with the transaction.

#include "protocol/package/PackageResult.h"

#include <QString>

#include <cstdint>

namespace perso::issuer {

enum class VerdictReason : std::uint16_t
{
    None = 0,
    CardStatusFailed = 301,      // the card refused a step (its SW is not one the step accepts)
    CardRemoved = 302,           // the card left the slot during the package
    Cancelled = 303,             // cancel pressed on the terminal
    PinEntryFailed = 304,        // PIN entry timed out, the two entries differed, or a trivial PIN
    InstructionRefused = 305,    // the terminal refused an instruction (e.g. another card in the slot)
    Incomplete = 306,            // the package ended before END
    ChannelClosed = 307,         // unauthenticated "channel closed at step k" report: sign on again
    AuthenticationMismatch = 310 // every step answered 9000 but the AUTHENTICATE RES is not the XRES
};

// The reason for an authenticated result that did not complete (package::Outcome → 30x).
VerdictReason verdictReasonFor(package::Outcome outcome);

// "card-status-failed", "authentication-mismatch", ... for logs and the audit detail.
QString verdictReasonName(VerdictReason reason);

} // namespace perso::issuer
