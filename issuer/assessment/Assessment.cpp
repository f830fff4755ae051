// SPDX-License-Identifier: Apache-2.0
#include "issuer/assessment/Assessment.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <cmath>

namespace perso::issuer {

namespace {

constexpr int kMaxPlausibleAge = 130;

IssuerError invalid(const QString& message)
{
    return makeIssuerError(IssuerErrorCode::InvalidInput, QStringLiteral("assessment policy: %1").arg(message));
}

// An integer JSON number within [low, high].
IssuerStatus readInt(const QJsonObject& object, const QString& key, int low, int high, int& out)
{
    if (!object.contains(key))
        return Ok{};
    const QJsonValue value = object.value(key);
    const double number = value.toDouble();
    if (!value.isDouble() || std::floor(number) != number)
        return invalid(QStringLiteral("%1 must be an integer").arg(key));
    if (number < low || number > high)
        return invalid(QStringLiteral("%1 must be %2..%3").arg(key).arg(low).arg(high));
    out = static_cast<int>(number);
    return Ok{};
}

bool isPlanToken(const QString& code)
{
    if (code.isEmpty() || code.size() > 32)
        return false;
    for (QChar c : code) {
        if (c.unicode() <= 0x20 || c.unicode() >= 0x7F)
            return false;
    }
    return true;
}

bool allSameCharacter(const QString& text)
{
    for (QChar c : text) {
        if (c != text.front())
            return false;
    }
    return true;
}

} // namespace

QString reasonCodeName(ReasonCode code)
{
    switch (code) {
    case ReasonCode::None:
        return QStringLiteral("none");
    case ReasonCode::Underage:
        return QStringLiteral("underage");
    case ReasonCode::IdDocumentInvalid:
        return QStringLiteral("id-document-invalid");
    case ReasonCode::DenyListed:
        return QStringLiteral("deny-listed");
    case ReasonCode::TooManyCards:
        return QStringLiteral("too-many-cards");
    case ReasonCode::UnknownPlan:
        return QStringLiteral("unknown-plan");
    case ReasonCode::BirthDateInvalid:
        return QStringLiteral("birth-date-invalid");
    case ReasonCode::ReferredNearLimit:
        return QStringLiteral("referred-near-limit");
    }
    return QStringLiteral("unknown-%1").arg(static_cast<unsigned>(code));
}

IssuerResult<AssessmentPolicy> AssessmentPolicy::fromJson(const QByteArray& json)
{
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return invalid(QStringLiteral("not valid JSON at offset %1").arg(error.offset));
    if (!document.isObject())
        return invalid(QStringLiteral("must be a JSON object"));
    const QJsonObject object = document.object();
    static const QStringList known{QStringLiteral("minimumAge"), QStringLiteral("maxCardsPerWindow"),
                                   QStringLiteral("windowDays"), QStringLiteral("referAtLimit"),
                                   QStringLiteral("planCodes")};
    for (const QString& key : object.keys()) {
        if (!known.contains(key))
            return invalid(QStringLiteral("unknown key \"%1\"").arg(key.left(40)));
    }

    AssessmentPolicy policy;
    if (auto ok = readInt(object, QStringLiteral("minimumAge"), 16, 25, policy.minimumAge); !ok)
        return ok.error();
    if (auto ok = readInt(object, QStringLiteral("maxCardsPerWindow"), 1, 100, policy.maxCardsPerWindow); !ok)
        return ok.error();
    if (auto ok = readInt(object, QStringLiteral("windowDays"), 1, 3660, policy.windowDays); !ok)
        return ok.error();
    if (object.contains(QStringLiteral("referAtLimit"))) {
        const QJsonValue value = object.value(QStringLiteral("referAtLimit"));
        if (!value.isBool())
            return invalid(QStringLiteral("referAtLimit must be true or false"));
        policy.referAtLimit = value.toBool();
    }
    if (object.contains(QStringLiteral("planCodes"))) {
        const QJsonValue value = object.value(QStringLiteral("planCodes"));
        if (!value.isArray())
            return invalid(QStringLiteral("planCodes must be an array of strings"));
        const QJsonArray codes = value.toArray();
        if (codes.size() > 1000)
            return invalid(QStringLiteral("planCodes holds more than 1000 entries"));
        for (const QJsonValue& code : codes) {
            if (!code.isString() || !isPlanToken(code.toString()))
                return invalid(QStringLiteral("planCodes entries must be tokens of 1..32 printable characters"));
            if (policy.planCodes.contains(code.toString()))
                return invalid(QStringLiteral("planCodes repeats \"%1\"").arg(code.toString()));
            policy.planCodes.append(code.toString());
        }
    }
    return policy;
}

int ageInYears(const QDate& birth, const QDate& today)
{
    if (!birth.isValid() || !today.isValid() || birth > today)
        return -1;
    int years = today.year() - birth.year();
    if (today.month() < birth.month() || (today.month() == birth.month() && today.day() < birth.day()))
        --years;
    return years;
}

bool isValidIdDocumentNumber(wire::IdDocumentType type, const QString& number)
{
    // Upper-case Latin letters and digits only, at least one digit, not one repeated character.
    static const QRegularExpression passport(QStringLiteral("^[A-Z0-9]{6,9}$"));
    static const QRegularExpression nationalId(QStringLiteral("^[A-Z0-9]{6,12}$"));
    static const QRegularExpression drivingLicence(QStringLiteral("^[A-Z0-9]{5,18}$"));
    static const QRegularExpression residencePermit(QStringLiteral("^[A-Z]{1,3}[0-9]{6,10}$"));
    static const QRegularExpression digit(QStringLiteral("[0-9]"));
    const QRegularExpression* pattern = nullptr;
    switch (type) {
    case wire::IdDocumentType::Passport:
        pattern = &passport;
        break;
    case wire::IdDocumentType::NationalIdCard:
        pattern = &nationalId;
        break;
    case wire::IdDocumentType::DrivingLicence:
        pattern = &drivingLicence;
        break;
    case wire::IdDocumentType::ResidencePermit:
        pattern = &residencePermit;
        break;
    }
    if (pattern == nullptr || !pattern->match(number).hasMatch())
        return false;
    return number.contains(digit) && !allSameCharacter(number);
}

AssessmentOutcome assess(const AssessmentPolicy& policy, const wire::CustomerDetails& customer,
                         const AssessmentFacts& facts)
{
    using wire::Decision;
    if (facts.denyListed)
        return {Decision::Declined, ReasonCode::DenyListed};
    if (!isValidIdDocumentNumber(customer.idDocument.type, customer.idDocument.number))
        return {Decision::Declined, ReasonCode::IdDocumentInvalid};
    const int age = ageInYears(customer.dateOfBirth, facts.today);
    if (age < 0 || age > kMaxPlausibleAge)
        return {Decision::Declined, ReasonCode::BirthDateInvalid};
    if (age < policy.minimumAge)
        return {Decision::Declined, ReasonCode::Underage};
    if (!policy.planCodes.isEmpty() && !policy.planCodes.contains(customer.planCode))
        return {Decision::Declined, ReasonCode::UnknownPlan};
    if (facts.cardsInWindow >= policy.maxCardsPerWindow)
        return {Decision::Declined, ReasonCode::TooManyCards};
    if (policy.referAtLimit && facts.cardsInWindow == policy.maxCardsPerWindow - 1)
        return {Decision::Referred, ReasonCode::ReferredNearLimit};
    return {Decision::Approved, ReasonCode::None};
}

} // namespace perso::issuer
