// SPDX-License-Identifier: Apache-2.0
#include "issuer/sim/SimValidation.h"

#include "issuer/sim/SimFiles.h"
#include "protocol/milenage/Milenage.h"

namespace perso::issuer::simcheck {

namespace {

IssuerError invalid(const QString& message)
{
    return makeIssuerError(IssuerErrorCode::InvalidInput, message);
}

constexpr std::uint64_t kMaxSqn = (std::uint64_t{1} << 48) - 1;

} // namespace

bool isDigits(const QString& text, qsizetype minimum, qsizetype maximum)
{
    if (text.size() < minimum || text.size() > maximum)
        return false;
    for (QChar c : text) {
        if (c.unicode() < u'0' || c.unicode() > u'9')
            return false;
    }
    return true;
}

IssuerStatus validateIccid(const QString& iccid)
{
    if (!isDigits(iccid, 18, 20))
        return invalid(QStringLiteral("ICCID must be 18..20 digits"));
    return Ok{};
}

IssuerStatus validateImsi(const QString& imsi)
{
    if (!isDigits(imsi, 15, 15))
        return invalid(QStringLiteral("IMSI must be 15 digits"));
    return Ok{};
}

IssuerStatus validateMsisdn(const QString& msisdn)
{
    if (!isDigits(msisdn, 1, static_cast<qsizetype>(simfiles::kMsisdnMaxDigits)))
        return invalid(QStringLiteral("MSISDN must be 1..%1 digits").arg(simfiles::kMsisdnMaxDigits));
    return Ok{};
}

IssuerStatus validateOperator(const OperatorProfile& op)
{
    if (!isDigits(op.mcc, 3, 3))
        return invalid(QStringLiteral("operator profile: mcc must be 3 digits"));
    if (!isDigits(op.mnc, 2, 3))
        return invalid(QStringLiteral("operator profile: mnc must be 2 or 3 digits"));
    if (op.spn.isEmpty() || op.spn.size() > static_cast<qsizetype>(simfiles::kSpnNameBytes))
        return invalid(QStringLiteral("operator profile: spn must be 1..%1 characters").arg(simfiles::kSpnNameBytes));
    for (QChar c : op.spn) {
        if (!simfiles::isSpnCharacter(c))
            return invalid(QStringLiteral("operator profile: spn holds a character outside the GSM default alphabet"));
    }
    if (op.plmnSelector.empty() || op.plmnSelector.size() > simfiles::kPlmnSelEntries)
        return invalid(
            QStringLiteral("operator profile: plmnSelector must hold 1..%1 entries").arg(simfiles::kPlmnSelEntries));
    for (const QString& plmn : op.plmnSelector) {
        if (!isDigits(plmn, 5, 6))
            return invalid(QStringLiteral("operator profile: plmnSelector entries must be 5 or 6 digits"));
    }
    if (op.plmnSelector.front() != op.mcc + op.mnc)
        return invalid(QStringLiteral("operator profile: the first plmnSelector entry must be the home PLMN"));
    return Ok{};
}

IssuerStatus validateProfile(const SimProfile& profile, const OperatorProfile& op)
{
    if (auto ok = validateIccid(profile.iccid); !ok)
        return ok;
    if (auto ok = validateImsi(profile.imsi); !ok)
        return ok;
    if (auto ok = validateMsisdn(profile.msisdn); !ok)
        return ok;
    if (auto ok = validateOperator(op); !ok)
        return ok;
    if (!profile.imsi.startsWith(op.mcc + op.mnc))
        return invalid(QStringLiteral("IMSI is not in the operator's PLMN %1%2").arg(op.mcc, op.mnc));
    if (profile.ki.size() != milenage::kKeySize || profile.opc.size() != milenage::kKeySize)
        return invalid(QStringLiteral("Ki and OPc must be 16 bytes each"));
    if (profile.sqn == 0 || profile.sqn > kMaxSqn)
        return invalid(QStringLiteral("SQN must be 1..2^48-1"));
    // One of the classes 0..9 (TS 22.011 §4.2); classes 11..15 are not given to subscribers by us.
    if (profile.accessClass == 0 || (profile.accessClass & (profile.accessClass - 1)) != 0 ||
        profile.accessClass > 0x0200)
        return invalid(QStringLiteral("access class must be one of the classes 0..9"));
    return Ok{};
}

IssuerStatus validateAdmCode(const SecureBytes& adm)
{
    if (adm.size() != 8)
        return invalid(QStringLiteral("ADM1 code must be 8 digits"));
    for (std::uint8_t b : adm) {
        if (b < '0' || b > '9')
            return invalid(QStringLiteral("ADM1 code must be 8 digits"));
    }
    return Ok{};
}

} // namespace perso::issuer::simcheck
