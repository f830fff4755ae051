// SPDX-License-Identifier: Apache-2.0
#include "app/demo/KeypadPrompt.h"

#include <QRegularExpression>

namespace perso::station::demo {

KeypadPrompt freshKeypadPrompt(const TerminalState& state)
{
    if (!state.line2.isEmpty())
        return KeypadPrompt::None;
    if (state.state == QLatin1String("retailer-pin"))
        return KeypadPrompt::RetailerPin;
    static const QRegularExpression customerPrompt(QStringLiteral("^(New|Repeat) (PIN|PUK)2?:$"));
    const auto match = customerPrompt.match(state.line1);
    if (!match.hasMatch())
        return KeypadPrompt::None;
    return match.captured(2) == QLatin1String("PUK") ? KeypadPrompt::CustomerPuk : KeypadPrompt::CustomerPin;
}

} // namespace perso::station::demo
