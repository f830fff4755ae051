// SPDX-License-Identifier: Apache-2.0
#pragma once

// Input checks of the SIM plan: every value that reaches a card file is checked here first
// (InvalidInput, with a message that names the field and never carries a secret).

#include "issuer/common/IssuerError.h"
#include "issuer/sim/SimPlan.h"

namespace perso::issuer::simcheck {

bool isDigits(const QString& text, qsizetype minimum, qsizetype maximum);

// 18..20 digits (the check digit is the batch import's business: cards::Iccids).
IssuerStatus validateIccid(const QString& iccid);
IssuerStatus validateImsi(const QString& imsi);
IssuerStatus validateMsisdn(const QString& msisdn);
IssuerStatus validateOperator(const OperatorProfile& op);
// Profile fields, the secrets' lengths, SQN range, access class, and IMSI within the operator's PLMN.
IssuerStatus validateProfile(const SimProfile& profile, const OperatorProfile& op);
IssuerStatus validateAdmCode(const SecureBytes& adm);

} // namespace perso::issuer::simcheck
