// SPDX-License-Identifier: Apache-2.0
#pragma once

// Shared by the SIM plan suites: docs/cards.md example data, and running a plan on a virtual SIM.

#include "issuer/sim/SimPlan.h"
#include "protocol/keys/Diversification.h"
#include "protocol/package/Instruction.h"
#include "terminal/cards/Batch.h"
#include "terminal/cards/SimCard.h"

#include <QTemporaryDir>
#include <QtTest>

namespace simplantest {

using namespace perso;
using namespace perso::issuer;
using package::ForwardInstruction;
using package::PinEntryInstruction;

// docs/cards.md example data.
inline const QString kIccid = QStringLiteral("89440000000000000017");
inline const QString kImsi = QStringLiteral("001010123456789");
inline const QString kMsisdn = QStringLiteral("447700900123");
inline const char* const kKi = "465B5CE8B199B49FAA5F0A2EE238A6BC"; // TS 35.208 test set 1
inline const char* const kOpc = "CD63CB71954A9F4E48A5994E37A02BAF";
inline const char* const kAdm = "3132333435363738"; // "12345678"
inline const QByteArray kPin = "4826";
inline const QByteArray kPuk = "73915480";

// The table of docs/cards.md ("The issuer's personalisation sequence"), steps 1-17 and 21.
inline const char* const kDocumented[] = {
    "0020000A083132333435363738",
    "00E000002562238202782183027FF08410A0000000871002FFFFFFFF89070900008C077B1A1A1A1A1A1A",
    "00E000001862168202412183026F078C051B1A1A1A1180020009880138",
    "00D6000009080910101032547698",
    "00E000001862168202412183026FAD8C051B1A1A1A0080020004880118",
    "00D600000400000002",
    "00E000001862168202412183026F388C051B1A1A1A1180020008880120",
    "00D60000089E731C000C000000",
    "00E000001762158202412183026F308C051B1A1A1111800200188800",
    "00D600001800F110FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
    "00E000001762158202412183026F468C051B1A1A1A00800200118800",
    "00D60000110152657461696C20506572736FFFFFFFFF",
    "00E0000016621482054221001A0183026F408C051B1A1A11118800",
    "00DC01041A4F776E206E756D626572FFFF0791447700091032FFFFFFFFFFFF",
    "00E000001862168202412183026F788C051B1A1A1A1180020002880130",
    "00D60000020001",
    "00E00000146212820241218302FF018C041A1A1A1A80020020",
};

inline OperatorProfile exampleOperator()
{
    OperatorProfile op;
    op.mcc = QStringLiteral("001");
    op.mnc = QStringLiteral("01");
    op.spn = QStringLiteral("Retail Perso");
    op.spnDisplayCondition = 0x01;
    op.plmnSelector = {QStringLiteral("00101")};
    return op;
}

inline SimProfile exampleProfile()
{
    SimProfile p;
    p.iccid = kIccid;
    p.imsi = kImsi;
    p.msisdn = kMsisdn;
    p.accessClass = 0x0001; // the documented example writes class 0
    p.ki = secureFromHex(kKi);
    p.opc = secureFromHex(kOpc);
    p.sqn = 1;
    return p;
}

inline QString hexOf(const CommandApdu& command)
{
    return QString::fromStdString(toHex(view(command.encode().value()))).toUpper();
}

inline QString hexOf(ByteView bytes)
{
    return QString::fromStdString(toHex(bytes)).toUpper();
}

inline const ForwardInstruction* forwardOf(const package::PackageStep& step)
{
    return std::get_if<ForwardInstruction>(&step.instruction);
}

struct StepRun
{
    std::uint16_t sw = 0;
    SecureBytes data;
};

// Runs a body against the card like the terminal: FORWARD as is, PIN ENTRY filled from the keypad.
inline std::vector<StepRun> runBody(cards::SimCard& card, const SimPlan& plan, const QByteArray& pin,
                                    const QByteArray& puk)
{
    std::vector<StepRun> runs;
    for (const auto& step : plan.body) {
        CommandApdu command;
        if (const auto* forward = forwardOf(step)) {
            command = forward->cardCommand;
        } else {
            const auto& entry = std::get<PinEntryInstruction>(step.instruction);
            const QByteArray& digits = entry.purpose == PinEntryInstruction::Purpose::Puk1 ? puk : pin;
            auto filled = entry.fill(ByteView(reinterpret_cast<const std::uint8_t*>(digits.constData()),
                                              static_cast<std::size_t>(digits.size())));
            if (!filled)
                return runs;
            command = filled.value();
        }
        const ResponseApdu answer = card.process(command);
        runs.push_back({answer.sw(), answer.data()});
        if (answer.sw() != 0x9000)
            break;
    }
    return runs;
}

inline ResponseApdu send(cards::SimCard& card, const char* hex)
{
    const Bytes raw = fromHex(hex);
    return card.process(CommandApdu::decode(raw).value());
}

inline QString readTransparent(cards::SimCard& card, std::uint16_t fid, std::size_t length)
{
    const ResponseApdu selected = card.process(CommandApdu(
        0x00, 0xA4, 0x00, 0x0C, SecureBytes{static_cast<std::uint8_t>(fid >> 8), static_cast<std::uint8_t>(fid)}));
    if (selected.sw() != 0x9000)
        return QStringLiteral("select %1").arg(selected.sw(), 4, 16);
    const ResponseApdu read = card.process(CommandApdu(0x00, 0xB0, 0x00, 0x00, {}, length));
    if (read.sw() != 0x9000)
        return QStringLiteral("read %1").arg(read.sw(), 4, 16);
    return hexOf(view(read.data()));
}

inline QString readMsisdn(cards::SimCard& card)
{
    if (card.process(CommandApdu(0x00, 0xA4, 0x00, 0x0C, SecureBytes{0x6F, 0x40})).sw() != 0x9000)
        return QStringLiteral("select");
    const ResponseApdu read = card.process(CommandApdu(0x00, 0xB2, 0x01, 0x04, {}, 26));
    return read.sw() == 0x9000 ? hexOf(view(read.data())) : QStringLiteral("read %1").arg(read.sw(), 4, 16);
}

// A personalisable blank card from a real batch, with its ADM1 code.
struct BlankCard
{
    QString path;
    SecureBytes adm;
};

inline BlankCard makeBatchCard(const QTemporaryDir& dir, const QString& iccid)
{
    const SecureBytes batchKey = secureFromHex("000102030405060708090A0B0C0D0E0F");
    const QString folder = dir.filePath(QStringLiteral("batch"));
    const auto created = cards::Batch::create(folder, QStringLiteral("B1"), iccid, 1, batchKey);
    if (!created)
        return {};
    const auto batch = cards::Batch::open(folder);
    if (!batch)
        return {};
    const QByteArray digits = iccid.toLatin1();
    return {batch.value().cardPath(iccid),
            keys::deriveAdmCode(view(batchKey), std::string_view(digits.constData(), digits.size())).value()};
}

} // namespace simplantest
