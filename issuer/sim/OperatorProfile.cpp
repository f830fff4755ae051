// SPDX-License-Identifier: Apache-2.0
#include "issuer/sim/SimFiles.h"
#include "issuer/sim/SimPlan.h"
#include "issuer/sim/SimValidation.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace perso::issuer {

namespace {

IssuerError invalid(const QString& message)
{
    return makeIssuerError(IssuerErrorCode::InvalidInput, QStringLiteral("operator profile: %1").arg(message));
}

IssuerResult<QString> readString(const QJsonObject& object, const QString& key)
{
    const QJsonValue value = object.value(key);
    if (!value.isString())
        return invalid(QStringLiteral("%1 must be a string").arg(key));
    return value.toString();
}

} // namespace

IssuerResult<OperatorProfile> OperatorProfile::fromJson(const QByteArray& json)
{
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return invalid(QStringLiteral("not valid JSON at offset %1").arg(error.offset));
    if (!document.isObject())
        return invalid(QStringLiteral("must be a JSON object"));
    const QJsonObject object = document.object();
    static const QStringList known{QStringLiteral("mcc"), QStringLiteral("mnc"), QStringLiteral("spn"),
                                   QStringLiteral("spnDisplayCondition"), QStringLiteral("plmnSelector")};
    for (const QString& key : object.keys()) {
        if (!known.contains(key))
            return invalid(QStringLiteral("unknown key \"%1\"").arg(key.left(40)));
    }

    OperatorProfile profile;
    auto mcc = readString(object, QStringLiteral("mcc"));
    auto mnc = readString(object, QStringLiteral("mnc"));
    auto spn = readString(object, QStringLiteral("spn"));
    if (!mcc)
        return mcc.error();
    if (!mnc)
        return mnc.error();
    if (!spn)
        return spn.error();
    profile.mcc = mcc.value();
    profile.mnc = mnc.value();
    profile.spn = spn.value();
    if (object.contains(QStringLiteral("spnDisplayCondition"))) {
        const QJsonValue value = object.value(QStringLiteral("spnDisplayCondition"));
        const double number = value.toDouble();
        if (!value.isDouble() || std::floor(number) != number || number < 0 || number > 255)
            return invalid(QStringLiteral("spnDisplayCondition must be an integer 0..255"));
        profile.spnDisplayCondition = static_cast<std::uint8_t>(number);
    }
    if (object.contains(QStringLiteral("plmnSelector"))) {
        const QJsonValue value = object.value(QStringLiteral("plmnSelector"));
        if (!value.isArray())
            return invalid(QStringLiteral("plmnSelector must be an array of strings"));
        for (const QJsonValue& entry : value.toArray()) {
            if (!entry.isString())
                return invalid(QStringLiteral("plmnSelector entries must be strings"));
            profile.plmnSelector.push_back(entry.toString());
            if (profile.plmnSelector.size() > simfiles::kPlmnSelEntries)
                break; // validate() reports the count
        }
    } else {
        profile.plmnSelector.push_back(profile.mcc + profile.mnc);
    }
    if (auto ok = simcheck::validateOperator(profile); !ok)
        return ok.error();
    return profile;
}

} // namespace perso::issuer
