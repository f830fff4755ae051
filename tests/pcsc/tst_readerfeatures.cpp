// SPDX-License-Identifier: Apache-2.0
// PC/SC part 10 §2.2 feature lists (CM_IOCTL_GET_FEATURE_REQUEST): strict parsing, including
// truncated and malformed TLVs from a hostile or broken reader driver.
#include "pcsc/ReaderFeatures.h"

#include <QTest>

using namespace perso;
using namespace perso::pcsc;

namespace {

QByteArray hx(const char* hex)
{
    return QByteArray::fromHex(QByteArray(hex));
}
ByteView bv(const QByteArray& b)
{
    return {reinterpret_cast<const std::uint8_t*>(b.constData()), std::size_t(b.size())};
}

} // namespace

class TestReaderFeatures : public QObject
{
    Q_OBJECT

private slots:
    void pinPadReader();
    void emptyListIsNoFeatures();
    void paceTagIsNotBerConstructed();
    void malformed_data();
    void malformed();
    void controlCodeConstant();
};

void TestReaderFeatures::pinPadReader()
{
    // A CCID PIN pad as libccid reports it: VERIFY/MODIFY_PIN_DIRECT, IFD_PIN_PROPERTIES, GET_TLV_PROPERTIES.
    const QByteArray raw = hx("06 04 42 33 00 06  07 04 42 33 00 07  0A 04 42 33 00 0A  12 04 42 33 00 12");
    const auto parsed = ReaderFeatures::parse(bv(raw));
    QVERIFY(parsed.ok());
    const auto& f = parsed.value();
    QCOMPARE(f.all().size(), std::size_t(4));
    QVERIFY(f.has(feature::kVerifyPinDirect));
    QVERIFY(f.has(feature::kModifyPinDirect));
    QCOMPARE(f.controlCode(feature::kVerifyPinDirect), std::optional<std::uint32_t>(0x42330006u));
    QCOMPARE(f.controlCode(feature::kModifyPinDirect), std::optional<std::uint32_t>(0x42330007u));
    QCOMPARE(f.controlCode(feature::kGetTlvProperties), std::optional<std::uint32_t>(0x42330012u));
    QVERIFY(!f.has(0x01));
    QCOMPARE(f.controlCode(0x0B), std::nullopt);
    QCOMPARE(f.all().front(), (ReaderFeature{0x06, 0x42330006u}));
}

void TestReaderFeatures::emptyListIsNoFeatures()
{
    const auto parsed = ReaderFeatures::parse({});
    QVERIFY(parsed.ok());
    QVERIFY(parsed.value().isEmpty());
    QVERIFY(!parsed.value().has(feature::kVerifyPinDirect));
}

void TestReaderFeatures::paceTagIsNotBerConstructed()
{
    // 0x20 (FEATURE_EXECUTE_PACE) has the BER "constructed" bit; here it is a plain tag.
    const auto parsed = ReaderFeatures::parse(bv(hx("20 04 42 33 00 20  13 04 42 00 0D 48")));
    QVERIFY(parsed.ok());
    QCOMPARE(parsed.value().controlCode(0x20), std::optional<std::uint32_t>(0x42330020u));
    QCOMPARE(parsed.value().controlCode(0x13), std::optional<std::uint32_t>(0x42000D48u));
}

void TestReaderFeatures::malformed_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::newRow("tag only") << hx("06");
    QTest::newRow("header only") << hx("06 04");
    QTest::newRow("value cut at 3 bytes") << hx("06 04 42 33 00");
    QTest::newRow("second TLV cut") << hx("06 04 42 33 00 06  07 04 42");
    QTest::newRow("trailing byte") << hx("06 04 42 33 00 06  07");
    QTest::newRow("length 0") << hx("06 00");
    QTest::newRow("length 2") << hx("06 02 42 33");
    QTest::newRow("length 5") << hx("06 05 42 33 00 06 00");
    QTest::newRow("length FF past the end") << hx("06 FF 42 33 00 06");
    QTest::newRow("tag 00") << hx("00 04 42 33 00 06");
    QTest::newRow("padding 00 00") << hx("06 04 42 33 00 06  00 00");
    QTest::newRow("duplicate tag") << hx("06 04 42 33 00 06  06 04 42 33 00 16");
}

void TestReaderFeatures::malformed()
{
    QFETCH(QByteArray, raw);
    const auto parsed = ReaderFeatures::parse(bv(raw));
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.kind(), ErrorKind::MalformedResponse);
    QVERIFY(parsed.error().context.contains(QStringLiteral("offset")));
}

void TestReaderFeatures::controlCodeConstant()
{
    QCOMPARE(kGetFeatureRequest, 0x42000D48u); // SCARD_CTL_CODE(3400) in pcsc-lite's reader.h
}

QTEST_GUILESS_MAIN(TestReaderFeatures)
#include "tst_readerfeatures.moc"
