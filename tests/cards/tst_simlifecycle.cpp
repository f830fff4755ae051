// SPDX-License-Identifier: Apache-2.0
// Life cycle (deactivate, activate, terminate, delete), CREATE FILE refusals, cyclic files,
// memory-failure rollback, card files that were tampered with, power and ATR.
#include "tst_simsupport.h"

#include "terminal/cards/CardFile.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace simtest;

namespace {
const std::string kWrongPin = "39383736FFFFFFFF"; // "9876"
const std::string kNewPin = "35373931FFFFFFFF";   // "5791"
const std::string kAidSelect = "00A4040C07A0000000871002";
} // namespace

class TestSimLifeCycle : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void deactivateAndActivate();
    void terminateEf();
    void createFileRefusals_data();
    void createFileRefusals();
    void deleteAndRecreate();
    void cyclicFileKeepsNewestFirst();
    void memoryFailureRollsBack_data();
    void memoryFailureRollsBack();
    void tamperedFileRefused();
    void poweredOffCardIsSilent();

private:
    std::unique_ptr<SimCard> copy() { return m_sims.copy(); }
    QTemporaryDir m_dir;
    PersonalisedSimCopies m_sims{m_dir};
};

void TestSimLifeCycle::initTestCase()
{
    const QString refused = m_sims.personalise();
    QVERIFY2(refused.isEmpty(), qPrintable(refused));
}

void TestSimLifeCycle::deactivateAndActivate()
{
    auto card = copy();
    QVERIFY(card != nullptr);
    QCOMPARE(send(*card, "0020000A08" + std::string(kAdm)).sw, 0x9000);
    QCOMPARE(send(*card, "0020000108" + std::string(kPin1)).sw, 0x9000);
    QCOMPARE(send(*card, kAidSelect).sw, 0x9000);
    QCOMPARE(send(*card, "00040000026F07").sw, 0x9000);
    QCOMPARE(send(*card, "00A4000C026F07").sw, 0x6283);
    QCOMPARE(send(*card, "00B0000009").sw, 0x6985);
    QCOMPARE(send(*card, "A0B0000009").sw, 0x9810);
    QCOMPARE(send(*card, "A0A40000026F07").sw, 0x9F0F);
    QCOMPARE(send(*card, "A0C000000F").data.mid(22, 2), QStringLiteral("00")); // file status: invalidated
    QCOMPARE(openCard(card->path())->state().mf.children[1].child(0x6F07)->lifeCycle,
             perso::cards::sim::LifeCycle::Deactivated);
    QCOMPARE(send(*card, "A0440000").sw, 0x9000); // GSM REHABILITATE of the current EF
    QCOMPARE(send(*card, "A0B0000009").sw, 0x9000);
    QCOMPARE(send(*card, "A0040000").sw, 0x9000); // GSM INVALIDATE
    QCOMPARE(send(*card, "A0040000").sw, 0x9000); // idempotent
    QCOMPARE(send(*card, "A004000002").sw, 0x6700);
    QCOMPARE(send(*card, "00440000").sw, 0x9000); // ACTIVATE FILE of the current EF
    QCOMPARE(send(*card, "00B0000009").sw, 0x9000);
    // A DF that was never activated cannot be deactivated; the whole ADF can be.
    QCOMPARE(send(*card, "00040000027FF0").sw, 0x9000);
    QCOMPARE(send(*card, "00A4000C026FAD").sw, 0x9000);
    QCOMPARE(send(*card, "00B0000004").sw, 0x6985);
    QCOMPARE(send(*card, "00A40004027FF000").sw, 0x6283);
    QCOMPARE(send(*card, "00440000027FF0").sw, 0x9000);
    card->powerOn();
    QCOMPARE(send(*card, "00A4080C047FF06FAD").sw, 0x9000);
    QCOMPARE(send(*card, "00B0000004").sw, 0x9000);
}

void TestSimLifeCycle::terminateEf()
{
    auto card = copy();
    QVERIFY(card != nullptr);
    QCOMPARE(send(*card, "0020000A08" + std::string(kAdm)).sw, 0x9000);
    QCOMPARE(send(*card, kAidSelect).sw, 0x9000);
    QCOMPARE(send(*card, createFile("82024121"
                                    "83026F99"
                                    "8C063B1A1A1A1A00"
                                    "80020004"
                                    "8800"))
                 .sw,
             0x9000);
    QCOMPARE(send(*card, "00E60000026F99").sw, 0x6981);  // TERMINATE DF on an EF
    QCOMPARE(send(*card, "00E8000002 6F78").sw, 0x6982); // EF.ACC has no TERMINATE rule
    QCOMPARE(send(*card, "00E80000026F99").sw, 0x9000);
    QCOMPARE(send(*card, "00A40004026F9900").sw, 0x6285);
    QCOMPARE(send(*card, "00B0000004").sw, 0x6985);
    QCOMPARE(send(*card, "00440000026F99").sw, 0x6985); // no way back
    QCOMPARE(send(*card, "00E80000026F99").sw, 0x6985);
    QCOMPARE(send(*card, "00A4000C027FF0").sw, 0x9000);
    QCOMPARE(send(*card, "00E60000027FF0").sw, 0x9000); // TERMINATE DF: the whole application
    QCOMPARE(send(*card, "00A4000C026FAD").sw, 0x9000);
    QCOMPARE(send(*card, "00B0000004").sw, 0x6985);
    QCOMPARE(send(*card, "A0A40000027F20").sw, 0x9F16);
    QCOMPARE(send(*card, "A0A40000026FAD").sw, 0x9F0F);
    QCOMPARE(send(*card, "A0B0000004").sw, 0x9810);
}

void TestSimLifeCycle::createFileRefusals_data()
{
    QTest::addColumn<QString>("apdu");
    QTest::addColumn<int>("sw");
    auto row = [](const char* name, const std::string& apdu, int sw) {
        QTest::newRow(name) << QString::fromStdString(apdu) << sw;
    };
    row("duplicate FID",
        createFile("82024121"
                   "83026F07"
                   "8C020100"
                   "80020001"
                   "8800"),
        0x6A89);
    row("duplicate SFI",
        createFile("82024121"
                   "83026F98"
                   "8C020100"
                   "80020001"
                   "880138"),
        0x6A89);
    row("FID of the parent",
        createFile("82024121"
                   "83027FF0"
                   "8C020100"
                   "80020001"),
        0x6A89);
    row("unknown tag",
        createFile("82024121"
                   "83026F98"
                   "8C020100"
                   "80020001"
                   "850100"),
        0x6A80);
    row("repeated tag",
        createFile("82024121"
                   "83026F98"
                   "8C020100"
                   "80020001"
                   "80020001"),
        0x6A80);
    row("no security attributes",
        createFile("82024121"
                   "83026F98"
                   "80020001"),
        0x6A80);
    row("referenced security attributes",
        createFile("82024121"
                   "83026F98"
                   "8B036F0601"
                   "80020001"),
        0x6A80);
    row("bad security condition",
        createFile("82024121"
                   "83026F98"
                   "8C020133"
                   "80020001"),
        0x6A80);
    row("SC count differs from AM",
        createFile("82024121"
                   "83026F98"
                   "8C03010000"
                   "80020001"),
        0x6A80);
    row("no size",
        createFile("82024121"
                   "83026F98"
                   "8C020100"),
        0x6A80);
    row("size zero",
        createFile("82024121"
                   "83026F98"
                   "8C020100"
                   "80020000"),
        0x6A80);
    row("record count zero",
        createFile("82054221000A00"
                   "83026F98"
                   "8C020100"),
        0x6A80);
    row("record size mismatch",
        createFile("82054221000A02"
                   "83026F98"
                   "8C020100"
                   "80020015"),
        0x6A80);
    row("bad data coding",
        createFile("82024122"
                   "83026F98"
                   "8C020100"
                   "80020001"),
        0x6A80);
    row("bad descriptor",
        createFile("82020921"
                   "83026F98"
                   "8C020100"
                   "80020001"),
        0x6A80);
    row("reserved FID",
        createFile("82024121"
                   "83023FFF"
                   "8C020100"
                   "80020001"),
        0x6A80);
    row("SFI coding",
        createFile("82024121"
                   "83026F98"
                   "8C020100"
                   "80020001"
                   "880139"),
        0x6A80);
    row("DF created activated",
        createFile("82027821"
                   "83025F10"
                   "8C020100"
                   "8A0105"),
        0x6A80);
    row("DF in an ADF not allowed by rules",
        createFile("82027821"
                   "83025F10"
                   "8C020100"),
        0x6982);
    row("ADF inside an ADF (no CREATE DF rule)",
        createFile("82027821"
                   "83025F10"
                   "8405A000000087"
                   "8C020100"),
        0x6982);
    row("key file readable",
        createFile("82024121"
                   "8302FF01"
                   "8C020100"
                   "80020020"),
        0x6A80);
    row("key file wrong size",
        createFile("82024121"
                   "8302FF01"
                   "8C021A1A"
                   "80020010"),
        0x6A80);
    row("no space",
        createFile("82024121"
                   "83026F98"
                   "8C020100"
                   "80027FFF"),
        0x6A84);
    row("not a template", "00E000000482024121", 0x6A80);
    row("trailing bytes", "00E00000046200AAAA", 0x6A80);
}

void TestSimLifeCycle::createFileRefusals()
{
    QFETCH(QString, apdu);
    QFETCH(int, sw);
    auto card = copy();
    QVERIFY(card != nullptr);
    QCOMPARE(send(*card, "0020000A08" + std::string(kAdm)).sw, 0x9000);
    QCOMPARE(send(*card, kAidSelect).sw, 0x9000);
    const auto before = card->state();
    QCOMPARE(send(*card, apdu.toStdString()).sw, sw);
    QVERIFY(card->state() == before);
    QVERIFY(openCard(card->path())->state() == before);
}

void TestSimLifeCycle::deleteAndRecreate()
{
    // A card pulled mid-personalisation is recovered by deleting the unfinished ADF and starting over.
    const QString path = makeBlank(m_dir, QStringLiteral("recover.sim"));
    auto card = openCard(path);
    QVERIFY(card != nullptr);
    const auto steps = personalisation();
    for (std::size_t i = 0; i < 7; ++i) {
        QCOMPARE(send(*card, steps[i].apdu).sw, 0x9000);
    }
    card = openCard(path);
    QCOMPARE(send(*card, "00E40000027FF0").sw, 0x6982);
    QCOMPARE(send(*card, steps[0].apdu).sw, 0x9000);
    QCOMPARE(send(*card, "00E40000027FF0").sw, 0x9000);
    QCOMPARE(card->state().mf.children.size(), std::size_t(1));
    for (const Step& step : steps) {
        QCOMPARE(send(*card, step.apdu).sw, 0x9000);
    }
    QCOMPARE(send(*card, "00A4000C026F07").sw, 0x9000);
    QCOMPARE(send(*card, "00E40000026F07").sw, 0x9000); // an EF, by ADM1
    QCOMPARE(send(*card, "00A4000C026F07").sw, 0x6A82);
    QCOMPARE(send(*card, "00E40000026F07").sw, 0x6A82);
}

void TestSimLifeCycle::cyclicFileKeepsNewestFirst()
{
    auto card = copy();
    QVERIFY(card != nullptr);
    QCOMPARE(send(*card, "0020000A08" + std::string(kAdm)).sw, 0x9000);
    QCOMPARE(send(*card, kAidSelect).sw, 0x9000);
    QCOMPARE(send(*card, createFile("82054621000203"
                                    "83026F39"
                                    "8C030300"
                                    "00"
                                    "8800"))
                 .sw,
             0x9000);
    QCOMPARE(send(*card, "00DC000302AAAA").sw, 0x9000);
    QCOMPARE(send(*card, "00DC000302BBBB").sw, 0x9000);
    QCOMPARE(send(*card, "00DC000302CCCC").sw, 0x9000);
    QCOMPARE(send(*card, "00DC000302DDDD").sw, 0x9000); // overwrites the oldest (AAAA)
    QCOMPARE(send(*card, "00DC010402EEEE").sw, 0x6A86); // cyclic: previous mode only
    QCOMPARE(send(*card, "00B2010402").data, QStringLiteral("DDDD"));
    QCOMPARE(send(*card, "00B2020402").data, QStringLiteral("CCCC"));
    QCOMPARE(send(*card, "00B2030402").data, QStringLiteral("BBBB"));
    QCOMPARE(send(*card, "00B2000202").data, QStringLiteral("CCCC")); // pointer at 1 after the update
    QCOMPARE(send(*card, "00B2000202").data, QStringLiteral("BBBB"));
    QCOMPARE(send(*card, "00B2000202").data, QStringLiteral("DDDD")); // wraps
    card->powerOn();
    QCOMPARE(send(*card, "A0A40000027F20").sw, 0x9F16);
    QCOMPARE(send(*card, "A0A40000026F39").sw, 0x9F0F);
    QCOMPARE(send(*card, "A0C000000F").data.right(4), QStringLiteral("0302"));
    QCOMPARE(send(*card, "A0B2000302").data, QStringLiteral("BBBB")); // previous from none: the oldest
}

void TestSimLifeCycle::memoryFailureRollsBack_data()
{
    QTest::addColumn<QString>("apdu");
    QTest::addColumn<int>("sw");
    QTest::newRow("VERIFY ADM1, class 00") << QString::fromStdString("0020000A08" + std::string(kAdm)) << 0x6581;
    QTest::newRow("wrong PIN1, class 00") << QString::fromStdString("0020000108" + kWrongPin) << 0x6581;
    QTest::newRow("wrong CHV1, class A0") << QString::fromStdString("A020000108" + kWrongPin) << 0x9240;
}

void TestSimLifeCycle::memoryFailureRollsBack()
{
    QFETCH(QString, apdu);
    QFETCH(int, sw);
    QTemporaryDir drawer;
    const QString path = drawer.filePath(QStringLiteral("card.sim"));
    QVERIFY(QFile::copy(m_sims.masterPath(), path));
    auto card = openCard(path);
    QVERIFY(card != nullptr);
    const auto before = card->state();
    QVERIFY(QDir(drawer.path()).removeRecursively()); // the EEPROM write will fail
    QCOMPARE(send(*card, apdu.toStdString()).sw, sw);
    QVERIFY(card->state() == before);
    QCOMPARE(send(*card, createFile("82027821"
                                    "83027FF1"
                                    "8C020100"))
                 .sw,
             0x6982);                                   // ADM1 not set either
    QCOMPARE(send(*card, "00A4000C022FE2").sw, 0x9000); // reading still works
    QCOMPARE(send(*card, "00B000000A").sw, 0x9000);
}

void TestSimLifeCycle::tamperedFileRefused()
{
    auto good = copy();
    QVERIFY(good != nullptr);
    auto loaded = perso::cards::CardFile::load(good->path());
    QVERIFY(loaded.ok());
    const auto variants = {QStringLiteral("mf"), QStringLiteral("pin1"), QStringLiteral("sqnMs")};
    for (const QString& key : variants) {
        QCborMap map = loaded.value();
        map.insert(key, QStringLiteral("garbage"));
        const QString path = m_dir.filePath(QStringLiteral("tampered-%1.sim").arg(key));
        QVERIFY(perso::cards::CardFile::save(path, map).ok());
        QVERIFY(!SimCard::open(path));
    }
    QCborMap extra = loaded.value();
    extra.insert(QStringLiteral("extra"), 1);
    const QString extraPath = m_dir.filePath(QStringLiteral("extra.sim"));
    QVERIFY(perso::cards::CardFile::save(extraPath, extra).ok());
    QVERIFY(!SimCard::open(extraPath));
    QCborMap retailer = loaded.value();
    retailer.insert(QStringLiteral("kind"), QStringLiteral("retailer"));
    const QString retailerPath = m_dir.filePath(QStringLiteral("retailer.sim"));
    QVERIFY(perso::cards::CardFile::save(retailerPath, retailer).ok());
    QVERIFY(!SimCard::open(retailerPath));
}

void TestSimLifeCycle::poweredOffCardIsSilent()
{
    auto card = copy();
    QVERIFY(card != nullptr);
    QCOMPARE(card->kind(), QStringLiteral("sim"));
    const Bytes atr = card->atr();
    QCOMPARE(atr.front(), std::uint8_t(0x3B));
    std::uint8_t tck = 0;
    for (std::size_t i = 1; i < atr.size(); ++i) {
        tck ^= atr[i];
    }
    QCOMPARE(tck, std::uint8_t(0));
    QCOMPARE(send(*card, "0020000108" + std::string(kPin1)).sw, 0x9000);
    card->powerOff();
    QCOMPARE(send(*card, "00A4000C022FE2").sw, 0x6F00);
    card->powerOn();
    QCOMPARE(send(*card, "00200001").sw, 0x63C3);
}

QTEST_GUILESS_MAIN(TestSimLifeCycle)
#include "tst_simlifecycle.moc"
