// SPDX-License-Identifier: Apache-2.0
// Access conditions: the compact (8C) and expanded (EF.ARR) formats, and CREATE FILE with referenced
// security attributes (8B) resolved against an EF.ARR in the current DF or above it.
#include "tst_simsupport.h"

#include "terminal/cards/sim/AccessRules.h"

#include <QFile>
#include <QTest>

using namespace simtest;
using perso::cards::sim::AccessRules;
using perso::cards::sim::Condition;
using perso::cards::sim::Operation;

Q_DECLARE_METATYPE(perso::cards::sim::Condition)

namespace {
std::string padded(const std::string& hex, std::size_t bytes)
{
    return hex + std::string(2 * bytes - hex.size(), 'F');
}
const std::string kRecordAlwAdm = "800101"
                                  "9000"
                                  "800102"
                                  "A40683010A950108"; // read ALW, update ADM1
const std::string kRecordPin1 = "800103"
                                "A406830101950108"; // read+update PIN1
const std::string kRecordOr = "800101"
                              "AF00"; // OR template: refused
} // namespace

class TestSimAccessRules : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void compactRoundTrip();
    void expanded_data();
    void expanded();
    void referencedAttributes();
    void referencedAttributesFromTheMf();
    void referencedRefusals_data();
    void referencedRefusals();

private:
    std::unique_ptr<SimCard> withArr();
    QTemporaryDir m_dir;
    QString m_master;
    int m_copies = 0;
};

void TestSimAccessRules::initTestCase()
{
    m_master = makeBlank(m_dir, QStringLiteral("master.sim"));
    auto card = openCard(m_master);
    QVERIFY(card != nullptr);
    for (const Step& step : personalisation()) {
        QCOMPARE(send(*card, step.apdu).sw, 0x9000);
    }
}

// A personalised card with ADM1 verified, the ADF current and an EF.ARR 6F06 (3 records of 20 bytes).
std::unique_ptr<SimCard> TestSimAccessRules::withArr()
{
    const QString path = m_dir.filePath(QStringLiteral("arr%1.sim").arg(++m_copies));
    if (!QFile::copy(m_master, path)) {
        return nullptr;
    }
    auto card = openCard(path);
    const std::string steps[] = {
        "0020000A08" + std::string(kAdm),
        "00A4040C07A0000000871002",
        createFile("82054221001403"
                   "83026F06"
                   "8C03031A00"
                   "8800"),
        withData("00DC0104", padded(kRecordAlwAdm, 20)),
        withData("00DC0204", padded(kRecordPin1, 20)),
        withData("00DC0304", padded(kRecordOr, 20)),
        "00A4040C07A0000000871002",
    };
    for (const auto& step : steps) {
        if (send(*card, step).sw != 0x9000) {
            qWarning("setup step %s failed", step.c_str());
            return nullptr;
        }
    }
    return card;
}

void TestSimAccessRules::compactRoundTrip()
{
    AccessRules rules;
    rules.set(Operation::ReadOrDeleteChild, Condition::Pin1);
    rules.set(Operation::UpdateOrCreateEf, Condition::Adm);
    rules.set(Operation::Activate, Condition::Always);
    rules.set(Operation::Delete, Condition::Pin2);
    const Bytes compact = rules.compact();
    QCOMPARE(QString::fromStdString(toHex(view(compact))).toUpper(), QStringLiteral("5312001A11"));
    auto back = AccessRules::fromCompact(view(compact));
    QVERIFY(back.ok());
    QVERIFY(back.value() == rules);
    QVERIFY(!AccessRules::fromCompact(view(fromHex("8100")))); // b8 set
    QVERIFY(!AccessRules::fromCompact(view(fromHex("0300")))); // one SC for two bits
    QVERIFY(!AccessRules::fromCompact(view(fromHex("0113")))); // unknown SC byte
    QVERIFY(!AccessRules::fromCompact(ByteView{}));
    QCOMPARE(AccessRules::gsmNibble(Condition::Adm), std::uint8_t(0xA));
    QCOMPARE(AccessRules::gsmNibble(Condition::Never), std::uint8_t(0xF));
}

void TestSimAccessRules::expanded_data()
{
    QTest::addColumn<QString>("record");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<Condition>("read");
    QTest::addColumn<Condition>("update");
    auto row = [](const char* name, const std::string& hex, bool valid, Condition read, Condition update) {
        QTest::newRow(name) << QString::fromStdString(hex) << valid << read << update;
    };
    row("ALW / ADM1", kRecordAlwAdm, true, Condition::Always, Condition::Adm);
    row("PIN1 both, padded", padded(kRecordPin1, 30), true, Condition::Pin1, Condition::Pin1);
    row("NEVER / PIN2",
        "8001019700"
        "800102A406830181950108",
        true, Condition::Never, Condition::Pin2);
    row("absent bits are NEVER", "8001019000", true, Condition::Always, Condition::Never);
    row("OR template", kRecordOr, false, Condition::Never, Condition::Never);
    row("unpaired", "800101", false, Condition::Never, Condition::Never);
    row("empty", "FFFFFFFF", false, Condition::Never, Condition::Never);
    row("AM with b8", "8001819000", false, Condition::Never, Condition::Never);
    row("AM of two bytes", "800201009000", false, Condition::Never, Condition::Never);
    row("unknown key", "800101A406830102950108", false, Condition::Never, Condition::Never);
    row("usage not 08", "800101A40683010195010C", false, Condition::Never, Condition::Never);
    row("90 with a value", "800101900100", false, Condition::Never, Condition::Never);
    row("truncated", "800101A40683", false, Condition::Never, Condition::Never);
}

void TestSimAccessRules::expanded()
{
    QFETCH(QString, record);
    QFETCH(bool, valid);
    QFETCH(Condition, read);
    QFETCH(Condition, update);
    const Bytes raw = fromHex(record.toStdString());
    auto rules = AccessRules::fromExpanded(view(raw));
    QCOMPARE(rules.ok(), valid);
    if (valid) {
        QCOMPARE(rules.value().condition(Operation::ReadOrDeleteChild), read);
        QCOMPARE(rules.value().condition(Operation::UpdateOrCreateEf), update);
    }
}

void TestSimAccessRules::referencedAttributes()
{
    auto card = withArr();
    QVERIFY(card != nullptr);
    QCOMPARE(send(*card, createFile("82024121"
                                    "83026F99"
                                    "8B036F0601"
                                    "80020004"
                                    "8800"))
                 .sw,
             0x9000);
    QCOMPARE(send(*card, "00A4000C027FF0").sw, 0x9000);
    QCOMPARE(send(*card, createFile("82024121"
                                    "83026F98"
                                    "8B036F0602"
                                    "80020004"
                                    "8800"))
                 .sw,
             0x9000);
    card->powerOn();
    QCOMPARE(send(*card, "00A4080C047FF06F99").sw, 0x9000);
    QCOMPARE(send(*card, "00B0000004").sw, 0x9000);
    QCOMPARE(send(*card, "00D6000001AA").sw, 0x6982);
    const Answer fcp = send(*card, "00A40004026F9900");
    QVERIFY(fcp.data.contains(QStringLiteral("8C03031A00"))); // resolved into the file's own conditions
    QCOMPARE(send(*card, "00A4000C026F98").sw, 0x9000);
    QCOMPARE(send(*card, "00B0000004").sw, 0x6982);
    QCOMPARE(send(*card, "A0A40000026F98").sw, 0x9F0F);
    QCOMPARE(send(*card, "A0C000000F").data.mid(16, 2), QStringLiteral("11")); // GSM: READ CHV1, UPDATE CHV1
    QCOMPARE(send(*card, std::string("0020000108") + kPin1).sw, 0x9000);
    QCOMPARE(send(*card, "00D6000001AA").sw, 0x9000);
    QCOMPARE(send(*card, "00B0000001").data, QStringLiteral("AA"));
}

void TestSimAccessRules::referencedAttributesFromTheMf()
{
    auto card = withArr();
    QVERIFY(card != nullptr);
    QCOMPARE(send(*card, "00A4000C023F00").sw, 0x9000);
    QCOMPARE(send(*card, createFile("82054221001001"
                                    "83022F06"
                                    "8C03031A00"
                                    "8800"))
                 .sw,
             0x9000);
    QCOMPARE(send(*card, withData("00DC0104", padded("8001019000"
                                                     "800102A40683010A950108",
                                                     16)))
                 .sw,
             0x9000);
    QCOMPARE(send(*card, "00A4040C07A0000000871002").sw, 0x9000);
    QCOMPARE(send(*card, createFile("82024121"
                                    "83026F97"
                                    "8B032F0601"
                                    "80020002"
                                    "8800"))
                 .sw,
             0x9000);
    card->powerOn();
    QCOMPARE(send(*card, "00A4080C047FF06F97").sw, 0x9000);
    QCOMPARE(send(*card, "00B0000002").sw, 0x9000);
    QCOMPARE(send(*card, "00D600000100").sw, 0x6982);
}

void TestSimAccessRules::referencedRefusals_data()
{
    QTest::addColumn<QString>("apdu");
    auto row = [](const char* name, const std::string& fields) {
        QTest::newRow(name) << QString::fromStdString(createFile(fields));
    };
    row("record with OR template", "82024121"
                                   "83026F99"
                                   "8B036F0603"
                                   "80020004");
    row("record beyond the file", "82024121"
                                  "83026F99"
                                  "8B036F0604"
                                  "80020004");
    row("record zero", "82024121"
                       "83026F99"
                       "8B036F0600"
                       "80020004");
    row("no such EF.ARR", "82024121"
                          "83026F99"
                          "8B036F0501"
                          "80020004");
    row("EF.ARR not a record file", "82024121"
                                    "83026F99"
                                    "8B036F0701"
                                    "80020004");
    row("SE-number form", "82024121"
                          "83026F99"
                          "8B046F060101"
                          "80020004");
    row("both 8B and 8C", "82024121"
                          "83026F99"
                          "8B036F0601"
                          "8C020100"
                          "80020004");
    row("key file readable through ARR", "82024121"
                                         "8302FF01"
                                         "8B036F0601"
                                         "80020020"
                                         "8800");
}

void TestSimAccessRules::referencedRefusals()
{
    QFETCH(QString, apdu);
    auto card = withArr();
    QVERIFY(card != nullptr);
    const auto before = card->state();
    QCOMPARE(send(*card, apdu.toStdString()).sw, 0x6A80);
    QVERIFY(card->state() == before);
}

QTEST_GUILESS_MAIN(TestSimAccessRules)
#include "tst_simaccessrules.moc"
