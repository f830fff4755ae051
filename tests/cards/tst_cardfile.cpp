// SPDX-License-Identifier: Apache-2.0
#include "terminal/cards/CardFile.h"
#include "terminal/cards/CardLoader.h"
#include "terminal/cards/RetailerCard.h"
#include "terminal/cards/SimCard.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace perso;
using namespace perso::cards;

Q_DECLARE_METATYPE(perso::ErrorCode)

namespace {

QCborMap simState()
{
    QCborMap map;
    map.insert(QStringLiteral("kind"), QStringLiteral("sim"));
    map.insert(QStringLiteral("iccid"), QByteArray::fromHex("98440000000000000000"));
    map.insert(QStringLiteral("counter"), 42);
    return map;
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

bool writeAll(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

unsigned modeOf(const QString& path)
{
    struct stat st
    {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return 0;
    return st.st_mode & 0777;
}

} // namespace

class TestCardFile : public QObject
{
    Q_OBJECT

private slots:
    void saveThenLoadRoundTrips()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("a.card"));
        QVERIFY(CardFile::save(path, simState()).ok());
        const Result<QCborMap> loaded = CardFile::load(path);
        QVERIFY(loaded.ok());
        QCOMPARE(loaded.value().value(QStringLiteral("format")).toString(), QStringLiteral("retail-perso-card"));
        QCOMPARE(loaded.value().value(QStringLiteral("version")).toInteger(), 1);
        QCOMPARE(loaded.value().value(QStringLiteral("kind")).toString(), QStringLiteral("sim"));
        QCOMPARE(loaded.value().value(QStringLiteral("iccid")).toByteArray(),
                 QByteArray::fromHex("98440000000000000000"));
        QCOMPARE(loaded.value().value(QStringLiteral("counter")).toInteger(), 42);
        QCOMPARE(loaded.value().size(), 5);
    }

    void fileIsOwnerOnlyAndNoTemporaryRemains()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("a.card"));
        QVERIFY(CardFile::save(path, simState()).ok());
        QCOMPARE(modeOf(path), 0600u);
        // Overwriting a file that someone widened brings it back to 0600.
        QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther));
        QCOMPARE(modeOf(path), 0604u);
        QCborMap next = simState();
        next.insert(QStringLiteral("counter"), 43);
        QVERIFY(CardFile::save(path, next).ok());
        QCOMPARE(modeOf(path), 0600u);
        QCOMPARE(CardFile::load(path).value().value(QStringLiteral("counter")).toInteger(), 43);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("a.card")});
    }

    void saveRefusesBadHeaders_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QCborValue>("value");
        QTest::addColumn<ErrorCode>("code");
        QTest::newRow("no kind") << QStringLiteral("kind") << QCborValue() << ErrorCode::InvalidParameter;
        QTest::newRow("unknown kind") << QStringLiteral("kind") << QCborValue(QStringLiteral("bank"))
                                      << ErrorCode::InvalidParameter;
        QTest::newRow("kind not text") << QStringLiteral("kind") << QCborValue(1) << ErrorCode::InvalidParameter;
        QTest::newRow("other format") << QStringLiteral("format") << QCborValue(QStringLiteral("x"))
                                      << ErrorCode::InvalidParameter;
        QTest::newRow("other version") << QStringLiteral("version") << QCborValue(2) << ErrorCode::InvalidParameter;
    }

    void saveRefusesBadHeaders()
    {
        QFETCH(QString, key);
        QFETCH(QCborValue, value);
        QFETCH(ErrorCode, code);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("a.card"));
        QVERIFY(CardFile::save(path, simState()).ok());
        const QByteArray before = readAll(path);
        QCborMap bad = simState();
        if (value.isUndefined())
            bad.remove(key);
        else
            bad.insert(key, value);
        const Status saved = CardFile::save(path, bad);
        QVERIFY(!saved.ok());
        QCOMPARE(saved.code(), code);
        QCOMPARE(readAll(path), before); // the previous state is untouched
    }

    void saveRefusesOversizedState()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("big.card"));
        QCborMap big = simState();
        big.insert(QStringLiteral("blob"), QByteArray(CardFile::kMaxFileSize, 'x'));
        const Status saved = CardFile::save(path, big);
        QVERIFY(!saved.ok());
        QCOMPARE(saved.code(), ErrorCode::Oversized);
        QVERIFY(!QFile::exists(path));
    }

    void saveFailsOnUnwritablePath()
    {
        QTemporaryDir dir;
        const Status saved = CardFile::save(dir.filePath(QStringLiteral("no/such/folder/a.card")), simState());
        QVERIFY(!saved.ok());
        QCOMPARE(saved.code(), ErrorCode::InvalidParameter);
    }

    void loadRefusesBrokenFiles_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<ErrorCode>("code");
        QTest::newRow("empty") << QStringLiteral("empty.card") << ErrorCode::Truncated;
        QTest::newRow("truncated") << QStringLiteral("truncated.card") << ErrorCode::Truncated;
        QTest::newRow("garbage") << QStringLiteral("garbage.card") << ErrorCode::InvalidEncoding;
        QTest::newRow("trailing byte") << QStringLiteral("trailing.card") << ErrorCode::TrailingData;
        QTest::newRow("array, not map") << QStringLiteral("not-a-map.card") << ErrorCode::SchemaViolation;
        QTest::newRow("other format") << QStringLiteral("wrong-format.card") << ErrorCode::SchemaViolation;
        QTest::newRow("version 2") << QStringLiteral("wrong-version.card") << ErrorCode::UnsupportedVersion;
        QTest::newRow("version as text") << QStringLiteral("version-as-text.card") << ErrorCode::SchemaViolation;
        QTest::newRow("unknown kind") << QStringLiteral("wrong-kind.card") << ErrorCode::SchemaViolation;
        QTest::newRow("no kind") << QStringLiteral("no-kind.card") << ErrorCode::SchemaViolation;
        QTest::newRow("duplicate key") << QStringLiteral("duplicate-key.card") << ErrorCode::SchemaViolation;
        QTest::newRow("integer key") << QStringLiteral("integer-key.card") << ErrorCode::SchemaViolation;
        QTest::newRow("huge map count") << QStringLiteral("huge-count.card") << ErrorCode::Oversized;
        QTest::newRow("missing") << QStringLiteral("does-not-exist.card") << ErrorCode::InvalidParameter;
    }

    void loadRefusesBrokenFiles()
    {
        QFETCH(QString, file);
        QFETCH(ErrorCode, code);
        const Result<QCborMap> loaded = CardFile::load(QStringLiteral(PERSO_TEST_DATA_DIR "/cards/") + file);
        QVERIFY(!loaded.ok());
        QCOMPARE(loaded.code(), code);
        QVERIFY(!loaded.error().message.isEmpty());
    }

    void loadAcceptsTheValidSample()
    {
        const Result<QCborMap> loaded = CardFile::load(QStringLiteral(PERSO_TEST_DATA_DIR "/cards/valid-sim.card"));
        QVERIFY(loaded.ok());
        QCOMPARE(loaded.value().value(QStringLiteral("kind")).toString(), QStringLiteral("sim"));
    }

    void loadRefusesEveryTruncation()
    {
        QTemporaryDir dir;
        const QString good = dir.filePath(QStringLiteral("good.card"));
        QVERIFY(CardFile::save(good, simState()).ok());
        const QByteArray bytes = readAll(good);
        QVERIFY(bytes.size() > 20);
        const QString cut = dir.filePath(QStringLiteral("cut.card"));
        for (qsizetype n = 0; n < bytes.size(); ++n) {
            QVERIFY(writeAll(cut, bytes.left(n)));
            const Result<QCborMap> loaded = CardFile::load(cut);
            QVERIFY2(!loaded.ok(), qPrintable(QStringLiteral("prefix of %1 bytes accepted").arg(n)));
            QCOMPARE(loaded.code(), ErrorCode::Truncated);
        }
    }

    void loadRefusesOversizedFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("big.card"));
        QVERIFY(writeAll(path, QByteArray(CardFile::kMaxFileSize + 1, '\0')));
        const Result<QCborMap> loaded = CardFile::load(path);
        QVERIFY(!loaded.ok());
        QCOMPARE(loaded.code(), ErrorCode::Oversized);
    }

    void openCardDispatchesOnKind()
    {
        QTemporaryDir dir;
        const QString retailer = dir.filePath(QStringLiteral("r.card"));
        scp03::StaticKeys keys{SecureBytes(16, 1), SecureBytes(16, 2), SecureBytes(16, 3), 0x30};
        QVERIFY(RetailerCard::create(retailer, fromHex("A1A2A3A4A5A6A7A8"), QStringLiteral("Shop"),
                                     SecureBytes{'1', '2', '3', '4'}, SecureBytes(8, '9'), keys)
                    .ok());
        const QString sim = dir.filePath(QStringLiteral("s.card"));
        QVERIFY(SimCard::createBlank(sim, fromHex("98440000000000000000"), SecureBytes(8, '7')).ok());

        Result<std::unique_ptr<VirtualCard>> card = openCard(retailer);
        QVERIFY(card.ok());
        QCOMPARE(card.value()->kind(), QStringLiteral("retailer"));
        QCOMPARE(card.value()->label(), QStringLiteral("A1A2A3A4A5A6A7A8"));
        QVERIFY(dynamic_cast<RetailerCard*>(card.value().get()) != nullptr);
        card = openCard(sim);
        QVERIFY(card.ok());
        QCOMPARE(card.value()->kind(), QStringLiteral("sim"));
        QVERIFY(dynamic_cast<SimCard*>(card.value().get()) != nullptr);

        // A retailer card's fields under "kind": "sim" is refused by the SIM, not half-loaded.
        QCborMap map = CardFile::load(retailer).value();
        map.insert(QStringLiteral("kind"), CardFile::kindSim());
        QVERIFY(CardFile::save(retailer, map).ok());
        card = openCard(retailer);
        QVERIFY(!card.ok());
        QCOMPARE(card.code(), ErrorCode::SchemaViolation);
        card = openCard(QStringLiteral(PERSO_TEST_DATA_DIR "/cards/garbage.card"));
        QVERIFY(!card.ok());
        QCOMPARE(card.code(), ErrorCode::InvalidEncoding);
    }

    void loadRefusesFolder()
    {
        QTemporaryDir dir;
        const Result<QCborMap> loaded = CardFile::load(dir.path());
        QVERIFY(!loaded.ok());
        QCOMPARE(loaded.code(), ErrorCode::InvalidParameter);
    }
};

QTEST_GUILESS_MAIN(TestCardFile)
#include "tst_cardfile.moc"
