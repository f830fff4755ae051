// SPDX-License-Identifier: Apache-2.0
// BER-TLV as ISO/IEC 7816-4:2013 §5.2.2 restricts it: tags of 1-3 bytes (§5.2.2.1: second byte 1F..7F
// or 81..FF, third 00..7F; 00 and FF are padding, never tags), definite lengths in 1-4 bytes (§5.2.2.2:
// 00..7F, 81 XX, 82 XXXX, 83 XXXXXX), minimal forms only.
#include "protocol/tlv/BerTlv.h"

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
SecureBytes sb(const QByteArray& b)
{
    return SecureBytes(b.begin(), b.end());
}

// FCPs returned by a UICC in a public SIMtrace2 capture (GET RESPONSE after SELECT); structure per
// ETSI TS 102 221 §11.1.1.3 (FCP template '62') and §11.1.1.4 (82 descriptor, 83 FID, A5 proprietary,
// 8A life cycle, 8B security attributes, 80 size, 88 SFI, AB, C6 PIN status).
const char* kFcpIccid = "621e8202412183022fe2a506c00100ca01808a01058b032f06048002000a8800";
const char* kFcpMf = "62548202782183023f00a51980017183027fffcb0d00000000000000000000000000ca01828a0105ab1b8401"
                     "2e9000840188a4068301019501088401fca40683010a950108c60f90017083010183010a83010b830181";
// GET STATUS registry entry of an Issuer Security Domain, from GlobalPlatformPro's test suite; layout
// per GP Card Specification v2.3 §11.4.3.2 (E3 entry: 4F AID, 9F70 life cycle, C5 privileges, ...).
const char* kGpIsdEntry = "E3144F07A00000015100009F700107C50180EA028000";
// The same entry as a real card sent it (empty privileges): C5 followed by EA, a 106-byte length
// field. GlobalPlatformPro patches it before parsing; a strict decoder must refuse it.
const char* kGpIsdEntryBroken = "E3124F07A00000015100009F700107C5EA028000";

Tlv nested(int levels)
{
    Tlv inner = Tlv::primitive(0x80, SecureBytes{0x01});
    for (int i = 0; i < levels; ++i)
        inner = Tlv::constructed(0xA0, {inner});
    return inner;
}

} // namespace

class TestBerTlv : public QObject
{
    Q_OBJECT

private slots:
    void fcpTemplate();
    void fcpOfMf();
    void gpRegistryEntry();
    void roundTrip_data();
    void roundTrip();
    void malformed_data();
    void malformed();
    void decodeOneRejectsTrailingData();
    void depthLimit();
    void objectLimit();
    void valueLengthLimit();
    void encodeLengths_data();
    void encodeLengths();
    void encodeObjects();
    void tagValidity_data();
    void tagValidity();
};

void TestBerTlv::fcpTemplate()
{
    const auto decoded = BerTlv::decodeOne(bv(hx(kFcpIccid)));
    QVERIFY2(decoded.ok(), decoded.ok() ? "" : qPrintable(decoded.error().message));
    const Tlv& fcp = decoded.value();
    QCOMPARE(fcp.tag(), 0x62u);
    QVERIFY(fcp.isConstructed());
    QCOMPARE(fcp.children().size(), std::size_t(7));
    QCOMPARE(qb(fcp.find(0x82)->value()), hx("4121")); // shareable transparent EF
    QCOMPARE(qb(fcp.find(0x83)->value()), hx("2FE2")); // EF.ICCID
    const Tlv* proprietary = fcp.find(0xA5);
    QVERIFY(proprietary && proprietary->isConstructed());
    QCOMPARE(proprietary->children().size(), std::size_t(2));
    QCOMPARE(qb(proprietary->find(0xCA)->value()), hx("80"));
    QCOMPARE(qb(fcp.find(0x8A)->value()), hx("05"));   // operational, activated
    QCOMPARE(qb(fcp.find(0x80)->value()), hx("000A")); // 10 bytes
    QVERIFY(fcp.find(0x88)->value().empty());          // no SFI
    QVERIFY(fcp.find(0x84) == nullptr);
    QCOMPARE(qb(BerTlv::encode(fcp)), hx(kFcpIccid));
}

void TestBerTlv::fcpOfMf()
{
    const auto decoded = BerTlv::decodeOne(bv(hx(kFcpMf)));
    QVERIFY2(decoded.ok(), decoded.ok() ? "" : qPrintable(decoded.error().message));
    const Tlv& fcp = decoded.value();
    QCOMPARE(fcp.children().size(), std::size_t(6));
    QCOMPARE(qb(fcp.find(0x83)->value()), hx("3F00"));
    const Tlv* arr = fcp.find(0xAB); // expanded security attributes: constructed, with A4 templates
    QVERIFY(arr && arr->isConstructed());
    QCOMPARE(arr->children().size(), std::size_t(6));
    QCOMPARE(arr->children()[3].tag(), 0xA4u);
    QCOMPARE(arr->children()[3].children().size(), std::size_t(2));
    const Tlv* pinStatus = fcp.find(0xC6); // primitive by its tag: its TLV content stays a value
    QVERIFY(pinStatus && !pinStatus->isConstructed());
    QCOMPARE(pinStatus->value().size(), std::size_t(15));
    QCOMPARE(qb(BerTlv::encode(fcp)), hx(kFcpMf));
}

void TestBerTlv::gpRegistryEntry()
{
    const auto decoded = BerTlv::decodeAll(bv(hx(kGpIsdEntry)));
    QVERIFY(decoded.ok());
    QCOMPARE(decoded.value().size(), std::size_t(1));
    const Tlv& entry = decoded.value()[0];
    QCOMPARE(entry.tag(), 0xE3u);
    QCOMPARE(qb(entry.find(0x4F)->value()), hx("A0000001510000"));
    QCOMPARE(qb(entry.find(0x9F70)->value()), hx("07")); // SELECTABLE
    QCOMPARE(qb(entry.find(0xC5)->value()), hx("80"));   // Security Domain privilege
    QCOMPARE(qb(BerTlv::encode(decoded.value())), hx(kGpIsdEntry));

    const auto broken = BerTlv::decodeAll(bv(hx(kGpIsdEntryBroken)));
    QVERIFY(!broken.ok());
    QCOMPARE(broken.code(), ErrorCode::InvalidLength);
}

void TestBerTlv::roundTrip_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("objects"); // top-level objects
    QTest::newRow("empty input") << QByteArray() << 0;
    QTest::newRow("zero-length primitive") << hx("8000") << 1;
    QTest::newRow("zero-length constructed") << hx("A500") << 1;
    QTest::newRow("two-byte tag 5F20") << hx("5F200141") << 1;
    QTest::newRow("two-byte tag 9F70") << hx("9F700107") << 1;
    QTest::newRow("two-byte tag, lowest (1F1F)") << hx("1F1F00") << 1;
    QTest::newRow("two-byte tag, highest (BF7F)") << hx("BF7F00") << 1;
    QTest::newRow("constructed two-byte tag BF2F") << hx("BF2F038001AA") << 1;
    QTest::newRow("three-byte tag DF8101") << hx("DF810102AABB") << 1;
    QTest::newRow("three-byte tag DFFF7F") << hx("DFFF7F00") << 1;
    QTest::newRow("three-byte tag, lowest (1F8100)") << hx("1F810000") << 1;
    QTest::newRow("length 127") << hx("047F") + QByteArray(127, 'x') << 1;
    QTest::newRow("length 128 (81 80)") << hx("048180") + QByteArray(128, 'x') << 1;
    QTest::newRow("length 255 (81 FF)") << hx("0481FF") + QByteArray(255, 'x') << 1;
    QTest::newRow("length 256 (82 0100)") << hx("04820100") + QByteArray(256, 'x') << 1;
    QTest::newRow("length 65535 (82 FFFF)") << hx("0482FFFF") + QByteArray(65535, 'x') << 1;
    QTest::newRow("constructed, long-form length") << hx("708181") + hx("047F") + QByteArray(127, 'x') << 1;
    QTest::newRow("sequence of three") << hx("800101810102A203830100") << 3;
    QTest::newRow("FCP + registry entry") << hx(kFcpIccid) + hx(kGpIsdEntry) << 2;
    QTest::newRow("8 constructed levels") << qb(BerTlv::encode(nested(8))) << 1;
}

void TestBerTlv::roundTrip()
{
    QFETCH(QByteArray, raw);
    QFETCH(int, objects);
    const auto decoded = BerTlv::decodeAll(bv(raw));
    QVERIFY2(decoded.ok(), decoded.ok() ? "" : qPrintable(decoded.error().message));
    QCOMPARE(int(decoded.value().size()), objects);
    QCOMPARE(qb(BerTlv::encode(decoded.value())), raw);
    if (objects == 1) {
        const auto one = BerTlv::decodeOne(bv(raw));
        QVERIFY(one.ok());
        QCOMPARE(one.value(), decoded.value()[0]);
    }
}

void TestBerTlv::malformed_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("code");
    const int tag = int(ErrorCode::InvalidTag);
    const int length = int(ErrorCode::InvalidLength);
    const int truncated = int(ErrorCode::Truncated);

    // 00 / FF padding (ISO/IEC 7816-4 §5.2.2.1 allows it before, between, after objects; we do not).
    QTest::newRow("00 alone") << hx("00") << tag;
    QTest::newRow("FF alone") << hx("FF") << tag;
    QTest::newRow("leading 00") << hx("00800101") << tag;
    QTest::newRow("trailing 00") << hx("80010100") << tag;
    QTest::newRow("FF between objects") << hx("800101FF800101") << tag;
    QTest::newRow("00 inside a constructed value") << hx("A50400800100") << tag;
    // Tags.
    QTest::newRow("tag 1F cut off") << hx("1F") << truncated;
    QTest::newRow("tag 9F81 cut off") << hx("9F81") << truncated;
    QTest::newRow("second byte 1E (non-minimal)") << hx("9F1E0100") << tag;
    QTest::newRow("second byte 00") << hx("5F000100") << tag;
    QTest::newRow("EMV-style 9F02 (non-minimal)") << hx("9F02060000000001") << tag;
    QTest::newRow("second byte 80 (non-minimal)") << hx("9F800100") << tag;
    QTest::newRow("four-byte tag") << hx("DF8181010100") << tag;
    // Lengths.
    QTest::newRow("no length") << hx("80") << truncated;
    QTest::newRow("two-byte tag, no length") << hx("9F70") << truncated;
    QTest::newRow("indefinite length 80") << hx("A2808001000000") << length;
    QTest::newRow("84 form") << hx("048400000001AA") << length;
    QTest::newRow("FF length byte") << hx("04FF") << length;
    QTest::newRow("81 7F (non-minimal)") << hx("04817F") + QByteArray(127, 'x') << length;
    QTest::newRow("81 00 (non-minimal)") << hx("048100") << length;
    QTest::newRow("82 00FF (non-minimal)") << hx("048200FF") + QByteArray(255, 'x') << length;
    QTest::newRow("82 0001 (non-minimal)") << hx("04820001AA") << length;
    QTest::newRow("83 00FFFF (non-minimal)") << hx("048300FFFF") << length;
    QTest::newRow("81 cut off") << hx("0481") << truncated;
    QTest::newRow("82 cut off") << hx("048201") << truncated;
    QTest::newRow("83 cut off") << hx("04830100") << truncated;
    QTest::newRow("value shorter than length") << hx("04050102") << truncated;
    QTest::newRow("81 80, 127 bytes") << hx("048180") + QByteArray(127, 'x') << truncated;
    QTest::newRow("child overruns its parent") << hx("6203800501020304") << truncated;
    QTest::newRow("parent overruns the input") << hx("62058001AA") << truncated;
    QTest::newRow("GP entry with broken C5") << hx(kGpIsdEntryBroken) << length;
    // Limits (defaults: depth 8, value length 65535).
    QTest::newRow("9 constructed levels") << qb(BerTlv::encode(nested(9))) << int(ErrorCode::NestingTooDeep);
    QTest::newRow("length 65536 (83 010000)") << hx("0483010000") + QByteArray(65536, 'x') << int(ErrorCode::Oversized);
    QTest::newRow("length FFFFFF, no value") << hx("0483FFFFFF") << int(ErrorCode::Oversized);
}

void TestBerTlv::malformed()
{
    QFETCH(QByteArray, raw);
    QFETCH(int, code);
    const auto all = BerTlv::decodeAll(bv(raw));
    QVERIFY(!all.ok());
    QCOMPARE(int(all.code()), code);
    QVERIFY(!all.error().message.isEmpty());
    const auto one = BerTlv::decodeOne(bv(raw));
    QVERIFY(!one.ok());
}

void TestBerTlv::decodeOneRejectsTrailingData()
{
    QCOMPARE(BerTlv::decodeOne({}).code(), ErrorCode::Truncated);
    QCOMPARE(BerTlv::decodeOne(bv(hx("80008000"))).code(), ErrorCode::TrailingData);
    QCOMPARE(BerTlv::decodeOne(bv(hx("800100"
                                     "00")))
                 .code(),
             ErrorCode::TrailingData);
    QCOMPARE(BerTlv::decodeOne(bv(hx(kFcpIccid) + hx("9000"))).code(), ErrorCode::TrailingData);
}

void TestBerTlv::depthLimit()
{
    TlvLimits limits;
    limits.maxDepth = 2;
    QVERIFY(BerTlv::decodeOne(view(BerTlv::encode(nested(2))), limits).ok());
    QCOMPARE(BerTlv::decodeOne(view(BerTlv::encode(nested(3))), limits).code(), ErrorCode::NestingTooDeep);
    limits.maxDepth = 0; // primitive objects only
    QVERIFY(BerTlv::decodeAll(bv(hx("80018081020102")), limits).ok());
    QCOMPARE(BerTlv::decodeAll(bv(hx("A500")), limits).code(), ErrorCode::NestingTooDeep);
    // Deep nesting far beyond the limit is refused without recursing through it.
    QCOMPARE(BerTlv::decodeOne(view(BerTlv::encode(nested(1000)))).code(), ErrorCode::NestingTooDeep);
}

void TestBerTlv::objectLimit()
{
    TlvLimits limits;
    limits.maxObjects = 4;
    QVERIFY(BerTlv::decodeAll(bv(hx("A2068001018101028200")), limits).ok()); // 4 objects, all levels
    QCOMPARE(BerTlv::decodeAll(bv(hx("A20680010181010282008300")), limits).code(), ErrorCode::Oversized);
    QCOMPARE(BerTlv::decodeAll(bv(hx("8000800080008000"
                                     "8000")),
                               limits)
                 .code(),
             ErrorCode::Oversized);
}

void TestBerTlv::valueLengthLimit()
{
    TlvLimits limits;
    limits.maxValueLength = 16;
    QVERIFY(BerTlv::decodeAll(bv(hx("0410") + QByteArray(16, 'x')), limits).ok());
    QCOMPARE(BerTlv::decodeAll(bv(hx("0411") + QByteArray(17, 'x')), limits).code(), ErrorCode::Oversized);
    // The limit applies to constructed lengths too.
    QCOMPARE(BerTlv::decodeAll(bv(hx("A212") + hx("0410") + QByteArray(16, 'x')), limits).code(), ErrorCode::Oversized);
    limits.maxValueLength = 0x10000;
    QVERIFY(BerTlv::decodeAll(bv(hx("0483010000") + QByteArray(65536, 'x')), limits).ok());
}

void TestBerTlv::encodeLengths_data()
{
    QTest::addColumn<int>("length");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("0") << 0 << hx("00");
    QTest::newRow("127") << 127 << hx("7F");
    QTest::newRow("128") << 128 << hx("8180");
    QTest::newRow("255") << 255 << hx("81FF");
    QTest::newRow("256") << 256 << hx("820100");
    QTest::newRow("65535") << 65535 << hx("82FFFF");
    QTest::newRow("65536") << 65536 << hx("83010000");
    QTest::newRow("16777215") << 16777215 << hx("83FFFFFF");
}

void TestBerTlv::encodeLengths()
{
    QFETCH(int, length);
    QFETCH(QByteArray, expected);
    SecureBytes out;
    BerTlv::appendLength(out, std::size_t(length));
    QCOMPARE(qb(out), expected);
}

void TestBerTlv::encodeObjects()
{
    SecureBytes tags;
    BerTlv::appendTag(tags, 0x62);
    BerTlv::appendTag(tags, 0x9F70);
    BerTlv::appendTag(tags, 0xDF8101);
    QCOMPARE(qb(tags), hx("629F70DF8101"));

    // A GP-style registry entry built in code encodes to the published bytes.
    const Tlv entry = Tlv::constructed(
        0xE3, {Tlv::primitive(0x4F, sb(hx("A0000001510000"))), Tlv::primitive(0x9F70, SecureBytes{0x07}),
               Tlv::primitive(0xC5, SecureBytes{0x80}), Tlv::constructed(0xEA, {Tlv::primitive(0x80, {})})});
    QCOMPARE(qb(BerTlv::encode(entry)), hx(kGpIsdEntry));
    QVERIFY(entry.isConstructed());
    QVERIFY(!entry.children()[1].isConstructed());
    QVERIFY(Tlv::primitive(0xBF2F, {}).isConstructed()); // b6 of the first tag byte decides
    QVERIFY(!Tlv::primitive(0xDF8101, {}).isConstructed());

    // A constructed value of 200 bytes takes the 81 form.
    const Tlv big = Tlv::constructed(0x70, {Tlv::primitive(0x04, SecureBytes(197, 0x11))});
    const SecureBytes encoded = BerTlv::encode(big);
    QCOMPARE(qb(SecureBytes(encoded.begin(), encoded.begin() + 6)), hx("7081C80481C5"));
    QCOMPARE(BerTlv::decodeOne(view(encoded)).value(), big);
}

void TestBerTlv::tagValidity_data()
{
    QTest::addColumn<uint>("tag");
    QTest::addColumn<bool>("valid");
    QTest::newRow("62") << 0x62u << true;
    QTest::newRow("80") << 0x80u << true;
    QTest::newRow("00") << 0x00u << false;
    QTest::newRow("FF") << 0xFFu << false;
    QTest::newRow("1F alone") << 0x1Fu << false;
    QTest::newRow("9F70") << 0x9F70u << true;
    QTest::newRow("9F1F") << 0x9F1Fu << true;
    QTest::newRow("9F1E") << 0x9F1Eu << false;
    QTest::newRow("9F80") << 0x9F80u << false;
    QTest::newRow("8070 (first byte not 1F-form)") << 0x8070u << false;
    QTest::newRow("DF8101") << 0xDF8101u << true;
    QTest::newRow("DF8181") << 0xDF8181u << false;
    QTest::newRow("DF7F01") << 0xDF7F01u << false;
    QTest::newRow("DFFF7F") << 0xDFFF7Fu << true;
    QTest::newRow("FFFF7F (FF first byte)") << 0xFFFF7Fu << false;
    QTest::newRow("4 bytes") << 0xDF818101u << false;
}

void TestBerTlv::tagValidity()
{
    QFETCH(uint, tag);
    QFETCH(bool, valid);
    QCOMPARE(BerTlv::isValidTag(tag), valid);
    if (valid) {
        // A valid tag survives encode and decode.
        const Tlv tlv = Tlv::primitive(tag, {}).isConstructed() ? Tlv::constructed(tag, {})
                                                                : Tlv::primitive(tag, SecureBytes{0x01});
        const auto back = BerTlv::decodeOne(view(BerTlv::encode(tlv)));
        QVERIFY(back.ok());
        QCOMPARE(back.value().tag(), tag);
    }
}

QTEST_GUILESS_MAIN(TestBerTlv)
#include "tst_bertlv.moc"
