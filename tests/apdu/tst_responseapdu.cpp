// SPDX-License-Identifier: Apache-2.0
// Response APDU coding: ISO/IEC 7816-4:2013 §5.1.3 (data field, then SW1 SW2; SW1 is 6X with X != 0
// or 9X). Success codes: ISO/IEC 7816-4 §5.1.3 table 5 (9000), ETSI TS 102 221 §10.2.1.1 (91xx),
// 3GPP TS 51.011 §9.4.1 (9Fxx).
#include "protocol/apdu/ResponseApdu.h"

#include <QTest>

using namespace perso;

namespace {

QByteArray hx(const char* hex)
{
    return QByteArray::fromHex(QByteArray(hex));
}
ByteView bv(const QByteArray& b)
{
    return {reinterpret_cast<const std::uint8_t*>(b.constData()), std::size_t(b.size())};
}
QByteArray qb(const SecureBytes& b)
{
    return QByteArray(reinterpret_cast<const char*>(b.data()), qsizetype(b.size()));
}

} // namespace

class TestResponseApdu : public QObject
{
    Q_OBJECT

private slots:
    void decodeValid_data();
    void decodeValid();
    void decodeMalformed_data();
    void decodeMalformed();
    void isSuccess_data();
    void isSuccess();
    void encode();
};

void TestResponseApdu::decodeValid_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("sw");
    QTest::addColumn<int>("dataLength");

    QTest::newRow("9000 no data") << hx("9000") << 0x9000 << 0;
    QTest::newRow("6A82 file not found") << hx("6A82") << 0x6A82 << 0;
    QTest::newRow("6110 more data") << hx("6110") << 0x6110 << 0;
    QTest::newRow("6C00 wrong Le") << hx("6C00") << 0x6C00 << 0;
    QTest::newRow("9F0F GSM") << hx("9F0F") << 0x9F0F << 0;
    // GET RESPONSE answer carrying the FCP of EF.ICCID, from a public SIMtrace2 capture of a UICC
    // (structure per ETSI TS 102 221 §11.1.1.3).
    QTest::newRow("FCP 2FE2 + 9000") << hx("621e8202412183022fe2a506c00100ca01808a01058b032f06048002000a88009000")
                                     << 0x9000 << 0x20;
    QTest::newRow("1 byte + 6282") << hx("AA6282") << 0x6282 << 1;
    QTest::newRow("65536 bytes + 9000") << QByteArray(65536, '\x11') + hx("9000") << 0x9000 << 65536;
}

void TestResponseApdu::decodeValid()
{
    QFETCH(QByteArray, raw);
    QFETCH(int, sw);
    QFETCH(int, dataLength);
    const auto decoded = ResponseApdu::decode(bv(raw));
    QVERIFY2(decoded.ok(), decoded.ok() ? "" : qPrintable(decoded.error().message));
    QCOMPARE(int(decoded.value().sw()), sw);
    QCOMPARE(int(decoded.value().sw1()), sw >> 8);
    QCOMPARE(int(decoded.value().sw2()), sw & 0xFF);
    QCOMPARE(int(decoded.value().data().size()), dataLength);
    QCOMPARE(qb(decoded.value().encode()), raw);
}

void TestResponseApdu::decodeMalformed_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("code");
    QTest::newRow("empty") << QByteArray() << int(ErrorCode::Truncated);
    QTest::newRow("SW1 only") << hx("90") << int(ErrorCode::Truncated);
    QTest::newRow("65537 data bytes") << QByteArray(65537, '\x11') + hx("9000") << int(ErrorCode::Oversized);
    QTest::newRow("SW1 60 (NULL procedure byte)") << hx("6000") << int(ErrorCode::InvalidEncoding);
    QTest::newRow("SW1 00") << hx("0000") << int(ErrorCode::InvalidEncoding);
    QTest::newRow("SW1 7F") << hx("AA7F00") << int(ErrorCode::InvalidEncoding);
    QTest::newRow("SW1 A0") << hx("A000") << int(ErrorCode::InvalidEncoding);
    QTest::newRow("SW1 FF") << hx("FFFF") << int(ErrorCode::InvalidEncoding);
}

void TestResponseApdu::decodeMalformed()
{
    QFETCH(QByteArray, raw);
    QFETCH(int, code);
    const auto decoded = ResponseApdu::decode(bv(raw));
    QVERIFY(!decoded.ok());
    QCOMPARE(int(decoded.code()), code);
}

void TestResponseApdu::isSuccess_data()
{
    QTest::addColumn<int>("sw");
    QTest::addColumn<bool>("success");
    QTest::newRow("9000") << 0x9000 << true;
    QTest::newRow("9100") << 0x9100 << true;
    QTest::newRow("911A") << 0x911A << true;
    QTest::newRow("9F0F") << 0x9F0F << true;
    QTest::newRow("9001") << 0x9001 << false;
    QTest::newRow("9200") << 0x9200 << false;
    QTest::newRow("6100") << 0x6100 << false;
    QTest::newRow("6282") << 0x6282 << false;
    QTest::newRow("6982") << 0x6982 << false;
    QTest::newRow("6A82") << 0x6A82 << false;
}

void TestResponseApdu::isSuccess()
{
    QFETCH(int, sw);
    QFETCH(bool, success);
    QCOMPARE(ResponseApdu(std::uint16_t(sw)).isSuccess(), success);
}

void TestResponseApdu::encode()
{
    QCOMPARE(qb(ResponseApdu(sw::kSuccess).encode()), hx("9000"));
    QCOMPARE(qb(ResponseApdu(sw::kFileNotFound, SecureBytes{0x01, 0x02}).encode()), hx("01026A82"));
}

QTEST_GUILESS_MAIN(TestResponseApdu)
#include "tst_responseapdu.moc"
