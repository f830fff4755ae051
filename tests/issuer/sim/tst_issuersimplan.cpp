// SPDX-License-Identifier: Apache-2.0
#include "issuer/sim/SimPlan.h"
#include "protocol/keys/Diversification.h"
#include "protocol/milenage/Milenage.h"
#include "protocol/package/Instruction.h"
#include "protocol/package/PackageBuilder.h"
#include "protocol/scp03/SecureChannel.h"
#include "protocol/wire/Iccid.h"
#include "terminal/cards/Batch.h"
#include "terminal/cards/SimCard.h"

#include <botan/system_rng.h>

#include <QTemporaryDir>
#include <QtTest>

using namespace perso;
using namespace perso::issuer;
using package::ForwardInstruction;
using package::PinEntryInstruction;

namespace {

// docs/cards.md example data.
const QString kIccid = QStringLiteral("89440000000000000017");
const QString kImsi = QStringLiteral("001010123456789");
const QString kMsisdn = QStringLiteral("447700900123");
const char* const kKi = "465B5CE8B199B49FAA5F0A2EE238A6BC"; // TS 35.208 test set 1
const char* const kOpc = "CD63CB71954A9F4E48A5994E37A02BAF";
const char* const kAdm = "3132333435363738"; // "12345678"
const QByteArray kPin = "4826";
const QByteArray kPuk = "73915480";

// The table of docs/cards.md ("The issuer's personalisation sequence"), steps 1-17 and 21.
const char* const kDocumented[] = {
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

OperatorProfile exampleOperator()
{
    OperatorProfile op;
    op.mcc = QStringLiteral("001");
    op.mnc = QStringLiteral("01");
    op.spn = QStringLiteral("Retail Perso");
    op.spnDisplayCondition = 0x01;
    op.plmnSelector = {QStringLiteral("00101")};
    return op;
}

SimProfile exampleProfile()
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

QString hexOf(const CommandApdu& command)
{
    return QString::fromStdString(toHex(view(command.encode().value()))).toUpper();
}

QString hexOf(ByteView bytes)
{
    return QString::fromStdString(toHex(bytes)).toUpper();
}

const ForwardInstruction* forwardOf(const package::PackageStep& step)
{
    return std::get_if<ForwardInstruction>(&step.instruction);
}

struct StepRun
{
    std::uint16_t sw = 0;
    SecureBytes data;
};

// Runs a body against the card like the terminal: FORWARD as is, PIN ENTRY filled from the keypad.
std::vector<StepRun> runBody(cards::SimCard& card, const SimPlan& plan, const QByteArray& pin, const QByteArray& puk)
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

ResponseApdu send(cards::SimCard& card, const char* hex)
{
    const Bytes raw = fromHex(hex);
    return card.process(CommandApdu::decode(raw).value());
}

QString readTransparent(cards::SimCard& card, std::uint16_t fid, std::size_t length)
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

QString readMsisdn(cards::SimCard& card)
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

BlankCard makeBatchCard(const QTemporaryDir& dir, const QString& iccid)
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

} // namespace

class TestIssuerSimPlan : public QObject
{
    Q_OBJECT

private slots:
    void newCardBodyMatchesDocumentedSequence()
    {
        const auto plan = planNewCard(exampleProfile(), exampleOperator(), secureFromHex(kAdm), Botan::system_rng());
        QVERIFY2(plan.ok(), plan.ok() ? "" : qPrintable(plan.error().message));
        const auto& body = plan.value().body;
        QCOMPARE(body.size(), std::size_t{22});
        QCOMPARE(plan.value().authenticateStep, std::uint16_t{22});
        for (std::size_t i = 0; i < std::size(kDocumented); ++i) {
            const auto* forward = forwardOf(body[i]);
            QVERIFY(forward != nullptr);
            QCOMPARE(forward->flags, std::uint8_t{0});
            QCOMPARE(hexOf(forward->cardCommand), QString::fromLatin1(kDocumented[i]));
            QVERIFY(!body[i].label.isEmpty() && body[i].label.toUtf8().size() <= 64);
        }
        // 18: Ki || OPc.
        QCOMPARE(hexOf(forwardOf(body[17])->cardCommand),
                 QStringLiteral("00D6000020") + QLatin1String(kKi) + QLatin1String(kOpc));
        // 19, 20: PIN ENTRY steps typed on the keypad.
        const auto* pin1 = std::get_if<PinEntryInstruction>(&body[18].instruction);
        const auto* puk1 = std::get_if<PinEntryInstruction>(&body[19].instruction);
        QVERIFY(pin1 != nullptr && puk1 != nullptr);
        QCOMPARE(pin1->purpose, PinEntryInstruction::Purpose::Pin1);
        QCOMPARE(hexOf(pin1->cardTemplate), QStringLiteral("0024010108FFFFFFFFFFFFFFFF"));
        QCOMPARE(pin1->minDigits, std::uint8_t{4});
        QCOMPARE(pin1->maxDigits, std::uint8_t{8});
        QVERIFY(pin1->confirmTwice);
        QVERIFY(pin1->validate().ok());
        QCOMPARE(puk1->purpose, PinEntryInstruction::Purpose::Puk1);
        QCOMPARE(hexOf(puk1->cardTemplate), QStringLiteral("0024011108FFFFFFFFFFFFFFFF"));
        QCOMPARE(puk1->minDigits, std::uint8_t{8});
        QCOMPARE(puk1->maxDigits, std::uint8_t{8});
        QVERIFY(puk1->validate().ok());
        // 21: the commit.
        QCOMPARE(hexOf(forwardOf(body[20])->cardCommand), QStringLiteral("00440000027FF0"));
        // 22: AUTHENTICATE 10 RAND 10 AUTN 00, ReturnData; the AUTN verifies under Ki/OPc with SQN 1, AMF 8000.
        const auto* auth = forwardOf(body[21]);
        QCOMPARE(auth->flags, std::uint8_t{ForwardInstruction::ReturnData});
        const QString authHex = hexOf(auth->cardCommand);
        QCOMPARE(authHex.size(), (5 + 34 + 1) * 2);
        QVERIFY(authHex.startsWith(QStringLiteral("008800812210")));
        QCOMPARE(authHex.mid(10 + 34, 2), QStringLiteral("10"));
        QVERIFY(authHex.endsWith(QStringLiteral("00")));
        const SecureBytes& data = auth->cardCommand.data();
        const ByteView rand(data.data() + 1, 16), autn(data.data() + 18, 16);
        const auto card = milenage::Milenage::fromOpc(secureFromHex(kKi), secureFromHex(kOpc)).value();
        const auto answer = card.checkAutn(rand, autn, milenage::SqnPolicy{Bytes(6, 0)});
        QVERIFY(answer.ok());
        QCOMPARE(hexOf(answer.value().sqn), QStringLiteral("000000000001"));
        QCOMPARE(hexOf(answer.value().amf), QStringLiteral("8000"));
        QCOMPARE(hexOf(answer.value().res), hexOf(view(plan.value().expectedRes)));

        // Fresh RAND each time.
        const auto again = planNewCard(exampleProfile(), exampleOperator(), secureFromHex(kAdm), Botan::system_rng());
        QVERIFY(forwardOf(again.value().body[21])->cardCommand.data() != data);
    }

    void plansBuildIntoPackages()
    {
        SimProfile profile = exampleProfile();
        const SecureBytes adm = secureFromHex(kAdm);
        const auto fresh = planNewCard(profile, exampleOperator(), adm, Botan::system_rng());
        profile.sqn = 2;
        const auto modify = planModification(profile, exampleOperator(), adm, Botan::system_rng());
        QVERIFY(fresh.ok() && modify.ok());
        for (const SimPlan* plan : {&fresh.value(), &modify.value()}) {
            scp03::SessionKeys keys{SecureBytes(16, 1), SecureBytes(16, 2), SecureBytes(16, 3)};
            auto host = scp03::SecureChannel::open(std::move(keys), 0x33, scp03::SecureChannel::Role::Host);
            QVERIFY(host.ok());
            const auto built = package::PackageBuilder::build(host.value(), Bytes(16, 0x5A),
                                                              wire::iccidFromDigits(kIccid).value(), plan->body);
            QVERIFY2(built.ok(), built.ok() ? "" : qPrintable(built.error().message));
            QCOMPARE(built.value().package.stepCount(), plan->body.size() + 2);
            // The AUTHENTICATE is the step the index names (BEGIN = 0).
            const auto* auth = forwardOf(plan->body[plan->authenticateStep - 1]);
            QVERIFY(auth != nullptr && auth->cardCommand.ins() == 0x88 && auth->returnsData());
            for (const auto& step : plan->body)
                QVERIFY(package::encodeInstruction(step.instruction).ok());
        }
    }

    void fileEncodings()
    {
        QCOMPARE(accessClassForImsi(kImsi), std::uint16_t{0x0200}); // last digit 9 → class 9
        QCOMPARE(accessClassForImsi(QStringLiteral("001010123456780")), std::uint16_t{0x0001});
        QCOMPARE(accessClassForImsi(QStringLiteral("00101012345678")), std::uint16_t{0});
        // Three-digit MNC, several PLMNs, odd-length MSISDN.
        OperatorProfile op = exampleOperator();
        op.mcc = QStringLiteral("310");
        op.mnc = QStringLiteral("123");
        op.plmnSelector = {QStringLiteral("310123"), QStringLiteral("23415")};
        SimProfile profile = exampleProfile();
        profile.imsi = QStringLiteral("310123000000004");
        profile.msisdn = QStringLiteral("15551234567");
        profile.accessClass = accessClassForImsi(profile.imsi);
        const auto plan = planNewCard(profile, op, secureFromHex(kAdm), Botan::system_rng());
        QVERIFY(plan.ok());
        const auto& body = plan.value().body;
        QCOMPARE(hexOf(forwardOf(body[3])->cardCommand), QStringLiteral("00D6000009083901210300000040"));
        QCOMPARE(hexOf(forwardOf(body[5])->cardCommand), QStringLiteral("00D600000400000003"));
        QCOMPARE(hexOf(forwardOf(body[9])->cardCommand), QStringLiteral("00D6000018") + QStringLiteral("133021") +
                                                             QStringLiteral("32F451") + QString(36, QLatin1Char('F')));
        QCOMPARE(hexOf(forwardOf(body[13])->cardCommand), QStringLiteral("00DC01041A4F776E206E756D626572FFFF") +
                                                              QStringLiteral("07915155214365F7") +
                                                              QStringLiteral("FFFFFFFF") + QStringLiteral("FFFF"));
        QCOMPARE(hexOf(forwardOf(body[15])->cardCommand), QStringLiteral("00D60000020010"));
    }

    void personalisesARealVirtualSim()
    {
        QTemporaryDir dir;
        const QString body = QStringLiteral("894400000000000001"); // 18 digits + the Luhn check digit
        const QString withCheck = body + QString::number(cards::Iccids::luhnCheckDigit(body));
        const BlankCard blank = makeBatchCard(dir, withCheck);
        QVERIFY(!blank.path.isEmpty());
        const SecureBytes op = secureFromHex("CDC202D5123E20F62B6D676AC72CB318");
        const auto profile = newSimProfile(withCheck, kImsi, QStringLiteral("+447700900123"), op, Botan::system_rng());
        QVERIFY(profile.ok());
        QCOMPARE(profile.value().msisdn, kMsisdn);
        QCOMPARE(profile.value().sqn, std::uint64_t{1});
        QCOMPARE(profile.value().accessClass, std::uint16_t{0x0200});
        QVERIFY(profile.value().opc == milenage::Milenage::computeOpc(profile.value().ki, op).value());
        const auto plan = planNewCard(profile.value(), exampleOperator(), blank.adm, Botan::system_rng());
        QVERIFY(plan.ok());

        {
            auto card = cards::SimCard::open(blank.path);
            QVERIFY(card.ok());
            const auto runs = runBody(*card.value(), plan.value(), kPin, kPuk);
            QCOMPARE(runs.size(), plan.value().body.size());
            for (std::size_t i = 0; i < runs.size(); ++i)
                QVERIFY2(runs[i].sw == 0x9000, qPrintable(plan.value().body[i].label));
            const SecureBytes& answer = runs.back().data;
            QVERIFY(authenticationResponseMatches(plan.value(), view(answer)));
            for (std::size_t bit = 0; bit < 8 * 10; ++bit) { // DB, length and RES
                SecureBytes flipped = answer;
                flipped[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
                QVERIFY2(!authenticationResponseMatches(plan.value(), view(flipped)), qPrintable(QString::number(bit)));
            }
            QVERIFY(!authenticationResponseMatches(plan.value(), ByteView(answer.data(), 10)));
            QVERIFY(!authenticationResponseMatches(plan.value(), {}));
        }

        // Read back from the saved file, as a handset would.
        auto card = cards::SimCard::open(blank.path);
        QVERIFY(card.ok());
        cards::SimCard& sim = *card.value();
        QCOMPARE(send(sim, "00A4000C027FF0").sw(), std::uint16_t{0x9000});
        QCOMPARE(readTransparent(sim, 0x6FAD, 4), QStringLiteral("00000002"));
        QCOMPARE(readTransparent(sim, 0x6F46, 17), QStringLiteral("0152657461696C20506572736FFFFFFFFF"));
        QCOMPARE(readTransparent(sim, 0x6F07, 9).left(8), QStringLiteral("read 698")); // PIN1 not yet given
        const QByteArray pinBlock = kPin + QByteArray(4, '\xFF');
        QCOMPARE(sim.process(CommandApdu(0x00, 0x20, 0x00, 0x01, SecureBytes(pinBlock.begin(), pinBlock.end()))).sw(),
                 std::uint16_t{0x9000});
        QCOMPARE(readTransparent(sim, 0x6F07, 9), QStringLiteral("080910101032547698"));
        QCOMPARE(readTransparent(sim, 0x6F78, 2), QStringLiteral("0200"));
        QCOMPARE(readTransparent(sim, 0x6F38, 8), QStringLiteral("9E731C000C000000"));
        QCOMPARE(readTransparent(sim, 0x6F30, 3 * 8).left(6), QStringLiteral("00F110"));
        QCOMPARE(readMsisdn(sim), QStringLiteral("4F776E206E756D626572FFFF0791447700091032FFFFFFFFFFFF"));
        QCOMPARE(readTransparent(sim, 0xFF01, 32).left(4), QStringLiteral("read")); // Ki/OPc never readable
        // PUK1 is what the customer typed: unblocking with it works.
        const QByteArray unblock = kPuk + QByteArray("1357") + QByteArray(4, '\xFF');
        QCOMPARE(sim.process(CommandApdu(0x00, 0x2C, 0x00, 0x01, SecureBytes(unblock.begin(), unblock.end()))).sw(),
                 std::uint16_t{0x9000});
    }

    void modifiesAPersonalisedSim()
    {
        QTemporaryDir dir;
        const QString body = QStringLiteral("894400000000000002");
        const QString iccid = body + QString::number(cards::Iccids::luhnCheckDigit(body));
        const BlankCard blank = makeBatchCard(dir, iccid);
        QVERIFY(!blank.path.isEmpty());
        const SecureBytes op = secureFromHex("CDC202D5123E20F62B6D676AC72CB318");
        SimProfile profile = newSimProfile(iccid, kImsi, kMsisdn, op, Botan::system_rng()).value();
        {
            auto card = cards::SimCard::open(blank.path);
            const auto plan = planNewCard(profile, exampleOperator(), blank.adm, Botan::system_rng()).value();
            const auto runs = runBody(*card.value(), plan, kPin, kPuk);
            QCOMPARE(runs.size(), std::size_t{22});
            QCOMPARE(runs.back().sw, std::uint16_t{0x9000});
        }

        // New number, new SPN and roaming list; the stored Ki/OPc and the next SQN.
        profile.msisdn = QStringLiteral("447700900999");
        profile.sqn = 2;
        OperatorProfile op2 = exampleOperator();
        op2.spn = QStringLiteral("New Name");
        op2.spnDisplayCondition = 0x00;
        op2.plmnSelector = {QStringLiteral("00101"), QStringLiteral("23415")};
        const auto modify = planModification(profile, op2, blank.adm, Botan::system_rng());
        QVERIFY(modify.ok());
        for (const auto& step : modify.value().body) {
            if (const auto* forward = forwardOf(step)) {
                QVERIFY(forward->cardCommand.ins() != 0xE0); // no CREATE FILE
                QVERIFY(forward->cardCommand.ins() != 0x24); // no code changed
                const SecureBytes& data = forward->cardCommand.data();
                QVERIFY(!(data.size() == 2 && data[0] == 0xFF && data[1] == 0x01)); // EF.KEYS untouched
            } else {
                const auto& entry = std::get<PinEntryInstruction>(step.instruction);
                QCOMPARE(hexOf(entry.cardTemplate), QStringLiteral("0020000108FFFFFFFFFFFFFFFF")); // VERIFY PIN1
                QVERIFY(!entry.confirmTwice);
            }
        }
        QCOMPARE(modify.value().authenticateStep, static_cast<std::uint16_t>(modify.value().body.size()));
        {
            auto card = cards::SimCard::open(blank.path);
            const auto runs = runBody(*card.value(), modify.value(), kPin, kPuk);
            QCOMPARE(runs.size(), modify.value().body.size());
            for (std::size_t i = 0; i < runs.size(); ++i)
                QVERIFY2(runs[i].sw == 0x9000, qPrintable(modify.value().body[i].label));
            QVERIFY(authenticationResponseMatches(modify.value(), view(runs.back().data)));
        }
        {
            auto card = cards::SimCard::open(blank.path);
            cards::SimCard& sim = *card.value();
            const QByteArray pinBlock = kPin + QByteArray(4, '\xFF');
            QCOMPARE(
                sim.process(CommandApdu(0x00, 0x20, 0x00, 0x01, SecureBytes(pinBlock.begin(), pinBlock.end()))).sw(),
                std::uint16_t{0x9000});
            QCOMPARE(send(sim, "00A4000C027FF0").sw(), std::uint16_t{0x9000});
            QCOMPARE(readMsisdn(sim), QStringLiteral("4F776E206E756D626572FFFF0791447700099099FFFFFFFFFFFF"));
            QCOMPARE(readTransparent(sim, 0x6F46, 17), QStringLiteral("004E6577204E616D65FFFFFFFFFFFFFFFF"));
            QCOMPARE(readTransparent(sim, 0x6F30, 6), QStringLiteral("00F11032F451"));
        }

        // Replaying an old SQN: the card answers with a resynchronisation (DC), which never matches.
        profile.sqn = 2;
        const auto replay = planModification(profile, op2, blank.adm, Botan::system_rng()).value();
        auto card = cards::SimCard::open(blank.path);
        const auto runs = runBody(*card.value(), replay, kPin, kPuk);
        QCOMPARE(runs.size(), replay.body.size());
        QCOMPARE(runs.back().sw, std::uint16_t{0x9000});
        QCOMPARE(runs.back().data.front(), std::uint8_t{0xDC});
        QVERIFY(!authenticationResponseMatches(replay, view(runs.back().data)));

        // A different Ki fails the card's MAC check.
        profile.ki = secureFromHex("000102030405060708090A0B0C0D0E0F");
        profile.sqn = 3;
        const auto wrongKey = planModification(profile, op2, blank.adm, Botan::system_rng()).value();
        auto card2 = cards::SimCard::open(blank.path);
        const auto runs2 = runBody(*card2.value(), wrongKey, kPin, kPuk);
        QCOMPARE(runs2.size(), wrongKey.body.size());
        QCOMPARE(runs2.back().sw, std::uint16_t{0x9862});
    }

    void invalidInput_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::newRow("IMSI 14 digits") << QStringLiteral("imsi") << QStringLiteral("00101012345678");
        QTest::newRow("IMSI 16 digits") << QStringLiteral("imsi") << QStringLiteral("0010101234567890");
        QTest::newRow("IMSI letter") << QStringLiteral("imsi") << QStringLiteral("00101012345678A");
        QTest::newRow("IMSI other PLMN") << QStringLiteral("imsi") << QStringLiteral("002010123456789");
        QTest::newRow("MSISDN 16 digits") << QStringLiteral("msisdn") << QStringLiteral("4477009001234567");
        QTest::newRow("MSISDN empty") << QStringLiteral("msisdn") << QString();
        QTest::newRow("MSISDN with plus") << QStringLiteral("msisdn") << QStringLiteral("+447700900123");
        QTest::newRow("MSISDN spaces") << QStringLiteral("msisdn") << QStringLiteral("44 7700 900123");
        QTest::newRow("ICCID 17 digits") << QStringLiteral("iccid") << QStringLiteral("89440000000000001");
        QTest::newRow("ICCID 21 digits") << QStringLiteral("iccid") << QStringLiteral("894400000000000000171");
        QTest::newRow("ICCID hex") << QStringLiteral("iccid") << QStringLiteral("8944000000000000001F");
        QTest::newRow("Ki 15 bytes") << QStringLiteral("ki") << QStringLiteral("15");
        QTest::newRow("OPc empty") << QStringLiteral("opc") << QStringLiteral("0");
        QTest::newRow("SQN 0") << QStringLiteral("sqn") << QStringLiteral("0");
        QTest::newRow("SQN 2^48") << QStringLiteral("sqn") << QStringLiteral("281474976710656");
        QTest::newRow("access class none") << QStringLiteral("acc") << QStringLiteral("0");
        QTest::newRow("access class two bits") << QStringLiteral("acc") << QStringLiteral("3");
        QTest::newRow("access class 10") << QStringLiteral("acc") << QStringLiteral("1024");
        QTest::newRow("ADM 7 digits") << QStringLiteral("adm") << QStringLiteral("31323334353637");
        QTest::newRow("ADM not digits") << QStringLiteral("adm") << QStringLiteral("3132333435363741");
        QTest::newRow("SPN empty") << QStringLiteral("spn") << QString();
        QTest::newRow("SPN 17 chars") << QStringLiteral("spn") << QStringLiteral("ABCDEFGHIJKLMNOPQ");
        QTest::newRow("SPN dollar") << QStringLiteral("spn") << QStringLiteral("Cash$");
        QTest::newRow("SPN accent") << QStringLiteral("spn") << QStringLiteral("Caf\u00E9");
        QTest::newRow("SPN underscore") << QStringLiteral("spn") << QStringLiteral("a_b");
        QTest::newRow("MCC 2 digits") << QStringLiteral("mcc") << QStringLiteral("01");
        QTest::newRow("MNC 1 digit") << QStringLiteral("mnc") << QStringLiteral("1");
    }

    void invalidInput()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        SimProfile profile = exampleProfile();
        OperatorProfile op = exampleOperator();
        SecureBytes adm = secureFromHex(kAdm);
        if (field == QStringLiteral("imsi"))
            profile.imsi = value;
        else if (field == QStringLiteral("msisdn"))
            profile.msisdn = value;
        else if (field == QStringLiteral("iccid"))
            profile.iccid = value;
        else if (field == QStringLiteral("ki"))
            profile.ki.resize(value.toUInt());
        else if (field == QStringLiteral("opc"))
            profile.opc.resize(value.toUInt());
        else if (field == QStringLiteral("sqn"))
            profile.sqn = value.toULongLong();
        else if (field == QStringLiteral("acc"))
            profile.accessClass = static_cast<std::uint16_t>(value.toUInt());
        else if (field == QStringLiteral("adm"))
            adm = secureFromHex(value.toStdString());
        else if (field == QStringLiteral("spn"))
            op.spn = value;
        else if (field == QStringLiteral("mcc"))
            op.mcc = value;
        else if (field == QStringLiteral("mnc"))
            op.mnc = value;
        const auto fresh = planNewCard(profile, op, adm, Botan::system_rng());
        QVERIFY(!fresh.ok());
        QCOMPARE(fresh.code(), IssuerErrorCode::InvalidInput);
        const auto modify = planModification(profile, op, adm, Botan::system_rng());
        QCOMPARE(modify.code(), IssuerErrorCode::InvalidInput);
        // Nothing secret in the message.
        QVERIFY(!fresh.error().message.contains(QLatin1String(kKi), Qt::CaseInsensitive));
    }

    void newProfileInputErrors()
    {
        const SecureBytes op(16, 0x42);
        auto& rng = Botan::system_rng();
        QCOMPARE(newSimProfile(QStringLiteral("123"), kImsi, kMsisdn, op, rng).code(), IssuerErrorCode::InvalidInput);
        QCOMPARE(newSimProfile(kIccid, QStringLiteral("1234"), kMsisdn, op, rng).code(), IssuerErrorCode::InvalidInput);
        QCOMPARE(newSimProfile(kIccid, kImsi, QStringLiteral("1234567890123456"), op, rng).code(),
                 IssuerErrorCode::InvalidInput);
        QCOMPARE(newSimProfile(kIccid, kImsi, kMsisdn, SecureBytes(15, 1), rng).code(), IssuerErrorCode::InvalidInput);
        const auto a = newSimProfile(kIccid, kImsi, kMsisdn, op, rng).value();
        const auto b = newSimProfile(kIccid, kImsi, kMsisdn, op, rng).value();
        QVERIFY(a.ki != b.ki);
        QCOMPARE(a.ki.size(), std::size_t{16});
    }

    void operatorFromJson()
    {
        const auto op = OperatorProfile::fromJson(
            R"({"mcc": "234", "mnc": "15", "spn": "Retail Perso", "spnDisplayCondition": 2,
                "plmnSelector": ["23415", "310123"]})");
        QVERIFY2(op.ok(), op.ok() ? "" : qPrintable(op.error().message));
        QCOMPARE(op.value().mcc, QStringLiteral("234"));
        QCOMPARE(op.value().mnc, QStringLiteral("15"));
        QCOMPARE(op.value().spn, QStringLiteral("Retail Perso"));
        QCOMPARE(op.value().spnDisplayCondition, std::uint8_t{2});
        QCOMPARE(op.value().plmnSelector.size(), std::size_t{2});
        const auto defaults = OperatorProfile::fromJson(R"({"mcc": "001", "mnc": "01", "spn": "X"})");
        QVERIFY(defaults.ok());
        QCOMPARE(defaults.value().spnDisplayCondition, std::uint8_t{1});
        QCOMPARE(defaults.value().plmnSelector, std::vector<QString>{QStringLiteral("00101")});
    }

    void operatorJsonErrors_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("not json") << QByteArray("mcc=001");
        QTest::newRow("array") << QByteArray("[]");
        QTest::newRow("missing spn") << QByteArray(R"({"mcc": "001", "mnc": "01"})");
        QTest::newRow("mcc number") << QByteArray(R"({"mcc": 1, "mnc": "01", "spn": "X"})");
        QTest::newRow("unknown key") << QByteArray(R"({"mcc": "001", "mnc": "01", "spn": "X", "ki": "00"})");
        QTest::newRow("condition 256") << QByteArray(
            R"({"mcc": "001", "mnc": "01", "spn": "X", "spnDisplayCondition": 256})");
        QTest::newRow("condition string")
            << QByteArray(R"({"mcc": "001", "mnc": "01", "spn": "X", "spnDisplayCondition": "1"})");
        QTest::newRow("plmn not home first")
            << QByteArray(R"({"mcc": "001", "mnc": "01", "spn": "X", "plmnSelector": ["23415"]})");
        QTest::newRow("plmn empty") << QByteArray(R"({"mcc": "001", "mnc": "01", "spn": "X", "plmnSelector": []})");
        QTest::newRow("plmn 9 entries") << QByteArray(
            R"({"mcc": "001", "mnc": "01", "spn": "X", "plmnSelector": ["00101","00102","00103","00104","00105","00106","00107","00108","00109"]})");
        QTest::newRow("plmn bad digits") << QByteArray(
            R"({"mcc": "001", "mnc": "01", "spn": "X", "plmnSelector": ["00101", "0010"]})");
        QTest::newRow("plmn number") << QByteArray(R"({"mcc": "001", "mnc": "01", "spn": "X", "plmnSelector": [101]})");
    }

    void operatorJsonErrors()
    {
        QFETCH(QByteArray, json);
        QCOMPARE(OperatorProfile::fromJson(json).code(), IssuerErrorCode::InvalidInput);
    }
};

QTEST_GUILESS_MAIN(TestIssuerSimPlan)
#include "tst_issuersimplan.moc"
