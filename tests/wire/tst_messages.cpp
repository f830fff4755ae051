// SPDX-License-Identifier: Apache-2.0
#include "WireSamples.h"

#include "protocol/wire/CborFields.h"
#include "protocol/wire/Iccid.h"
#include "protocol/wire/MessageCodec.h"

#include <QCborArray>
#include <QCborMap>
#include <QCborStreamWriter>
#include <QDir>
#include <QFile>
#include <QTest>

using namespace perso;
using namespace perso::wire;

namespace {

QByteArray qbytes(const Bytes& b)
{
    return detail::toQByteArray(view(b));
}
Bytes bytesOf(const QByteArray& a)
{
    return detail::toBytes(a);
}

Message sample(const QString& name)
{
    for (const auto& [n, m] : samples::allMessages()) {
        if (n == name)
            return m;
    }
    qFatal("no sample");
}

QCborMap envelopeOf(const QString& name)
{
    const Result<Bytes> encoded = encodeMessage(sample(name));
    return QCborValue::fromCbor(qbytes(encoded.value())).toMap();
}

QByteArray withBody(QCborMap envelope, const std::function<void(QCborMap&)>& edit)
{
    QCborMap body = envelope.value(3).toMap();
    edit(body);
    envelope.insert(3, body);
    return QCborValue(envelope).toCbor();
}

QByteArray withEnvelope(QCborMap envelope, qint64 key, const QCborValue& value)
{
    envelope.insert(key, value);
    return QCborValue(envelope).toCbor();
}

} // namespace

class TestMessages : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_data();
    void roundTrip();
    void envelopeLayout();
    void malformed_data();
    void malformed();
    void encoderRefusesInvalidFields_data();
    void encoderRefusesInvalidFields();
    void deterministicCbor_data();
    void deterministicCbor();
    void iccid();
    void receiptSignedBytes();
    void typeNames();
    void writeFuzzCorpus();
};

void TestMessages::roundTrip_data()
{
    QTest::addColumn<QString>("name");
    for (const auto& [name, message] : samples::allMessages())
        QTest::newRow(qPrintable(name)) << name;
}

void TestMessages::roundTrip()
{
    QFETCH(QString, name);
    const Message message = sample(name);
    const Result<Bytes> encoded = encodeMessage(message);
    QVERIFY2(encoded.ok(), qPrintable(encoded.ok() ? QString() : encoded.error().message));
    const Result<Message> decoded = decodeMessage(view(encoded.value()));
    QVERIFY(decoded.ok());
    QVERIFY(decoded.value() == message);
    QCOMPARE(decoded.value().type(), message.type());
    const Result<Bytes> again = encodeMessage(decoded.value());
    QVERIFY(again.ok());
    QCOMPARE(again.value(), encoded.value());
}

void TestMessages::envelopeLayout()
{
    // SignOff {seq 11, session id} is small enough to check byte by byte against the documented
    // layout: map(4) {0: 1, 1: 11, 2: 11, 3: map(1) {0: bstr(16)}}.
    const Result<Bytes> encoded = encodeMessage(sample(QStringLiteral("sign-off")));
    QVERIFY(encoded.ok());
    Bytes expected = fromHex("A4 00 01 01 0B 02 0B 03 A1 00 50");
    append(expected, view(samples::id(1)));
    QCOMPARE(toHex(view(encoded.value())), toHex(view(expected)));
}

void TestMessages::malformed_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<int>("code");
    const auto row = [](const char* name, const QByteArray& payload, ErrorCode code) {
        QTest::newRow(name) << payload << static_cast<int>(code);
    };
    const QCborMap signOff = envelopeOf(QStringLiteral("sign-off"));
    const QCborMap request = envelopeOf(QStringLiteral("package-request"));
    const QCborMap response = envelopeOf(QStringLiteral("package-response"));
    const QByteArray valid = QCborValue(signOff).toCbor();

    row("empty", QByteArray(), ErrorCode::Truncated);
    row("truncated", valid.left(valid.size() - 1), ErrorCode::Truncated);
    row("truncated header", valid.left(1), ErrorCode::Truncated);
    row("trailing byte", valid + QByteArray(1, '\0'), ErrorCode::TrailingData);
    row("two items", valid + valid, ErrorCode::TrailingData);
    row("not cbor", QByteArray::fromHex("FF"), ErrorCode::InvalidEncoding);
    row("not a map", QCborValue(QCborArray{1, 2}).toCbor(), ErrorCode::SchemaViolation);
    row("version 2", withEnvelope(signOff, 0, 2), ErrorCode::UnsupportedVersion);
    row("version 0", withEnvelope(signOff, 0, 0), ErrorCode::UnsupportedVersion);
    row("version as text", withEnvelope(signOff, 0, QStringLiteral("1")), ErrorCode::SchemaViolation);
    row("type 15 unknown", withEnvelope(signOff, 1, 15), ErrorCode::UnknownMessageType);
    row("type 0 unknown", withEnvelope(signOff, 1, 0), ErrorCode::UnknownMessageType);
    row("type 70000 unknown", withEnvelope(signOff, 1, 70000), ErrorCode::UnknownMessageType);
    row("type negative", withEnvelope(signOff, 1, -1), ErrorCode::SchemaViolation);
    row("sequence negative", withEnvelope(signOff, 2, -5), ErrorCode::SchemaViolation);
    row("sequence as bytes", withEnvelope(signOff, 2, QByteArray("\x01", 1)), ErrorCode::SchemaViolation);
    row("extra envelope key", withEnvelope(signOff, 4, 0), ErrorCode::SchemaViolation);
    row("text envelope key", withEnvelope(signOff, 0, 1).replace(0, 1, "\xA5") + QByteArray::fromHex("616100"),
        ErrorCode::SchemaViolation);
    {
        QCborMap e = signOff;
        e.remove(3);
        row("missing body", QCborValue(e).toCbor(), ErrorCode::SchemaViolation);
        e = signOff;
        e.remove(2);
        row("missing sequence", QCborValue(e).toCbor(), ErrorCode::SchemaViolation);
    }
    row("body not a map", withEnvelope(signOff, 3, QCborArray{}), ErrorCode::SchemaViolation);
    row("body empty map", withEnvelope(signOff, 3, QCborMap{}), ErrorCode::SchemaViolation);
    row("missing field", withBody(request, [](QCborMap& b) { b.remove(4); }), ErrorCode::SchemaViolation);
    row("extra field", withBody(request, [](QCborMap& b) { b.insert(5, 0); }), ErrorCode::SchemaViolation);
    row("wrong field type", withBody(request, [](QCborMap& b) { b.insert(0, QStringLiteral("abc")); }),
        ErrorCode::SchemaViolation);
    row("enum out of range", withBody(request, [](QCborMap& b) { b.insert(3, 3); }), ErrorCode::SchemaViolation);
    row("iccid bad digit",
        withBody(request, [](QCborMap& b) { b.insert(4, QByteArray::fromHex("984401000321436587A9")); }),
        ErrorCode::SchemaViolation);
    row("iccid digit after filler",
        withBody(request, [](QCborMap& b) { b.insert(4, QByteArray::fromHex("9844010003214365870F")); }),
        ErrorCode::SchemaViolation);
    row("iccid 9 bytes", withBody(request, [](QCborMap& b) { b.insert(4, QByteArray::fromHex("984401000321436587")); }),
        ErrorCode::InvalidLength);
    row("id of 15 bytes", withBody(request, [](QCborMap& b) { b.insert(1, QByteArray(15, 'x')); }),
        ErrorCode::InvalidLength);
    row("id of 17 bytes", withBody(request, [](QCborMap& b) { b.insert(1, QByteArray(17, 'x')); }),
        ErrorCode::Oversized);
    row("reference with space", withBody(request, [](QCborMap& b) { b.insert(2, QStringLiteral("A B")); }),
        ErrorCode::SchemaViolation);
    row("reference too long", withBody(request, [](QCborMap& b) { b.insert(2, QString(65, u'R')); }),
        ErrorCode::Oversized);
    row("package too large", withBody(response, [](QCborMap& b) { b.insert(1, QByteArray(200 * 1024 + 1, 'p')); }),
        ErrorCode::Oversized);
    row("package empty", withBody(response, [](QCborMap& b) { b.insert(1, QByteArray()); }), ErrorCode::InvalidLength);
    // Step labels travel inside the package container; a separate labels field is an extra field.
    row("labels beside the package",
        withBody(response, [](QCborMap& b) { b.insert(2, QCborArray{QStringLiteral("step")}); }),
        ErrorCode::SchemaViolation);
    row("verified without receipt",
        withBody(envelopeOf(QStringLiteral("result-verdict-verified")), [](QCborMap& b) { b.remove(5); }),
        ErrorCode::SchemaViolation);
    row("failed with msisdn",
        withBody(envelopeOf(QStringLiteral("result-verdict-failed")),
                 [](QCborMap& b) { b.insert(4, QStringLiteral("447700900123")); }),
        ErrorCode::SchemaViolation);
    row("receipt signature short",
        withBody(envelopeOf(QStringLiteral("transaction-status")),
                 [](QCborMap& b) {
                     QCborMap r = b.value(3).toMap();
                     r.insert(5, QByteArray(63, 's'));
                     b.insert(3, r);
                 }),
        ErrorCode::InvalidLength);
    row("key version 0x80",
        withBody(envelopeOf(QStringLiteral("sign-on-request")), [](QCborMap& b) { b.insert(3, 0x80); }),
        ErrorCode::SchemaViolation);
    row("tamper flag as int",
        withBody(envelopeOf(QStringLiteral("sign-on-request")),
                 [](QCborMap& b) {
                     QCborMap s = b.value(2).toMap();
                     s.insert(0, 1);
                     b.insert(2, s);
                 }),
        ErrorCode::SchemaViolation);
    row("error code upper case",
        withBody(envelopeOf(QStringLiteral("error-report")), [](QCborMap& b) { b.insert(0, QStringLiteral("BAD")); }),
        ErrorCode::SchemaViolation);

    // Hand-written bytes for what QCborMap cannot express.
    Bytes sid = samples::id(1);
    const QByteArray sidHex = qbytes(sid).toHex();
    row("duplicated envelope key", QByteArray::fromHex("A5 00 01 01 0B 02 0B 02 0C 03 A1 00 50" + sidHex),
        ErrorCode::SchemaViolation);
    row("duplicated body key", QByteArray::fromHex("A4 00 01 01 0B 02 0B 03 A2 00 50" + sidHex + "00 50" + sidHex),
        ErrorCode::SchemaViolation);
    row("keys out of order", QByteArray::fromHex("A4 01 0B 00 01 02 0B 03 A1 00 50" + sidHex),
        ErrorCode::InvalidEncoding);
    row("long integer form", QByteArray::fromHex("A4 00 18 01 01 0B 02 0B 03 A1 00 50" + sidHex),
        ErrorCode::InvalidEncoding);
    row("indefinite map", QByteArray::fromHex("BF 00 01 01 0B 02 0B 03 A1 00 50" + sidHex + "FF"),
        ErrorCode::InvalidEncoding);
    row("indefinite byte string", QByteArray::fromHex("A4 00 01 01 0B 02 0B 03 A1 00 5F 50" + sidHex + "FF"),
        ErrorCode::InvalidEncoding);
    row("invalid utf-8", QByteArray::fromHex("A4 00 01 01 10 02 01 03 A2 00 62 C3 28 01 60"),
        ErrorCode::InvalidEncoding);
    row("tagged session id", QByteArray::fromHex("A4 00 01 01 0B 02 0B 03 A1 00 D8 18 50" + sidHex),
        ErrorCode::SchemaViolation);
    row("byte string longer than input", QByteArray::fromHex("A4 00 01 01 0B 02 0B 03 A1 00 5A 00001000 00"),
        ErrorCode::Truncated);
    row("arrays nested 2000 deep", QByteArray(2000, '\x81') + QByteArray(1, '\0'), ErrorCode::NestingTooDeep);
    row("byte string of 2^63 bytes", QByteArray::fromHex("A4 00 01 01 0B 02 0B 03 A1 00 5B 7FFFFFFFFFFFFFFF 00"),
        ErrorCode::Oversized);
}

void TestMessages::malformed()
{
    QFETCH(QByteArray, payload);
    QFETCH(int, code);
    const Result<Message> decoded = decodeMessage(view(bytesOf(payload)));
    QVERIFY(!decoded.ok());
    QCOMPARE(errorCodeName(decoded.code()), errorCodeName(static_cast<ErrorCode>(code)));
    QVERIFY(!decoded.error().message.isEmpty());
}

void TestMessages::encoderRefusesInvalidFields_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("code");
    QTest::newRow("short session id") << QStringLiteral("short session id") << int(ErrorCode::InvalidLength);
    QTest::newRow("sequence above 2^63-1") << QStringLiteral("sequence") << int(ErrorCode::SchemaViolation);
    QTest::newRow("bad iccid") << QStringLiteral("iccid") << int(ErrorCode::SchemaViolation);
    QTest::newRow("lone surrogate") << QStringLiteral("surrogate") << int(ErrorCode::SchemaViolation);
    QTest::newRow("oversized apdu") << QStringLiteral("apdu") << int(ErrorCode::Oversized);
}

void TestMessages::encoderRefusesInvalidFields()
{
    QFETCH(QString, name);
    QFETCH(int, code);
    Message m = sample(QStringLiteral("package-request"));
    auto& request = std::get<PackageRequest>(m.body);
    if (name == QLatin1String("short session id"))
        request.sessionId.pop_back();
    else if (name == QLatin1String("sequence"))
        m.sequence = 0x8000000000000000ull;
    else if (name == QLatin1String("iccid"))
        request.iccid[3] = 0xBB;
    else if (name == QLatin1String("surrogate"))
        request.customerReference = QString(QChar(0xD800));
    else
        m.body = SignOnChallenge{samples::id(1), Bytes(262, 0x80)};
    const Result<Bytes> encoded = encodeMessage(m);
    QVERIFY(!encoded.ok());
    QCOMPARE(errorCodeName(encoded.code()), errorCodeName(static_cast<ErrorCode>(code)));
}

void TestMessages::deterministicCbor_data()
{
    QTest::addColumn<QByteArray>("cbor");
    QTest::addColumn<bool>("deterministic");
    // RFC 8949 Appendix A (Examples of Encoded CBOR Data Items), Table 6: diagnostic → encoded.
    QTest::newRow("A: 0") << QByteArray::fromHex("00") << true;
    QTest::newRow("A: 23") << QByteArray::fromHex("17") << true;
    QTest::newRow("A: 24") << QByteArray::fromHex("1818") << true;
    QTest::newRow("A: 1000000") << QByteArray::fromHex("1a000f4240") << true;
    QTest::newRow("A: -1000") << QByteArray::fromHex("3903e7") << true;
    QTest::newRow("A: true") << QByteArray::fromHex("f5") << true;
    QTest::newRow("A: h'01020304'") << QByteArray::fromHex("4401020304") << true;
    QTest::newRow("A: \"IETF\"") << QByteArray::fromHex("6449455446") << true;
    QTest::newRow("A: \"\\u00fc\"") << QByteArray::fromHex("62c3bc") << true;
    QTest::newRow("A: [1, [2, 3], [4, 5]]") << QByteArray::fromHex("8301820203820405") << true;
    QTest::newRow("A: {1: 2, 3: 4}") << QByteArray::fromHex("a201020304") << true;
    // RFC 8949 Appendix A, indefinite-length examples: valid CBOR, not deterministic (§4.2.1).
    QTest::newRow("A: (_ h'0102', h'030405')") << QByteArray::fromHex("5f42010243030405ff") << false;
    QTest::newRow("A: (_ \"strea\", \"ming\")") << QByteArray::fromHex("7f657374726561646d696e67ff") << false;
    QTest::newRow("A: [_ ]") << QByteArray::fromHex("9fff") << false;
    QTest::newRow("A: {_ \"a\": 1, \"b\": [_ 2, 3]}") << QByteArray::fromHex("bf61610161629f0203ffff") << false;
    // RFC 8949 §4.2.1: "0 to 23 must be expressed in the same byte as the major type".
    QTest::newRow("24-form of 1") << QByteArray::fromHex("1801") << false;
}

void TestMessages::deterministicCbor()
{
    QFETCH(QByteArray, cbor);
    QFETCH(bool, deterministic);
    const Result<QCborValue> parsed = detail::parseDeterministic(view(bytesOf(cbor)));
    QCOMPARE(parsed.ok(), deterministic);
    if (!deterministic)
        QCOMPARE(parsed.code(), ErrorCode::InvalidEncoding);
}

void TestMessages::iccid()
{
    // Coding rule of ETSI TS 102 221 §13.2 (EF.ICCID): digit 1 in the low nibble of byte 1, 'F' filler.
    const Result<Bytes> full = iccidFromDigits(QStringLiteral("89441000301234567890"));
    QVERIFY(full.ok());
    QCOMPARE(toHex(view(full.value())), std::string("98440100032143658709"));
    const Result<Bytes> short19 = iccidFromDigits(QStringLiteral("8944100030123456789"));
    QVERIFY(short19.ok());
    QCOMPARE(toHex(view(short19.value())), std::string("984401000321436587F9"));
    QCOMPARE(iccidDigits(view(short19.value())), QStringLiteral("8944100030123456789"));
    QVERIFY(validateIccid(view(short19.value())).ok());
    QCOMPARE(validateIccid(view(fromHex("98440100032143658FF9"))).code(), ErrorCode::SchemaViolation);
    QCOMPARE(validateIccid(view(fromHex("9844010003214365FFFF"))).code(), ErrorCode::SchemaViolation);
    QCOMPARE(iccidFromDigits(QStringLiteral("8944x000301234567890")).code(), ErrorCode::SchemaViolation);
    QCOMPARE(iccidFromDigits(QStringLiteral("894410003012345")).code(), ErrorCode::InvalidLength);
    QVERIFY(iccidDigits(view(fromHex("98440100032143658A09"))).isEmpty());
}

void TestMessages::receiptSignedBytes()
{
    const Receipt receipt = samples::receipt();
    const Result<Bytes> tbs = wire::receiptSignedBytes(receipt);
    QVERIFY(tbs.ok());
    // array(2) [ text(23) "retail-perso receipt v1", map(5) {0: bstr(16) ...
    Bytes prefix = fromHex("82 77");
    append(prefix, ByteView(reinterpret_cast<const std::uint8_t*>(kReceiptContext), 23));
    append(prefix, view(fromHex("A5 00 50")));
    QVERIFY(std::equal(prefix.begin(), prefix.end(), tbs.value().begin()));

    Receipt unsigned_ = receipt;
    unsigned_.signature.clear();
    QCOMPARE(wire::receiptSignedBytes(unsigned_).value(), tbs.value()); // signature not covered
    Receipt other = receipt;
    other.issuedAt += 1;
    QVERIFY(wire::receiptSignedBytes(other).value() != tbs.value());
    other = receipt;
    other.msisdn = QStringLiteral("+44");
    QCOMPARE(wire::receiptSignedBytes(other).code(), ErrorCode::SchemaViolation);

    const Result<Bytes> encoded = encodeReceipt(receipt);
    QVERIFY(encoded.ok());
    const Result<Receipt> decoded = decodeReceipt(view(encoded.value()));
    QVERIFY(decoded.ok());
    QVERIFY(decoded.value() == receipt);
    QCOMPARE(encodeReceipt(unsigned_).code(), ErrorCode::InvalidLength);
}

void TestMessages::typeNames()
{
    for (const auto& [name, message] : samples::allMessages()) {
        QVERIFY(name.startsWith(messageTypeName(message.type())));
        QCOMPARE(messageTypeFromNumber(static_cast<std::uint64_t>(message.type())), message.type());
        QCOMPARE(isFromIssuer(message.type()), static_cast<unsigned>(message.type()) % 2 == 0);
    }
    QVERIFY(!messageTypeFromNumber(15).has_value());
    QVERIFY(!messageTypeFromNumber(0x10010).has_value());
}

// Writes the seed corpus of fuzz_wire when PERSO_WRITE_WIRE_CORPUS names a directory: one frame per
// message sample and hand-made malformed frames. The committed corpus came from here.
void TestMessages::writeFuzzCorpus()
{
    const QString dir = qEnvironmentVariable("PERSO_WRITE_WIRE_CORPUS");
    if (dir.isEmpty())
        QSKIP("set PERSO_WRITE_WIRE_CORPUS=<dir> to regenerate the fuzz_wire seed corpus");
    QVERIFY(QDir().mkpath(dir));
    const auto frame = [](const QByteArray& payload) {
        QByteArray out(4, '\0');
        const auto n = static_cast<quint32>(payload.size());
        out[0] = char(n >> 24);
        out[1] = char(n >> 16);
        out[2] = char(n >> 8);
        out[3] = char(n);
        return out + payload;
    };
    const auto write = [&](const QString& name, const QByteArray& bytes) {
        QFile f(dir + QLatin1Char('/') + name);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write(bytes), bytes.size());
    };
    for (const auto& [name, message] : samples::allMessages())
        write(QStringLiteral("valid-") + name, frame(qbytes(encodeMessage(message).value())));
    const QByteArray signOff = qbytes(encodeMessage(sample(QStringLiteral("sign-off"))).value());
    write(QStringLiteral("bad-truncated-frame"), frame(signOff).left(20));
    write(QStringLiteral("bad-oversized-length"), QByteArray::fromHex("7FFFFFFF00"));
    write(QStringLiteral("bad-zero-length"), QByteArray::fromHex("00000000"));
    write(QStringLiteral("bad-trailing-cbor"), frame(signOff + QByteArray(1, '\0')));
    write(QStringLiteral("bad-version-2"), frame(withEnvelope(envelopeOf(QStringLiteral("sign-off")), 0, 2)));
    write(QStringLiteral("bad-unknown-type"), frame(withEnvelope(envelopeOf(QStringLiteral("sign-off")), 1, 15)));
    write(QStringLiteral("bad-extra-field"),
          frame(withBody(envelopeOf(QStringLiteral("package-request")), [](QCborMap& b) { b.insert(5, 0); })));
    write(QStringLiteral("bad-iccid-digit"),
          frame(withBody(envelopeOf(QStringLiteral("package-request")),
                         [](QCborMap& b) { b.insert(4, QByteArray::fromHex("984401000321436587A9")); })));
    const QByteArray sidHex = qbytes(samples::id(1)).toHex();
    write(QStringLiteral("bad-duplicate-key"),
          frame(QByteArray::fromHex("A5 00 01 01 0B 02 0B 02 0C 03 A1 00 50" + sidHex)));
    write(QStringLiteral("bad-indefinite-map"),
          frame(QByteArray::fromHex("BF 00 01 01 0B 02 0B 03 A1 00 50" + sidHex + "FF")));
    write(QStringLiteral("bad-deep-nesting"), frame(QByteArray(2000, '\x81') + QByteArray(1, '\0')));
    write(QStringLiteral("raw-receipt"), qbytes(encodeReceipt(samples::receipt()).value()));
    write(QStringLiteral("bad-two-frames-second-cut"), frame(signOff) + frame(signOff).left(9));
}

QTEST_GUILESS_MAIN(TestMessages)
#include "tst_messages.moc"
