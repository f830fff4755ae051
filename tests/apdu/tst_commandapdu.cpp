// SPDX-License-Identifier: Apache-2.0
// Command APDU coding rules: ISO/IEC 7816-4:2013 §5.1 (cases 1-4, short and extended length fields).
// The rows are the rules of that clause applied at every boundary; real-world commands are cited
// where they come from a published document or trace.
#include "protocol/apdu/CommandApdu.h"

#include <QTest>

using namespace perso;

namespace {

QByteArray hx(const char* hex)
{
    return QByteArray::fromHex(QByteArray(hex));
}
QByteArray fill(int n, char b = '\x5A')
{
    return QByteArray(n, b);
}
QByteArray be16(std::size_t v)
{
    QByteArray out;
    out.append(static_cast<char>((v >> 8) & 0xFF));
    out.append(static_cast<char>(v & 0xFF));
    return out;
}
ByteView bv(const QByteArray& b)
{
    return {reinterpret_cast<const std::uint8_t*>(b.constData()), std::size_t(b.size())};
}
QByteArray qb(const SecureBytes& b)
{
    return QByteArray(reinterpret_cast<const char*>(b.data()), qsizetype(b.size()));
}
SecureBytes sb(const QByteArray& b)
{
    return SecureBytes(b.begin(), b.end());
}

} // namespace

class TestCommandApdu : public QObject
{
    Q_OBJECT

private slots:
    void decodeValid_data();
    void decodeValid();
    void decodeMalformed_data();
    void decodeMalformed();
    void encodeChoosesForm_data();
    void encodeChoosesForm();
    void encodeRejectsOutOfRange();
    void lenientExtendedForm();
    void casesAndFlags();
    void chainingClasses_data();
    void chainingClasses();
};

void TestCommandApdu::decodeValid_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("apduCase");
    QTest::addColumn<int>("nc");
    QTest::addColumn<int>("ne");
    QTest::addColumn<bool>("extended");

    // Case 1: header only.
    QTest::newRow("1") << hx("00A40000") << 1 << 0 << 0 << false;
    // Case 2S: Le 01..FF, 00 = 256.
    QTest::newRow("2S Ne=1") << hx("00B0000001") << 2 << 0 << 1 << false;
    QTest::newRow("2S Ne=255") << hx("00B00000FF") << 2 << 0 << 255 << false;
    QTest::newRow("2S Ne=256 (Le 00)") << hx("00B0000000") << 2 << 0 << 256 << false;
    // GSM GET RESPONSE, 3GPP TS 51.011 §9.2.18 (class A0, INS C0, P3 = length).
    QTest::newRow("2S GSM GET RESPONSE") << hx("A0C000000F") << 2 << 0 << 15 << false;
    // Case 3S: SELECT MF by FID, ETSI TS 102 221 §11.1.1 (P1 00, P2 04 = return FCP).
    QTest::newRow("3S SELECT 3F00") << hx("00A40004023F00") << 3 << 2 << 0 << false;
    QTest::newRow("3S Nc=1") << hx("00D6000001AA") << 3 << 1 << 0 << false;
    QTest::newRow("3S Nc=255") << hx("00D60000FF") + fill(255) << 3 << 255 << 0 << false;
    // Case 4S: INITIALIZE UPDATE, GP Card Specification v2.3 Amd D §7.1.1 (host challenge, Le 00).
    QTest::newRow("4S INITIALIZE UPDATE") << hx("8050000008C504EDBB64DD582900") << 4 << 8 << 256 << false;
    QTest::newRow("4S Nc=1 Ne=1") << hx("00880080015501") << 4 << 1 << 1 << false;
    QTest::newRow("4S Nc=255 Ne=256") << hx("00DA0000FF") + fill(255) + hx("00") << 4 << 255 << 256 << false;
    // Case 2E: 00 then a two-byte Le; 0000 = 65536.
    QTest::newRow("2E Ne=257") << hx("00B00000000101") << 2 << 0 << 257 << true;
    QTest::newRow("2E Ne=65535") << hx("00B0000000FFFF") << 2 << 0 << 65535 << true;
    QTest::newRow("2E Ne=65536 (Le 0000)") << hx("00B00000000000") << 2 << 0 << 65536 << true;
    // Case 3E: 00 XX XX then data.
    QTest::newRow("3E Nc=256") << hx("00D6000000") + be16(256) + fill(256) << 3 << 256 << 0 << true;
    QTest::newRow("3E Nc=65535") << hx("00D6000000") + be16(65535) + fill(65535) << 3 << 65535 << 0 << true;
    // Case 4E: 00 XX XX data XX XX.
    QTest::newRow("4E Nc=256 Ne=256") << hx("00DA000000") + be16(256) + fill(256) + be16(256) << 4 << 256 << 256
                                      << true;
    QTest::newRow("4E Nc=1 Ne=65536") << hx("0088008000000155") + hx("0000") << 4 << 1 << 65536 << true;
    QTest::newRow("4E Nc=5 Ne=257") << hx("00CB3FFF000005") + fill(5) + be16(257) << 4 << 5 << 257 << true;
    QTest::newRow("4E Nc=65535 Ne=65535")
        << hx("00DA000000") + be16(65535) + fill(65535) + be16(65535) << 4 << 65535 << 65535 << true;
}

void TestCommandApdu::decodeValid()
{
    QFETCH(QByteArray, raw);
    QFETCH(int, apduCase);
    QFETCH(int, nc);
    QFETCH(int, ne);
    QFETCH(bool, extended);

    const auto decoded = CommandApdu::decode(bv(raw));
    QVERIFY2(decoded.ok(), decoded.ok() ? "" : qPrintable(decoded.error().message));
    const CommandApdu& apdu = decoded.value();
    QCOMPARE(apdu.cla(), std::uint8_t(raw[0]));
    QCOMPARE(apdu.ins(), std::uint8_t(raw[1]));
    QCOMPARE(apdu.p1(), std::uint8_t(raw[2]));
    QCOMPARE(apdu.p2(), std::uint8_t(raw[3]));
    QCOMPARE(static_cast<int>(apdu.apduCase()) + 1, apduCase);
    QCOMPARE(apdu.data().size(), std::size_t(nc));
    QCOMPARE(apdu.ne(), std::size_t(ne));
    QCOMPARE(apdu.needsExtendedLength(), extended);

    // Canonical: re-encoding gives the same bytes, decoding those gives the same command.
    const auto encoded = apdu.encode();
    QVERIFY(encoded.ok());
    QCOMPARE(qb(encoded.value()), raw);
    QCOMPARE(CommandApdu::decode(view(encoded.value())).value(), apdu);
}

void TestCommandApdu::decodeMalformed_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("code");

    const int truncated = int(ErrorCode::Truncated);
    const int trailing = int(ErrorCode::TrailingData);
    const int invalidLength = int(ErrorCode::InvalidLength);

    QTest::newRow("empty") << QByteArray() << truncated;
    QTest::newRow("1 byte") << hx("00") << truncated;
    QTest::newRow("3 bytes") << hx("00A400") << truncated;
    // Short Lc followed by the wrong number of bytes.
    QTest::newRow("short Lc=2, 1 data byte") << hx("00A40004023F") << truncated;
    QTest::newRow("short Lc=255, 254 data bytes") << hx("00D60000FF") + fill(254) << truncated;
    QTest::newRow("short case 4 + 1 byte") << hx("00A40004023F000000") << trailing;
    QTest::newRow("short Lc, then extended Le (mixed)") << hx("00A40004023F00000100") << trailing;
    QTest::newRow("short Lc=1 + 300 bytes") << hx("00D6000001") + fill(300) << trailing;
    // Lc = 00 in short form (B1 = 00 with a single byte after it).
    QTest::newRow("short Lc=00 + 1 byte") << hx("00A40000003F") << invalidLength;
    // Extended forms.
    QTest::newRow("extended Lc=0000") << hx("00A4000000000000") << invalidLength;
    QTest::newRow("extended Lc=0000 + data") << hx("00A40000000000003F00") << invalidLength;
    QTest::newRow("extended Lc=256, 255 data bytes") << hx("00D6000000") + be16(256) + fill(255) << truncated;
    QTest::newRow("extended Lc=65535, 2 data bytes") << hx("00D6000000FFFF0102") << truncated;
    QTest::newRow("extended Lc, 1-byte Le (mixed)")
        << hx("00D6000000") + be16(256) + fill(256) + hx("00") << invalidLength;
    QTest::newRow("extended case 4 + 1 byte") << hx("00D6000000") + be16(256) + fill(256) + hx("000000") << trailing;
    // Extended forms where the short form suffices (not canonical).
    QTest::newRow("2E Ne=16") << hx("00B00000000010") << invalidLength;
    QTest::newRow("2E Ne=256") << hx("00B00000000100") << invalidLength;
    QTest::newRow("3E Nc=1") << hx("00D600000000015A") << invalidLength;
    QTest::newRow("3E Nc=255") << hx("00D6000000") + be16(255) + fill(255) << invalidLength;
    QTest::newRow("4E Nc=2 Ne=256") << hx("00A4000000") + be16(2) + hx("3F00") + be16(256) << invalidLength;
}

void TestCommandApdu::decodeMalformed()
{
    QFETCH(QByteArray, raw);
    QFETCH(int, code);
    const auto decoded = CommandApdu::decode(bv(raw));
    QVERIFY(!decoded.ok());
    QCOMPARE(int(decoded.code()), code);
    QVERIFY(!decoded.error().message.isEmpty());
}

void TestCommandApdu::encodeChoosesForm_data()
{
    QTest::addColumn<int>("nc");
    QTest::addColumn<int>("ne");
    QTest::addColumn<QByteArray>("expected");

    const QByteArray h = hx("00DA0102");
    QTest::newRow("case 1") << 0 << 0 << h;
    QTest::newRow("Ne=256 short 00") << 0 << 256 << h + hx("00");
    QTest::newRow("Ne=257 -> 2E") << 0 << 257 << h + hx("000101");
    QTest::newRow("Ne=65536 -> 2E 0000") << 0 << 65536 << h + hx("000000");
    QTest::newRow("Nc=255 short") << 255 << 0 << h + hx("FF") + fill(255);
    QTest::newRow("Nc=256 -> 3E") << 256 << 0 << h + hx("00") + be16(256) + fill(256);
    QTest::newRow("Nc=255 Ne=256 short") << 255 << 256 << h + hx("FF") + fill(255) + hx("00");
    QTest::newRow("Nc=255 Ne=257 -> 4E") << 255 << 257 << h + hx("00") + be16(255) + fill(255) + be16(257);
    QTest::newRow("Nc=256 Ne=1 -> 4E") << 256 << 1 << h + hx("00") + be16(256) + fill(256) + be16(1);
    QTest::newRow("Nc=65535 Ne=65536 -> 4E") << 65535 << 65536 << h + hx("00") + be16(65535) + fill(65535) + hx("0000");
}

void TestCommandApdu::encodeChoosesForm()
{
    QFETCH(int, nc);
    QFETCH(int, ne);
    QFETCH(QByteArray, expected);
    const CommandApdu apdu(0x00, 0xDA, 0x01, 0x02, sb(fill(nc)), std::size_t(ne));
    const auto encoded = apdu.encode();
    QVERIFY(encoded.ok());
    QCOMPARE(qb(encoded.value()), expected);
    const auto back = CommandApdu::decode(view(encoded.value()));
    QVERIFY(back.ok());
    QCOMPARE(back.value(), apdu);
}

void TestCommandApdu::encodeRejectsOutOfRange()
{
    const auto tooMuchData = CommandApdu(0x00, 0xD6, 0, 0, sb(fill(65536))).encode();
    QVERIFY(!tooMuchData.ok());
    QCOMPARE(tooMuchData.code(), ErrorCode::InvalidLength);
    const auto tooLargeNe = CommandApdu(0x00, 0xB0, 0, 0, {}, 65537).encode();
    QVERIFY(!tooLargeNe.ok());
    QCOMPARE(tooLargeNe.code(), ErrorCode::InvalidLength);
}

void TestCommandApdu::lenientExtendedForm()
{
    CommandApdu::DecodeOptions lenient;
    lenient.allowExtendedForShortLengths = true;
    const QByteArray case3e = hx("00A4000000") + be16(2) + hx("3F00");
    const auto decoded = CommandApdu::decode(bv(case3e), lenient);
    QVERIFY(decoded.ok());
    QCOMPARE(decoded.value(), CommandApdu(0x00, 0xA4, 0x00, 0x00, sb(hx("3F00"))));
    QCOMPARE(qb(decoded.value().encode().value()), hx("00A40000023F00")); // re-encoded in short form
    const auto case2e = CommandApdu::decode(bv(hx("00B00000000100")), lenient);
    QVERIFY(case2e.ok());
    QCOMPARE(case2e.value().ne(), std::size_t(256));
    // The lenient decoder is otherwise as strict as the default one.
    QCOMPARE(CommandApdu::decode(bv(hx("00A40000003F")), lenient).code(), ErrorCode::InvalidLength);
    QCOMPARE(CommandApdu::decode(bv(hx("00A4000000000000")), lenient).code(), ErrorCode::InvalidLength);
}

void TestCommandApdu::casesAndFlags()
{
    QCOMPARE(CommandApdu(0, 0xA4, 0, 0).apduCase(), CommandApdu::Case::Case1);
    QCOMPARE(CommandApdu(0, 0xB0, 0, 0, {}, 1).apduCase(), CommandApdu::Case::Case2);
    QCOMPARE(CommandApdu(0, 0xD6, 0, 0, sb(hx("01"))).apduCase(), CommandApdu::Case::Case3);
    QCOMPARE(CommandApdu(0, 0x88, 0, 0, sb(hx("01")), 256).apduCase(), CommandApdu::Case::Case4);
    QVERIFY(!CommandApdu(0, 0xB0, 0, 0, {}, 256).needsExtendedLength());
    QVERIFY(CommandApdu(0, 0xB0, 0, 0, {}, 257).needsExtendedLength());
    QVERIFY(!CommandApdu(0, 0xD6, 0, 0, sb(fill(255))).needsExtendedLength());
    QVERIFY(CommandApdu(0, 0xD6, 0, 0, sb(fill(256))).needsExtendedLength());
}

void TestCommandApdu::chainingClasses_data()
{
    QTest::addColumn<int>("cla");
    QTest::addColumn<bool>("chainingClass");
    QTest::addColumn<bool>("chainedPart");
    // ISO/IEC 7816-4:2013 §5.4.1 table 2: first-interindustry 000x xxxx, b5 = chaining.
    QTest::newRow("00") << 0x00 << true << false;
    QTest::newRow("10") << 0x10 << true << true;
    QTest::newRow("1F") << 0x1F << true << true;
    QTest::newRow("0C (SM, no chain)") << 0x0C << true << false;
    // GlobalPlatform proprietary classes with the same layout.
    QTest::newRow("80") << 0x80 << true << false;
    QTest::newRow("84") << 0x84 << true << false;
    QTest::newRow("90") << 0x90 << true << true;
    // Not chained by this library.
    QTest::newRow("A0 GSM") << 0xA0 << false << false;
    QTest::newRow("30 RFU") << 0x30 << false << false;
    QTest::newRow("50 further interindustry") << 0x50 << false << false;
    QTest::newRow("FF") << 0xFF << false << false;
}

void TestCommandApdu::chainingClasses()
{
    QFETCH(int, cla);
    QFETCH(bool, chainingClass);
    QFETCH(bool, chainedPart);
    QCOMPARE(CommandApdu::isChainingClass(std::uint8_t(cla)), chainingClass);
    QCOMPARE(CommandApdu(std::uint8_t(cla), 0xDA, 0, 0).isChainedPart(), chainedPart);
}

QTEST_GUILESS_MAIN(TestCommandApdu)
#include "tst_commandapdu.moc"
