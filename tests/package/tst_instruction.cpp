// SPDX-License-Identifier: Apache-2.0
#include "protocol/package/Instruction.h"

#include <QTest>

using namespace perso;
using namespace perso::package;

Q_DECLARE_METATYPE(perso::ErrorCode)

namespace {

CommandApdu apdu(const char* hex)
{
    auto decoded = CommandApdu::decode(view(fromHex(hex)));
    return decoded ? decoded.value() : CommandApdu{};
}

QByteArray hexOf(const CommandApdu& command)
{
    auto encoded = command.encode();
    return encoded ? QByteArray::fromStdString(toHex(view(encoded.value()))).toUpper() : QByteArray();
}

PinEntryInstruction verifyPinTemplate()
{
    PinEntryInstruction pin;
    pin.purpose = PinEntryInstruction::Purpose::Pin1;
    pin.cardTemplate = CommandApdu(0x00, 0x20, 0x00, 0x01, SecureBytes(8, 0xFF)); // VERIFY PIN, PIN1
    pin.pinOffset = 0;
    pin.minDigits = 4;
    pin.maxDigits = 8;
    pin.padByte = 0xFF;
    pin.promptId = 7;
    return pin;
}

} // namespace

class TestInstruction : public QObject
{
    Q_OBJECT

private slots:
    void encodesTheDocumentedLayout_data();
    void encodesTheDocumentedLayout();
    void roundTrips_data();
    void roundTrips();
    void rejectsMalformed_data();
    void rejectsMalformed();
    void refusesToEncodeInvalid();
    void forwardStatusRules();
    void fillsThePinField();
    void rejectsBadPins();
    void detectsTrivialPins_data();
    void detectsTrivialPins();
};

// Byte layouts from docs/protocol.md ("The personalisation package") (our own format, so these are layout checks).
void TestInstruction::encodesTheDocumentedLayout_data()
{
    QTest::addColumn<int>("which");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("BEGIN") << 0
                           << QByteArray("80E0000025"
                                         "8010000102030405060708090A0B0C0D0E0F"
                                         "810A989410000000123456F7"
                                         "82020019"
                                         "830101");
    QTest::newRow("FORWARD") << 1
                             << QByteArray("80E20100070"
                                           "0A4000C023F00");
    QTest::newRow("PIN ENTRY") << 2
                               << QByteArray("80E401002380"
                                             "0D0020000108FFFFFFFFFFFFFFFF"
                                             "81020000"
                                             "820104"
                                             "830108"
                                             "8401FF"
                                             "85020007"
                                             "860100");
    QTest::newRow("END") << 3 << QByteArray("80E60000");
}

void TestInstruction::encodesTheDocumentedLayout()
{
    QFETCH(int, which);
    QFETCH(QByteArray, expected);
    Instruction instruction;
    switch (which) {
    case 0:
        instruction = BeginInstruction{fromHex("000102030405060708090A0B0C0D0E0F"), fromHex("989410000000123456F7"), 25,
                                       kPackageFormatVersion};
        break;
    case 1:
        instruction = ForwardInstruction{ForwardInstruction::ReturnData, apdu("00A4000C023F00")};
        break;
    case 2:
        instruction = verifyPinTemplate();
        break;
    default:
        instruction = EndInstruction{};
    }
    auto encoded = encodeInstruction(instruction);
    QVERIFY2(encoded.ok(), qPrintable(encoded.ok() ? QString() : encoded.error().message));
    QCOMPARE(hexOf(encoded.value()), expected);
}

void TestInstruction::roundTrips_data()
{
    QTest::addColumn<int>("which");
    QTest::newRow("begin") << 0;
    QTest::newRow("forward short") << 1;
    QTest::newRow("forward extended") << 2;
    QTest::newRow("forward case 2 with flags") << 3;
    QTest::newRow("pin entry puk") << 4;
    QTest::newRow("end") << 5;
}

void TestInstruction::roundTrips()
{
    QFETCH(int, which);
    Instruction instruction;
    switch (which) {
    case 0:
        instruction = BeginInstruction{Bytes(16, 0x42), Bytes(10, 0x98), 256, kPackageFormatVersion};
        break;
    case 1:
        instruction = ForwardInstruction{0, apdu("00D6000003010203")};
        break;
    case 2:
        instruction = ForwardInstruction{ForwardInstruction::AcceptWarnings,
                                         CommandApdu(0x00, 0xD6, 0x00, 0x00, SecureBytes(3000, 0xAB))};
        break;
    case 3:
        instruction = ForwardInstruction{ForwardInstruction::ReturnData | ForwardInstruction::AcceptAnyStatus,
                                         apdu("00B0000000")};
        break;
    case 4: {
        PinEntryInstruction pin = verifyPinTemplate();
        pin.purpose = PinEntryInstruction::Purpose::Puk1;
        pin.cardTemplate = CommandApdu(0x00, 0x2C, 0x00, 0x01, SecureBytes(16, 0xFF)); // UNBLOCK PIN
        pin.pinOffset = 0;
        pin.minDigits = 8;
        pin.confirmTwice = true;
        instruction = pin;
        break;
    }
    default:
        instruction = EndInstruction{};
    }
    auto encoded = encodeInstruction(instruction);
    QVERIFY(encoded.ok());
    QCOMPARE(encoded.value().cla(), kInstructionCla);
    // Through the bytes, as the terminal sees it after unwrapping.
    auto raw = encoded.value().encode();
    QVERIFY(raw.ok());
    auto reparsed = CommandApdu::decode(view(raw.value()));
    QVERIFY(reparsed.ok());
    auto decoded = decodeInstruction(reparsed.value());
    QVERIFY2(decoded.ok(), qPrintable(decoded.ok() ? QString() : decoded.error().message));
    QVERIFY(decoded.value() == instruction);
}

void TestInstruction::rejectsMalformed_data()
{
    QTest::addColumn<QByteArray>("hex");
    QTest::addColumn<perso::ErrorCode>("code");
    const QByteArray beginBody = "8010000102030405060708090A0B0C0D0E0F810A989410000000123456F782020019830101";
    QTest::newRow("wrong CLA") << QByteArray("00E60000") << ErrorCode::InvalidEncoding;
    QTest::newRow("secure messaging CLA") << QByteArray("84E60000") << ErrorCode::InvalidEncoding;
    QTest::newRow("unknown INS") << QByteArray("80E80000") << ErrorCode::InvalidEncoding;
    QTest::newRow("END with P1") << QByteArray("80E60100") << ErrorCode::InvalidEncoding;
    QTest::newRow("END with Le") << QByteArray("80E6000000") << ErrorCode::InvalidEncoding;
    QTest::newRow("END with data") << QByteArray("80E6000001AA") << ErrorCode::TrailingData;
    QTest::newRow("BEGIN without data") << QByteArray("80E00000") << ErrorCode::Truncated;
    QTest::newRow("BEGIN P2") << QByteArray("80E0000125") + beginBody << ErrorCode::InvalidEncoding;
    QTest::newRow("BEGIN missing version")
        << QByteArray("80E0000022") + beginBody.left(68) << ErrorCode::SchemaViolation;
    QTest::newRow("BEGIN extra field") << QByteArray("80E0000028") + beginBody + "840100" << ErrorCode::SchemaViolation;
    QTest::newRow("BEGIN fields swapped")
        << QByteArray("80E0000025") + beginBody.mid(36, 24) + beginBody.left(36) + beginBody.mid(60)
        << ErrorCode::SchemaViolation;
    QTest::newRow("BEGIN short transaction id") << QByteArray("80E000002480"
                                                              "0F000102030405060708090A0B0C0D0E") +
                                                       beginBody.mid(36)
                                                << ErrorCode::InvalidLength;
    QTest::newRow("BEGIN total 1") << QByteArray("80E0000025") + beginBody.left(60) + "82020001830101"
                                   << ErrorCode::SchemaViolation;
    QTest::newRow("BEGIN total 257") << QByteArray("80E0000025") + beginBody.left(60) + "82020101830101"
                                     << ErrorCode::SchemaViolation;
    QTest::newRow("BEGIN version 2") << QByteArray("80E0000025") + beginBody.left(68) + "830102"
                                     << ErrorCode::UnsupportedVersion;
    QTest::newRow("BEGIN TLV length overrun")
        << QByteArray("80E0000025") + beginBody.left(68) + "830201" << ErrorCode::Truncated;
    QTest::newRow("BEGIN constructed field")
        << QByteArray("80E0000024") + beginBody.left(68) + "A300" << ErrorCode::SchemaViolation;
    QTest::newRow("FORWARD reserved flag") << QByteArray("80E2080005"
                                                         "00A4000C00")
                                           << ErrorCode::InvalidEncoding;
    QTest::newRow("FORWARD P2") << QByteArray("80E2000104"
                                              "00B00000")
                                << ErrorCode::InvalidEncoding;
    QTest::newRow("FORWARD empty") << QByteArray("80E20000") << ErrorCode::Truncated;
    QTest::newRow("FORWARD short card APDU") << QByteArray("80E2000003"
                                                           "00B000")
                                             << ErrorCode::Truncated;
    QTest::newRow("FORWARD card APDU Lc overrun") << QByteArray("80E2000006"
                                                                "00D6000005AA")
                                                  << ErrorCode::Truncated;
    QTest::newRow("PIN ENTRY purpose 5") << QByteArray("80E405002380"
                                                       "0D0020000108FFFFFFFFFFFFFFFF81020000820104830108"
                                                       "8401FF85020007860100")
                                         << ErrorCode::InvalidEncoding;
    QTest::newRow("PIN ENTRY field outside template") << QByteArray("80E401002380"
                                                                    "0D0020000108FFFFFFFFFFFFFFFF81020001820104830108"
                                                                    "8401FF85020007860100")
                                                      << ErrorCode::SchemaViolation;
    QTest::newRow("PIN ENTRY min above max") << QByteArray("80E401002380"
                                                           "0D0020000108FFFFFFFFFFFFFFFF81020000820109830108"
                                                           "8401FF85020007860100")
                                             << ErrorCode::SchemaViolation;
    QTest::newRow("PIN ENTRY min 3") << QByteArray("80E401002380"
                                                   "0D0020000108FFFFFFFFFFFFFFFF81020000820103830108"
                                                   "8401FF85020007860100")
                                     << ErrorCode::SchemaViolation;
    QTest::newRow("PIN ENTRY field not padding") << QByteArray("80E401002380"
                                                               "0D0020000108313233FFFFFFFFFF81020000820104830108"
                                                               "8401FF85020007860100")
                                                 << ErrorCode::SchemaViolation;
    QTest::newRow("PIN ENTRY confirm 02") << QByteArray("80E401002380"
                                                        "0D0020000108FFFFFFFFFFFFFFFF81020000820104830108"
                                                        "8401FF85020007860102")
                                          << ErrorCode::SchemaViolation;
    QTest::newRow("PIN ENTRY missing prompt") << QByteArray("80E401001F80"
                                                            "0D0020000108FFFFFFFFFFFFFFFF81020000820104830108"
                                                            "8401FF860100")
                                              << ErrorCode::SchemaViolation;
    QTest::newRow("PIN ENTRY template not an APDU")
        << QByteArray("80E401001C80"
                      "0600D6000005AA810200008201048301088401FF85020007860100")
        << ErrorCode::Truncated;
}

void TestInstruction::rejectsMalformed()
{
    QFETCH(QByteArray, hex);
    QFETCH(perso::ErrorCode, code);
    auto command = CommandApdu::decode(view(fromHex(hex.toStdString())));
    QVERIFY2(command.ok(), "test row must be a well-formed APDU");
    auto decoded = decodeInstruction(command.value());
    QVERIFY(!decoded.ok());
    QCOMPARE(decoded.code(), code);
}

void TestInstruction::refusesToEncodeInvalid()
{
    QCOMPARE(encodeInstruction(BeginInstruction{Bytes(15, 1), Bytes(10, 2), 25, 1}).code(),
             ErrorCode::InvalidParameter);
    QCOMPARE(encodeInstruction(BeginInstruction{Bytes(16, 1), Bytes(9, 2), 25, 1}).code(), ErrorCode::InvalidParameter);
    QCOMPARE(encodeInstruction(BeginInstruction{Bytes(16, 1), Bytes(10, 2), 1, 1}).code(), ErrorCode::InvalidParameter);
    QCOMPARE(encodeInstruction(BeginInstruction{Bytes(16, 1), Bytes(10, 2), 25, 9}).code(),
             ErrorCode::UnsupportedVersion);
    QCOMPARE(encodeInstruction(ForwardInstruction{0x80, apdu("00B0000000")}).code(), ErrorCode::InvalidParameter);
    PinEntryInstruction pin = verifyPinTemplate();
    pin.maxDigits = 9;
    QCOMPARE(encodeInstruction(pin).code(), ErrorCode::InvalidParameter);
    pin = verifyPinTemplate();
    pin.padByte = 0x00;
    QCOMPARE(encodeInstruction(pin).code(), ErrorCode::InvalidParameter);
}

void TestInstruction::forwardStatusRules()
{
    const ForwardInstruction strict{0, apdu("00B0000000")};
    QVERIFY(strict.accepts(0x9000));
    QVERIFY(!strict.accepts(0x6282));
    QVERIFY(!strict.accepts(0x9F0F));
    QVERIFY(!strict.accepts(0x6A82));
    const ForwardInstruction warnings{ForwardInstruction::AcceptWarnings, apdu("00B0000000")};
    QVERIFY(warnings.accepts(0x6282));
    QVERIFY(warnings.accepts(0x63C2));
    QVERIFY(!warnings.accepts(0x6A82));
    const ForwardInstruction any{ForwardInstruction::AcceptAnyStatus, apdu("00B0000000")};
    QVERIFY(any.accepts(0x6A82));
}

// PIN field as ETSI TS 102 221 §9.5.1 (VERIFY PIN) describes it: digits as characters '0'-'9',
// padded with 'FF' to 8 bytes.
void TestInstruction::fillsThePinField()
{
    const PinEntryInstruction pin = verifyPinTemplate();
    const Bytes digits{'2', '5', '8', '0'};
    auto filled = pin.fill(view(digits));
    QVERIFY(filled.ok());
    QCOMPARE(hexOf(filled.value()), QByteArray("00200001083235383"
                                               "0FFFFFFFF"));

    PinEntryInstruction change = verifyPinTemplate();
    change.cardTemplate = CommandApdu(0x00, 0x24, 0x00, 0x01, SecureBytes(16, 0xFF)); // CHANGE PIN: old || new
    change.pinOffset = 8;
    const Bytes eight{'1', '3', '5', '7', '9', '0', '2', '4'};
    auto changed = change.fill(view(eight));
    QVERIFY(changed.ok());
    QCOMPARE(hexOf(changed.value()), QByteArray("0024000110FFFFFFFFFFFFFFFF3133353739303234"));
}

void TestInstruction::rejectsBadPins()
{
    const PinEntryInstruction pin = verifyPinTemplate();
    const Bytes tooShort{'1', '2', '3'};
    const Bytes tooLong(9, '5');
    const Bytes notDigits{'1', '2', 'a', '4'};
    QCOMPARE(pin.fill(view(tooShort)).code(), ErrorCode::InvalidParameter);
    QCOMPARE(pin.fill(view(tooLong)).code(), ErrorCode::InvalidParameter);
    QCOMPARE(pin.fill(view(notDigits)).code(), ErrorCode::InvalidParameter);
}

void TestInstruction::detectsTrivialPins_data()
{
    QTest::addColumn<QByteArray>("pin");
    QTest::addColumn<bool>("trivial");
    QTest::newRow("0000") << QByteArray("0000") << true;
    QTest::newRow("1111") << QByteArray("1111") << true;
    QTest::newRow("1234") << QByteArray("1234") << true;
    QTest::newRow("12345678") << QByteArray("12345678") << true;
    QTest::newRow("9876") << QByteArray("9876") << true;
    QTest::newRow("2580") << QByteArray("2580") << false;
    QTest::newRow("1235") << QByteArray("1235") << false;
    QTest::newRow("7391") << QByteArray("7391") << false;
}

void TestInstruction::detectsTrivialPins()
{
    QFETCH(QByteArray, pin);
    QFETCH(bool, trivial);
    const Bytes digits(pin.begin(), pin.end());
    QCOMPARE(isTrivialPin(view(digits)), trivial);
}

QTEST_GUILESS_MAIN(TestInstruction)
#include "tst_instruction.moc"
