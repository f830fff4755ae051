// SPDX-License-Identifier: Apache-2.0
// The APDU exchange over a scripted card: T=0 GET RESPONSE after 61xx and re-send after 6Cxx
// (ISO/IEC 7816-4 §5.3.4 / 7816-3 §10.3.4), the bounds that stop a card answering 61xx forever,
// command chaining on transports without extended length, and transport errors.
#include "ScriptedTransport.h"
#include "pcsc/ApduExchange.h"

#include <QTest>

using namespace perso;
using namespace perso::pcsc;

namespace {

QByteArray hx(const char* hex)
{
    return QByteArray::fromHex(QByteArray(hex));
}
QByteArray qb(const SecureBytes& b)
{
    return QByteArray(reinterpret_cast<const char*>(b.data()), qsizetype(b.size()));
}
CommandApdu cmd(const char* hex)
{
    const QByteArray raw = hx(hex);
    return CommandApdu::decode(
               ByteView(reinterpret_cast<const std::uint8_t*>(raw.constData()), std::size_t(raw.size())))
        .value();
}
QList<QByteArray> list(std::initializer_list<const char*> items)
{
    QList<QByteArray> out;
    for (const char* i : items)
        out.append(QByteArray(i));
    return out;
}

} // namespace

class TestApduExchange : public QObject
{
    Q_OBJECT

private slots:
    void plainAnswer();
    void statusWordIsAValue();
    void getResponseJoinsData();
    void getResponseKeepsLogicalChannel();
    void wrongLeResends();
    void gsm9FxxIsReturnedAsIs();
    void endlessGetResponseIsBounded();
    void dataAboveLimitIsRefused();
    void malformedAnswers_data();
    void malformedAnswers();
    void transportErrorStopsTheExchange();
    void chainingWithoutExtendedLength();
    void chainRefusedMidway();
    void gsmClassCannotBeChained();
    void extendedLengthWhenSupported();
    void largeNeLoweredWithoutExtendedLength();
    void countsTransmits();
    void requireSuccessMapsStatusWords();
    void timeoutBoundsEveryTransmit();
    void usedUpTimeoutSendsNothing();
    void transportTimeoutEndsTheExchange();
};

void TestApduExchange::plainAnswer()
{
    ScriptedTransport card;
    card.answer("6F07 8407A0000000871002 9000");
    const auto r = exchangeApdu(card, cmd("00A4040007A0000000871002"));
    QVERIFY(r.ok());
    QCOMPARE(r.value().sw(), quint16(0x9000));
    QCOMPARE(qb(r.value().data()), hx("6F078407A0000000871002"));
    QCOMPARE(card.sentHex(), list({"00A4040007A0000000871002"}));
}

void TestApduExchange::statusWordIsAValue()
{
    ScriptedTransport card;
    card.answer("6A82");
    const auto r = exchangeApdu(card, cmd("00A4000C023F01"));
    QVERIFY(r.ok());
    QCOMPARE(r.value().sw(), quint16(0x6A82));
    QVERIFY(r.value().data().empty());
}

void TestApduExchange::getResponseJoinsData()
{
    ScriptedTransport card;
    card.answer("6120");                                   // SELECT: 32 bytes waiting
    card.answerBytes(QByteArray(32, '\x62') + hx("6104")); // 32 bytes + 61 04
    card.answer("DEADBEEF 9000");
    const auto r = exchangeApdu(card, cmd("00A40004023F00"));
    QVERIFY(r.ok());
    QCOMPARE(r.value().sw(), quint16(0x9000));
    QCOMPARE(r.value().data().size(), std::size_t(32 + 4));
    QVERIFY(qb(r.value().data()).endsWith(hx("DEADBEEF")));
    QCOMPARE(card.sentHex(), list({"00A40004023F00", "00C0000020", "00C0000004"}));
    QCOMPARE(card.unexpected(), 0);
}

void TestApduExchange::getResponseKeepsLogicalChannel()
{
    ScriptedTransport card;
    card.answer("6100"); // 00 means 256
    card.answer("9000");
    const auto r = exchangeApdu(card, cmd("8BCA9F7F00")); // GP class, secure messaging, channel 3
    QVERIFY(r.ok());
    QCOMPARE(card.sentHex(), list({"8BCA9F7F00", "03C0000000"}));
}

void TestApduExchange::wrongLeResends()
{
    ScriptedTransport card;
    card.answer("6C0A");
    card.answer("00112233445566778899 9000");
    const auto r = exchangeApdu(card, cmd("00B0000000"));
    QVERIFY(r.ok());
    QCOMPARE(qb(r.value().data()), hx("00112233445566778899"));
    QCOMPARE(card.sentHex(), list({"00B0000000", "00B000000A"}));
}

void TestApduExchange::gsm9FxxIsReturnedAsIs()
{
    ScriptedTransport card;
    card.answer("9F17");
    const auto r = exchangeApdu(card, cmd("A0A40000027F20"));
    QVERIFY(r.ok());
    QCOMPARE(r.value().sw(), quint16(0x9F17));
    QCOMPARE(card.sentHex().size(), 1);
}

void TestApduExchange::endlessGetResponseIsBounded()
{
    ScriptedTransport card;
    for (int i = 0; i < 100; ++i)
        card.answer("00 6101");
    ExchangeOptions options;
    options.maxRounds = 8;
    const auto r = exchangeApdu(card, cmd("00CA004200"), options);
    QVERIFY(!r.ok());
    QCOMPARE(r.kind(), ErrorKind::MalformedResponse);
    QCOMPARE(card.sentHex().size(), 8);

    ScriptedTransport looping;
    for (int i = 0; i < 100; ++i)
        looping.answer("6C10");
    const auto again = exchangeApdu(looping, cmd("00B0000000"));
    QCOMPARE(again.kind(), ErrorKind::MalformedResponse);
    QCOMPARE(looping.sentHex().size(), 32); // the default bound
}

void TestApduExchange::dataAboveLimitIsRefused()
{
    ScriptedTransport card;
    card.answerBytes(QByteArray(200, 'x') + hx("6100"));
    card.answerBytes(QByteArray(200, 'y') + hx("9000"));
    ExchangeOptions options;
    options.maxResponseData = 300;
    const auto r = exchangeApdu(card, cmd("00B0000000"), options);
    QCOMPARE(r.kind(), ErrorKind::MalformedResponse);
    QCOMPARE(card.sentHex().size(), 2);
}

void TestApduExchange::malformedAnswers_data()
{
    QTest::addColumn<QByteArray>("answer");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("one byte") << hx("90");
    QTest::newRow("SW1 60 (T=0 NULL)") << hx("6000");
    QTest::newRow("SW1 outside 6X/9X") << hx("1234");
    QTest::newRow("6Cxx with data") << hx("01 6C01");
    QTest::newRow("above 65536 bytes") << QByteArray(65537, '\0') + hx("9000");
}

void TestApduExchange::malformedAnswers()
{
    QFETCH(QByteArray, answer);
    ScriptedTransport card;
    card.answerBytes(answer);
    const auto r = exchangeApdu(card, cmd("00B0000000"));
    QVERIFY(!r.ok());
    QCOMPARE(r.kind(), ErrorKind::MalformedResponse);
    QCOMPARE(card.sentHex().size(), 1);
}

void TestApduExchange::transportErrorStopsTheExchange()
{
    ScriptedTransport card;
    card.answer("6110");
    card.fail(ErrorKind::CardRemoved);
    card.answer("9000");
    const auto r = exchangeApdu(card, cmd("00A40004023F00"));
    QVERIFY(!r.ok());
    QCOMPARE(r.kind(), ErrorKind::CardRemoved);
    QCOMPARE(card.sentHex().size(), 2);
    QVERIFY(!card.scriptDone());
}

void TestApduExchange::chainingWithoutExtendedLength()
{
    ScriptedTransport card;
    card.answer("9000");
    card.answer("6102");
    card.answer("ABCD 9000");
    const CommandApdu big(0x00, 0xDA, 0x01, 0x02, SecureBytes(300, 0x5A), 0);
    const auto r = exchangeApdu(card, big);
    QVERIFY(r.ok());
    QCOMPARE(qb(r.value().data()), hx("ABCD"));
    const auto sent = card.sentHex();
    QCOMPARE(sent.size(), 3);
    QVERIFY(sent[0].startsWith("10DA0102FF5A5A")); // chaining bit on the first part, 255 bytes
    QCOMPARE(sent[0].size(), (5 + 255) * 2);
    QVERIFY(sent[1].startsWith("00DA01022D5A")); // last part: the remaining 45 bytes
    QCOMPARE(sent[1].size(), (5 + 45) * 2);
    QCOMPARE(sent[2], QByteArray("00C0000002"));
}

void TestApduExchange::chainRefusedMidway()
{
    ScriptedTransport card;
    card.answer("6883"); // last command of the chain expected / chaining not supported
    const CommandApdu big(0x00, 0xDA, 0x01, 0x02, SecureBytes(600, 0x11), 0);
    const auto r = exchangeApdu(card, big);
    QVERIFY(r.ok());
    QCOMPARE(r.value().sw(), quint16(0x6883));
    QCOMPARE(card.sentHex().size(), 1); // the rest of the chain is not sent
}

void TestApduExchange::gsmClassCannotBeChained()
{
    ScriptedTransport card;
    const CommandApdu big(0xA0, 0xD6, 0x00, 0x00, SecureBytes(256, 0x00), 0);
    const auto r = exchangeApdu(card, big);
    QCOMPARE(r.kind(), ErrorKind::InvalidArgument);
    QVERIFY(card.sentHex().isEmpty());
}

void TestApduExchange::extendedLengthWhenSupported()
{
    ScriptedTransport card(true);
    card.answer("9000");
    const CommandApdu big(0x00, 0xDA, 0x01, 0x02, SecureBytes(300, 0x5A), 0);
    const auto r = exchangeApdu(card, big);
    QVERIFY(r.ok());
    QCOMPARE(card.sentHex().size(), 1);
    QVERIFY(card.sentHex()[0].startsWith("00DA010200012C5A"));
}

void TestApduExchange::largeNeLoweredWithoutExtendedLength()
{
    ScriptedTransport card;
    card.answerBytes(QByteArray(256, 'a') + hx("6100"));
    card.answerBytes(QByteArray(100, 'b') + hx("9000"));
    const CommandApdu read(0x00, 0xB0, 0x00, 0x00, {}, 1000);
    const auto r = exchangeApdu(card, read);
    QVERIFY(r.ok());
    QCOMPARE(r.value().data().size(), std::size_t(356));
    QCOMPARE(card.sentHex(), list({"00B0000000", "00C0000000"}));
}

void TestApduExchange::countsTransmits()
{
    ScriptedTransport card;
    card.answer("6C02");
    card.answer("6101");
    card.answer("01 9000");
    ExchangeStats stats;
    const auto r = exchangeApdu(card, cmd("00CA006600"), {}, &stats);
    QVERIFY(r.ok());
    QCOMPARE(stats.transmits, std::size_t(3));
}

void TestApduExchange::requireSuccessMapsStatusWords()
{
    QVERIFY(requireSuccess(ResponseApdu(0x9000), {}).ok());
    QVERIFY(requireSuccess(ResponseApdu(0x9F10), {}).ok());
    const auto wrong = requireSuccess(ResponseApdu(0x63C1), QStringLiteral("VERIFY"));
    QCOMPARE(wrong.kind(), ErrorKind::WrongPin);
    QCOMPARE(wrong.error().triesLeft(), std::optional<int>(1));
    QCOMPARE(requireSuccess(ResponseApdu(0x6983), {}).kind(), ErrorKind::PinBlocked);
}

void TestApduExchange::timeoutBoundsEveryTransmit()
{
    ScriptedTransport card;
    card.answer("6104");
    card.answer("010203049000");
    ExchangeOptions options;
    options.timeout = std::chrono::milliseconds(5000);
    const auto r = exchangeApdu(card, CommandApdu(0x00, 0xB0, 0x00, 0x00, {}, 256), options);
    QVERIFY(r.ok());
    QCOMPARE(card.timeouts().size(), 2);
    // Each transmit gets what is left of the one bound, never more.
    QVERIFY(card.timeouts()[0] <= options.timeout);
    QVERIFY(card.timeouts()[0] > std::chrono::milliseconds(4000));
    QVERIFY(card.timeouts()[1] <= card.timeouts()[0]);
    QCOMPARE(ExchangeOptions().timeout, ExchangeOptions::kDefaultTimeout);
}

void TestApduExchange::usedUpTimeoutSendsNothing()
{
    ScriptedTransport card;
    card.answer("9000");
    ExchangeOptions options;
    options.timeout = std::chrono::milliseconds(0);
    const auto r = exchangeApdu(card, CommandApdu(0x00, 0xA4, 0x00, 0x0C, secureFromHex("3F00")), options);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, ErrorKind::Timeout);
    QVERIFY(card.sentHex().isEmpty());
}

void TestApduExchange::transportTimeoutEndsTheExchange()
{
    ScriptedTransport card;
    card.fail(ErrorKind::Timeout);
    card.answer("9000");
    const auto r = exchangeApdu(card, CommandApdu(0x00, 0xB0, 0x00, 0x00, {}, 16));
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, ErrorKind::Timeout);
    QCOMPARE(card.sentHex().size(), 1); // nothing more is sent on a connection that timed out
    QVERIFY(!card.scriptDone());
}

QTEST_GUILESS_MAIN(TestApduExchange)
#include "tst_apduexchange.moc"
