// SPDX-License-Identifier: Apache-2.0
#pragma once

// The customer form's rules, field by field, exactly as wire::CustomerDetails requires them
// (protocol/wire/CustomerDetails.h, docs/protocol.md "Wire messages"): the page shows the problem next to
// the field and enables Next only when every field passes. Messages are translated (context
// "CustomerValidation") and never repeat what the operator typed.

#include "app/core/StationError.h"
#include "protocol/wire/CustomerDetails.h"

#include <QDate>
#include <QString>
#include <QStringList>

namespace perso::station::ui {

enum class CustomerField
{
    GivenNames,
    FamilyName,
    DateOfBirth,
    Address, // the address lines (line 1 required, 1..80 characters each)
    Postcode,
    City,
    Country,
    IdNumber,
    Email,
    Phone,
    Contact, // at least one of e-mail and phone
    Plan
};

// What the form holds, untrimmed, as typed.
struct CustomerInput
{
    QString givenNames;
    QString familyName;
    QDate dateOfBirth;
    QStringList addressLines; // up to 4, empty lines ignored
    QString postcode;
    QString city;
    QString country; // ISO 3166-1 alpha-2
    wire::IdDocumentType idType = wire::IdDocumentType::Passport;
    QString idNumber;
    QString email;
    QString phone; // spaces, '-', '/', '(' and ')' are dropped before the check: "+49 170 123 45 67"
    QString planCode;
};

// The problem with one field, or an empty string. `today` bounds the date of birth (not in the future).
QString customerFieldProblem(CustomerField field, const CustomerInput& input, const QDate& today);
// Every field, in form order.
QList<CustomerField> customerFields();
// The details to submit (trimmed, phone normalised), or InvalidInput naming the first bad field.
StationResult<wire::CustomerDetails> customerDetails(const CustomerInput& input, const QDate& today);
// "+49 170-123 45 67" -> "+491701234567" (only the separators are dropped).
QString normalisedPhone(const QString& phone);

} // namespace perso::station::ui
