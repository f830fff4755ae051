// SPDX-License-Identifier: Apache-2.0
#pragma once

// The issuer's knowledge of the SIM: turns a subscriber profile into the body of a personalisation
// package (docs/cards.md "The issuer's personalisation sequence"), and checks the card's answer to
// the AUTHENTICATE step. File contents and encodings: docs/issuer.md ("SIM package").

#include "issuer/common/IssuerError.h"
#include "protocol/core/Bytes.h"
#include "protocol/package/PackageBuilder.h"

#include <botan/rng.h>

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <vector>

namespace perso::issuer {

struct OperatorProfile
{
    QString mcc; // 3 digits
    QString mnc; // 2 or 3 digits
    QString spn; // service provider name, 1..16 bytes of GSM 7-bit default alphabet (ASCII subset)
    std::uint8_t spnDisplayCondition = 0x01;
    std::vector<QString> plmnSelector; // MCC+MNC strings (5 or 6 digits), first = home; 1..8 entries

    // JSON object {"mcc": "001", "mnc": "01", "spn": "Retail", "spnDisplayCondition": 1,
    // "plmnSelector": ["00101", ...]}; strict (unknown keys, wrong types, bad values → InvalidInput).
    // plmnSelector defaults to [mcc+mnc] when absent.
    static IssuerResult<OperatorProfile> fromJson(const QByteArray& json);
};

struct SimProfile // what goes onto one card
{
    QString iccid;                 // 19 or 20 digits (18..20 accepted, as CardRecord)
    QString imsi;                  // 15 digits
    QString msisdn;                // E.164 digits without '+', 1..15
    std::uint16_t accessClass = 0; // EF.ACC bit for class (last IMSI digit), per TS 22.011
    SecureBytes ki;                // 16
    SecureBytes opc;               // 16
    std::uint64_t sqn = 0;         // 48 bits: the SQN of the plan's AUTHENTICATE
};

struct SimPlan
{
    std::vector<package::PackageStep> body; // FORWARD / PIN ENTRY steps for PackageBuilder::build
    std::uint16_t authenticateStep = 0;     // index IN THE FULL PACKAGE (BEGIN = 0) of the AUTHENTICATE
    SecureBytes expectedRes;                // XRES the card must answer
};

// EF.ACC value for an IMSI: 1 << (last digit). 0 when the IMSI is not 15 digits.
std::uint16_t accessClassForImsi(const QString& imsi);

// Random Ki, OPc = Milenage::computeOpc(Ki, OP), sqn = 1. InvalidInput on a malformed ICCID, IMSI,
// MSISDN or an OP that is not 16 bytes.
IssuerResult<SimProfile> newSimProfile(const QString& iccid, const QString& imsi, const QString& msisdn,
                                       const SecureBytes& opVariant, Botan::RandomNumberGenerator& rng);

// The 22-APDU sequence of docs/cards.md (PIN1 / PUK1 as PIN ENTRY steps), with fresh RAND.
IssuerResult<SimPlan> planNewCard(const SimProfile& profile, const OperatorProfile& op, const SecureBytes& admCode,
                                  Botan::RandomNumberGenerator& rng);

// "modify": re-writes the operator/subscriber files of an already verified card (MSISDN record, SPN,
// PLMNsel, ACC, ...) without touching Ki/OPc, PIN or PUK; it proves it is the same card with an
// AUTHENTICATE under the stored Ki/OPc and the next SQN (profile.sqn must be the new value).
IssuerResult<SimPlan> planModification(const SimProfile& profile, const OperatorProfile& op, const SecureBytes& admCode,
                                       Botan::RandomNumberGenerator& rng);

// RES from the verified result's response data of authenticateStep (TS 31.102 AUTHENTICATE response:
// DB, RES length, RES, CK length, CK, IK length, IK, ...), compared in constant time with expectedRes.
bool authenticationResponseMatches(const SimPlan& plan, ByteView responseData);

} // namespace perso::issuer
