// SPDX-License-Identifier: Apache-2.0
// Known-answer tests of the Botan 2 primitives the protocol library is built on (AES block cipher,
// AES-CMAC, AES-GCM), with the examples published in the standards that define them. If a Botan
// update or a different build of it ever changed one of these results, this suite says so before
// SCP03, Milenage or the sealed customer details do.
#include "protocol/core/Bytes.h"

#include <botan/aead.h>
#include <botan/block_cipher.h>
#include <botan/exceptn.h>
#include <botan/mac.h>

#include <QTest>

using namespace perso;

namespace {

QByteArray hex(ByteView bytes)
{
    return QByteArray::fromStdString(toHex(bytes)).toLower();
}

Bytes bytesOf(const QByteArray& hexText)
{
    return fromHex(std::string_view(hexText.constData(), hexText.size()));
}

std::string aesName(std::size_t keyBytes, const char* suffix = "")
{
    return "AES-" + std::to_string(keyBytes * 8) + suffix;
}

// The 64-byte message of RFC 4493 §4 and NIST SP 800-38B Appendix D; the examples MAC its first
// 0, 16, 40 and 64 bytes.
const QByteArray cmacMessage = QByteArrayLiteral("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
                                                 "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710");
const QByteArray cmacKey128 = QByteArrayLiteral("2b7e151628aed2a6abf7158809cf4f3c");
const QByteArray cmacKey192 = QByteArrayLiteral("8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b");
const QByteArray cmacKey256 = QByteArrayLiteral("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4");

// McGrew & Viega, "The Galois/Counter Mode of Operation (GCM)", Appendix B test cases (the same
// cases NIST's SP 800-38D validation material starts from).
const QByteArray gcmKey = QByteArrayLiteral("feffe9928665731c6d6a8f9467308308");
const QByteArray gcmPlain64 = QByteArrayLiteral("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                                                "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255");
const QByteArray gcmPlain60 = gcmPlain64.left(120);
const QByteArray gcmAad = QByteArrayLiteral("feedfacedeadbeeffeedfacedeadbeefabaddad2");
const QByteArray gcmIv96 = QByteArrayLiteral("cafebabefacedbaddecaf888");
const QByteArray gcmIv64 = QByteArrayLiteral("cafebabefacedbad");
const QByteArray gcmIv480 = QByteArrayLiteral("9313225df88406e555909c5aff5269aa6a7a9538534f7da1e4c303d2a318a728"
                                              "c3c0c95156809539fcf0e2429a6b525416aedbf5a0de6a57a637b39b");
const QByteArray zero12 = QByteArray(24, '0');
const QByteArray zero16 = QByteArray(32, '0');

Bytes gcmSeal(const Bytes& key, const Bytes& iv, const Bytes& aad, const Bytes& plain)
{
    auto mode = Botan::AEAD_Mode::create_or_throw(aesName(key.size(), "/GCM"), Botan::ENCRYPTION);
    mode->set_key(key);
    mode->set_associated_data(aad.data(), aad.size());
    mode->start(iv);
    Botan::secure_vector<std::uint8_t> buffer(plain.begin(), plain.end());
    mode->finish(buffer);
    return Bytes(buffer.begin(), buffer.end());
}

// Returns false when the tag does not verify (Botan throws Invalid_Authentication_Tag).
bool gcmOpen(const Bytes& key, const Bytes& iv, const Bytes& aad, const Bytes& sealed, Bytes& plain)
{
    auto mode = Botan::AEAD_Mode::create_or_throw(aesName(key.size(), "/GCM"), Botan::DECRYPTION);
    mode->set_key(key);
    mode->set_associated_data(aad.data(), aad.size());
    mode->start(iv);
    Botan::secure_vector<std::uint8_t> buffer(sealed.begin(), sealed.end());
    try {
        mode->finish(buffer);
    } catch (const Botan::Invalid_Authentication_Tag&) {
        return false;
    }
    plain.assign(buffer.begin(), buffer.end());
    return true;
}

} // namespace

class TestPrimitives : public QObject
{
    Q_OBJECT

private slots:
    // FIPS-197 Appendix C.1 (AES-128), C.2 (AES-192), C.3 (AES-256): one block, encrypt and decrypt.
    void aesBlock_data()
    {
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<QByteArray>("plain");
        QTest::addColumn<QByteArray>("cipher");
        const QByteArray plain = QByteArrayLiteral("00112233445566778899aabbccddeeff");
        QTest::newRow("FIPS-197 C.1 AES-128") << QByteArrayLiteral("000102030405060708090a0b0c0d0e0f") << plain
                                              << QByteArrayLiteral("69c4e0d86a7b0430d8cdb78070b4c55a");
        QTest::newRow("FIPS-197 C.2 AES-192") << QByteArrayLiteral("000102030405060708090a0b0c0d0e0f1011121314151617")
                                              << plain << QByteArrayLiteral("dda97ca4864cdfe06eaf70a0ec0d7191");
        QTest::newRow("FIPS-197 C.3 AES-256")
            << QByteArrayLiteral("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f") << plain
            << QByteArrayLiteral("8ea2b7ca516745bfeafc49904b496089");
    }
    void aesBlock()
    {
        QFETCH(QByteArray, key);
        QFETCH(QByteArray, plain);
        QFETCH(QByteArray, cipher);
        const Bytes k = bytesOf(key), p = bytesOf(plain);
        auto aes = Botan::BlockCipher::create_or_throw(aesName(k.size()));
        aes->set_key(k);
        Bytes out(16);
        aes->encrypt(p.data(), out.data());
        QCOMPARE(hex(view(out)), cipher);
        Bytes back(16);
        aes->decrypt(out.data(), back.data());
        QCOMPARE(hex(view(back)), plain);
    }

    // RFC 4493 §4 examples 1-4 (AES-128) and NIST SP 800-38B Appendix D.1 (AES-128), D.2 (AES-192),
    // D.3 (AES-256), each with the 0-, 16-, 40- and 64-byte messages.
    void cmac_data()
    {
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<int>("length");
        QTest::addColumn<QByteArray>("mac");
        const struct
        {
            const char* source;
            QByteArray key;
            const char* macs[4];
        } groups[] = {
            {"RFC 4493 §4 example",
             cmacKey128,
             {"bb1d6929e95937287fa37d129b756746", "070a16b46b4d4144f79bdd9dd04a287c",
              "dfa66747de9ae63030ca32611497c827", "51f0bebf7e3b9d92fc49741779363cfe"}},
            {"SP 800-38B D.1 AES-128 example",
             cmacKey128,
             {"bb1d6929e95937287fa37d129b756746", "070a16b46b4d4144f79bdd9dd04a287c",
              "dfa66747de9ae63030ca32611497c827", "51f0bebf7e3b9d92fc49741779363cfe"}},
            {"SP 800-38B D.2 AES-192 example",
             cmacKey192,
             {"d17ddf46adaacde531cac483de7a9367", "9e99a7bf31e710900662f65e617c5184",
              "8a1de5be2eb31aad089a82e6ee908b0e", "a1d5df0eed790f794d77589659f39a11"}},
            {"SP 800-38B D.3 AES-256 example",
             cmacKey256,
             {"028962f61b7bf89efc6b551f4667d983", "28a7023f452e8f82bd4bf28d8c37c35c",
              "aaf3d8f1de5640c232f5b169b9c911e6", "e1992190549f6ed5696a2c056c315410"}},
        };
        const int lengths[4] = {0, 16, 40, 64};
        for (const auto& g : groups) {
            for (int i = 0; i < 4; ++i)
                QTest::addRow("%s %d (%d bytes)", g.source, i + 1, lengths[i])
                    << g.key << lengths[i] << QByteArray(g.macs[i]);
        }
    }
    void cmac()
    {
        QFETCH(QByteArray, key);
        QFETCH(int, length);
        QFETCH(QByteArray, mac);
        const Bytes k = bytesOf(key);
        const Bytes message = bytesOf(cmacMessage.left(2 * length));
        auto cmac = Botan::MessageAuthenticationCode::create_or_throw("CMAC(" + aesName(k.size()) + ")");
        cmac->set_key(k);
        cmac->update(message);
        const auto tag = cmac->final();
        QCOMPARE(hex(view(tag)), mac);

        // Verification in constant time through our helper, and a flipped bit fails it.
        Bytes expected = bytesOf(mac);
        QVERIFY(constantTimeEqual(view(tag), view(expected)));
        expected[15] ^= 0x01;
        QVERIFY(!constantTimeEqual(view(tag), view(expected)));
    }

    // McGrew & Viega GCM test cases 1-6 (AES-128), 7-12 (AES-192), 13-18 (AES-256): encryption gives
    // C || T, decryption of C || T gives P back.
    void gcm_data()
    {
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<QByteArray>("iv");
        QTest::addColumn<QByteArray>("aad");
        QTest::addColumn<QByteArray>("plain");
        QTest::addColumn<QByteArray>("cipher");
        QTest::addColumn<QByteArray>("tag");
        const QByteArray key192 = gcmKey + gcmKey.left(16);
        const QByteArray key256 = gcmKey + gcmKey;

        QTest::newRow("GCM test case 1") << zero16 << zero12 << QByteArray() << QByteArray() << QByteArray()
                                         << QByteArrayLiteral("58e2fccefa7e3061367f1d57a4e7455a");
        QTest::newRow("GCM test case 2") << zero16 << zero12 << QByteArray() << zero16
                                         << QByteArrayLiteral("0388dace60b6a392f328c2b971b2fe78")
                                         << QByteArrayLiteral("ab6e47d42cec13bdf53a67b21257bddf");
        QTest::newRow("GCM test case 3") << gcmKey << gcmIv96 << QByteArray() << gcmPlain64
                                         << QByteArrayLiteral(
                                                "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
                                                "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985")
                                         << QByteArrayLiteral("4d5c2af327cd64a62cf35abd2ba6fab4");
        QTest::newRow("GCM test case 4") << gcmKey << gcmIv96 << gcmAad << gcmPlain60
                                         << QByteArrayLiteral(
                                                "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
                                                "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091")
                                         << QByteArrayLiteral("5bc94fbc3221a5db94fae95ae7121a47");
        QTest::newRow("GCM test case 5") << gcmKey << gcmIv64 << gcmAad << gcmPlain60
                                         << QByteArrayLiteral(
                                                "61353b4c2806934a777ff51fa22a4755699b2a714fcdc6f83766e5f97b6c7423"
                                                "73806900e49f24b22b097544d4896b424989b5e1ebac0f07c23f4598")
                                         << QByteArrayLiteral("3612d2e79e3b0785561be14aaca2fccb");
        QTest::newRow("GCM test case 6") << gcmKey << gcmIv480 << gcmAad << gcmPlain60
                                         << QByteArrayLiteral(
                                                "8ce24998625615b603a033aca13fb894be9112a5c3a211a8ba262a3cca7e2ca7"
                                                "01e4a9a4fba43c90ccdcb281d48c7c6fd62875d2aca417034c34aee5")
                                         << QByteArrayLiteral("619cc5aefffe0bfa462af43c1699d050");

        QTest::newRow("GCM test case 7") << QByteArray(48, '0') << zero12 << QByteArray() << QByteArray()
                                         << QByteArray() << QByteArrayLiteral("cd33b28ac773f74ba00ed1f312572435");
        QTest::newRow("GCM test case 8") << QByteArray(48, '0') << zero12 << QByteArray() << zero16
                                         << QByteArrayLiteral("98e7247c07f0fe411c267e4384b0f600")
                                         << QByteArrayLiteral("2ff58d80033927ab8ef4d4587514f0fb");
        QTest::newRow("GCM test case 9") << key192 << gcmIv96 << QByteArray() << gcmPlain64
                                         << QByteArrayLiteral(
                                                "3980ca0b3c00e841eb06fac4872a2757859e1ceaa6efd984628593b40ca1e19c"
                                                "7d773d00c144c525ac619d18c84a3f4718e2448b2fe324d9ccda2710acade256")
                                         << QByteArrayLiteral("9924a7c8587336bfb118024db8674a14");
        QTest::newRow("GCM test case 10")
            << key192 << gcmIv96 << gcmAad << gcmPlain60
            << QByteArrayLiteral("3980ca0b3c00e841eb06fac4872a2757859e1ceaa6efd984628593b40ca1e19c"
                                 "7d773d00c144c525ac619d18c84a3f4718e2448b2fe324d9ccda2710")
            << QByteArrayLiteral("2519498e80f1478f37ba55bd6d27618c");
        QTest::newRow("GCM test case 11")
            << key192 << gcmIv64 << gcmAad << gcmPlain60
            << QByteArrayLiteral("0f10f599ae14a154ed24b36e25324db8c566632ef2bbb34f8347280fc4507057"
                                 "fddc29df9a471f75c66541d4d4dad1c9e93a19a58e8b473fa0f062f7")
            << QByteArrayLiteral("65dcc57fcf623a24094fcca40d3533f8");
        QTest::newRow("GCM test case 12")
            << key192 << gcmIv480 << gcmAad << gcmPlain60
            << QByteArrayLiteral("d27e88681ce3243c4830165a8fdcf9ff1de9a1d8e6b447ef6ef7b79828666e45"
                                 "81e79012af34ddd9e2f037589b292db3e67c036745fa22e7e9b7373b")
            << QByteArrayLiteral("dcf566ff291c25bbb8568fc3d376a6d9");

        QTest::newRow("GCM test case 13") << QByteArray(64, '0') << zero12 << QByteArray() << QByteArray()
                                          << QByteArray() << QByteArrayLiteral("530f8afbc74536b9a963b4f1c4cb738b");
        QTest::newRow("GCM test case 14") << QByteArray(64, '0') << zero12 << QByteArray() << zero16
                                          << QByteArrayLiteral("cea7403d4d606b6e074ec5d3baf39d18")
                                          << QByteArrayLiteral("d0d1c8a799996bf0265b98b5d48ab919");
        QTest::newRow("GCM test case 15")
            << key256 << gcmIv96 << QByteArray() << gcmPlain64
            << QByteArrayLiteral("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                                 "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad")
            << QByteArrayLiteral("b094dac5d93471bdec1a502270e3cc6c");
        QTest::newRow("GCM test case 16")
            << key256 << gcmIv96 << gcmAad << gcmPlain60
            << QByteArrayLiteral("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                                 "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662")
            << QByteArrayLiteral("76fc6ece0f4e1768cddf8853bb2d551b");
        QTest::newRow("GCM test case 17")
            << key256 << gcmIv64 << gcmAad << gcmPlain60
            << QByteArrayLiteral("c3762df1ca787d32ae47c13bf19844cbaf1ae14d0b976afac52ff7d79bba9de0"
                                 "feb582d33934a4f0954cc2363bc73f7862ac430e64abe499f47c9b1f")
            << QByteArrayLiteral("3a337dbf46a792c45e454913fe2ea8f2");
        QTest::newRow("GCM test case 18")
            << key256 << gcmIv480 << gcmAad << gcmPlain60
            << QByteArrayLiteral("5a8def2f0c9e53f1f75d7853659e2a20eeb2b22aafde6419a058ab4f6f746bf4"
                                 "0fc0c3b780f244452da3ebf1c5d82cdea2418997200ef82e44ae7e3f")
            << QByteArrayLiteral("a44a8266ee1c8eb0c8b5d4cf5ae9f19a");
    }
    void gcm()
    {
        QFETCH(QByteArray, key);
        QFETCH(QByteArray, iv);
        QFETCH(QByteArray, aad);
        QFETCH(QByteArray, plain);
        QFETCH(QByteArray, cipher);
        QFETCH(QByteArray, tag);
        const Bytes k = bytesOf(key), n = bytesOf(iv), a = bytesOf(aad), p = bytesOf(plain);

        const Bytes sealed = gcmSeal(k, n, a, p);
        QCOMPARE(hex(view(sealed)), cipher + tag);

        Bytes opened;
        QVERIFY(gcmOpen(k, n, a, sealed, opened));
        QCOMPARE(hex(view(opened)), plain);
    }

    // Test case 4 with one bit flipped anywhere in the tag, the ciphertext or the associated data:
    // decryption refuses it and releases no plaintext.
    void gcmRejectsFlippedBits()
    {
        const Bytes k = bytesOf(gcmKey), n = bytesOf(gcmIv96), a = bytesOf(gcmAad);
        const Bytes sealed = gcmSeal(k, n, a, bytesOf(gcmPlain60));
        QCOMPARE(sealed.size(), std::size_t(60 + 16));

        for (std::size_t bit = 0; bit < sealed.size() * 8; ++bit) {
            Bytes bad = sealed;
            bad[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
            Bytes opened;
            QVERIFY2(!gcmOpen(k, n, a, bad, opened), qPrintable(QStringLiteral("bit %1 accepted").arg(bit)));
            QVERIFY(opened.empty());
        }
        for (std::size_t bit = 0; bit < a.size() * 8; bit += 5) {
            Bytes badAad = a;
            badAad[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
            Bytes opened;
            QVERIFY(!gcmOpen(k, n, badAad, sealed, opened));
        }
        Bytes badNonce = n;
        badNonce[11] ^= 0x01;
        Bytes opened;
        QVERIFY(!gcmOpen(k, badNonce, a, sealed, opened));
        // A truncated tag is refused as well.
        const Bytes truncated(sealed.begin(), sealed.end() - 1);
        QVERIFY(!gcmOpen(k, n, a, truncated, opened));
    }
};

QTEST_GUILESS_MAIN(TestPrimitives)
#include "tst_primitives.moc"
