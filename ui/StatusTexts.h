// SPDX-License-Identifier: Apache-2.0
#pragma once

// Short, translated texts for the status strip and the pages (context "StatusTexts").

#include "app/session/Station.h"

#include <QString>

namespace perso::station::ui {

QString issuerLinkText(LinkState state, const QString& detail);
QString terminalText(const TerminalInfo& info);
QString retailerText(const std::optional<SignOnInfo>& info);
// The decline / referral reasons of docs/issuer.md (101-106, 201).
QString decisionReasonText(int reasonCode);
QString decisionText(wire::Decision decision);
// What the operator should do next, given the phase and what is known.
QString startHint(LinkState link, const TerminalInfo& terminal, bool signedOn);

} // namespace perso::station::ui
