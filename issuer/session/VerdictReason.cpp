// SPDX-License-Identifier: Apache-2.0
#include "issuer/session/VerdictReason.h"

namespace perso::issuer {

VerdictReason verdictReasonFor(package::Outcome outcome)
{
    switch (outcome) {
    case package::Outcome::Completed:
        return VerdictReason::None;
    case package::Outcome::CardStatusFailed:
        return VerdictReason::CardStatusFailed;
    case package::Outcome::CardRemoved:
        return VerdictReason::CardRemoved;
    case package::Outcome::Cancelled:
        return VerdictReason::Cancelled;
    case package::Outcome::PinEntryFailed:
        return VerdictReason::PinEntryFailed;
    case package::Outcome::InstructionRefused:
        return VerdictReason::InstructionRefused;
    case package::Outcome::Incomplete:
        return VerdictReason::Incomplete;
    case package::Outcome::ChannelClosed:
        return VerdictReason::ChannelClosed;
    }
    return VerdictReason::CardStatusFailed;
}

QString verdictReasonName(VerdictReason reason)
{
    switch (reason) {
    case VerdictReason::None:
        return QStringLiteral("none");
    case VerdictReason::CardStatusFailed:
        return QStringLiteral("card-status-failed");
    case VerdictReason::CardRemoved:
        return QStringLiteral("card-removed");
    case VerdictReason::Cancelled:
        return QStringLiteral("cancelled");
    case VerdictReason::PinEntryFailed:
        return QStringLiteral("pin-entry-failed");
    case VerdictReason::InstructionRefused:
        return QStringLiteral("instruction-refused");
    case VerdictReason::Incomplete:
        return QStringLiteral("incomplete");
    case VerdictReason::ChannelClosed:
        return QStringLiteral("channel-closed");
    case VerdictReason::AuthenticationMismatch:
        return QStringLiteral("authentication-mismatch");
    }
    return QStringLiteral("unknown");
}

} // namespace perso::issuer
