// SPDX-License-Identifier: Apache-2.0
#include "WireSamples.h"

#include "protocol/wire/CustomerDetails.h"
#include "protocol/wire/MessageCodec.h"
#include "protocol/wire/SealedBox.h"

#include <QCborMap>
#include <QCborValue>
#include <QTest>

using namespace perso;
using namespace perso::wire;

namespace {

const SecureBytes kKey = secureFromHex("000102030405060708090A0B0C0D0E0F");
const std::uint32_t kType = static_cast<std::uint32_t>(MessageType::AssessmentRequest);

SealedBox station(const SecureBytes& key = kKey, const Bytes& session = samples::id(1))
{
    return SealedBox::forStation(key, view(session)).value();
}

SealedBox issuer(const SecureBytes& key = kKey, const Bytes& session = samples::id(1))
{
    return SealedBox::forIssuer(key, view(session)).value();
}

CustomerDetails customer()
{
    CustomerDetails c;
    c.givenNames = QStringLiteral("Zoë Anne");
    c.familyName = QStringLiteral("O'Brien-Łukasiewicz");
    c.dateOfBirth = QDate(1988, 2, 29);
    c.address.lines = {QStringLiteral("Flat 3"), QStringLiteral("12 High Street")};
    c.address.postcode = QStringLiteral("AB1 2CD");
    c.address.city = QStringLiteral("Aberdeen");
    c.address.country = QStringLiteral("GB");
    c.idDocument = IdDocument{IdDocumentType::Passport, QStringLiteral("P1234567")};
    c.email = QStringLiteral("zoe@example.org");
    c.planCode = QStringLiteral("PAYG-10");
    return c;
}

} // namespace

class TestSealedBox : public QObject
{
    Q_OBJECT

private slots:
    void gcmSpecVectors_data();
    void gcmSpecVectors();
    void roundTripBothDirections();
    void tamperEveryByte();
    void replayedCounter();
    void wrongSession();
    void wrongKey();
    void wrongMessageTypeOrDirection();
    void truncated();
    void invalidParameters();
    void counterExhausted();
    void customerDetailsRoundTrip();
    void customerDetailsInvalid_data();
    void customerDetailsInvalid();
    void sealedDetailsInAssessmentRequest();
    void dateOfBirthText_data();
    void dateOfBirthText();
};

void TestSealedBox::gcmSpecVectors_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("ciphertext");
    QTest::addColumn<QByteArray>("tag");
    // McGrew & Viega, "The Galois/Counter Mode of Operation (GCM)", revised spec, Appendix B. These test
    // cases share IV cafebabefacedbaddecaf888, which is our nonce layout with label CAFEBABE and
    // counter FACEDBADDECAF888, and a 20-byte AAD feedfacedeadbeeffeedfacedeadbeef || abaddad2, which
    // is our AD layout with that session id and message type ABADDAD2.
    QTest::newRow("GCM spec test case 4 (AES-128)")
        << QByteArray::fromHex("feffe9928665731c6d6a8f9467308308")
        << QByteArray::fromHex("42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
                               "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091")
        << QByteArray::fromHex("5bc94fbc3221a5db94fae95ae7121a47");
    QTest::newRow("GCM spec test case 10 (AES-192)")
        << QByteArray::fromHex("feffe9928665731c6d6a8f9467308308feffe9928665731c")
        << QByteArray::fromHex("3980ca0b3c00e841eb06fac4872a2757859e1ceaa6efd984628593b40ca1e19c"
                               "7d773d00c144c525ac619d18c84a3f4718e2448b2fe324d9ccda2710")
        << QByteArray::fromHex("2519498e80f1478f37ba55bd6d27618c");
    QTest::newRow("GCM spec test case 16 (AES-256)")
        << QByteArray::fromHex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308")
        << QByteArray::fromHex("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                               "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662")
        << QByteArray::fromHex("76fc6ece0f4e1768cddf8853bb2d551b");
}

void TestSealedBox::gcmSpecVectors()
{
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, ciphertext);
    QFETCH(QByteArray, tag);
    const SecureBytes k(key.begin(), key.end());
    const Bytes session = fromHex("feedfacedeadbeeffeedfacedeadbeef");
    const Bytes plaintext = fromHex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                                    "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
    constexpr std::uint32_t type = 0xABADDAD2;
    SealedBox sealer = SealedBox::create(k, view(session), {0xCAFEBABE, 0x0BADF00D, 0xFACEDBADDECAF888ull, 0}).value();
    const Result<Bytes> sealed = sealer.seal(view(plaintext), type);
    QVERIFY(sealed.ok());
    Bytes expected = session;
    append(expected, view(fromHex("FACEDBADDECAF888")));
    append(expected, ByteView(reinterpret_cast<const std::uint8_t*>(ciphertext.constData()), ciphertext.size()));
    append(expected, ByteView(reinterpret_cast<const std::uint8_t*>(tag.constData()), tag.size()));
    QCOMPARE(toHex(view(sealed.value())), toHex(view(expected)));
    QCOMPARE(sealer.nextSealCounter(), 0xFACEDBADDECAF889ull);

    SealedBox opener = SealedBox::create(k, view(session), {0x0BADF00D, 0xCAFEBABE, 1, 0}).value();
    const Result<SecureBytes> opened = opener.open(view(sealed.value()), type);
    QVERIFY(opened.ok());
    QVERIFY(constantTimeEqual(view(opened.value()), view(plaintext)));
    QCOMPARE(opener.lastOpenedCounter(), 0xFACEDBADDECAF888ull);
}

void TestSealedBox::roundTripBothDirections()
{
    SealedBox s = station();
    SealedBox i = issuer();
    for (int round = 1; round <= 3; ++round) {
        const Bytes up = s.seal(view(fromHex("0102030405")), kType).value();
        QCOMPARE(up.size(), 5 + SealedBox::kOverhead);
        const Result<SecureBytes> atIssuer = i.open(view(up), kType);
        QVERIFY(atIssuer.ok());
        QCOMPARE(toHex(view(atIssuer.value())), std::string("0102030405"));
        const Bytes down = i.seal(view(fromHex("AA")), kType + 1).value();
        QVERIFY(s.open(view(down), kType + 1).ok());
        QCOMPARE(s.lastOpenedCounter(), std::uint64_t(round));
        QCOMPARE(i.lastOpenedCounter(), std::uint64_t(round));
    }
    QCOMPARE(s.nextSealCounter(), std::uint64_t(4));
    // Same plaintext twice gives different boxes (fresh nonce).
    QVERIFY(s.seal(view(fromHex("00")), kType).value() != s.seal(view(fromHex("00")), kType).value());
}

void TestSealedBox::tamperEveryByte()
{
    SealedBox s = station();
    SealedBox i = issuer();
    const Bytes sealed = s.seal(view(fromHex("00112233445566778899AABBCCDDEEFF0011")), kType).value();
    for (std::size_t pos = 0; pos < sealed.size(); ++pos) {
        for (std::uint8_t flip : {std::uint8_t(0x01), std::uint8_t(0x80), std::uint8_t(0xFF)}) {
            Bytes bad = sealed;
            bad[pos] ^= flip;
            const Result<SecureBytes> opened = i.open(view(bad), kType);
            QVERIFY2(!opened.ok(), qPrintable(QStringLiteral("byte %1 flip %2").arg(pos).arg(flip)));
            if (pos < 16)
                QCOMPARE(opened.code(), ErrorCode::WrongSession);
            else if (pos >= 24)
                QCOMPARE(opened.code(), ErrorCode::BadMac);
            else
                QVERIFY(opened.code() == ErrorCode::BadMac || opened.code() == ErrorCode::SequenceViolation);
        }
    }
    QCOMPARE(i.lastOpenedCounter(), std::uint64_t(0)); // forgeries never advance the counter
    QVERIFY(i.open(view(sealed), kType).ok());
}

void TestSealedBox::replayedCounter()
{
    SealedBox s = station();
    SealedBox i = issuer();
    const Bytes first = s.seal(view(fromHex("01")), kType).value();
    const Bytes second = s.seal(view(fromHex("02")), kType).value();
    QVERIFY(i.open(view(first), kType).ok());
    QCOMPARE(i.open(view(first), kType).code(), ErrorCode::SequenceViolation);
    QVERIFY(i.open(view(second), kType).ok());
    QCOMPARE(i.open(view(first), kType).code(), ErrorCode::SequenceViolation);
    QCOMPARE(i.open(view(second), kType).code(), ErrorCode::SequenceViolation);

    // Reordered: the later box opened first makes the earlier one a replay.
    SealedBox i2 = issuer();
    QVERIFY(i2.open(view(second), kType).ok());
    QCOMPARE(i2.open(view(first), kType).code(), ErrorCode::SequenceViolation);
}

void TestSealedBox::wrongSession()
{
    SealedBox s = station(kKey, samples::id(1));
    SealedBox i = issuer(kKey, samples::id(2));
    const Bytes sealed = s.seal(view(fromHex("01")), kType).value();
    QCOMPARE(i.open(view(sealed), kType).code(), ErrorCode::WrongSession);
    // Rewriting the clear session id does not help: it is in the associated data.
    Bytes moved = sealed;
    const Bytes otherSession = samples::id(2);
    std::copy(otherSession.begin(), otherSession.end(), moved.begin());
    QCOMPARE(i.open(view(moved), kType).code(), ErrorCode::BadMac);
}

void TestSealedBox::wrongKey()
{
    SealedBox s = station();
    SealedBox i = issuer(secureFromHex("000102030405060708090A0B0C0D0E0E"));
    QCOMPARE(i.open(view(s.seal(view(fromHex("01")), kType).value()), kType).code(), ErrorCode::BadMac);
    SealedBox i256 = issuer(secureFromHex("000102030405060708090A0B0C0D0E0F000102030405060708090A0B0C0D0E0F"));
    QCOMPARE(i256.open(view(s.seal(view(fromHex("01")), kType).value()), kType).code(), ErrorCode::BadMac);
}

void TestSealedBox::wrongMessageTypeOrDirection()
{
    SealedBox s = station();
    SealedBox i = issuer();
    const Bytes sealed = s.seal(view(fromHex("01")), kType).value();
    QCOMPARE(i.open(view(sealed), kType + 2).code(), ErrorCode::BadMac);
    // Reflected back to the station: the nonce label differs, so it does not authenticate.
    SealedBox s2 = station();
    QCOMPARE(s2.open(view(sealed), kType).code(), ErrorCode::BadMac);
    QVERIFY(i.open(view(sealed), kType).ok());
}

void TestSealedBox::truncated()
{
    SealedBox i = issuer();
    QCOMPARE(i.open(ByteView(), kType).code(), ErrorCode::Truncated);
    Bytes sealed = station().seal(ByteView(), kType).value();
    QCOMPARE(sealed.size(), SealedBox::kOverhead);
    QCOMPARE(i.open(ByteView(sealed).first(sealed.size() - 1), kType).code(), ErrorCode::Truncated);
    QVERIFY(i.open(view(sealed), kType).ok());
}

void TestSealedBox::invalidParameters()
{
    const Bytes session = samples::id(1);
    QCOMPARE(SealedBox::forStation(secureFromHex("0001020304050607"), view(session)).code(),
             ErrorCode::InvalidParameter);
    QCOMPARE(SealedBox::forStation(SecureBytes(), view(session)).code(), ErrorCode::InvalidParameter);
    QCOMPARE(SealedBox::forStation(kKey, view(fromHex("0102"))).code(), ErrorCode::InvalidParameter);
    QCOMPARE(SealedBox::create(kKey, view(session), {1, 1, 1, 0}).code(), ErrorCode::InvalidParameter);
    QCOMPARE(SealedBox::create(kKey, view(session), {1, 2, 0, 0}).code(), ErrorCode::InvalidParameter);
    QVERIFY(SealedBox::forIssuer(SecureBytes(24, 7), view(session)).ok());
}

void TestSealedBox::counterExhausted()
{
    SealedBox s = SealedBox::create(kKey, view(samples::id(1)),
                                    {SealedBox::kStationToIssuer, SealedBox::kIssuerToStation, ~0ull - 1, 0})
                      .value();
    const Bytes last = s.seal(view(fromHex("01")), kType).value();
    QCOMPARE(s.seal(view(fromHex("01")), kType).code(), ErrorCode::StateViolation);
    QCOMPARE(s.seal(view(fromHex("01")), kType).code(), ErrorCode::StateViolation);
    SealedBox i = issuer();
    QVERIFY(i.open(view(last), kType).ok());
    QCOMPARE(i.lastOpenedCounter(), ~0ull - 1);
}

void TestSealedBox::customerDetailsRoundTrip()
{
    const CustomerDetails c = customer();
    const Result<SecureBytes> encoded = encodeCustomerDetails(c);
    QVERIFY2(encoded.ok(), qPrintable(encoded.ok() ? QString() : encoded.error().message));
    const Result<CustomerDetails> decoded = decodeCustomerDetails(view(encoded.value()));
    QVERIFY(decoded.ok());
    QVERIFY(decoded.value() == c);

    CustomerDetails phoneOnly = c;
    phoneOnly.email.reset();
    phoneOnly.phone = QStringLiteral("+447700900123");
    phoneOnly.address.postcode.reset();
    QVERIFY(encodeCustomerDetails(phoneOnly).ok());
}

void TestSealedBox::customerDetailsInvalid_data()
{
    QTest::addColumn<QString>("what");
    QTest::addColumn<int>("code");
    const auto row = [](const char* what, ErrorCode code) {
        QTest::newRow(what) << QString::fromLatin1(what) << int(code);
    };
    row("born 1850", ErrorCode::SchemaViolation);
    row("null date", ErrorCode::InvalidLength);
    row("no contact", ErrorCode::SchemaViolation);
    row("email without at", ErrorCode::SchemaViolation);
    row("phone without plus", ErrorCode::SchemaViolation);
    row("country lower case", ErrorCode::SchemaViolation);
    row("name of 65 characters", ErrorCode::Oversized);
    row("empty family name", ErrorCode::InvalidLength);
    row("five address lines", ErrorCode::Oversized);
    row("no address line", ErrorCode::SchemaViolation);
    row("control character", ErrorCode::SchemaViolation);
    row("id number with space", ErrorCode::SchemaViolation);
}

void TestSealedBox::customerDetailsInvalid()
{
    QFETCH(QString, what);
    QFETCH(int, code);
    CustomerDetails c = customer();
    if (what == QLatin1String("born 1850"))
        c.dateOfBirth = QDate(1850, 1, 1);
    else if (what == QLatin1String("null date"))
        c.dateOfBirth = QDate();
    else if (what == QLatin1String("no contact"))
        c.email.reset();
    else if (what == QLatin1String("email without at"))
        c.email = QStringLiteral("zoe.example.org");
    else if (what == QLatin1String("phone without plus"))
        c.phone = QStringLiteral("07700900123");
    else if (what == QLatin1String("country lower case"))
        c.address.country = QStringLiteral("gb");
    else if (what == QLatin1String("name of 65 characters"))
        c.givenNames = QString(65, u'ø');
    else if (what == QLatin1String("empty family name"))
        c.familyName.clear();
    else if (what == QLatin1String("five address lines"))
        c.address.lines.resize(5, QStringLiteral("x"));
    else if (what == QLatin1String("no address line"))
        c.address.lines.clear();
    else if (what == QLatin1String("control character"))
        c.address.city = QStringLiteral("Aber\tdeen");
    else if (what == QLatin1String("id number with space"))
        c.idDocument.number = QStringLiteral("P 1234567");
    const Result<SecureBytes> encoded = encodeCustomerDetails(c);
    QVERIFY(!encoded.ok());
    QCOMPARE(errorCodeName(encoded.code()), errorCodeName(static_cast<ErrorCode>(code)));
}

void TestSealedBox::sealedDetailsInAssessmentRequest()
{
    SealedBox s = station();
    SealedBox i = issuer();
    const SecureBytes details = encodeCustomerDetails(customer()).value();
    const Bytes sealed = s.seal(view(details), kType).value();
    const Message request{3, AssessmentRequest{samples::id(1), fromHex("9000"), sealed}};
    const Bytes payload = encodeMessage(request).value();

    const Result<Message> received = decodeMessage(view(payload));
    QVERIFY(received.ok());
    const auto& body = std::get<AssessmentRequest>(received.value().body);
    const Result<SecureBytes> opened = i.open(view(body.sealedCustomerDetails), kType);
    QVERIFY(opened.ok());
    const Result<CustomerDetails> back = decodeCustomerDetails(view(opened.value()));
    QVERIFY(back.ok());
    QVERIFY(back.value() == customer());
}

void TestSealedBox::dateOfBirthText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("code"); // -1: accepted
    QTest::newRow("leap day 2000") << QStringLiteral("2000-02-29") << -1;
    QTest::newRow("first accepted day") << QStringLiteral("1900-01-01") << -1;
    QTest::newRow("29 February 2023") << QStringLiteral("2023-02-29") << int(ErrorCode::SchemaViolation);
    QTest::newRow("31 April") << QStringLiteral("1990-04-31") << int(ErrorCode::SchemaViolation);
    QTest::newRow("month 13") << QStringLiteral("1990-13-01") << int(ErrorCode::SchemaViolation);
    QTest::newRow("day 00") << QStringLiteral("1990-01-00") << int(ErrorCode::SchemaViolation);
    QTest::newRow("year 2101") << QStringLiteral("2101-01-01") << int(ErrorCode::SchemaViolation);
    QTest::newRow("slashes") << QStringLiteral("1990/04/30") << int(ErrorCode::SchemaViolation);
    QTest::newRow("signed year") << QStringLiteral("+990-04-30") << int(ErrorCode::SchemaViolation);
    QTest::newRow("no separators") << QStringLiteral("19900430") << int(ErrorCode::InvalidLength);
    QTest::newRow("with time") << QStringLiteral("1990-04-30T00:00") << int(ErrorCode::Oversized);
}

void TestSealedBox::dateOfBirthText()
{
    QFETCH(QString, text);
    QFETCH(int, code);
    const SecureBytes valid = encodeCustomerDetails(customer()).value();
    QCborMap map = QCborValue::fromCbor(
                       QByteArray(reinterpret_cast<const char*>(valid.data()), static_cast<qsizetype>(valid.size())))
                       .toMap();
    map.insert(2, text);
    const QByteArray edited = QCborValue(map).toCbor();
    const Result<CustomerDetails> decoded =
        decodeCustomerDetails(ByteView(reinterpret_cast<const std::uint8_t*>(edited.constData()), edited.size()));
    if (code < 0) {
        QVERIFY(decoded.ok());
        QCOMPARE(decoded.value().dateOfBirth, QDate::fromString(text, Qt::ISODate));
    } else {
        QVERIFY(!decoded.ok());
        QCOMPARE(errorCodeName(decoded.code()), errorCodeName(static_cast<ErrorCode>(code)));
    }
}

QTEST_GUILESS_MAIN(TestSealedBox)
#include "tst_sealedbox.moc"
