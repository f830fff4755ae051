// SPDX-License-Identifier: Apache-2.0
#include "terminal/firmware/TerminalState.h"

namespace perso::terminal {

QString stateName(TerminalState state)
{
    switch (state) {
    case TerminalState::Locked:
        return QStringLiteral("locked");
    case TerminalState::RetailerPin:
        return QStringLiteral("retailer-pin");
    case TerminalState::RetailerVerified:
        return QStringLiteral("retailer-verified");
    case TerminalState::AwaitingAuth:
        return QStringLiteral("awaiting-auth");
    case TerminalState::ChannelOpen:
        return QStringLiteral("channel-open");
    case TerminalState::Executing:
        return QStringLiteral("executing");
    case TerminalState::Reporting:
        return QStringLiteral("reporting");
    case TerminalState::ChannelClosed:
        return QStringLiteral("channel-closed");
    case TerminalState::Tampered:
        return QStringLiteral("tampered");
    }
    return QStringLiteral("unknown");
}

} // namespace perso::terminal
