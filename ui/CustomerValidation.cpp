// SPDX-License-Identifier: Apache-2.0
#include "ui/CustomerValidation.h"

#include "protocol/wire/CborFields.h"
#include "protocol/wire/Limits.h"

#include <QCoreApplication>

namespace perso::station::ui {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(CustomerValidation)
};

bool textOk(const QString& text, std::size_t minLength, std::size_t maxLength, wire::detail::TextRule rule)
{
    return !wire::detail::checkText(text, minLength, maxLength, rule, QStringLiteral("field")).has_value();
}

QString freeText(const QString& text, int maxLength, const char* missing)
{
    const QString value = text.trimmed();
    if (value.isEmpty())
        return missing == nullptr ? QString() : QCoreApplication::translate("CustomerValidation", missing);
    if (value.size() > maxLength)
        return Text::tr("Too long: at most %n characters.", nullptr, maxLength);
    if (!textOk(value, 1, std::size_t(maxLength), wire::detail::TextRule::Free))
        return Text::tr("Contains a control character; retype it.");
    return {};
}

QString emailProblem(const QString& text)
{
    const QString value = text.trimmed();
    if (value.size() < 3 || value.size() > 254 || !textOk(value, 3, 254, wire::detail::TextRule::Token))
        return Text::tr("Not an e-mail address (no spaces, 3 to 254 characters).");
    const qsizetype at = value.indexOf(QLatin1Char('@'));
    if (value.count(QLatin1Char('@')) != 1 || at == 0 || at == value.size() - 1)
        return Text::tr("Not an e-mail address: it needs exactly one @ between a name and a domain.");
    return {};
}

QString phoneProblem(const QString& text)
{
    const QString value = normalisedPhone(text);
    if (!value.startsWith(QLatin1Char('+')))
        return Text::tr("Start the phone number with + and the country code, e.g. +49.");
    const QString digits = value.mid(1);
    if (digits.size() < 3 || digits.size() > 15 || !textOk(digits, 3, 15, wire::detail::TextRule::Digits))
        return Text::tr("A phone number is + followed by 3 to 15 digits.");
    return {};
}

} // namespace

QString normalisedPhone(const QString& phone)
{
    QString out;
    for (const QChar c : phone) {
        if (c.isSpace() || c == QLatin1Char('-') || c == QLatin1Char('/') || c == QLatin1Char('(') ||
            c == QLatin1Char(')'))
            continue;
        out.append(c);
    }
    return out;
}

QList<CustomerField> customerFields()
{
    return {CustomerField::GivenNames, CustomerField::FamilyName, CustomerField::DateOfBirth, CustomerField::Address,
            CustomerField::Postcode,   CustomerField::City,       CustomerField::Country,     CustomerField::IdNumber,
            CustomerField::Email,      CustomerField::Phone,      CustomerField::Contact,     CustomerField::Plan};
}

QString customerFieldProblem(CustomerField field, const CustomerInput& in, const QDate& today)
{
    switch (field) {
    case CustomerField::GivenNames:
        return freeText(in.givenNames, 64, QT_TRANSLATE_NOOP("CustomerValidation", "Type the given names."));
    case CustomerField::FamilyName:
        return freeText(in.familyName, 64, QT_TRANSLATE_NOOP("CustomerValidation", "Type the family name."));
    case CustomerField::DateOfBirth:
        if (!in.dateOfBirth.isValid() || in.dateOfBirth < QDate(1900, 1, 1))
            return Text::tr("Enter the date of birth (1900 or later).");
        if (in.dateOfBirth > today || in.dateOfBirth > QDate(2100, 12, 31))
            return Text::tr("The date of birth is in the future.");
        return {};
    case CustomerField::Address: {
        if (in.addressLines.isEmpty() || in.addressLines.first().trimmed().isEmpty())
            return Text::tr("Type the street and house number in line 1.");
        for (const QString& line : in.addressLines) {
            if (line.trimmed().isEmpty())
                continue;
            const QString problem = freeText(line, 80, nullptr);
            if (!problem.isEmpty())
                return problem;
        }
        return {};
    }
    case CustomerField::Postcode: {
        const QString value = in.postcode.trimmed();
        if (value.isEmpty())
            return {}; // optional: some countries have none
        return freeText(value, 16, nullptr);
    }
    case CustomerField::City:
        return freeText(in.city, 64, QT_TRANSLATE_NOOP("CustomerValidation", "Type the city."));
    case CustomerField::Country: {
        const QString value = in.country.trimmed();
        if (value.size() != 2 || value.toUpper() != value || !value.at(0).isLetter() || !value.at(1).isLetter())
            return Text::tr("Choose the country.");
        return {};
    }
    case CustomerField::IdNumber: {
        const QString value = in.idNumber.trimmed();
        if (value.isEmpty())
            return Text::tr("Type the ID document's number.");
        if (!textOk(value, 1, wire::limits::kMaxToken, wire::detail::TextRule::Token))
            return Text::tr("Letters, digits and symbols only, no spaces, at most 32 characters.");
        return {};
    }
    case CustomerField::Email:
        return in.email.trimmed().isEmpty() ? QString() : emailProblem(in.email);
    case CustomerField::Phone:
        return normalisedPhone(in.phone).isEmpty() ? QString() : phoneProblem(in.phone);
    case CustomerField::Contact:
        if (in.email.trimmed().isEmpty() && normalisedPhone(in.phone).isEmpty())
            return Text::tr("Type an e-mail address or a phone number (at least one).");
        return {};
    case CustomerField::Plan:
        if (!textOk(in.planCode, 1, wire::limits::kMaxToken, wire::detail::TextRule::Token))
            return Text::tr("Choose a plan.");
        return {};
    }
    return {};
}

StationResult<wire::CustomerDetails> customerDetails(const CustomerInput& in, const QDate& today)
{
    for (const CustomerField field : customerFields()) {
        const QString problem = customerFieldProblem(field, in, today);
        if (!problem.isEmpty())
            return stationError(StationErrorKind::InvalidInput,
                                QStringLiteral("customer field %1: %2").arg(int(field)).arg(problem));
    }
    wire::CustomerDetails details;
    details.givenNames = in.givenNames.trimmed();
    details.familyName = in.familyName.trimmed();
    details.dateOfBirth = in.dateOfBirth;
    for (const QString& line : in.addressLines) {
        if (!line.trimmed().isEmpty())
            details.address.lines.push_back(line.trimmed());
    }
    if (!in.postcode.trimmed().isEmpty())
        details.address.postcode = in.postcode.trimmed();
    details.address.city = in.city.trimmed();
    details.address.country = in.country.trimmed();
    details.idDocument.type = in.idType;
    details.idDocument.number = in.idNumber.trimmed();
    if (!in.email.trimmed().isEmpty())
        details.email = in.email.trimmed();
    if (!normalisedPhone(in.phone).isEmpty())
        details.phone = normalisedPhone(in.phone);
    details.planCode = in.planCode;
    // The codec is the final judge: what it refuses, the issuer would refuse too.
    const auto encoded = wire::encodeCustomerDetails(details);
    if (!encoded)
        return stationError(StationErrorKind::InvalidInput, encoded.error().message);
    return details;
}

} // namespace perso::station::ui
