// SPDX-License-Identifier: Apache-2.0
// SCP03 KDF, session keys and cryptograms (GP Card Specification v2.3 Amendment D, 4.1.5 and 6.2.2).
#include "PySimTraces.h"

#include "protocol/scp03/Kdf.h"
#include "protocol/scp03/SessionKeys.h"

#include <QTest>

using namespace perso;
using namespace perso::scp03;

namespace {

QByteArray hex(ByteView bytes)
{
    return QByteArray::fromStdString(toHex(bytes));
}

StaticKeys keysOf(const test::Scp03Trace& trace, std::uint8_t kvn)
{
    return StaticKeys{secureFromHex(trace.enc), secureFromHex(trace.mac), secureFromHex(trace.dek), kvn};
}

} // namespace

class TestScp03Kdf : public QObject
{
    Q_OBJECT

private slots:
    void counterKdfPublishedVector()
    {
        // GlobalPlatformPro, tool/src/test/java/pro/javacard/gp/TestSCP03.java, testKDF3: SP 800-108
        // counter mode, CMAC(AES-256), 8-bit counter first (empty prefix), suffix = 00000001 00 || KDD,
        // 256-bit output (two PRF blocks).
        const SecureBytes master = secureFromHex("8C72C72CF908411653018807950D82FBAD947562F0828A0B10B8B9606ABF3BCD");
        Bytes suffix = fromHex("0000000100");
        append(suffix, fromHex("D9B1DE5D0362DEDCE4FB"));
        auto out = cmacCounterKdf(master, {}, suffix, 32);
        QVERIFY(out.ok());
        QCOMPARE(hex(out.value()), QByteArray("9AAC5D0B3601F89438A0D9D0B6B256CFB47E6462DFA5228D3420C4AC7C224781"));
        // Truncation keeps the leading bytes of the same stream.
        auto shorter = cmacCounterKdf(master, {}, suffix, 20);
        QVERIFY(shorter.ok());
        QCOMPARE(hex(shorter.value()), QByteArray("9AAC5D0B3601F89438A0D9D0B6B256CFB47E6462"));
    }

    void scp03LayoutIsPrefixCounterContext()
    {
        // The SCP03 input block is 11 x 00 || constant || 00 || L || i || context (Amd D 4.1.5).
        const SecureBytes key = secureFromHex(test::kAes128Mac);
        const Bytes context = fromHex("00112233445566778899AABBCCDDEEFF");
        const Bytes prefix = fromHex("0000000000000000000000"
                                     "06"
                                     "00"
                                     "0080");
        auto viaLayout = scp03Kdf(key, derivation::kSMac, context, 128);
        auto viaCounter = cmacCounterKdf(key, prefix, context, 16);
        QVERIFY(viaLayout.ok() && viaCounter.ok());
        QCOMPARE(hex(viaLayout.value()), hex(viaCounter.value()));
        // L is part of the input: a 64-bit derivation is not the first half of a 128-bit one.
        auto half = scp03Kdf(key, derivation::kSMac, context, 64);
        QVERIFY(half.ok());
        QVERIFY(!std::equal(half.value().begin(), half.value().end(), viaLayout.value().begin()));
    }

    void cryptogramsMatchPublishedTraces_data()
    {
        QTest::addColumn<int>("index");
        for (int i = 0; i < static_cast<int>(test::kPySimTraces.size()); ++i)
            QTest::newRow(test::kPySimTraces[static_cast<std::size_t>(i)].name) << i;
    }

    void cryptogramsMatchPublishedTraces()
    {
        // osmocom/pysim tests/unittests/test_globalplatform.py: the card cryptogram is bytes 21..28 of the
        // INITIALIZE UPDATE response, the host cryptogram bytes 5..12 of EXTERNAL AUTHENTICATE.
        QFETCH(int, index);
        const auto& trace = test::kPySimTraces[static_cast<std::size_t>(index)];
        const Bytes command = fromHex(trace.initUpdateCommand);
        const Bytes response = fromHex(trace.initUpdateResponse);
        const Bytes extAuth = fromHex(trace.externalAuthenticate);
        const ByteView hostChallenge(command.data() + 5, 8);
        const ByteView cardChallenge(response.data() + 13, 8);
        auto keys = deriveSessionKeys(keysOf(trace, command[2]), hostChallenge, cardChallenge, ChallengeMode::S8);
        QVERIFY(keys.ok());
        QCOMPARE(keys.value().sEnc.size(), secureFromHex(trace.enc).size());
        QCOMPARE(hex(cardCryptogram(keys.value(), hostChallenge, cardChallenge)),
                 hex(ByteView(response.data() + 21, 8)));
        QCOMPARE(hex(hostCryptogram(keys.value(), hostChallenge, cardChallenge)), hex(ByteView(extAuth.data() + 5, 8)));
    }

    void sessionKeysDifferPerPurposeAndChallenge()
    {
        // Self-consistency (not a published vector): S-ENC, S-MAC, S-RMAC are distinct and change with
        // either challenge; S16 mode gives 16-byte cryptograms.
        const auto& trace = test::kPySimTraces[0];
        const Bytes host = fromHex("0102030405060708"), card = fromHex("1112131415161718");
        auto a = deriveSessionKeys(keysOf(trace, 0x30), host, card, ChallengeMode::S8);
        auto b = deriveSessionKeys(keysOf(trace, 0x30), card, host, ChallengeMode::S8);
        QVERIFY(a.ok() && b.ok());
        QVERIFY(a.value().sEnc != a.value().sMac && a.value().sMac != a.value().sRmac);
        QVERIFY(a.value().sMac != b.value().sMac);
        const Bytes host16 = fromHex("000102030405060708090A0B0C0D0E0F"),
                    card16 = fromHex("F0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFF");
        auto s16 = deriveSessionKeys(keysOf(trace, 0x30), host16, card16, ChallengeMode::S16);
        QVERIFY(s16.ok());
        QCOMPARE(cardCryptogram(s16.value(), host16, card16).size(), std::size_t(16));
        QVERIFY(cardCryptogram(s16.value(), host16, card16) != hostCryptogram(s16.value(), host16, card16));
        // Challenges of the wrong length give no cryptogram at all.
        QVERIFY(cardCryptogram(a.value(), host16, card16).empty());
    }

    void invalidParameters_data()
    {
        QTest::addColumn<QByteArray>("enc");
        QTest::addColumn<QByteArray>("mac");
        QTest::addColumn<QByteArray>("dek");
        QTest::addColumn<int>("hostLength");
        QTest::addColumn<int>("cardLength");
        const QByteArray k16(test::kAes128Enc), k24(test::kAes192Enc), k32(test::kAes256Enc);
        QTest::newRow("15-byte keys") << k16.left(30) << k16.left(30) << k16.left(30) << 8 << 8;
        QTest::newRow("17-byte ENC") << (k16 + "00") << k16 << k16 << 8 << 8;
        QTest::newRow("mixed 16/24") << k16 << k24 << k16 << 8 << 8;
        QTest::newRow("mixed 32/16 DEK") << k32 << k32 << k16 << 8 << 8;
        QTest::newRow("empty keys") << QByteArray() << QByteArray() << QByteArray() << 8 << 8;
        QTest::newRow("short host challenge") << k16 << k16 << k16 << 7 << 8;
        QTest::newRow("long card challenge") << k16 << k16 << k16 << 8 << 16;
    }

    void invalidParameters()
    {
        QFETCH(QByteArray, enc);
        QFETCH(QByteArray, mac);
        QFETCH(QByteArray, dek);
        QFETCH(int, hostLength);
        QFETCH(int, cardLength);
        const StaticKeys keys{secureFromHex(enc.toStdString()), secureFromHex(mac.toStdString()),
                              secureFromHex(dek.toStdString()), 0x30};
        auto result = deriveSessionKeys(keys, Bytes(static_cast<std::size_t>(hostLength), 0x11),
                                        Bytes(static_cast<std::size_t>(cardLength), 0x22), ChallengeMode::S8);
        QVERIFY(!result.ok());
        QCOMPARE(result.code(), ErrorCode::InvalidParameter);
    }

    void kdfRejectsBadArguments()
    {
        const SecureBytes key = secureFromHex(test::kAes128Enc);
        QCOMPARE(scp03Kdf(SecureBytes(15, 0), 0x04, {}, 128).code(), ErrorCode::InvalidParameter);
        QCOMPARE(scp03Kdf(key, 0x04, {}, 0).code(), ErrorCode::InvalidParameter);
        QCOMPARE(scp03Kdf(key, 0x04, {}, 12).code(), ErrorCode::InvalidParameter);
        QCOMPARE(cmacCounterKdf(key, {}, {}, 256 * 16).code(), ErrorCode::InvalidParameter);
        QVERIFY(cmacCounterKdf(key, {}, {}, 255 * 16).ok());
    }
};

QTEST_GUILESS_MAIN(TestScp03Kdf)
#include "tst_scp03kdf.moc"
