// SPDX-License-Identifier: Apache-2.0
#include "SimPlanFixtures.h"
#include "protocol/milenage/Milenage.h"
#include "protocol/package/PackageBuilder.h"
#include "protocol/scp03/SecureChannel.h"
#include "protocol/wire/Iccid.h"

#include <botan/system_rng.h>

using namespace simplantest;

// The SIM plans as data: docs/cards.md byte for byte, encodings, packaging and input validation.
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
