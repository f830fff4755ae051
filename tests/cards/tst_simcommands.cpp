// SPDX-License-Identifier: Apache-2.0
// Every SIM command against a personalised card, driven by scripts of "APDU:SW" steps: wrong class,
// wrong INS, wrong P1/P2, wrong length, file not found, security status not satisfied, and the
// normal answers in both classes. A '?' in an expected status word matches any hex digit.
#include "tst_simsupport.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTest>

using namespace simtest;

namespace {

const std::string kVerifyPin1 = std::string("0020000108") + kPin1 + ":9000";
const std::string kVerifyAdm = std::string("0020000A08") + kAdm + ":9000";
const std::string kGsmVerifyChv1 = std::string("A020000108") + kPin1 + ":9000";
const std::string kToImsi = "00A4080C047FF06F07:9000";
const std::string kToMsisdn = "00A4080C047FF06F40:9000";

bool swMatches(std::uint16_t sw, const QString& expected)
{
    const QString actual = QStringLiteral("%1").arg(sw, 4, 16, QLatin1Char('0')).toUpper();
    if (expected.size() != 4) {
        return false;
    }
    for (int i = 0; i < 4; ++i) {
        if (expected[i] != QLatin1Char('?') && expected[i] != actual[i]) {
            return false;
        }
    }
    return true;
}

} // namespace

class TestSimCommands : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void script_data();
    void script();
    void randomCommandsKeepTheCardConsistent();

private:
    QTemporaryDir m_dir;
    QString m_master;
    int m_copies = 0;
};

void TestSimCommands::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_master = makeBlank(m_dir, QStringLiteral("master.sim"));
    auto card = openCard(m_master);
    QVERIFY(card != nullptr);
    for (const Step& step : personalisation()) {
        QCOMPARE(send(*card, step.apdu).sw, 0x9000);
    }
}

void TestSimCommands::script_data()
{
    QTest::addColumn<QStringList>("steps");
    auto row = [](const char* name, std::initializer_list<std::string> steps) {
        QStringList list;
        for (const auto& s : steps) {
            list << QString::fromStdString(s);
        }
        QTest::newRow(name) << list;
    };
    // Class and instruction
    row("wrong class B0", {"B0A40000023F00:6E00"});
    {
        QStringList everyIns;
        for (const char* ins : {"A4", "C0", "F2", "B0", "D6", "B2", "DC", "20", "24", "26", "28", "2C", "88", "04",
                                "44", "E0", "E4", "E6", "E8"}) {
            for (const char* cla : {"B0", "10", "40", "FF"}) {
                everyIns << QLatin1String(cla) + QLatin1String(ins) + QStringLiteral("000000:6E00");
            }
            if (QLatin1String(ins) != QLatin1String("F2")) {
                everyIns << QStringLiteral("80") + QLatin1String(ins) + QStringLiteral("000000:6D00");
            }
        }
        QTest::newRow("wrong class for every instruction") << everyIns;
    }
    row("wrong class 0C", {"0CB0000001:6E00"});
    row("class 80 other than STATUS", {"80A40000023F00:6D00"});
    row("unknown INS class 00", {"00CA00FF00:6D00"});
    row("unknown INS class A0", {"A0A2000001FF:6D00", "A0E0000002FFFF:6D00"});
    // SELECT
    row("select P2 00", {"00A40000023F00:6A86"});
    row("select P1 02", {"00A4020C023F00:6A86"});
    row("select 3 byte FID", {"00A4000C033F0000:6700"});
    row("select unknown FID", {"00A4000C026F99:6A82"});
    row("select EF outside current DF", {"00A4000C026F07:6A82"});
    row("select partial AID", {"00A4040C07A0000000871002:9000", "00A4000C026F07:9000"});
    row("select unknown AID", {"00A4040C07A0000000871003:6A82"});
    row("select AID too long", {"00A4040C11A0000000871002FFFFFFFF890709000000:6700"});
    row("select child DF", {"00A4010C027FF0:9000", "00A4010C026F07:6A82", "00A4030C:9000", "00A4000C026F07:6A82"});
    row("select parent of MF", {"00A4030C:6A82"});
    row("select path not found", {"00A4080C047FF06F99:6A82"});
    row("select odd path", {"00A4080C037FF06F:6700"});
    row("select path from current DF", {"00A4000C027FF0:9000", "00A4090C026F07:9000", "00B0000001:6982"});
    row("select 7FFF without application", {"00A4000C027FFF:6A82"});
    row("select sibling EF by FID from EF", {kToImsi, "00A4000C026FAD:9000", "00B0000004:9000"});
    row("select case 3 FCP", {"00A40004023F00:61??", "00C0000001:9000"});
    row("gsm select P1", {"A0A40100023F00:6B00"});
    row("gsm select length", {"A0A40000013F:6700"});
    row("gsm select unknown", {"A0A40000026F99:9404"});
    row("gsm select DF.GSM then EF", {"A0A40000027F20:9F16", "A0A40000026F07:9F0F", "A0C000000F:9000"});
    // GET RESPONSE
    row("get response with nothing", {"00C0000010:6985", "A0C0000010:9808"});
    row("get response P1", {"00A40004023F00:61??", "00C0010010:6B00"});
    row("get response Le too long", {"A0A40000023F00:9F16", "A0C0000020:6C16", "A0C0000016:9000"});
    row("get response once", {"A0A40000023F00:9F16", "A0C0000016:9000", "A0C0000016:9808"});
    row("pending response dropped by next command", {"A0A40000023F00:9F16", "A0F2000016:9000", "A0C0000016:9808"});
    // STATUS
    row("status", {"80F2000000:9000", "80F2000C:9000", "80F2030000:6A86", "80F2000200:6A86"});
    row("status AID", {"00A4040C07A0000000871002:9000", "80F2000100:9000"});
    row("gsm status", {"A0F2000016:9000", "A0F2010016:6B00"});
    // READ BINARY
    row("read without current EF", {"00B0000001:6986", "A0B0000001:9400"});
    row("read without Le", {"00A4000C022FE2:9000", "00B00000:6700"});
    row("read offset at end", {"00A4000C022FE2:9000", "00B0000A01:6B00", "A0B0000A01:9402"});
    row("read past end", {"00A4000C022FE2:9000", "00B0000910:6282", "A0B000000B:6700"});
    row("read all with Le 00", {"00A4000C022FE2:9000", "00B0000000:9000"});
    row("read record EF as binary", {kToMsisdn, kVerifyPin1, "00B0000001:6981", "A0B0000001:9408"});
    row("read SFI not found", {"00B09E0001:6A82"});
    row("read SFI with bad P1", {"00B0E00001:6A86", "00B0800001:6A86"});
    row("read needs PIN1", {kToImsi, "00B0000009:6982", "A0B0000009:9804"});
    row("read PIN1 blocked not initialised", {kToImsi, kVerifyPin1, "00B0000009:9000"});
    row("read ALW", {"00A4080C047FF06FAD:9000", "00B0000004:9000"});
    // UPDATE BINARY
    row("update NEVER", {"00A4000C022FE2:9000", kVerifyAdm, "00D6000001FF:6982"});
    row("update needs ADM",
        {"00A4080C047FF06FAD:9000", kVerifyPin1, "00D6000001FF:6982", kVerifyAdm, "00D6000001FF:9000"});
    row("update length past end",
        {"00A4080C047FF06FAD:9000", kVerifyAdm, "00D6000305AABBCCDDEE:6700", "00D6000401FF:6B00"});
    row("update without data", {"00A4080C047FF06FAD:9000", "00D60000:6700"});
    row("update PIN1 file",
        {"00A4080C047FF06F30:9000", "00D6000003FFFFFF:6982", kVerifyPin1, "00D600000362F220:9000", "00B0000003:9000"});
    row("update by SFI", {"00A4040C07A0000000871002:9000", kVerifyAdm, "00D6830001AA:9000", "00B0830001:9000"});
    row("gsm update", {"A0A40000027F20:9F16", "A0A40000026FAD:9F0F", "A0D6000001FF:9804"});
    // READ RECORD
    row("read record on transparent EF", {kToImsi, kVerifyPin1, "00B2010409:6981", "A0B2010409:9408"});
    row("read record absolute", {kToMsisdn, kVerifyPin1, "00B201041A:9000", "00B202041A:6A83", "A0B202041A:9402"});
    row("read record current without pointer", {kToMsisdn, kVerifyPin1, "00B200041A:6A83"});
    row("read record next then current",
        {kToMsisdn, kVerifyPin1, "00B200021A:9000", "00B200041A:9000", "00B200021A:6A83", "00B200031A:6A83"});
    row("read record previous", {kToMsisdn, kVerifyPin1, "00B200031A:9000"});
    row("read record bad mode", {kToMsisdn, kVerifyPin1, "00B2010500:6A86", "00B2010200:6A86"});
    row("read record wrong Le", {kToMsisdn, kVerifyPin1, "00B2010410:6C1A", "00B2010400:9000", "A0B2010410:6700"});
    row("read record by SFI not found", {"00A4040C07A0000000871002:9000", "00B2010C1A:6A82"});
    row("read record needs PIN1", {kToMsisdn, "00B201041A:6982"});
    // UPDATE RECORD
    row("update record", {kToMsisdn, kVerifyPin1, "00DC01041A" + std::string(52, '1') + ":9000", "00B201041A:9000",
                          "00DC02041A" + std::string(52, '1') + ":6A83", "00DC010419" + std::string(50, '1') + ":6700",
                          "00DC01051A" + std::string(52, '1') + ":6A86"});
    row("update record needs PIN1", {kToMsisdn, "00DC01041A" + std::string(52, '1') + ":6982"});
    row("update record on transparent", {kToImsi, kVerifyAdm, "00DC010409" + std::string(18, '1') + ":6981"});
    // AUTHENTICATE / RUN GSM ALGORITHM
    row("authenticate without application",
        {kVerifyPin1, "008800812210" + std::string(32, '0') + "10" + std::string(32, '0') + ":6985"});
    row("authenticate wrong P1", {"0088018122" + std::string(68, '0') + ":6A86"});
    row("run gsm algorithm P2", {"A0A40000027F20:9F16", "A088000110" + std::string(32, '0') + ":6B00"});
    row("run gsm algorithm length", {"A0A40000027F20:9F16", "A08800000F" + std::string(30, '0') + ":6700"});
    // Administration
    row("create in class A0", {kVerifyAdm, "A0E0000002FFFF:6D00"});
    row("create needs ADM", {"00A4040C07A0000000871002:9000", createFile("82024121"
                                                                         "83026F99"
                                                                         "8C020100"
                                                                         "80020001") +
                                                                  ":6982"});
    row("create wrong P1", {kVerifyAdm, "00E00100026200:6A86"});
    row("create without data", {kVerifyAdm, "00E00000:6700"});
    row("delete needs ADM", {"00A4040C07A0000000871002:9000", "00E40000026F07:6982"});
    row("delete not found", {kVerifyAdm, "00E40000026F99:6A82", "00E40000022FE2:6A82", "00E4000001FF:6700"});
    row("activate unknown file", {kVerifyAdm, "00440000026F99:6A82", "00440100:6A86"});
    row("deactivate needs ADM", {kToImsi, "00040000:6982", "A0040000:9804"});
}

void TestSimCommands::script()
{
    QFETCH(QStringList, steps);
    const QString path = m_dir.filePath(QStringLiteral("copy%1.sim").arg(++m_copies));
    QVERIFY(QFile::copy(m_master, path));
    auto card = openCard(path);
    QVERIFY(card != nullptr);
    for (const QString& step : steps) {
        const QStringList parts = step.split(QLatin1Char(':'));
        QCOMPARE(parts.size(), 2);
        const Answer answer = send(*card, parts[0].toStdString());
        if (!swMatches(answer.sw, parts[1])) {
            QFAIL(qPrintable(QStringLiteral("%1 answered %2").arg(parts[0]).arg(answer.sw, 4, 16, QLatin1Char('0'))));
        }
    }
}

void TestSimCommands::randomCommandsKeepTheCardConsistent()
{
    const QString path = m_dir.filePath(QStringLiteral("random.sim"));
    QVERIFY(QFile::copy(m_master, path));
    auto card = openCard(path);
    QVERIFY(card != nullptr);
    QCOMPARE(send(*card, "0020000A08" + std::string(kAdm)).sw, 0x9000); // let administration commands through
    QRandomGenerator rng(20261122);
    const std::uint8_t classes[] = {0x00, 0xA0, 0x80, 0x01, 0x0C};
    const std::uint8_t instructions[] = {0xA4, 0xC0, 0xF2, 0xB0, 0xD6, 0xB2, 0xDC, 0x20, 0x24, 0x26,
                                         0x28, 0x2C, 0x88, 0x04, 0x44, 0xE0, 0xE4, 0xE6, 0xE8, 0x12};
    const Bytes ki = fromHex(kKi);
    for (int i = 0; i < 4000; ++i) {
        SecureBytes data(rng.bounded(40));
        for (auto& b : data) {
            b = static_cast<std::uint8_t>(rng.bounded(256));
        }
        if (!data.empty() && rng.bounded(3) == 0) {
            data[0] = 0x62; // sometimes an FCP template
        }
        const CommandApdu command(classes[rng.bounded(5)], instructions[rng.bounded(20)],
                                  static_cast<std::uint8_t>(rng.bounded(3) == 0 ? rng.bounded(256) : 0),
                                  static_cast<std::uint8_t>(rng.bounded(256)), data, rng.bounded(258));
        const ResponseApdu r = card->process(command);
        QVERIFY(r.sw() != 0);
        QVERIFY(std::search(r.data().begin(), r.data().end(), ki.begin(), ki.end()) == r.data().end());
        if (i % 500 == 0) {
            card->powerOn();
            send(*card, "0020000A08" + std::string(kAdm));
        }
    }
    auto reopened = openCard(path);
    QVERIFY(reopened != nullptr);
    QVERIFY(reopened->state() == card->state());
    QCOMPARE(send(*reopened, "00A4000C022FE2").sw, 0x9000);
    QCOMPARE(send(*reopened, "00B000000A").data, QStringLiteral("98440000000000000071"));
}

QTEST_GUILESS_MAIN(TestSimCommands)
#include "tst_simcommands.moc"
