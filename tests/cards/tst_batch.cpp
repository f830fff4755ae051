// SPDX-License-Identifier: Apache-2.0
#include "protocol/keys/Diversification.h"
#include "protocol/wire/Iccid.h"
#include "terminal/cards/Batch.h"
#include "terminal/cards/CardFile.h"
#include "terminal/cards/SimCard.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace perso;
using namespace perso::cards;

Q_DECLARE_METATYPE(perso::ErrorCode)

namespace {

const SecureBytes kBatchKey = secureFromHex("000102030405060708090A0B0C0D0E0F");
const QString kFirst = QStringLiteral("8944123456789012348");

QStringList cardFiles(const QString& folder)
{
    return QDir(folder).entryList(QStringList{QStringLiteral("*.card")}, QDir::Files, QDir::Name);
}

std::uint16_t verifyAdm(SimCard& card, const SecureBytes& adm)
{
    card.powerOn();
    return card.process(CommandApdu(0x00, 0x20, 0x00, 0x0A, adm)).sw();
}

} // namespace

class TestBatch : public QObject
{
    Q_OBJECT

private slots:
    void luhn_data()
    {
        QTest::addColumn<QString>("digits");
        QTest::addColumn<bool>("valid");
        QTest::newRow("textbook 79927398713") << QStringLiteral("79927398713") << true;
        QTest::newRow("textbook, last digit off") << QStringLiteral("79927398710") << false;
        QTest::newRow("ICCID 89014103211118510720") << QStringLiteral("89014103211118510720") << true;
        QTest::newRow("ICCID, swapped digits") << QStringLiteral("89014103211118501720") << false;
        QTest::newRow("ICCID 19 digits") << kFirst << true;
        QTest::newRow("ICCID 19 digits, wrong check") << QStringLiteral("8944123456789012349") << false;
        QTest::newRow("letter") << QStringLiteral("8944A23456789012348") << false;
        QTest::newRow("one digit") << QStringLiteral("0") << false;
        QTest::newRow("empty") << QString() << false;
    }

    void luhn()
    {
        QFETCH(QString, digits);
        QFETCH(bool, valid);
        QCOMPARE(Iccids::hasValidLuhn(digits), valid);
    }

    void consecutiveIccids_data()
    {
        QTest::addColumn<QString>("first");
        QTest::addColumn<int>("count");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("three") << kFirst << 3
                               << QStringList{kFirst, QStringLiteral("8944123456789012355"),
                                              QStringLiteral("8944123456789012363")};
        QTest::newRow("carry") << QStringLiteral("8931440400000000990") << 3
                               << QStringList{QStringLiteral("8931440400000000990"),
                                              QStringLiteral("8931440400000001006"),
                                              QStringLiteral("8931440400000001014")};
        QTest::newRow("20 digits, one card")
            << QStringLiteral("89014103211118510720") << 1 << QStringList{QStringLiteral("89014103211118510720")};
    }

    void consecutiveIccids()
    {
        QFETCH(QString, first);
        QFETCH(int, count);
        QFETCH(QStringList, expected);
        const Result<std::vector<QString>> range = Iccids::consecutive(first, count);
        QVERIFY(range.ok());
        QCOMPARE(QStringList(range.value().begin(), range.value().end()), expected);
        for (const QString& iccid : range.value())
            QVERIFY(Iccids::hasValidLuhn(iccid));
    }

    void createThenOpen()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("B-2026-001"));
        const Status created = Batch::create(folder, QStringLiteral("B-2026-001"), kFirst, 5, kBatchKey);
        QVERIFY2(created.ok(), created.ok() ? "" : qPrintable(created.error().message));
        QVERIFY(QFile::exists(QDir(folder).filePath(QStringLiteral("batch.cbor"))));
        QCOMPARE(cardFiles(folder).size(), 5);

        const Result<Batch> batch = Batch::open(folder);
        QVERIFY(batch.ok());
        const BatchManifest& m = batch.value().manifest();
        QCOMPARE(m.batchId, QStringLiteral("B-2026-001"));
        QCOMPARE(m.firstIccid, kFirst);
        QCOMPARE(m.lastIccid, Iccids::consecutive(kFirst, 5).value().back());
        QCOMPARE(m.count, 5);
        QCOMPARE(m.admDerivation, 1);
        QVERIFY(qAbs(m.created.secsTo(QDateTime::currentDateTimeUtc())) < 600);
        const std::vector<StockCard>& cards = batch.value().cards();
        QCOMPARE(cards.size(), std::size_t{5});
        const std::vector<QString> iccids = Iccids::consecutive(kFirst, 5).value();
        for (std::size_t i = 0; i < cards.size(); ++i) {
            QCOMPARE(cards[i].iccid, iccids[i]);
            QCOMPARE(cards[i].state, StockCard::State::Blank);
            QCOMPARE(QFileInfo(cards[i].path).fileName(), iccids[i] + QStringLiteral(".card"));
        }
    }

    void eachCardHasItsIccidAndDerivedAdm()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("b"));
        QVERIFY(Batch::create(folder, QStringLiteral("B1"), kFirst, 3, kBatchKey).ok());
        const std::vector<QString> iccids = Iccids::consecutive(kFirst, 3).value();
        for (const QString& iccid : iccids) {
            Result<std::unique_ptr<SimCard>> sim =
                SimCard::open(QDir(folder).filePath(iccid + QStringLiteral(".card")));
            QVERIFY(sim.ok());
            QCOMPARE(sim.value()->state().iccid(), wire::iccidFromDigits(iccid).value());
            const QByteArray ascii = iccid.toLatin1();
            const SecureBytes adm = keys::deriveAdmCode(view(kBatchKey), ascii.toStdString()).value();
            SecureBytes wrong = adm;
            wrong[0] = wrong[0] == '0' ? '1' : '0';
            QCOMPARE(verifyAdm(*sim.value(), wrong), std::uint16_t{0x63C2});
            QCOMPARE(verifyAdm(*sim.value(), adm), std::uint16_t{0x9000});
        }
    }

    void stockShowsPersonalisedAndBrokenCards()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("b"));
        QVERIFY(Batch::create(folder, QStringLiteral("B1"), kFirst, 4, kBatchKey).ok());
        const std::vector<QString> iccids = Iccids::consecutive(kFirst, 4).value();
        // Card 1: a DF created in its MF, as a package's first CREATE FILE would.
        const QString personalised = QDir(folder).filePath(iccids[1] + QStringLiteral(".card"));
        QCborMap map = CardFile::load(personalised).value();
        Result<sim::SimState> state = sim::SimState::fromCbor(map);
        QVERIFY(state.ok());
        sim::SimFile df;
        df.fid = sim::kFidGsm;
        state.value().mf.children.push_back(df);
        QCborMap next = state.value().toCbor();
        next.insert(QStringLiteral("kind"), CardFile::kindSim());
        QVERIFY(CardFile::save(personalised, next).ok());
        // Card 2 removed from the folder, card 3 overwritten with garbage.
        QVERIFY(QFile::remove(QDir(folder).filePath(iccids[2] + QStringLiteral(".card"))));
        QFile garbage(QDir(folder).filePath(iccids[3] + QStringLiteral(".card")));
        QVERIFY(garbage.open(QIODevice::WriteOnly | QIODevice::Truncate));
        garbage.write("not a card");
        garbage.close();

        const Result<Batch> batch = Batch::open(folder);
        QVERIFY(batch.ok());
        const std::vector<StockCard>& cards = batch.value().cards();
        QCOMPARE(cards.size(), std::size_t{4});
        QCOMPARE(cards[0].state, StockCard::State::Blank);
        QCOMPARE(cards[1].state, StockCard::State::Personalised);
        QCOMPARE(cards[2].state, StockCard::State::Unreadable);
        QCOMPARE(cards[2].problem, QStringLiteral("no card file"));
        QCOMPARE(cards[3].state, StockCard::State::Unreadable);
        QVERIFY(!cards[3].problem.isEmpty());
    }

    void createRefusesBadInput_data()
    {
        QTest::addColumn<QString>("batchId");
        QTest::addColumn<QString>("first");
        QTest::addColumn<int>("count");
        QTest::addColumn<QByteArray>("keyHex");
        const QByteArray key = QByteArrayLiteral("000102030405060708090A0B0C0D0E0F");
        QTest::newRow("wrong check digit") << QStringLiteral("B1") << QStringLiteral("8944123456789012349") << 2 << key;
        QTest::newRow("17 digits") << QStringLiteral("B1") << QStringLiteral("89441234567890125") << 2 << key;
        QTest::newRow("21 digits") << QStringLiteral("B1") << QStringLiteral("894412345678901234567") << 2 << key;
        QTest::newRow("letters") << QStringLiteral("B1") << QStringLiteral("8944A23456789012348") << 2 << key;
        QTest::newRow("count 0") << QStringLiteral("B1") << kFirst << 0 << key;
        QTest::newRow("count too large") << QStringLiteral("B1") << kFirst << Batch::kMaxCards + 1 << key;
        QTest::newRow("range overflows") << QStringLiteral("B1") << QStringLiteral("9999999999999999998") << 2 << key;
        QTest::newRow("empty batch id") << QString() << kFirst << 2 << key;
        QTest::newRow("batch id with space") << QStringLiteral("B 1") << kFirst << 2 << key;
        QTest::newRow("batch id 33 chars") << QString(33, QLatin1Char('B')) << kFirst << 2 << key;
        QTest::newRow("key 8 bytes") << QStringLiteral("B1") << kFirst << 2 << QByteArrayLiteral("0001020304050607");
    }

    void createRefusesBadInput()
    {
        QFETCH(QString, batchId);
        QFETCH(QString, first);
        QFETCH(int, count);
        QFETCH(QByteArray, keyHex);
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("b"));
        const Status created = Batch::create(folder, batchId, first, count, secureFromHex(keyHex.toStdString()));
        QVERIFY(!created.ok());
        QCOMPARE(created.code(), ErrorCode::InvalidParameter);
        QVERIFY(!QDir(folder).exists());
    }

    void createRefusesNonEmptyFolder()
    {
        QTemporaryDir dir;
        QFile other(dir.filePath(QStringLiteral("notes.txt")));
        QVERIFY(other.open(QIODevice::WriteOnly));
        other.close();
        const Status created = Batch::create(dir.path(), QStringLiteral("B1"), kFirst, 2, kBatchKey);
        QVERIFY(!created.ok());
        QCOMPARE(cardFiles(dir.path()).size(), 0);
    }

    void failedWriterLeavesNoBatch()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("b"));
        int calls = 0;
        const Batch::BlankCardWriter failThird = [&calls](const QString& path, const Bytes& iccid,
                                                          const SecureBytes& adm) -> Status {
            if (++calls == 3)
                return makeError(ErrorCode::InvalidParameter, QStringLiteral("disk full"));
            return SimCard::createBlank(path, iccid, adm);
        };
        const Status created = Batch::create(folder, QStringLiteral("B1"), kFirst, 5, kBatchKey, failThird);
        QVERIFY(!created.ok());
        QCOMPARE(created.error().message, QStringLiteral("disk full"));
        QCOMPARE(calls, 3);
        QCOMPARE(cardFiles(folder).size(), 0);
        QVERIFY(!QFile::exists(QDir(folder).filePath(QStringLiteral("batch.cbor"))));
        QVERIFY(!Batch::open(folder).ok());
    }

    void openRefusesBadManifest_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QCborValue>("value");
        QTest::addColumn<ErrorCode>("code");
        QTest::newRow("version 2") << QStringLiteral("version") << QCborValue(2) << ErrorCode::UnsupportedVersion;
        QTest::newRow("other format") << QStringLiteral("format") << QCborValue(QStringLiteral("x"))
                                      << ErrorCode::SchemaViolation;
        QTest::newRow("count off by one") << QStringLiteral("count") << QCborValue(4) << ErrorCode::SchemaViolation;
        QTest::newRow("last ICCID not in range")
            << QStringLiteral("lastIccid") << QCborValue(kFirst) << ErrorCode::SchemaViolation;
        QTest::newRow("first ICCID bad Luhn")
            << QStringLiteral("firstIccid") << QCborValue(QStringLiteral("8944123456789012349"))
            << ErrorCode::SchemaViolation;
        QTest::newRow("ADM derivation 2")
            << QStringLiteral("admDerivation") << QCborValue(2) << ErrorCode::UnsupportedVersion;
        QTest::newRow("created not a time")
            << QStringLiteral("created") << QCborValue(QStringLiteral("yesterday")) << ErrorCode::SchemaViolation;
        QTest::newRow("no batch id") << QStringLiteral("batchId") << QCborValue() << ErrorCode::SchemaViolation;
        QTest::newRow("unknown key") << QStringLiteral("extra") << QCborValue(1) << ErrorCode::SchemaViolation;
    }

    void openRefusesBadManifest()
    {
        QFETCH(QString, key);
        QFETCH(QCborValue, value);
        QFETCH(ErrorCode, code);
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("b"));
        QVERIFY(Batch::create(folder, QStringLiteral("B1"), kFirst, 3, kBatchKey).ok());
        const QString manifest = QDir(folder).filePath(Batch::manifestFileName());
        QCborMap map =
            CardFile::parseCbor(CardFile::readBounded(manifest, Batch::kMaxManifestSize).value()).value().toMap();
        if (value.isUndefined())
            map.remove(key);
        else
            map.insert(key, value);
        QVERIFY(CardFile::writeAtomically(manifest, map.toCborValue().toCbor()).ok());
        const Result<Batch> batch = Batch::open(folder);
        QVERIFY(!batch.ok());
        QCOMPARE(batch.code(), code);
    }

    void openRefusesTruncatedManifest()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("b"));
        QVERIFY(Batch::create(folder, QStringLiteral("B1"), kFirst, 2, kBatchKey).ok());
        const QString manifest = QDir(folder).filePath(Batch::manifestFileName());
        const QByteArray bytes = CardFile::readBounded(manifest, Batch::kMaxManifestSize).value();
        QVERIFY(CardFile::writeAtomically(manifest, bytes.left(bytes.size() - 3)).ok());
        const Result<Batch> batch = Batch::open(folder);
        QVERIFY(!batch.ok());
        QCOMPARE(batch.code(), ErrorCode::Truncated);
        QCOMPARE(Batch::open(dir.filePath(QStringLiteral("nowhere"))).code(), ErrorCode::InvalidParameter);
    }
};

QTEST_GUILESS_MAIN(TestBatch)
#include "tst_batch.moc"
