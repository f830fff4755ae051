// SPDX-License-Identifier: Apache-2.0
#pragma once

// The issuer's customer assessment: a pure function of a policy (a JSON config file), the customer's
// details as the retailer typed them and facts the caller looked up (cards issued to this customer
// in the window, deny list). Rules and ID document formats: docs/issuer.md ("Assessment").

#include "issuer/common/IssuerError.h"
#include "protocol/wire/CustomerDetails.h"
#include "protocol/wire/Messages.h"

#include <QByteArray>
#include <QDate>
#include <QString>
#include <QStringList>

#include <cstdint>

namespace perso::issuer {

// Stable numbers sent in AssessmentDecision.reasonCode: 1xx decline, 2xx refer.
enum class ReasonCode : std::uint16_t
{
    None = 0,
    Underage = 101,
    IdDocumentInvalid = 102,
    DenyListed = 103,
    TooManyCards = 104,
    UnknownPlan = 105,
    BirthDateInvalid = 106, // date of birth missing, in the future or more than 130 years ago
    ReferredNearLimit = 201
};

// "none", "underage", "id-document-invalid", ... (stable, for logs and perso-admin).
QString reasonCodeName(ReasonCode code);

struct AssessmentPolicy
{
    int minimumAge = 18;       // 16..25
    int maxCardsPerWindow = 3; // 1..100
    int windowDays = 30;       // 1..3660
    bool referAtLimit = false; // true: the last allowed card is Referred instead of Approved
    QStringList planCodes;     // allowed plans; empty = any

    // Strict: a JSON object with only the keys above (all optional, defaults as above); unknown keys,
    // wrong types, out-of-range values or a malformed plan code → InvalidInput.
    static IssuerResult<AssessmentPolicy> fromJson(const QByteArray& json);
};

struct AssessmentFacts
{
    int cardsInWindow = 0;   // cards already issued to this customer key in the last windowDays
    bool denyListed = false; // the customer key is on the deny list
    QDate today;             // the issuer's current date (UTC)
};

struct AssessmentOutcome
{
    wire::Decision decision = wire::Decision::Declined;
    ReasonCode reason = ReasonCode::None;
};

// Rules in order (first match wins): deny list, ID document format, date of birth, age, plan,
// card count (>= max → TooManyCards; == max-1 with referAtLimit → Referred), else Approved.
AssessmentOutcome assess(const AssessmentPolicy& policy, const wire::CustomerDetails& customer,
                         const AssessmentFacts& facts);

// Per-type format rules (docs/issuer.md "Assessment"): upper-case letters and digits only, lengths
// and patterns per type.
bool isValidIdDocumentNumber(wire::IdDocumentType type, const QString& number);

// Whole years between birth and today on calendar dates (a birthday today counts; a 29 February
// birthday is reached on 1 March in common years). -1 when birth is after today or a date is invalid.
int ageInYears(const QDate& birth, const QDate& today);

} // namespace perso::issuer
