// SPDX-License-Identifier: Apache-2.0
// SCP03 secure channel in both roles (GP Card Specification v2.3 Amendment D, section 6.2).
#include "PySimTraces.h"

#include "protocol/scp03/SecureChannel.h"

#include <QTest>

#include <botan/auto_rng.h>

using namespace perso;
using namespace perso::scp03;
using Role = SecureChannel::Role;

namespace {

QByteArray hex(ByteView bytes)
{
    return QByteArray::fromStdString(toHex(bytes));
}

CommandApdu command(const char* text)
{
    auto decoded = CommandApdu::decode(fromHex(text));
    if (!decoded)
        qFatal("bad test APDU %s", text);
    return decoded.value();
}

QByteArray encoded(const CommandApdu& apdu)
{
    auto bytes = apdu.encode();
    return bytes ? hex(bytes.value()) : QByteArray("<encode failed>");
}

SessionKeys fixedKeys(ChallengeMode mode = ChallengeMode::S8, std::size_t keyLength = 16)
{
    SessionKeys keys;
    keys.sEnc = SecureBytes(keyLength, 0x11);
    keys.sMac = SecureBytes(keyLength, 0x22);
    keys.sRmac = SecureBytes(keyLength, 0x33);
    keys.mode = mode;
    return keys;
}

struct Pair
{
    SecureChannel host;
    SecureChannel card;
};

Pair openPair(std::uint8_t securityLevel, SessionKeys keys = fixedKeys())
{
    auto host = SecureChannel::open(keys, securityLevel, Role::Host);
    auto card = SecureChannel::open(keys, securityLevel, Role::Card);
    if (!host || !card)
        qFatal("cannot open test channels");
    return Pair{std::move(host).value(), std::move(card).value()};
}

CommandApdu sample(std::uint8_t ins, std::size_t length = 5, std::size_t ne = 0)
{
    SecureBytes data(length);
    for (std::size_t i = 0; i < length; ++i)
        data[i] = static_cast<std::uint8_t>(i * 7 + ins);
    return CommandApdu(0x80, ins, 0x00, 0x00, std::move(data), ne);
}

CommandApdu wrap(SecureChannel& host, const CommandApdu& plain)
{
    auto wrapped = host.wrapCommand(plain);
    if (!wrapped)
        qFatal("wrapCommand failed");
    return wrapped.value();
}

// Same CLA/INS/P1/P2/Ne, data with one bit flipped.
CommandApdu flipDataBit(const CommandApdu& apdu, std::size_t bit)
{
    SecureBytes data = apdu.data();
    data[bit / 8] ^= static_cast<std::uint8_t>(0x80 >> (bit % 8));
    return CommandApdu(apdu.cla(), apdu.ins(), apdu.p1(), apdu.p2(), std::move(data), apdu.ne());
}

} // namespace

class TestSecureChannel : public QObject
{
    Q_OBJECT

private slots:
    void publishedTraces_data()
    {
        QTest::addColumn<int>("index");
        for (int i = 0; i < static_cast<int>(test::kPySimTraces.size()); ++i)
            QTest::newRow(test::kPySimTraces[static_cast<std::size_t>(i)].name) << i;
    }

    // osmocom/pysim tests/unittests/test_globalplatform.py (see PySimTraces.h): EXTERNAL AUTHENTICATE
    // C-MAC, then GET EID and ISO cases 1-4 wrapped at levels 11/03/33, the GET EID response unwrapped
    // (R-MAC, R-ENC). Both roles must reproduce the trace byte for byte.
    void publishedTraces()
    {
        QFETCH(int, index);
        const auto& trace = test::kPySimTraces[static_cast<std::size_t>(index)];
        const Bytes init = fromHex(trace.initUpdateCommand), initResponse = fromHex(trace.initUpdateResponse);
        const Bytes extAuth = fromHex(trace.externalAuthenticate);
        const ByteView hostChallenge(init.data() + 5, 8), cardChallenge(initResponse.data() + 13, 8);
        auto keys = deriveSessionKeys(
            StaticKeys{secureFromHex(trace.enc), secureFromHex(trace.mac), secureFromHex(trace.dek), init[2]},
            hostChallenge, cardChallenge, ChallengeMode::S8);
        QVERIFY(keys.ok());
        const std::uint8_t securityLevel = extAuth[2];

        // EXTERNAL AUTHENTICATE is C-MAC'd only (never encrypted), from a zero chaining value.
        auto authChannel = SecureChannel::open(keys.value(), level::kCMac, Role::Host);
        QVERIFY(authChannel.ok());
        const Bytes hostCgram = hostCryptogram(keys.value(), hostChallenge, cardChallenge);
        auto wrappedAuth = authChannel.value().wrapCommand(
            CommandApdu(0x80, 0x82, securityLevel, 0x00, SecureBytes(hostCgram.begin(), hostCgram.end())));
        QVERIFY(wrappedAuth.ok());
        QCOMPARE(encoded(wrappedAuth.value()), hex(extAuth));
        const SecureChannel::State afterAuth{authChannel.value().state().macChainingValue, 0};

        auto host = SecureChannel::open(keys.value(), securityLevel, Role::Host, afterAuth);
        auto card = SecureChannel::open(keys.value(), securityLevel, Role::Card, afterAuth);
        QVERIFY(host.ok() && card.ok());

        const CommandApdu getEid = command(test::kGetEidCommandPlain);
        auto wrappedEid = host.value().wrapCommand(getEid);
        QVERIFY(wrappedEid.ok());
        QCOMPARE(encoded(wrappedEid.value()), QByteArray(trace.getEidCommand).toUpper());
        auto unwrappedEid = card.value().unwrapCommand(wrappedEid.value());
        QVERIFY(unwrappedEid.ok());
        QCOMPARE(unwrappedEid.value(), getEid);

        const SecureBytes eidPlain = secureFromHex(test::kGetEidResponsePlain);
        auto cardResponse = card.value().wrapResponse(ResponseApdu(0x9000, eidPlain));
        QVERIFY(cardResponse.ok());
        QCOMPARE(hex(cardResponse.value().data()), QByteArray(trace.getEidResponse).toUpper());
        auto hostResponse = host.value().unwrapResponse(ResponseApdu(0x9000, secureFromHex(trace.getEidResponse)));
        QVERIFY(hostResponse.ok());
        QCOMPARE(hex(hostResponse.value().data()), hex(eidPlain));

        for (std::size_t i = 0; i < test::kCasesPlain.size(); ++i) {
            const CommandApdu plain = command(test::kCasesPlain[i]);
            auto wrapped = host.value().wrapCommand(plain);
            QVERIFY(wrapped.ok());
            QCOMPARE(encoded(wrapped.value()), QByteArray(trace.cases[i]).toUpper());
            auto unwrapped = card.value().unwrapCommand(command(trace.cases[i]));
            QVERIFY(unwrapped.ok());
            QCOMPARE(unwrapped.value(), plain);
        }
        // Every command, with or without data, advanced the counter (GP Amd D 6.2.6): GET EID + 4 cases.
        QCOMPARE(host.value().state().encryptionCounter, 5u);
        QCOMPARE(host.value().state(), card.value().state());
    }

    void openRejectsBadParameters()
    {
        QCOMPARE(SecureChannel::open(fixedKeys(ChallengeMode::S8, 15), 0x33, Role::Host).code(),
                 ErrorCode::InvalidParameter);
        SessionKeys mixed = fixedKeys();
        mixed.sRmac = SecureBytes(32, 0x33);
        QCOMPARE(SecureChannel::open(mixed, 0x33, Role::Card).code(), ErrorCode::InvalidParameter);
        for (std::uint8_t bad : {0x00, 0x02, 0x10, 0x31, 0x21, 0x23, 0x41, 0x81, 0x05})
            QCOMPARE(SecureChannel::open(fixedKeys(), bad, Role::Host).code(), ErrorCode::InvalidParameter);
        for (std::uint8_t good : {0x01, 0x03, 0x11, 0x13, 0x33})
            QVERIFY(SecureChannel::open(fixedKeys(), good, Role::Host).ok());
        QCOMPARE(SecureChannel::open(fixedKeys(), 0x33, Role::Host, SecureChannel::State{Bytes(8, 0), 0}).code(),
                 ErrorCode::InvalidParameter);
    }

    void roundTrip_data()
    {
        QTest::addColumn<int>("securityLevel");
        QTest::addColumn<int>("mode");
        QTest::addColumn<int>("keyLength");
        QTest::newRow("01 S8 AES-128") << 0x01 << 8 << 16;
        QTest::newRow("03 S8 AES-128") << 0x03 << 8 << 16;
        QTest::newRow("13 S8 AES-192") << 0x13 << 8 << 24;
        QTest::newRow("33 S8 AES-128") << 0x33 << 8 << 16;
        QTest::newRow("33 S8 AES-256") << 0x33 << 8 << 32;
        QTest::newRow("33 S16 AES-128") << 0x33 << 16 << 16;
        QTest::newRow("11 S16 AES-256") << 0x11 << 16 << 32;
    }

    // Commands and responses of every data length up to and past the short/extended boundary survive
    // wrap -> encode -> decode -> unwrap in both directions (R-ENC and S16 round trips included).
    void roundTrip()
    {
        QFETCH(int, securityLevel);
        QFETCH(int, mode);
        QFETCH(int, keyLength);
        Pair pair = openPair(static_cast<std::uint8_t>(securityLevel),
                             fixedKeys(static_cast<ChallengeMode>(mode), static_cast<std::size_t>(keyLength)));
        const std::size_t lengths[] = {0, 1, 15, 16, 17, 200, 223, 224, 239, 240, 255, 256, 300, 1000, 4000};
        for (std::size_t length : lengths) {
            const CommandApdu plain = sample(0x10, length, length % 2 ? 256 : 0);
            auto wrapped = pair.host.wrapCommand(plain);
            QVERIFY(wrapped.ok());
            QVERIFY((wrapped.value().cla() & 0x04) != 0);
            auto raw = wrapped.value().encode();
            QVERIFY(raw.ok());
            auto received = CommandApdu::decode(raw.value());
            QVERIFY(received.ok());
            auto unwrapped = pair.card.unwrapCommand(received.value());
            QVERIFY2(unwrapped.ok(), qPrintable(QStringLiteral("length %1").arg(length)));
            QCOMPARE(hex(unwrapped.value().data()), hex(plain.data()));
            QCOMPARE(unwrapped.value().cla(), plain.cla());
            if ((securityLevel & level::kCDecryption) != 0 && length > 0)
                QVERIFY(hex(wrapped.value().data()).left(32) != hex(plain.data()).left(32));

            const ResponseApdu response(0x9000, SecureBytes(plain.data().begin(), plain.data().end()));
            auto wrappedResponse = pair.card.wrapResponse(response);
            QVERIFY(wrappedResponse.ok());
            auto decodedResponse = ResponseApdu::decode(wrappedResponse.value().encode());
            QVERIFY(decodedResponse.ok());
            auto unwrappedResponse = pair.host.unwrapResponse(decodedResponse.value());
            QVERIFY(unwrappedResponse.ok());
            QCOMPARE(unwrappedResponse.value(), response);
        }
        QCOMPARE(pair.host.state(), pair.card.state());
    }

    void extendedLengthAfterWrapping()
    {
        // 255 plaintext bytes become 256 encrypted bytes + 8 MAC bytes: the wrapped command is extended.
        Pair pair = openPair(0x33);
        const CommandApdu wrapped = wrap(pair.host, sample(0x20, 255, 256));
        QVERIFY(wrapped.needsExtendedLength());
        QCOMPARE(wrapped.data().size(), std::size_t(264));
        auto raw = wrapped.encode();
        QVERIFY(raw.ok());
        QCOMPARE(raw.value()[4], std::uint8_t(0x00)); // extended Lc marker
        QVERIFY(pair.card.unwrapCommand(CommandApdu::decode(raw.value()).value()).ok());
    }

    void everyCMacBitFlipIsRejected_data()
    {
        QTest::addColumn<int>("mode");
        QTest::newRow("S8") << 8;
        QTest::newRow("S16") << 16;
    }

    void everyCMacBitFlipIsRejected()
    {
        QFETCH(int, mode);
        const SessionKeys keys = fixedKeys(static_cast<ChallengeMode>(mode));
        Pair pair = openPair(0x33, keys);
        const CommandApdu wrapped = wrap(pair.host, sample(0x30, 40));
        const std::size_t macStart = wrapped.data().size() - static_cast<std::size_t>(mode);
        for (std::size_t bit = macStart * 8; bit < wrapped.data().size() * 8; ++bit) {
            auto card = SecureChannel::open(keys, 0x33, Role::Card).value();
            auto result = card.unwrapCommand(flipDataBit(wrapped, bit));
            QCOMPARE(result.code(), ErrorCode::BadMac);
            QVERIFY(!card.isOpen()); // GP: the card closes the channel on a bad C-MAC
            QCOMPARE(card.unwrapCommand(wrapped).code(), ErrorCode::StateViolation);
        }
        // Ciphertext and header alterations fail the MAC too.
        for (std::size_t bit = 0; bit < macStart * 8; bit += 13) {
            auto card = SecureChannel::open(keys, 0x33, Role::Card).value();
            QCOMPARE(card.unwrapCommand(flipDataBit(wrapped, bit)).code(), ErrorCode::BadMac);
        }
        auto card = SecureChannel::open(keys, 0x33, Role::Card).value();
        CommandApdu otherP1(wrapped.cla(), wrapped.ins(), 0x01, wrapped.p2(), wrapped.data(), wrapped.ne());
        QCOMPARE(card.unwrapCommand(otherP1).code(), ErrorCode::BadMac);
    }

    void everyRMacBitFlipIsRejected()
    {
        Pair pair = openPair(0x33);
        pair.card.unwrapCommand(wrap(pair.host, sample(0x40, 10))).value();
        const ResponseApdu wrapped = pair.card.wrapResponse(ResponseApdu(0x9000, SecureBytes(20, 0x5A))).value();
        const SecureBytes& data = wrapped.data();
        for (std::size_t bit = 0; bit < data.size() * 8; ++bit) {
            SecureBytes altered = data;
            altered[bit / 8] ^= static_cast<std::uint8_t>(0x80 >> (bit % 8));
            QCOMPARE(pair.host.unwrapResponse(ResponseApdu(0x9000, altered)).code(), ErrorCode::BadMac);
        }
        QCOMPARE(pair.host.unwrapResponse(ResponseApdu(0x6300, data)).code(), ErrorCode::BadMac); // SW is MAC'd
        SecureBytes truncated(data.begin(), data.begin() + 7);
        QCOMPARE(pair.host.unwrapResponse(ResponseApdu(0x9000, truncated)).code(), ErrorCode::BadMac);
        QVERIFY(pair.host.unwrapResponse(wrapped).ok());
    }

    void errorStatusTravelsWithoutRMac()
    {
        Pair pair = openPair(0x33);
        pair.card.unwrapCommand(wrap(pair.host, sample(0x41))).value();
        auto response = pair.card.wrapResponse(ResponseApdu(0x6A82, SecureBytes(4, 0x01)));
        QVERIFY(response.ok());
        QVERIFY(response.value().data().empty());
        QCOMPARE(pair.host.unwrapResponse(response.value()).value().sw(), std::uint16_t(0x6A82));
        QCOMPARE(pair.host.unwrapResponse(ResponseApdu(0x6A82, SecureBytes(8, 0))).code(), ErrorCode::BadMac);
    }

    void sequenceAttacksFailCMac()
    {
        const auto fresh = [] { return openPair(0x33); };
        {
            Pair p = fresh(); // replay
            const CommandApdu c1 = wrap(p.host, sample(0x01));
            QVERIFY(p.card.unwrapCommand(c1).ok());
            QCOMPARE(p.card.unwrapCommand(c1).code(), ErrorCode::BadMac);
        }
        {
            Pair p = fresh(); // reorder
            const CommandApdu c1 = wrap(p.host, sample(0x01)), c2 = wrap(p.host, sample(0x02));
            QCOMPARE(p.card.unwrapCommand(c2).code(), ErrorCode::BadMac);
            QCOMPARE(p.card.unwrapCommand(c1).code(), ErrorCode::StateViolation);
        }
        {
            Pair p = fresh(); // drop
            const CommandApdu c1 = wrap(p.host, sample(0x01)), c2 = wrap(p.host, sample(0x02));
            const CommandApdu c3 = wrap(p.host, sample(0x03));
            Q_UNUSED(c2);
            QVERIFY(p.card.unwrapCommand(c1).ok());
            QCOMPARE(p.card.unwrapCommand(c3).code(), ErrorCode::BadMac);
        }
        {
            Pair p = fresh(); // duplicate
            const CommandApdu c1 = wrap(p.host, sample(0x01)), c2 = wrap(p.host, sample(0x02));
            QVERIFY(p.card.unwrapCommand(c1).ok());
            QVERIFY(p.card.unwrapCommand(c2).ok());
            QCOMPARE(p.card.unwrapCommand(c2).code(), ErrorCode::BadMac);
        }
        {
            Pair p = fresh(); // truncated by one byte, and below the MAC length
            const CommandApdu c1 = wrap(p.host, sample(0x01, 30));
            SecureBytes shorter(c1.data().begin(), c1.data().end() - 1);
            QCOMPARE(p.card.unwrapCommand(CommandApdu(c1.cla(), c1.ins(), c1.p1(), c1.p2(), shorter)).code(),
                     ErrorCode::BadMac);
            Pair q = fresh();
            QCOMPARE(q.card.unwrapCommand(CommandApdu(0x84, 0x01, 0, 0, SecureBytes(7, 0))).code(), ErrorCode::BadMac);
        }
        {
            Pair a = fresh(); // another session: same static keys would still give other session keys
            SessionKeys otherKeys = fixedKeys();
            otherKeys.sMac[0] ^= 0x01;
            auto other = SecureChannel::open(otherKeys, 0x33, Role::Card).value();
            QCOMPARE(other.unwrapCommand(wrap(a.host, sample(0x01))).code(), ErrorCode::BadMac);
        }
    }

    void missingCMacIsRejected()
    {
        Pair pair = openPair(0x01);
        QCOMPARE(pair.card.unwrapCommand(sample(0x50, 12)).code(), ErrorCode::SecurityLevelNotMet);
        QVERIFY(!pair.card.isOpen());
    }

    void badPaddingIsRejected()
    {
        // A MAC-only host talking to a C-DECRYPTION card: the MAC verifies, the "ciphertext" does not.
        auto host = SecureChannel::open(fixedKeys(), 0x01, Role::Host).value();
        auto card = SecureChannel::open(fixedKeys(), 0x03, Role::Card).value();
        QCOMPARE(card.unwrapCommand(wrap(host, sample(0x60, 10))).code(), ErrorCode::BadPadding);
        QVERIFY(!card.isOpen());
        auto card2 = SecureChannel::open(fixedKeys(), 0x03, Role::Card).value();
        auto host2 = SecureChannel::open(fixedKeys(), 0x01, Role::Host).value();
        QCOMPARE(card2.unwrapCommand(wrap(host2, sample(0x60, 16))).code(), ErrorCode::BadPadding);
    }

    void restoreThenContinue()
    {
        Pair pair = openPair(0x33);
        const SecureChannel::State s0 = pair.host.state();
        const CommandApdu c1 = wrap(pair.host, sample(0x01));
        const SecureChannel::State s1 = pair.host.state();
        wrap(pair.host, sample(0x02)); // lost on the way; the issuer rewinds to s1
        QVERIFY(pair.card.unwrapCommand(c1).ok());
        QVERIFY(pair.host.restore(s1).ok());
        const CommandApdu c2 = wrap(pair.host, sample(0x22));
        QCOMPARE(pair.card.unwrapCommand(c2).value().ins(), std::uint8_t(0x22));
        auto response = pair.card.wrapResponse(ResponseApdu(0x9000, SecureBytes(3, 0x07))).value();
        QCOMPARE(pair.host.unwrapResponse(response).value().data(), SecureBytes(3, 0x07));
        // Rewinding further lets the host re-verify an older response chain, and advancing works too.
        const SecureChannel::State s2 = pair.host.state();
        QVERIFY(pair.host.restore(s0).ok());
        QCOMPARE(pair.host.state(), s0);
        QVERIFY(pair.host.restore(s2).ok());
        QCOMPARE(pair.host.state(), pair.card.state());
        // Only the host restores; a malformed state is refused.
        QCOMPARE(pair.card.restore(s1).code(), ErrorCode::StateViolation);
        QCOMPARE(pair.host.restore(SecureChannel::State{Bytes(15, 0), 0}).code(), ErrorCode::InvalidParameter);
    }

    void roleAndClosedChecks()
    {
        Pair pair = openPair(0x33);
        QCOMPARE(pair.card.wrapCommand(sample(1)).code(), ErrorCode::StateViolation);
        QCOMPARE(pair.host.unwrapCommand(sample(1)).code(), ErrorCode::StateViolation);
        QCOMPARE(pair.host.wrapResponse(ResponseApdu(0x9000)).code(), ErrorCode::StateViolation);
        QCOMPARE(pair.card.unwrapResponse(ResponseApdu(0x9000)).code(), ErrorCode::StateViolation);
        QCOMPARE(pair.host.wrapCommand(CommandApdu(0x84, 0x01, 0, 0)).code(), ErrorCode::InvalidParameter);
        pair.host.close();
        pair.card.close();
        QVERIFY(!pair.host.isOpen());
        QCOMPARE(pair.host.wrapCommand(sample(1)).code(), ErrorCode::StateViolation);
        QCOMPARE(pair.host.unwrapResponse(ResponseApdu(0x9000)).code(), ErrorCode::StateViolation);
        QCOMPARE(pair.host.restore(pair.host.state()).code(), ErrorCode::StateViolation);
        QCOMPARE(pair.card.unwrapCommand(sample(1)).code(), ErrorCode::StateViolation);
        QCOMPARE(pair.card.wrapResponse(ResponseApdu(0x9000)).code(), ErrorCode::StateViolation);
    }

    void randomisedRoundTrips()
    {
        Botan::AutoSeeded_RNG rng;
        Pair pair = openPair(0x33);
        for (int i = 0; i < 200; ++i) {
            SecureBytes data(rng.next_byte() + (rng.next_byte() & 1 ? 256 : 0));
            rng.randomize(data.data(), data.size());
            const CommandApdu plain(0x80, rng.next_byte(), rng.next_byte(), rng.next_byte(), data);
            QCOMPARE(pair.card.unwrapCommand(wrap(pair.host, plain)).value(), plain);
        }
    }
};

QTEST_GUILESS_MAIN(TestSecureChannel)
#include "tst_securechannel.moc"
