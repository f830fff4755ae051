// SPDX-License-Identifier: Apache-2.0
#include "issuer/keys/DerivedKeys.h"
#include "issuer/keys/KeyRing.h"
#include "protocol/keys/Diversification.h"
#include "protocol/milenage/Milenage.h"

#include <botan/block_cipher.h>
#include <botan/nist_keywrap.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <thread>

#include <sys/stat.h>
#include <unistd.h>

using namespace perso;
using namespace perso::issuer;

namespace {

QString keyDir(const QTemporaryDir& tmp)
{
    return tmp.filePath(QStringLiteral("keys"));
}

KeyRing createAndLoad(const QString& directory)
{
    const KeyRingPaths paths{directory};
    const auto created = KeyRing::create(paths);
    if (!created)
        qFatal("create failed: %s", qPrintable(created.error().message));
    auto ring = KeyRing::load(paths);
    if (!ring)
        qFatal("load failed: %s", qPrintable(ring.error().message));
    return std::move(ring).value();
}

void writeRaw(const QString& path, const QByteArray& content, int mode)
{
    QFile::remove(path);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
    file.close();
    QCOMPARE(::chmod(QFile::encodeName(path).constData(), static_cast<mode_t>(mode)), 0);
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

} // namespace

class TestIssuerKeyRing : public QObject
{
    Q_OBJECT

private slots:
    void createAndLoadRoundTrip()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString dir = keyDir(tmp);
        const KeyRing ring = createAndLoad(dir);
        QCOMPARE(ring.currentMasterKeyVersion(), std::uint8_t{1});
        struct stat st
        {};
        QCOMPARE(::stat(QFile::encodeName(dir).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, 0700u);
        for (const char* name : {"master-v1.key", "receipt-signing.pem"}) {
            QCOMPARE(::stat(QFile::encodeName(QDir(dir).filePath(QLatin1String(name))).constData(), &st), 0);
            QCOMPARE(st.st_mode & 0777, 0600u);
        }
        QCOMPARE(readAll(QDir(dir).filePath(QStringLiteral("master-v1.key"))).size(), 32);
        QVERIFY(readAll(QDir(dir).filePath(QStringLiteral("receipt-signing.pem")))
                    .startsWith("-----BEGIN PRIVATE KEY-----"));
        QVERIFY(ring.signingPublicKeyPem().startsWith(QStringLiteral("-----BEGIN PUBLIC KEY-----")));

        // A second load of the same files gives the same derived keys.
        auto again = KeyRing::load({dir});
        QVERIFY(again.ok());
        QCOMPARE(again.value().customerKey(1, QStringLiteral("X1234567")),
                 ring.customerKey(1, QStringLiteral("X1234567")));
        QVERIFY(again.value().operatorVariant() == ring.operatorVariant());
        QCOMPARE(ring.operatorVariant().size(), std::size_t{16});
    }

    void createRefusesToOverwrite()
    {
        QTemporaryDir tmp;
        const QString dir = keyDir(tmp);
        createAndLoad(dir);
        const QByteArray before = readAll(QDir(dir).filePath(QStringLiteral("master-v1.key")));
        const auto again = KeyRing::create({dir});
        QVERIFY(!again.ok());
        QCOMPARE(again.code(), IssuerErrorCode::AlreadyExists);
        QCOMPARE(readAll(QDir(dir).filePath(QStringLiteral("master-v1.key"))), before);

        // Only the signing key present: still refused, and nothing is written.
        QTemporaryDir tmp2;
        const QString dir2 = keyDir(tmp2);
        QVERIFY(QDir().mkdir(dir2));
        QCOMPARE(::chmod(QFile::encodeName(dir2).constData(), 0700), 0);
        writeRaw(QDir(dir2).filePath(QStringLiteral("receipt-signing.pem")), "x", 0600);
        const auto third = KeyRing::create({dir2});
        QCOMPARE(third.code(), IssuerErrorCode::AlreadyExists);
        QVERIFY(!QFile::exists(QDir(dir2).filePath(QStringLiteral("master-v1.key"))));
    }

    void loadRefusesBadFiles_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("expectInMessage");
        const QString master = QStringLiteral("master-v1.key");
        const QString pem = QStringLiteral("receipt-signing.pem");
        QTest::newRow("master 0644") << master << QStringLiteral("mode0644") << QStringLiteral("group or others");
        QTest::newRow("master 0640") << master << QStringLiteral("mode0640") << QStringLiteral("group or others");
        QTest::newRow("master 0604") << master << QStringLiteral("mode0604") << QStringLiteral("group or others");
        QTest::newRow("pem 0644") << pem << QStringLiteral("mode0644") << QStringLiteral("group or others");
        QTest::newRow("master symlink") << master << QStringLiteral("symlink") << QStringLiteral("symbolic link");
        QTest::newRow("pem symlink") << pem << QStringLiteral("symlink") << QStringLiteral("symbolic link");
        QTest::newRow("pem missing") << pem << QStringLiteral("missing") << QStringLiteral("missing");
        QTest::newRow("master missing") << master << QStringLiteral("missing") << QStringLiteral("missing");
        QTest::newRow("master 31 bytes") << master << QStringLiteral("short") << QStringLiteral("32 bytes");
        QTest::newRow("master 33 bytes") << master << QStringLiteral("long") << QStringLiteral("32 bytes");
        QTest::newRow("master directory") << master << QStringLiteral("directory") << QStringLiteral("regular file");
        QTest::newRow("pem malformed") << pem << QStringLiteral("garbage") << QStringLiteral("PKCS#8");
        QTest::newRow("pem truncated") << pem << QStringLiteral("truncated") << QStringLiteral("PKCS#8");
        QTest::newRow("master v0 name") << QStringLiteral("master-v01.key") << QStringLiteral("extra")
                                        << QStringLiteral("file name");
    }

    void loadRefusesBadFiles()
    {
        QFETCH(QString, file);
        QFETCH(QString, damage);
        QFETCH(QString, expectInMessage);
        QTemporaryDir tmp;
        const QString dir = keyDir(tmp);
        createAndLoad(dir);
        const QString path = QDir(dir).filePath(file);
        const QByteArray content = readAll(path);
        if (damage.startsWith(QStringLiteral("mode"))) {
            QCOMPARE(::chmod(QFile::encodeName(path).constData(), damage.mid(4).toUInt(nullptr, 8)), 0);
        } else if (damage == QStringLiteral("symlink")) {
            const QString target = tmp.filePath(QStringLiteral("elsewhere"));
            QVERIFY(QFile::rename(path, target));
            QVERIFY(QFile::link(target, path));
        } else if (damage == QStringLiteral("missing")) {
            QVERIFY(QFile::remove(path));
        } else if (damage == QStringLiteral("short")) {
            writeRaw(path, content.left(31), 0600);
        } else if (damage == QStringLiteral("long")) {
            writeRaw(path, content + "x", 0600);
        } else if (damage == QStringLiteral("directory")) {
            QVERIFY(QFile::remove(path));
            QVERIFY(QDir().mkdir(path));
            QCOMPARE(::chmod(QFile::encodeName(path).constData(), 0700), 0);
        } else if (damage == QStringLiteral("garbage")) {
            writeRaw(path, "-----BEGIN PRIVATE KEY-----\nnot base64 at all\n-----END PRIVATE KEY-----\n", 0600);
        } else if (damage == QStringLiteral("truncated")) {
            writeRaw(path, content.left(content.size() / 2), 0600);
        } else if (damage == QStringLiteral("extra")) {
            writeRaw(path, QByteArray(32, 'k'), 0600);
        }
        const auto ring = KeyRing::load({dir});
        QVERIFY(!ring.ok());
        QCOMPARE(ring.code(), IssuerErrorCode::KeyUnavailable);
        QVERIFY2(ring.error().message.contains(expectInMessage), qPrintable(ring.error().message));
        // The message names the file (or the entry) and never carries key bytes.
        QVERIFY2(ring.error().message.contains(file) || damage == QStringLiteral("missing"),
                 qPrintable(ring.error().message));
        if (!content.isEmpty())
            QVERIFY(!ring.error().message.contains(QString::fromLatin1(content.toHex()), Qt::CaseInsensitive));
    }

    void loadRefusesOpenDirectory()
    {
        QTemporaryDir tmp;
        const QString dir = keyDir(tmp);
        createAndLoad(dir);
        QCOMPARE(::chmod(QFile::encodeName(dir).constData(), 0770), 0);
        auto ring = KeyRing::load({dir});
        QCOMPARE(ring.code(), IssuerErrorCode::KeyUnavailable);
        QCOMPARE(::chmod(QFile::encodeName(dir).constData(), 0755), 0); // readable is fine, writable is not
        QVERIFY(KeyRing::load({dir}).ok());
        QCOMPARE(KeyRing::load({tmp.filePath(QStringLiteral("absent"))}).code(), IssuerErrorCode::KeyUnavailable);
    }

    void rotationKeepsOldBlobsReadable()
    {
        QTemporaryDir tmp;
        const QString dir = keyDir(tmp);
        const KeyRing v1 = createAndLoad(dir);
        const SecureBytes batchKey = KeyRing::generateBatchKey().value();
        const Bytes oldBlob = v1.wrapBatchKey(batchKey).value();
        const Bytes oldSealed = v1.sealPersonalData(fromHex("0102"), fromHex("aa")).value();
        QCOMPARE(oldBlob.front(), std::uint8_t{1});

        const auto added = KeyRing::addMasterKeyVersion({dir});
        QVERIFY(added.ok());
        QCOMPARE(added.value(), std::uint8_t{2});
        const KeyRing v2 = KeyRing::load({dir}).value();
        QCOMPARE(v2.currentMasterKeyVersion(), std::uint8_t{2});
        QCOMPARE(v2.masterKeyVersions(), (std::vector<std::uint8_t>{1, 2}));
        QVERIFY(v2.unwrapBatchKey(oldBlob).value() == batchKey);
        QVERIFY(v2.openPersonalData(oldSealed, fromHex("aa")).value() == secureFromHex("0102"));
        const Bytes newBlob = v2.wrapBatchKey(batchKey).value();
        QCOMPARE(newBlob.front(), std::uint8_t{2});
        QVERIFY(newBlob != oldBlob);
        QCOMPARE(v2.sealPersonalData(fromHex("0102"), fromHex("aa")).value().front(), std::uint8_t{2});
        // The old ring does not know v2.
        QCOMPARE(v1.unwrapBatchKey(newBlob).code(), IssuerErrorCode::KeyUnavailable);
        // Customer pseudonyms and the operator variant survive a rotation.
        QCOMPARE(v2.customerKey(1, QStringLiteral("AB123456")), v1.customerKey(1, QStringLiteral("AB123456")));
        QVERIFY(v2.operatorVariant() == v1.operatorVariant());
        // Retailer card keys follow the current master key.
        QVERIFY(v2.retailerCardKeys(fromHex("0102"), 1).value().enc !=
                v1.retailerCardKeys(fromHex("0102"), 1).value().enc);
    }

    void wrapUnwrap()
    {
        QTemporaryDir tmp;
        const KeyRing ring = createAndLoad(keyDir(tmp));
        const SecureBytes batchKey = KeyRing::generateBatchKey().value();
        QCOMPARE(batchKey.size(), std::size_t{16});
        QVERIFY(KeyRing::generateBatchKey().value() != batchKey);
        const Bytes blob = ring.wrapBatchKey(batchKey).value();
        QCOMPARE(blob.size(), std::size_t{25});
        QVERIFY(ring.unwrapBatchKey(blob).value() == batchKey);

        const SecureBytes secrets = secureFromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        const Bytes wrapped = ring.wrapCardSecrets(secrets).value();
        QCOMPARE(wrapped.size(), std::size_t{41});
        QVERIFY(ring.unwrapCardSecrets(wrapped).value() == secrets);
        // Separate KEKs: a card-secrets blob is no batch key and the other way round.
        Bytes asBatch = ring.wrapBatchKey(secureFromHex("00112233445566778899aabbccddeeff")).value();
        QVERIFY(!ring.unwrapCardSecrets(asBatch).ok());

        for (std::size_t i = 0; i < blob.size(); ++i) {
            Bytes tampered = blob;
            tampered[i] ^= 0x01;
            const auto result = ring.unwrapBatchKey(tampered);
            QVERIFY2(!result.ok(), qPrintable(QString::number(i)));
        }
        QCOMPARE(ring.unwrapBatchKey(Bytes(blob.begin(), blob.end() - 1)).code(), IssuerErrorCode::InvalidInput);
        QCOMPARE(ring.wrapBatchKey(SecureBytes(15, 1)).code(), IssuerErrorCode::InvalidInput);
        QCOMPARE(ring.wrapCardSecrets(SecureBytes(16, 1)).code(), IssuerErrorCode::InvalidInput);
    }

    void admCodeFromWrappedBatchKey()
    {
        QTemporaryDir tmp;
        const KeyRing ring = createAndLoad(keyDir(tmp));
        const SecureBytes batchKey = secureFromHex("404142434445464748494a4b4c4d4e4f");
        const Bytes blob = ring.wrapBatchKey(batchKey).value();
        const QString iccid = QStringLiteral("8988211000000000017");
        const auto code = ring.admCode(blob, iccid);
        QVERIFY(code.ok());
        QVERIFY(code.value() == keys::deriveAdmCode(view(batchKey), "8988211000000000017").value());
        QCOMPARE(ring.admCode(blob, QStringLiteral("12")).code(), IssuerErrorCode::InvalidInput);
    }

    void sealOpen()
    {
        QTemporaryDir tmp;
        const KeyRing ring = createAndLoad(keyDir(tmp));
        const Bytes plain = fromHex("a1636b6579656461746100");
        const Bytes context = fromHex("435553542d3031");
        const Bytes sealed = ring.sealPersonalData(plain, context).value();
        QCOMPARE(sealed.size(), 1 + 12 + plain.size() + 16);
        QVERIFY(ring.sealPersonalData(plain, context).value() != sealed); // fresh nonce
        QVERIFY(ring.openPersonalData(sealed, context).value() == SecureBytes(plain.begin(), plain.end()));
        QCOMPARE(ring.openPersonalData(sealed, fromHex("435553542d3032")).code(), IssuerErrorCode::InvalidInput);
        QVERIFY(!ring.openPersonalData(sealed, {}).ok());
        Bytes tampered = sealed;
        tampered[20] ^= 0x80;
        QVERIFY(!ring.openPersonalData(tampered, context).ok());
        QVERIFY(!ring.openPersonalData(Bytes(sealed.begin(), sealed.begin() + 28), context).ok());
        // Empty plaintext is allowed.
        const Bytes empty = ring.sealPersonalData({}, context).value();
        QVERIFY(ring.openPersonalData(empty, context).value().empty());
    }

    void customerKeys()
    {
        QTemporaryDir tmp;
        const KeyRing ring = createAndLoad(keyDir(tmp));
        const Bytes a = ring.customerKey(1, QStringLiteral("X1234567"));
        QCOMPARE(a.size(), std::size_t{32});
        QCOMPARE(ring.customerKey(1, QStringLiteral("X1234567")), a);
        QCOMPARE(ring.customerKey(1, QStringLiteral("x1234 567")), a); // normalised
        QVERIFY(ring.customerKey(2, QStringLiteral("X1234567")) != a);
        QVERIFY(ring.customerKey(1, QStringLiteral("X1234568")) != a);
        QTemporaryDir other;
        QVERIFY(createAndLoad(keyDir(other)).customerKey(1, QStringLiteral("X1234567")) != a);
    }

    void signVerify()
    {
        QTemporaryDir tmp;
        const KeyRing ring = createAndLoad(keyDir(tmp));
        const Bytes message = fromHex("a501020304");
        const Bytes signature = ring.sign(message).value();
        QCOMPARE(signature.size(), std::size_t{64});
        const QString pem = ring.signingPublicKeyPem();
        QVERIFY(KeyRing::verifySignature(pem, message, signature));
        Bytes altered = message;
        altered[2] ^= 0x01;
        QVERIFY(!KeyRing::verifySignature(pem, altered, signature));
        Bytes badSignature = signature;
        badSignature[63] ^= 0x01;
        QVERIFY(!KeyRing::verifySignature(pem, message, badSignature));
        QVERIFY(!KeyRing::verifySignature(pem, message, Bytes(signature.begin(), signature.end() - 1)));
        QVERIFY(!KeyRing::verifySignature(QStringLiteral("not a key"), message, signature));
        QTemporaryDir other;
        QVERIFY(!KeyRing::verifySignature(createAndLoad(keyDir(other)).signingPublicKeyPem(), message, signature));
        // The key survives a reload.
        const auto reloaded = KeyRing::load({keyDir(tmp)});
        QCOMPARE(reloaded.value().signingPublicKeyPem(), pem);
    }

    void rfc3394KnownAnswer_data()
    {
        QTest::addColumn<QString>("kek");
        QTest::addColumn<QString>("data");
        QTest::addColumn<QString>("wrapped");
        // RFC 3394 section 4.1: 128 bits of key data with a 128-bit KEK.
        QTest::newRow("4.1") << QStringLiteral("000102030405060708090A0B0C0D0E0F")
                             << QStringLiteral("00112233445566778899AABBCCDDEEFF")
                             << QStringLiteral("1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5");
        // RFC 3394 section 4.6: 256 bits of key data with a 256-bit KEK (our KEKs are AES-256).
        QTest::newRow("4.6") << QStringLiteral("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F")
                             << QStringLiteral("00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F")
                             << QStringLiteral(
                                    "28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21");
    }

    void rfc3394KnownAnswer()
    {
        QFETCH(QString, kek);
        QFETCH(QString, data);
        QFETCH(QString, wrapped);
        const SecureBytes key = secureFromHex(kek.toStdString());
        auto cipher = Botan::BlockCipher::create_or_throw(key.size() == 16 ? "AES-128" : "AES-256");
        cipher->set_key(key);
        const SecureBytes plain = secureFromHex(data.toStdString());
        const std::vector<std::uint8_t> out = Botan::nist_key_wrap(plain.data(), plain.size(), *cipher);
        QCOMPARE(QString::fromStdString(toHex(out)).toUpper(), wrapped);
        const SecureBytes back = Botan::nist_key_unwrap(out.data(), out.size(), *cipher);
        QVERIFY(back == plain);
    }

    void retailerKeysMatchDiversification()
    {
        QTemporaryDir tmp;
        const QString dir = keyDir(tmp);
        const KeyRing ring = createAndLoad(dir);
        const QByteArray master = readAll(QDir(dir).filePath(QStringLiteral("master-v1.key")));
        const Bytes masterBytes(master.begin(), master.end());
        const Bytes serial = fromHex("0011223344556677");
        const auto expected = keys::deriveRetailerCardKeys(masterBytes, serial, 0x21).value();
        const auto actual = ring.retailerCardKeys(serial, 0x21).value();
        QVERIFY(actual.enc == expected.enc);
        QVERIFY(actual.mac == expected.mac);
        QVERIFY(actual.dek == expected.dek);
        QCOMPARE(actual.keyVersion, std::uint8_t{0x21});
        QCOMPARE(ring.retailerCardKeys({}, 1).code(), IssuerErrorCode::InvalidInput);
        QCOMPARE(ring.retailerCardKeys(serial, 0xFF).code(), IssuerErrorCode::InvalidInput);

        // The operator variant is the documented derivation (constant A4 under master v1).
        QVERIFY(ring.operatorVariant() == deriveIssuerKey(masterBytes, 1, derivation::kOperatorVariant, 16).value());
        const SecureBytes ki = secureFromHex("465b5ce8b199b49faa5f0a2ee238a6bc");
        QCOMPARE(milenage::Milenage::computeOpc(ki, ring.operatorVariant()).value().size(), std::size_t{16});
    }

    void concurrentConstCalls()
    {
        QTemporaryDir tmp;
        const KeyRing ring = createAndLoad(keyDir(tmp));
        const SecureBytes batchKey = KeyRing::generateBatchKey().value();
        std::atomic<int> failures{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&] {
                for (int i = 0; i < 20; ++i) {
                    const Bytes blob = ring.wrapBatchKey(batchKey).value();
                    const Bytes signature = ring.sign(blob).value();
                    if (!(ring.unwrapBatchKey(blob).value() == batchKey) ||
                        !KeyRing::verifySignature(ring.signingPublicKeyPem(), blob, signature))
                        ++failures;
                }
            });
        }
        for (auto& thread : threads)
            thread.join();
        QCOMPARE(failures.load(), 0);
    }
};

QTEST_GUILESS_MAIN(TestIssuerKeyRing)
#include "tst_issuerkeyring.moc"
