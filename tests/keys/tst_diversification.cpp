// SPDX-License-Identifier: Apache-2.0
// Key diversification, format version 1 (docs/protocol.md ("Key diversification (format version 1)")). No published
// vectors exist for these project-specific derivations: the fixed rows below are regression values of our own
// derivation, not published vectors. The KDF underneath is checked against published vectors in
// tests/scp03/tst_scp03kdf.cpp.
#include "protocol/keys/Diversification.h"
#include "protocol/scp03/Kdf.h"

#include <QSet>
#include <QTest>

using namespace perso;
using namespace perso::keys;

namespace {

QByteArray hex(ByteView bytes)
{
    return QByteArray::fromStdString(toHex(bytes));
}
QByteArray ascii(const SecureBytes& bytes)
{
    return QByteArray(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

const SecureBytes kMaster128 = secureFromHex("000102030405060708090A0B0C0D0E0F");
const SecureBytes kMaster256 = secureFromHex("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");

} // namespace

class TestDiversification : public QObject
{
    Q_OBJECT

private slots:
    void retailerKeysRegression_data()
    {
        QTest::addColumn<QByteArray>("master");
        QTest::addColumn<QByteArray>("serial");
        QTest::addColumn<int>("kvn");
        QTest::addColumn<QByteArray>("enc");
        QTest::addColumn<QByteArray>("mac");
        QTest::addColumn<QByteArray>("dek");
        // Regression values of our own derivation, not published vectors (cross-checked once with an
        // independent Python implementation of the layouts in docs/protocol.md ("Key diversification (format version
        // 1)")).
        QTest::newRow("AES-128 serial 0001 KVN 30")
            << QByteArray("000102030405060708090A0B0C0D0E0F") << QByteArray("0001") << 0x30
            << QByteArray("D5F28936353D34ADB587D38604047534") << QByteArray("30E33E86A9B301B53A096EA463E0577E")
            << QByteArray("977A5FE353A7510037DFBCFAF3C954B7");
        QTest::newRow("AES-256 serial 52540000000042 KVN 31")
            << QByteArray("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F")
            << QByteArray("52540000000042") << 0x31
            << QByteArray("BF16D33C3E8EC9148700935B60DA13BD457E4B5493C8AAD775CFC7B82CDBDBCB")
            << QByteArray("E477BBC36F444D3D4A35D90CAC3ED583D23D5EFB778003325F59378C5A961766")
            << QByteArray("4B9024594A30A1CD10EE05527CF0524BF37C65C8F7B9ACD1574F27F6B84AF4F6");
    }

    void retailerKeysRegression()
    {
        QFETCH(QByteArray, master);
        QFETCH(QByteArray, serial);
        QFETCH(int, kvn);
        auto keys = deriveRetailerCardKeys(secureFromHex(master.toStdString()), fromHex(serial.toStdString()),
                                           static_cast<std::uint8_t>(kvn));
        QVERIFY(keys.ok());
        QCOMPARE(keys.value().keyVersion, static_cast<std::uint8_t>(kvn));
        QCOMPARE(keys.value().enc.size(), std::size_t(master.size() / 2));
        QTEST(hex(keys.value().enc), "enc");
        QTEST(hex(keys.value().mac), "mac");
        QTEST(hex(keys.value().dek), "dek");
    }

    void retailerKeysDeterministicAndDistinct()
    {
        const Bytes serialA = fromHex("0011223344"), serialB = fromHex("0011223345");
        auto a1 = deriveRetailerCardKeys(kMaster128, serialA, 0x30).value();
        auto a2 = deriveRetailerCardKeys(kMaster128, serialA, 0x30).value();
        auto b = deriveRetailerCardKeys(kMaster128, serialB, 0x30).value();
        auto v = deriveRetailerCardKeys(kMaster128, serialA, 0x31).value();
        auto m = deriveRetailerCardKeys(kMaster256, serialA, 0x30).value();
        QCOMPARE(a1.enc, a2.enc);
        QCOMPARE(a1.mac, a2.mac);
        QCOMPARE(a1.dek, a2.dek);
        QVERIFY(a1.enc != a1.mac && a1.mac != a1.dek && a1.enc != a1.dek);
        QVERIFY(a1.enc != b.enc && a1.mac != b.mac && a1.dek != b.dek);
        QVERIFY(a1.enc != v.enc && a1.mac != v.mac && a1.dek != v.dek);
        QCOMPARE(m.enc.size(), std::size_t(32));
        // A serial is length-prefixed: 00 11 22 33 44 and 00 11 22 33 44 00 are different cards.
        auto longer = deriveRetailerCardKeys(kMaster128, fromHex("001122334400"), 0x30).value();
        QVERIFY(longer.enc != a1.enc);
        // Not the GP derivation under the same key (11 x 00 label, constant 04).
        auto gp = scp03::scp03Kdf(kMaster128, 0x04, serialA, 128).value();
        QVERIFY(gp != a1.enc);
    }

    void retailerKeysRejectBadInput()
    {
        QCOMPARE(deriveRetailerCardKeys(SecureBytes(15, 1), fromHex("01"), 0x30).code(), ErrorCode::InvalidParameter);
        QCOMPARE(deriveRetailerCardKeys(kMaster128, {}, 0x30).code(), ErrorCode::InvalidParameter);
        QCOMPARE(deriveRetailerCardKeys(kMaster128, Bytes(65, 1), 0x30).code(), ErrorCode::InvalidParameter);
        QCOMPARE(deriveRetailerCardKeys(kMaster128, fromHex("01"), 0x00).code(), ErrorCode::InvalidParameter);
        QCOMPARE(deriveRetailerCardKeys(kMaster128, fromHex("01"), 0xFF).code(), ErrorCode::InvalidParameter);
        QCOMPARE(deriveRetailerCardKeys(kMaster128, fromHex("01"), 0x30, 0x02).code(), ErrorCode::UnsupportedVersion);
        QVERIFY(deriveRetailerCardKeys(kMaster128, Bytes(64, 1), 0x30).ok());
    }

    void admCodeRegression_data()
    {
        QTest::addColumn<QByteArray>("batchKey");
        QTest::addColumn<QByteArray>("iccid");
        QTest::addColumn<QByteArray>("adm");
        // Regression values of our own derivation, not published vectors.
        QTest::newRow("AES-128, 19 digits") << QByteArray("000102030405060708090A0B0C0D0E0F")
                                            << QByteArray("8949440000001155314") << QByteArray("84622321");
        QTest::newRow("AES-128, 20 digits") << QByteArray("000102030405060708090A0B0C0D0E0F")
                                            << QByteArray("89882119900000000005") << QByteArray("87236486");
        QTest::newRow("AES-256, 19 digits")
            << QByteArray("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F")
            << QByteArray("8949440000001155314") << QByteArray("28881949");
    }

    void admCodeRegression()
    {
        QFETCH(QByteArray, batchKey);
        QFETCH(QByteArray, iccid);
        auto adm = deriveAdmCode(secureFromHex(batchKey.toStdString()), iccid.toStdString());
        QVERIFY(adm.ok());
        QTEST(ascii(adm.value()), "adm");
    }

    void admCodesAreDigitsAndDistinct()
    {
        QSet<QByteArray> codes;
        int digitCounts[10] = {};
        for (int i = 0; i < 500; ++i) {
            const std::string iccid = "894944" + QStringLiteral("%1").arg(i, 13, 10, QLatin1Char('0')).toStdString();
            auto adm = deriveAdmCode(kMaster128, iccid);
            QVERIFY(adm.ok());
            QCOMPARE(adm.value().size(), kAdmCodeDigits);
            for (std::uint8_t c : adm.value()) {
                QVERIFY(c >= '0' && c <= '9');
                ++digitCounts[c - '0'];
            }
            codes.insert(ascii(adm.value()));
            QCOMPARE(ascii(deriveAdmCode(kMaster128, iccid).value()), ascii(adm.value())); // deterministic
        }
        QCOMPARE(codes.size(), 500);
        for (int count : digitCounts) // 4000 digits: every digit near 400 (very loose bound)
            QVERIFY(count > 300 && count < 500);
        QVERIFY(ascii(deriveAdmCode(kMaster128, "8949440000001155314").value()) !=
                ascii(deriveAdmCode(kMaster256, "8949440000001155314").value()));
    }

    void admCodeRejectsBadInput()
    {
        QCOMPARE(deriveAdmCode(SecureBytes(8, 1), "8949440000001155314").code(), ErrorCode::InvalidParameter);
        QCOMPARE(deriveAdmCode(kMaster128, "89494400000011553").code(), ErrorCode::InvalidParameter);
        QCOMPARE(deriveAdmCode(kMaster128, "894944000000115531412").code(), ErrorCode::InvalidParameter);
        QCOMPARE(deriveAdmCode(kMaster128, "894944000000115531F").code(), ErrorCode::InvalidParameter);
        QCOMPARE(deriveAdmCode(kMaster128, "8949440000001155314", 0x00).code(), ErrorCode::UnsupportedVersion);
    }

    void stationDataKeyRegression()
    {
        // Regression value of our own derivation, not a published vector.
        auto key = deriveStationDataKey(kMaster128, fromHex("0102030405060708"), fromHex("1112131415161718"));
        QVERIFY(key.ok());
        QCOMPARE(hex(key.value()), QByteArray("E68F9D94A9830BE4EB9A85134B6A96F1"));
    }

    void stationDataKeyIsSeparate()
    {
        const Bytes host = fromHex("0102030405060708"), card = fromHex("1112131415161718");
        const scp03::StaticKeys statics{kMaster128, kMaster128, kMaster128, 0x30};
        auto station = deriveStationDataKey(statics.enc, host, card).value();
        auto session = scp03::deriveSessionKeys(statics, host, card, scp03::ChallengeMode::S8).value();
        QVERIFY(station != session.sEnc && station != session.sMac && station != session.sRmac);
        QVERIFY(station != statics.enc);
        QVERIFY(deriveStationDataKey(statics.enc, card, host).value() != station);
        QVERIFY(deriveStationDataKey(statics.enc, host, fromHex("1112131415161719")).value() != station);
        QCOMPARE(deriveStationDataKey(statics.enc, host, card).value(), station);
        QCOMPARE(deriveStationDataKey(kMaster256, host, card).value().size(), std::size_t(32));
        const Bytes host16(16, 0x01), card16(16, 0x02);
        QVERIFY(deriveStationDataKey(statics.enc, host16, card16).ok());
        QCOMPARE(deriveStationDataKey(statics.enc, host, card16).code(), ErrorCode::InvalidParameter);
        QCOMPARE(deriveStationDataKey(statics.enc, Bytes(7, 0), Bytes(7, 0)).code(), ErrorCode::InvalidParameter);
        QCOMPARE(deriveStationDataKey(SecureBytes(10, 0), host, card).code(), ErrorCode::InvalidParameter);
        QCOMPARE(deriveStationDataKey(statics.enc, host, card, 0x02).code(), ErrorCode::UnsupportedVersion);
    }
};

QTEST_GUILESS_MAIN(TestDiversification)
#include "tst_diversification.moc"
