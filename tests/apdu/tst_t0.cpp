// SPDX-License-Identifier: Apache-2.0
// T=0 follow-up commands: GET RESPONSE after 61xx (ISO/IEC 7816-4:2013 §5.3.4 / §11.4.2, ETSI TS
// 102 221 §12.1.1) or the GSM 9Fxx (3GPP TS 51.011 §9.4.1, §9.2.18), and the re-sent command after 6Cxx
// (ISO/IEC 7816-3 §10.3.4).
#include "protocol/apdu/T0.h"

#include <QTest>

using namespace perso;
using namespace perso::t0;

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
CommandApdu cmd(const char* hex)
{
    return CommandApdu::decode(bv(hx(hex))).value();
}
QByteArray wire(const CommandApdu& c)
{
    return qb(c.encode().value());
}
ResponseApdu answer(std::uint16_t sw, std::size_t dataLength = 0, std::uint8_t fillByte = 0x42)
{
    return ResponseApdu(sw, SecureBytes(dataLength, fillByte));
}

} // namespace

class TestT0 : public QObject
{
    Q_OBJECT

private slots:
    void getResponseClass_data();
    void getResponseClass();
    void getResponseFor_data();
    void getResponseFor();
    void getResponseForRejects();
    void resendWithLe();
    void accumulatorSelectWithFcp();
    void accumulatorSeveralRounds();
    void accumulatorWrongLe();
    void accumulatorEndsOnOtherStatus();
    void accumulatorBoundsRounds_data();
    void accumulatorBoundsRounds();
    void accumulatorBoundsData();
    void accumulatorRejectsDataWith6C();
};

void TestT0::getResponseClass_data()
{
    QTest::addColumn<int>("cla");
    QTest::addColumn<int>("expected"); // -1: rejected
    QTest::newRow("00") << 0x00 << 0x00;
    QTest::newRow("03 channel 3") << 0x03 << 0x03;
    QTest::newRow("0C SM") << 0x0C << 0x00;
    QTest::newRow("17 chained, SM, channel 3") << 0x17 << 0x03;
    QTest::newRow("80 GP") << 0x80 << 0x00;
    QTest::newRow("84 GP SM") << 0x84 << 0x00;
    QTest::newRow("81 GP channel 1") << 0x81 << 0x01;
    QTest::newRow("A0 GSM stays A0") << 0xA0 << 0xA0;
    QTest::newRow("40 further") << 0x40 << 0x40;
    QTest::newRow("7F further, SM, chain, ch 19") << 0x7F << 0x4F;
    QTest::newRow("C5 proprietary further") << 0xC5 << 0x45;
    QTest::newRow("20 RFU") << 0x20 << -1;
    QTest::newRow("3F RFU") << 0x3F << -1;
    QTest::newRow("A1") << 0xA1 << -1;
    QTest::newRow("BF") << 0xBF << -1;
    QTest::newRow("FF") << 0xFF << -1;
}

void TestT0::getResponseClass()
{
    QFETCH(int, cla);
    QFETCH(int, expected);
    const auto result = t0::getResponseClass(std::uint8_t(cla));
    if (expected < 0) {
        QVERIFY(!result.ok());
        QCOMPARE(result.code(), ErrorCode::InvalidParameter);
    } else {
        QVERIFY(result.ok());
        QCOMPARE(int(result.value()), expected);
    }
}

void TestT0::getResponseFor_data()
{
    QTest::addColumn<QByteArray>("sent");
    QTest::addColumn<int>("sw");
    QTest::addColumn<QByteArray>("expected");
    // SELECT MF answered 6156, then GET RESPONSE with Le 56: public SIMtrace2 capture of a UICC.
    QTest::newRow("UICC SELECT 3F00, 6156") << hx("00A40004023F00") << 0x6156 << hx("00C0000056");
    // GSM SELECT answered 9F22 -> A0 C0 00 00 22 (3GPP TS 51.011 §9.4.1 / §9.2.18).
    QTest::newRow("GSM SELECT 7F20, 9F22") << hx("A0A40000027F20") << 0x9F22 << hx("A0C0000022");
    QTest::newRow("6100 -> Le 00 (256)") << hx("00B0000000") << 0x6100 << hx("00C0000000");
    QTest::newRow("GP INITIALIZE UPDATE, 611C") << hx("8050000008C504EDBB64DD582900") << 0x611C << hx("00C000001C");
    QTest::newRow("SM on channel 2") << hx("06A40004023F00") << 0x6110 << hx("02C0000010");
}

void TestT0::getResponseFor()
{
    QFETCH(QByteArray, sent);
    QFETCH(int, sw);
    QFETCH(QByteArray, expected);
    QVERIFY(hasResponsePending(std::uint16_t(sw)));
    const auto next = t0::getResponseFor(cmd(sent.toHex().constData()), std::uint16_t(sw));
    QVERIFY2(next.ok(), next.ok() ? "" : qPrintable(next.error().message));
    QCOMPARE(wire(next.value()), expected);
}

void TestT0::getResponseForRejects()
{
    const CommandApdu select = cmd("00A40004023F00");
    QCOMPARE(t0::getResponseFor(select, 0x9000).code(), ErrorCode::InvalidParameter);
    QCOMPARE(t0::getResponseFor(select, 0x6C10).code(), ErrorCode::InvalidParameter);
    QCOMPARE(t0::getResponseFor(cmd("20A40004023F00"), 0x6110).code(), ErrorCode::InvalidParameter);
}

void TestT0::resendWithLe()
{
    QVERIFY(isWrongLe(0x6C0A));
    QVERIFY(!isWrongLe(0x6A82));
    const CommandApdu read = cmd("00B0000000");
    QCOMPARE(wire(t0::resendWithLe(read, 0x6C0A).value()), hx("00B000000A"));
    QCOMPARE(wire(t0::resendWithLe(cmd("00B0000010"), 0x6C00).value()), hx("00B0000000"));
    // A case 3 command answered 6Cxx becomes case 4.
    QCOMPARE(wire(t0::resendWithLe(cmd("00CB3FFF025C00"), 0x6C20).value()), hx("00CB3FFF025C0020"));
    QCOMPARE(t0::resendWithLe(read, 0x6A82).code(), ErrorCode::InvalidParameter);
}

void TestT0::accumulatorSelectWithFcp()
{
    // Public SIMtrace2 capture: 00 A4 08 04 02 2F E2 -> 61 20; 00 C0 00 00 20 -> FCP (32 bytes) 90 00.
    const QByteArray fcp = hx("621e8202412183022fe2a506c00100ca01808a01058b032f06048002000a8800");
    ResponseAccumulator acc(cmd("00A40804022FE2"));
    const auto first = acc.feed(ResponseApdu(0x6120));
    QVERIFY(first.ok() && first.value().has_value());
    QCOMPARE(wire(*first.value()), hx("00C0000020"));
    const auto second = acc.feed(ResponseApdu::decode(bv(fcp + hx("9000"))).value());
    QVERIFY(second.ok() && !second.value().has_value());
    QVERIFY(acc.isComplete());
    QCOMPARE(acc.rounds(), std::size_t(2));
    QCOMPARE(acc.response().sw(), sw::kSuccess);
    QCOMPARE(qb(acc.response().data()), fcp);
}

void TestT0::accumulatorSeveralRounds()
{
    ResponseAccumulator acc(cmd("00B0000000"));
    auto r = acc.feed(answer(0x6110, 256, 0x01)); // data so far, 16 more waiting
    QVERIFY(r.ok() && r.value().has_value());
    QCOMPARE(wire(*r.value()), hx("00C0000010"));
    r = acc.feed(answer(0x6102, 16, 0x02));
    QVERIFY(r.ok() && r.value().has_value());
    QCOMPARE(wire(*r.value()), hx("00C0000002"));
    r = acc.feed(answer(0x9000, 2, 0x03));
    QVERIFY(r.ok() && !r.value().has_value());
    QCOMPARE(acc.response().data().size(), std::size_t(274));
    QCOMPARE(acc.response().data()[0], std::uint8_t(0x01));
    QCOMPARE(acc.response().data()[256], std::uint8_t(0x02));
    QCOMPARE(acc.response().data()[273], std::uint8_t(0x03));
    // Once complete, nothing more is accepted.
    QCOMPARE(acc.feed(answer(0x9000)).code(), ErrorCode::StateViolation);
}

void TestT0::accumulatorWrongLe()
{
    ResponseAccumulator acc(cmd("00B0000000"));
    auto r = acc.feed(answer(0x6C0A));
    QVERIFY(r.ok() && r.value().has_value());
    QCOMPARE(wire(*r.value()), hx("00B000000A"));
    r = acc.feed(answer(0x6105, 10)); // then a GET RESPONSE that itself gets 6Cxx
    QCOMPARE(wire(*r.value()), hx("00C0000005"));
    r = acc.feed(answer(0x6C03));
    QCOMPARE(wire(*r.value()), hx("00C0000003"));
    r = acc.feed(answer(0x9000, 3));
    QVERIFY(r.ok() && !r.value().has_value());
    QCOMPARE(acc.response().data().size(), std::size_t(13));
}

void TestT0::accumulatorEndsOnOtherStatus()
{
    ResponseAccumulator acc(cmd("00A40004023F00"));
    auto r = acc.feed(answer(0x6110));
    QVERIFY(r.ok() && r.value().has_value());
    r = acc.feed(answer(0x6F00)); // the GET RESPONSE failed: the exchange ends with that status
    QVERIFY(r.ok() && !r.value().has_value());
    QCOMPARE(acc.response().sw(), std::uint16_t(0x6F00));

    ResponseAccumulator gsm(cmd("A0A40000027F20"));
    r = gsm.feed(answer(0x9F22)); // GSM: fetching the 9Fxx data is left to the caller
    QVERIFY(r.ok() && !r.value().has_value());
    QCOMPARE(gsm.response().sw(), std::uint16_t(0x9F22));
}

void TestT0::accumulatorBoundsRounds_data()
{
    QTest::addColumn<int>("sw");
    QTest::newRow("61xx forever") << 0x6100;
    QTest::newRow("6Cxx forever") << 0x6C01;
}

void TestT0::accumulatorBoundsRounds()
{
    QFETCH(int, sw);
    ResponseAccumulator::Limits limits;
    limits.maxRounds = 8;
    ResponseAccumulator acc(cmd("00B0000000"), limits);
    int accepted = 0;
    Result<std::optional<CommandApdu>> r = std::optional<CommandApdu>();
    for (int i = 0; i < 1000; ++i) {
        r = acc.feed(answer(std::uint16_t(sw)));
        if (!r.ok())
            break;
        ++accepted;
    }
    QCOMPARE(accepted, 8);
    QCOMPARE(r.code(), ErrorCode::Oversized);
    QVERIFY(acc.hasFailed());
    QCOMPARE(acc.feed(answer(0x9000)).code(), ErrorCode::StateViolation);
}

void TestT0::accumulatorBoundsData()
{
    ResponseAccumulator::Limits limits;
    limits.maxDataBytes = 1000;
    limits.maxRounds = 1000;
    ResponseAccumulator acc(cmd("00B0000000"), limits);
    int accepted = 0;
    ErrorCode code = ErrorCode::InvalidEncoding;
    for (int i = 0; i < 100; ++i) {
        const auto r = acc.feed(answer(0x6100, 255));
        if (!r.ok()) {
            code = r.code();
            break;
        }
        ++accepted;
    }
    QCOMPARE(accepted, 3); // 765 bytes held; 1020 would exceed the bound
    QCOMPARE(code, ErrorCode::Oversized);

    ResponseAccumulator exact(cmd("00B0000000"), limits);
    QVERIFY(exact.feed(answer(0x6100, 744)).ok());
    const auto last = exact.feed(answer(0x9000, 256));
    QVERIFY(last.ok() && !last.value().has_value());
    QCOMPARE(exact.response().data().size(), std::size_t(1000));
}

void TestT0::accumulatorRejectsDataWith6C()
{
    ResponseAccumulator acc(cmd("00B0000000"));
    const auto r = acc.feed(answer(0x6C10, 4));
    QVERIFY(!r.ok());
    QCOMPARE(r.code(), ErrorCode::InvalidEncoding);
    QVERIFY(acc.hasFailed());
}

QTEST_GUILESS_MAIN(TestT0)
#include "tst_t0.moc"
