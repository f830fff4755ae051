// SPDX-License-Identifier: Apache-2.0
#include "WireSamples.h"

#include "protocol/wire/Frame.h"
#include "protocol/wire/MessageCodec.h"

#include <QRandomGenerator>
#include <QTest>

using namespace perso;
using namespace perso::wire;

namespace {

// Every sample message, framed, back to back, as a peer would write them on one connection.
Bytes sampleStream(std::vector<Message>& messages)
{
    Bytes stream;
    for (const auto& [name, message] : samples::allMessages()) {
        messages.push_back(message);
        const Bytes payload = encodeMessage(message).value();
        append(stream, view(encodeFrame(view(payload)).value()));
    }
    return stream;
}

// Feeds `stream` in chunks whose sizes come from `nextChunk` and checks every message comes out.
void feedAndCheck(const Bytes& stream, const std::vector<Message>& messages,
                  const std::function<std::size_t(std::size_t)>& nextChunk)
{
    FrameReader reader;
    std::vector<Message> received;
    std::size_t offset = 0;
    while (offset < stream.size()) {
        const std::size_t n = std::min(nextChunk(stream.size() - offset), stream.size() - offset);
        QVERIFY(reader.feed(ByteView(stream).subspan(offset, n)).ok());
        offset += n;
        while (reader.hasPayload()) {
            const Bytes payload = reader.takePayload();
            const Result<Message> decoded = decodeMessage(view(payload));
            QVERIFY(decoded.ok());
            received.push_back(decoded.value());
        }
    }
    QVERIFY(reader.finish().ok());
    QCOMPARE(reader.pendingBytes(), std::size_t(0));
    QCOMPARE(received.size(), messages.size());
    QVERIFY(received == messages);
}

} // namespace

class TestFrame : public QObject
{
    Q_OBJECT

private slots:
    void encodeLayout();
    void encodeLimits();
    void decodeErrors_data();
    void decodeErrors();
    void readerByteByByte();
    void readerRandomSplits_data();
    void readerRandomSplits();
    void readerWholeStream();
    void readerRejectsOversizedFromHeader();
    void readerRejectsZeroLength();
    void readerFailureIsSticky();
    void readerTruncatedAtEnd();
    void readerCustomLimit();
};

void TestFrame::encodeLayout()
{
    const Bytes payload(0x0102, 0xAB);
    const Result<Bytes> frame = encodeFrame(view(payload));
    QVERIFY(frame.ok());
    QCOMPARE(frame.value().size(), payload.size() + 4);
    QCOMPARE(toHex(ByteView(frame.value()).first(4)), std::string("00000102"));
    const Result<Bytes> back = decodeFrame(view(frame.value()));
    QVERIFY(back.ok());
    QCOMPARE(back.value(), payload);
}

void TestFrame::encodeLimits()
{
    QCOMPARE(encodeFrame(ByteView()).code(), ErrorCode::InvalidLength);
    const Bytes max(limits::kDefaultMaxFramePayload, 1);
    QVERIFY(encodeFrame(view(max)).ok());
    const Bytes over(limits::kDefaultMaxFramePayload + 1, 1);
    QCOMPARE(encodeFrame(view(over)).code(), ErrorCode::Oversized);
    QCOMPARE(encodeFrame(view(max), 1000).code(), ErrorCode::Oversized);
}

void TestFrame::decodeErrors_data()
{
    QTest::addColumn<QString>("hex");
    QTest::addColumn<int>("code");
    QTest::newRow("empty") << QString() << int(ErrorCode::Truncated);
    QTest::newRow("3 header bytes") << QStringLiteral("000001") << int(ErrorCode::Truncated);
    QTest::newRow("header only") << QStringLiteral("00000002") << int(ErrorCode::Truncated);
    QTest::newRow("body cut") << QStringLiteral("00000002A1") << int(ErrorCode::Truncated);
    QTest::newRow("trailing") << QStringLiteral("00000001A0FF") << int(ErrorCode::TrailingData);
    QTest::newRow("zero length") << QStringLiteral("00000000") << int(ErrorCode::InvalidLength);
    QTest::newRow("256 KiB + 1") << QStringLiteral("00040001") << int(ErrorCode::Oversized);
    QTest::newRow("4 GiB - 1") << QStringLiteral("FFFFFFFF00") << int(ErrorCode::Oversized);
}

void TestFrame::decodeErrors()
{
    QFETCH(QString, hex);
    QFETCH(int, code);
    const Bytes frame = fromHex(hex.toStdString());
    const Result<Bytes> decoded = decodeFrame(view(frame));
    QVERIFY(!decoded.ok());
    QCOMPARE(errorCodeName(decoded.code()), errorCodeName(static_cast<ErrorCode>(code)));
}

void TestFrame::readerByteByByte()
{
    std::vector<Message> messages;
    const Bytes stream = sampleStream(messages);
    feedAndCheck(stream, messages, [](std::size_t) { return std::size_t(1); });
}

void TestFrame::readerRandomSplits_data()
{
    QTest::addColumn<quint32>("seed");
    for (quint32 seed : {1u, 2u, 3u, 42u, 1234u, 99991u})
        QTest::newRow(qPrintable(QString::number(seed))) << seed;
}

void TestFrame::readerRandomSplits()
{
    QFETCH(quint32, seed);
    std::vector<Message> messages;
    const Bytes stream = sampleStream(messages);
    QRandomGenerator rng(seed);
    feedAndCheck(stream, messages, [&](std::size_t left) {
        // Mostly small chunks (split headers), sometimes large ones (several frames at once).
        const auto bound = static_cast<quint32>(std::min<std::size_t>(left, rng.bounded(4) == 0 ? 2000 : 9));
        return std::size_t(1 + rng.bounded(bound));
    });
}

void TestFrame::readerWholeStream()
{
    std::vector<Message> messages;
    const Bytes stream = sampleStream(messages);
    feedAndCheck(stream, messages, [](std::size_t left) { return left; });
}

void TestFrame::readerRejectsOversizedFromHeader()
{
    FrameReader reader;
    QVERIFY(reader.feed(view(fromHex("0004"))).ok());
    const Status s = reader.feed(view(fromHex("0001")));
    QCOMPARE(s.code(), ErrorCode::Oversized);
    QVERIFY(reader.failed());
    QCOMPARE(reader.pendingBytes(), std::size_t(0)); // nothing of the body kept
    QVERIFY(!reader.hasPayload());

    // A valid frame before the bad header is still delivered; the body after it is not buffered.
    FrameReader second;
    Bytes stream = encodeFrame(view(fromHex("A0"))).value();
    append(stream, view(fromHex("7FFFFFFF")));
    append(stream, view(Bytes(1000, 0xEE)));
    QCOMPARE(second.feed(view(stream)).code(), ErrorCode::Oversized);
    QVERIFY(second.hasPayload());
    QCOMPARE(second.takePayload(), fromHex("A0"));
    QCOMPARE(second.pendingBytes(), std::size_t(0));
}

void TestFrame::readerRejectsZeroLength()
{
    FrameReader reader;
    QCOMPARE(reader.feed(view(fromHex("00000000A0"))).code(), ErrorCode::InvalidLength);
    QVERIFY(reader.failed());
}

void TestFrame::readerFailureIsSticky()
{
    FrameReader reader;
    QCOMPARE(reader.feed(view(fromHex("FFFFFFFF"))).code(), ErrorCode::Oversized);
    const Bytes good = encodeFrame(view(fromHex("A0"))).value();
    QCOMPARE(reader.feed(view(good)).code(), ErrorCode::Oversized);
    QVERIFY(!reader.hasPayload());
    QCOMPARE(reader.finish().code(), ErrorCode::Oversized);
    QVERIFY(reader.takePayload().empty());
}

void TestFrame::readerTruncatedAtEnd()
{
    FrameReader reader;
    QVERIFY(reader.finish().ok());
    QVERIFY(reader.feed(view(fromHex("000000"))).ok());
    QCOMPARE(reader.finish().code(), ErrorCode::Truncated);
    QVERIFY(reader.feed(view(fromHex("03A0A1"))).ok());
    QCOMPARE(reader.finish().code(), ErrorCode::Truncated);
    QCOMPARE(reader.pendingBytes(), std::size_t(6));
    QVERIFY(reader.feed(view(fromHex("A2"))).ok());
    QVERIFY(reader.finish().ok());
    QCOMPARE(reader.takePayload(), fromHex("A0A1A2"));
}

void TestFrame::readerCustomLimit()
{
    FrameReader reader(16);
    QCOMPARE(reader.maxPayload(), std::size_t(16));
    QVERIFY(reader.feed(view(encodeFrame(view(Bytes(16, 1)), 16).value())).ok());
    QVERIFY(reader.hasPayload());
    QCOMPARE(reader.feed(view(fromHex("00000011"))).code(), ErrorCode::Oversized);
}

QTEST_GUILESS_MAIN(TestFrame)
#include "tst_frame.moc"
