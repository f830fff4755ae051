// SPDX-License-Identifier: Apache-2.0
// SCP03 mutual authentication, host and card roles (GP Card Specification v2.3 Amendment D, 7.1).
#include "PySimTraces.h"

#include "protocol/scp03/Handshake.h"

#include <QTest>

#include <botan/auto_rng.h>

using namespace perso;
using namespace perso::scp03;

namespace {

QByteArray hex(ByteView bytes)
{
    return QByteArray::fromStdString(toHex(bytes));
}

QByteArray encoded(const CommandApdu& apdu)
{
    auto bytes = apdu.encode();
    return bytes ? hex(bytes.value()) : QByteArray("<encode failed>");
}

CommandApdu command(const Bytes& raw)
{
    auto decoded = CommandApdu::decode(raw);
    if (!decoded)
        qFatal("bad test APDU");
    return decoded.value();
}

StaticKeys traceKeys(const test::Scp03Trace& trace, std::uint8_t kvn)
{
    return StaticKeys{secureFromHex(trace.enc), secureFromHex(trace.mac), secureFromHex(trace.dek), kvn};
}

StaticKeys testKeys(std::size_t length = 16, std::uint8_t kvn = 0x30)
{
    return StaticKeys{SecureBytes(length, 0x41), SecureBytes(length, 0x42), SecureBytes(length, 0x43), kvn};
}

const Bytes kKdd = fromHex("00112233445566778899");

// A host and a card that completed INITIALIZE UPDATE; `extAuth` is the host's EXTERNAL AUTHENTICATE.
struct HalfWay
{
    HostHandshake host;
    CardHandshake card;
    ResponseApdu initResponse;
    CommandApdu extAuth;
};

HalfWay halfWay(std::uint8_t securityLevel = 0x33, ChallengeMode mode = ChallengeMode::S8)
{
    Botan::AutoSeeded_RNG rng;
    HalfWay h{HostHandshake(testKeys(), securityLevel, mode), CardHandshake(testKeys(), kKdd, mode), {}, {}};
    auto init = h.host.initializeUpdate(rng);
    auto response = h.card.initializeUpdate(init.value(), rng);
    h.initResponse = response.value();
    h.extAuth = h.host.externalAuthenticate(h.initResponse).value();
    return h;
}

CommandApdu flipDataBit(const CommandApdu& apdu, std::size_t bit)
{
    SecureBytes data = apdu.data();
    data[bit / 8] ^= static_cast<std::uint8_t>(0x80 >> (bit % 8));
    return CommandApdu(apdu.cla(), apdu.ins(), apdu.p1(), apdu.p2(), std::move(data), apdu.ne());
}

} // namespace

class TestHandshake : public QObject
{
    Q_OBJECT

private slots:
    void hostReplaysPublishedTraces_data()
    {
        QTest::addColumn<int>("index");
        for (int i = 0; i < static_cast<int>(test::kPySimTraces.size()); ++i)
            QTest::newRow(test::kPySimTraces[static_cast<std::size_t>(i)].name) << i;
    }

    // osmocom/pysim tests/unittests/test_globalplatform.py (PySimTraces.h): with the trace's host
    // challenge our host sends the same INITIALIZE UPDATE, accepts the card's answer (pseudo-random
    // challenge, i = 70) and sends the same EXTERNAL AUTHENTICATE; its channel then wraps GET EID alike.
    void hostReplaysPublishedTraces()
    {
        QFETCH(int, index);
        const auto& trace = test::kPySimTraces[static_cast<std::size_t>(index)];
        const Bytes init = fromHex(trace.initUpdateCommand), extAuth = fromHex(trace.externalAuthenticate);
        HostHandshake host(traceKeys(trace, init[2]), extAuth[2]);
        auto initCommand = host.initializeUpdate(ByteView(init.data() + 5, 8));
        QVERIFY(initCommand.ok());
        QCOMPARE(encoded(initCommand.value()), hex(init));
        auto authCommand = host.externalAuthenticate(ResponseApdu(0x9000, secureFromHex(trace.initUpdateResponse)));
        QVERIFY2(authCommand.ok(), qPrintable(authCommand.ok() ? QString() : authCommand.error().message));
        QCOMPARE(encoded(authCommand.value()), hex(extAuth));
        QCOMPARE(hex(host.keyDiversificationData()), QByteArray("00000000000000000000"));
        auto channel = host.complete(ResponseApdu(0x9000));
        QVERIFY(channel.ok());
        auto wrapped = channel.value().wrapCommand(command(fromHex(test::kGetEidCommandPlain)));
        QCOMPARE(encoded(wrapped.value()), QByteArray(trace.getEidCommand).toUpper());
    }

    void cardAnswersPublishedTrace()
    {
        // Same trace (AES128_33) from the card's side, with the trace's card challenge injected: our card
        // computes the published card cryptogram and accepts the published EXTERNAL AUTHENTICATE.
        const auto& trace = test::kPySimTraces[2];
        const Bytes init = fromHex(trace.initUpdateCommand), initResponse = fromHex(trace.initUpdateResponse);
        CardHandshake card(traceKeys(trace, 0x30), Bytes(10, 0x00));
        auto response = card.initializeUpdate(command(init), ByteView(initResponse.data() + 13, 8));
        QVERIFY(response.ok());
        const Bytes data(response.value().data().begin(), response.value().data().end());
        QCOMPARE(data.size(), std::size_t(29)); // random-challenge mode: no sequence counter
        QCOMPARE(hex(ByteView(data.data() + 10, 3)), QByteArray("300360"));
        QCOMPARE(hex(ByteView(data.data() + 13, 16)), hex(ByteView(initResponse.data() + 13, 16)));
        auto established = card.externalAuthenticate(command(fromHex(trace.externalAuthenticate)));
        QVERIFY(established.ok());
        QCOMPARE(established.value().response.sw(), std::uint16_t(0x9000));
        QCOMPARE(established.value().channel.securityLevel(), std::uint8_t(0x33));
        auto getEid = established.value().channel.unwrapCommand(command(fromHex(trace.getEidCommand)));
        QVERIFY(getEid.ok());
        QCOMPARE(encoded(getEid.value()), QByteArray(test::kGetEidCommandPlain));
    }

    void hostAndCardAgree_data()
    {
        QTest::addColumn<int>("securityLevel");
        QTest::addColumn<int>("mode");
        QTest::addColumn<int>("keyLength");
        QTest::newRow("33 S8 AES-128") << 0x33 << 8 << 16;
        QTest::newRow("33 S16 AES-128") << 0x33 << 16 << 16;
        QTest::newRow("13 S8 AES-192") << 0x13 << 8 << 24;
        QTest::newRow("01 S16 AES-256") << 0x01 << 16 << 32;
    }

    void hostAndCardAgree()
    {
        QFETCH(int, securityLevel);
        QFETCH(int, mode);
        QFETCH(int, keyLength);
        Botan::AutoSeeded_RNG rng;
        const auto challengeMode = static_cast<ChallengeMode>(mode);
        const auto keyBytes = static_cast<std::size_t>(keyLength);
        HostHandshake host(testKeys(keyBytes), static_cast<std::uint8_t>(securityLevel), challengeMode);
        CardHandshake card(testKeys(keyBytes), kKdd, challengeMode);
        auto init = host.initializeUpdate(rng);
        QVERIFY(init.ok());
        QCOMPARE(init.value().data().size(), static_cast<std::size_t>(mode));
        auto initResponse = card.initializeUpdate(init.value(), rng);
        QVERIFY(initResponse.ok());
        auto extAuth = host.externalAuthenticate(initResponse.value());
        QVERIFY(extAuth.ok());
        QCOMPARE(extAuth.value().data().size(), static_cast<std::size_t>(2 * mode));
        auto established = card.externalAuthenticate(extAuth.value());
        QVERIFY(established.ok());
        auto hostChannel = host.complete(established.value().response);
        QVERIFY(hostChannel.ok());
        QCOMPARE(host.hostChallenge(), card.hostChallenge());
        QCOMPARE(host.cardChallenge(), card.cardChallenge());
        QCOMPARE(host.keyDiversificationData(), kKdd);
        SecureChannel& cardChannel = established.value().channel;
        QCOMPARE(hostChannel.value().state(), cardChannel.state());
        for (int i = 0; i < 3; ++i) {
            const CommandApdu plain(0x80, 0xE2, 0x00, 0x00, SecureBytes(40, static_cast<std::uint8_t>(i)));
            auto unwrapped = cardChannel.unwrapCommand(hostChannel.value().wrapCommand(plain).value());
            QVERIFY(unwrapped.ok());
            QCOMPARE(unwrapped.value(), plain);
            auto response = hostChannel.value().unwrapResponse(
                cardChannel.wrapResponse(ResponseApdu(0x9000, SecureBytes(5, 0x01))).value());
            QVERIFY(response.ok());
        }
    }

    void commandFromAnotherSessionFails()
    {
        // Two complete sessions under the same static keys: fresh challenges give fresh session keys,
        // so a command wrapped in session A fails C-MAC in session B.
        HalfWay a = halfWay(), b = halfWay();
        auto cardB = b.card.externalAuthenticate(b.extAuth);
        auto hostA = a.host.complete(a.card.externalAuthenticate(a.extAuth).value().response);
        QVERIFY(cardB.ok() && hostA.ok());
        const CommandApdu plain(0x80, 0xE2, 0x00, 0x00, SecureBytes(16, 0x01));
        QCOMPARE(cardB.value().channel.unwrapCommand(hostA.value().wrapCommand(plain).value()).code(),
                 ErrorCode::BadMac);
        QVERIFY(!cardB.value().channel.isOpen());
    }

    void everyCardCryptogramBitIsChecked()
    {
        HalfWay base = halfWay();
        const SecureBytes& data = base.initResponse.data();
        for (std::size_t bit = 21 * 8; bit < 29 * 8; ++bit) {
            HostHandshake host(testKeys(), 0x33);
            host.initializeUpdate(base.host.hostChallenge()).value();
            SecureBytes altered = data;
            altered[bit / 8] ^= static_cast<std::uint8_t>(0x80 >> (bit % 8));
            QCOMPARE(host.externalAuthenticate(ResponseApdu(0x9000, altered)).code(), ErrorCode::BadCryptogram);
            QCOMPARE(host.complete(ResponseApdu(0x9000)).code(), ErrorCode::StateViolation);
        }
        // The untouched response is accepted by an identical fresh host.
        HostHandshake host(testKeys(), 0x33);
        host.initializeUpdate(base.host.hostChallenge()).value();
        QVERIFY(host.externalAuthenticate(base.initResponse).ok());
    }

    void everyHostCryptogramAndMacBitIsChecked()
    {
        HalfWay base = halfWay();
        for (std::size_t bit = 0; bit < 16 * 8; ++bit) {
            // A fresh card replaying the recorded challenges expects exactly base.extAuth.
            CardHandshake replay(testKeys(), kKdd);
            Bytes init = fromHex("8050300008");
            append(init, base.host.hostChallenge());
            init.push_back(0x00);
            QVERIFY(replay.initializeUpdate(command(init), base.card.cardChallenge()).ok());
            const ErrorCode expected = bit < 64 ? ErrorCode::BadCryptogram : ErrorCode::BadMac;
            QCOMPARE(replay.externalAuthenticate(flipDataBit(base.extAuth, bit)).code(), expected);
            QCOMPARE(replay.externalAuthenticate(base.extAuth).code(), ErrorCode::StateViolation);
        }
        QVERIFY(base.card.externalAuthenticate(base.extAuth).ok());
    }

    void callsOutOfOrder()
    {
        Botan::AutoSeeded_RNG rng;
        HostHandshake host(testKeys(), 0x33);
        QCOMPARE(host.externalAuthenticate(ResponseApdu(0x9000)).code(), ErrorCode::StateViolation);
        QCOMPARE(host.complete(ResponseApdu(0x9000)).code(), ErrorCode::StateViolation);
        QVERIFY(host.initializeUpdate(rng).ok());
        QCOMPARE(host.initializeUpdate(rng).code(), ErrorCode::StateViolation);
        QCOMPARE(host.complete(ResponseApdu(0x9000)).code(), ErrorCode::StateViolation);

        CardHandshake card(testKeys(), kKdd);
        HalfWay h = halfWay();
        QCOMPARE(card.externalAuthenticate(h.extAuth).code(), ErrorCode::StateViolation);
        QVERIFY(h.card.externalAuthenticate(h.extAuth).ok());
        QCOMPARE(h.card.externalAuthenticate(h.extAuth).code(), ErrorCode::StateViolation);
        Bytes init = fromHex("80503000080102030405060708 00");
        QCOMPARE(h.card.initializeUpdate(command(init), rng).code(), ErrorCode::StateViolation);
        QVERIFY(h.host.complete(ResponseApdu(0x9000)).ok());
        QCOMPARE(h.host.complete(ResponseApdu(0x9000)).code(), ErrorCode::StateViolation);
    }

    void cardParsesInitializeUpdateStrictly_data()
    {
        QTest::addColumn<QByteArray>("apdu");
        QTest::addColumn<int>("expected");
        QTest::newRow("ok, KVN 30") << QByteArray("80503000080102030405060708 00") << -1;
        QTest::newRow("ok, KVN 00") << QByteArray("80500000080102030405060708 00") << -1;
        QTest::newRow("ok, no Le") << QByteArray("80503000080102030405060708") << -1;
        QTest::newRow("CLA 00") << QByteArray("00503000080102030405060708 00") << int(ErrorCode::InvalidEncoding);
        QTest::newRow("CLA 84") << QByteArray("84503000080102030405060708 00") << int(ErrorCode::InvalidEncoding);
        QTest::newRow("INS 52") << QByteArray("80523000080102030405060708 00") << int(ErrorCode::InvalidEncoding);
        QTest::newRow("P2 01") << QByteArray("80503001080102030405060708 00") << int(ErrorCode::InvalidEncoding);
        QTest::newRow("KVN 31") << QByteArray("80503100080102030405060708 00") << int(ErrorCode::InvalidParameter);
        QTest::newRow("7 bytes") << QByteArray("805030000701020304050607 00") << int(ErrorCode::InvalidLength);
        QTest::newRow("16 bytes in S8") << QByteArray("805030001001020304050607080102030405060708 00")
                                        << int(ErrorCode::InvalidLength);
        QTest::newRow("no data") << QByteArray("8050300000") << int(ErrorCode::InvalidLength);
    }

    void cardParsesInitializeUpdateStrictly()
    {
        QFETCH(QByteArray, apdu);
        QFETCH(int, expected);
        Botan::AutoSeeded_RNG rng;
        CardHandshake card(testKeys(), kKdd);
        auto result = card.initializeUpdate(command(fromHex(apdu.toStdString())), rng);
        if (expected < 0) {
            QVERIFY(result.ok());
            QCOMPARE(result.value().data().size(), std::size_t(29));
        } else {
            QCOMPARE(int(result.code()), expected);
            QCOMPARE(card.initializeUpdate(command(fromHex("80503000080102030405060708 00")), rng).code(),
                     ErrorCode::StateViolation);
        }
    }

    void cardChecksExternalAuthenticateShape()
    {
        {
            HalfWay h = halfWay();
            const CommandApdu& a = h.extAuth;
            QCOMPARE(h.card.externalAuthenticate(CommandApdu(0x80, a.ins(), a.p1(), a.p2(), a.data())).code(),
                     ErrorCode::SecurityLevelNotMet);
        }
        {
            HalfWay h = halfWay();
            const CommandApdu& a = h.extAuth;
            QCOMPARE(h.card.externalAuthenticate(CommandApdu(a.cla(), a.ins(), 0x02, a.p2(), a.data())).code(),
                     ErrorCode::InvalidParameter);
        }
        {
            HalfWay h = halfWay();
            const CommandApdu& a = h.extAuth;
            SecureBytes shorter(a.data().begin(), a.data().end() - 1);
            QCOMPARE(h.card.externalAuthenticate(CommandApdu(a.cla(), a.ins(), a.p1(), a.p2(), shorter)).code(),
                     ErrorCode::InvalidLength);
        }
        {
            HalfWay h = halfWay();
            const CommandApdu& a = h.extAuth;
            QCOMPARE(h.card.externalAuthenticate(CommandApdu(a.cla(), 0x84, a.p1(), a.p2(), a.data())).code(),
                     ErrorCode::InvalidEncoding);
        }
        {
            // A card with other static keys (another retailer card) rejects the host cryptogram.
            Botan::AutoSeeded_RNG rng;
            HostHandshake host(testKeys(), 0x33);
            CardHandshake card(StaticKeys{SecureBytes(16, 1), SecureBytes(16, 2), SecureBytes(16, 3), 0x30}, kKdd);
            auto response = card.initializeUpdate(host.initializeUpdate(rng).value(), rng).value();
            QCOMPARE(host.externalAuthenticate(response).code(), ErrorCode::BadCryptogram);
        }
    }

    void hostChecksInitializeUpdateResponse_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<int>("sw");
        QTest::addColumn<int>("expected");
        const QByteArray kdd("00000000000000000000");
        const QByteArray body("0102030405060708"
                              "1112131415161718");
        QTest::newRow("SW 6A88") << QByteArray() << 0x6A88 << int(ErrorCode::InvalidParameter);
        QTest::newRow("SW 6985") << QByteArray() << 0x6985 << int(ErrorCode::UnexpectedMessage);
        QTest::newRow("truncated") << kdd << 0x9000 << int(ErrorCode::Truncated);
        QTest::newRow("SCP02") << (kdd + "300260" + body) << 0x9000 << int(ErrorCode::UnsupportedVersion);
        QTest::newRow("one byte short") << (kdd + "300360" + body.left(30)) << 0x9000 << int(ErrorCode::InvalidLength);
        QTest::newRow("counter missing") << (kdd + "300370" + body) << 0x9000 << int(ErrorCode::InvalidLength);
        QTest::newRow("unexpected counter")
            << (kdd + "300360" + body + "000001") << 0x9000 << int(ErrorCode::InvalidLength);
        QTest::newRow("other KVN") << (kdd + "310360" + body) << 0x9000 << int(ErrorCode::InvalidParameter);
        QTest::newRow("S16 answer") << (kdd + "300361" + body + body) << 0x9000 << int(ErrorCode::InvalidParameter);
        QTest::newRow("no R-ENC support") << (kdd + "300320" + body) << 0x9000 << int(ErrorCode::SecurityLevelNotMet);
        QTest::newRow("wrong cryptogram") << (kdd + "300360" + body) << 0x9000 << int(ErrorCode::BadCryptogram);
    }

    void hostChecksInitializeUpdateResponse()
    {
        QFETCH(QByteArray, data);
        QFETCH(int, sw);
        QFETCH(int, expected);
        Botan::AutoSeeded_RNG rng;
        HostHandshake host(testKeys(), 0x33);
        QVERIFY(host.initializeUpdate(rng).ok());
        auto result =
            host.externalAuthenticate(ResponseApdu(static_cast<std::uint16_t>(sw), secureFromHex(data.toStdString())));
        QCOMPARE(int(result.code()), expected);
        QCOMPARE(host.complete(ResponseApdu(0x9000)).code(), ErrorCode::StateViolation);
    }

    void hostChecksExternalAuthenticateResponse()
    {
        {
            HalfWay h = halfWay();
            QCOMPARE(h.host.complete(ResponseApdu(0x6300)).code(), ErrorCode::BadCryptogram);
        }
        {
            HalfWay h = halfWay();
            QCOMPARE(h.host.complete(ResponseApdu(0x9000, SecureBytes(2, 0))).code(), ErrorCode::TrailingData);
        }
    }

    void badParameters()
    {
        Botan::AutoSeeded_RNG rng;
        HostHandshake badLevel(testKeys(), 0x21);
        QCOMPARE(badLevel.initializeUpdate(rng).code(), ErrorCode::InvalidParameter);
        HostHandshake shortChallenge(testKeys(), 0x33);
        QCOMPARE(shortChallenge.initializeUpdate(Bytes(7, 1)).code(), ErrorCode::InvalidParameter);
        // Wrong static key lengths surface when the session keys are derived.
        HostHandshake host(testKeys(15), 0x33);
        CardHandshake card(testKeys(), kKdd);
        auto response = card.initializeUpdate(host.initializeUpdate(rng).value(), rng).value();
        QCOMPARE(host.externalAuthenticate(response).code(), ErrorCode::InvalidParameter);
        CardHandshake badCard(testKeys(20), kKdd);
        QCOMPARE(badCard.initializeUpdate(command(fromHex("80503000080102030405060708 00")), rng).code(),
                 ErrorCode::InvalidParameter);
        CardHandshake badKdd(testKeys(), Bytes(9, 0));
        QCOMPARE(badKdd.initializeUpdate(command(fromHex("80503000080102030405060708 00")), rng).code(),
                 ErrorCode::InvalidParameter);
    }
};

QTEST_GUILESS_MAIN(TestHandshake)
#include "tst_handshake.moc"
