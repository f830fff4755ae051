// SPDX-License-Identifier: Apache-2.0
// The blank SIM, the issuer's personalisation sequence of docs/cards.md end to end, the personalised
// card read back through class A0 and class 00, Milenage authentication, and a card pulled after any
// step of the sequence.
#include "tst_simsupport.h"

#include "protocol/milenage/GsmConversion.h"
#include "protocol/milenage/Milenage.h"
#include "protocol/tlv/BerTlv.h"

#include <QTest>

using namespace simtest;

namespace {

constexpr std::size_t kActivateStep = 20; // index of ACTIVATE ADF.USIM in personalisation()

// Life cycle status (8A) of an FCP template in hex; -1 when absent or malformed.
int lifeCycleOf(const QString& fcpHex)
{
    const Bytes raw = fromHex(fcpHex.toStdString());
    auto fcp = BerTlv::decodeOne(view(raw));
    if (!fcp || fcp.value().tag() != 0x62) {
        return -1;
    }
    const Tlv* lcs = fcp.value().find(0x8A);
    return lcs != nullptr && lcs->value().size() == 1 ? lcs->value()[0] : -1;
}

// Runs the first `count` steps; false at the first one that does not answer 9000.
bool runSteps(SimCard& card, std::size_t count)
{
    const auto steps = personalisation();
    for (std::size_t i = 0; i < count && i < steps.size(); ++i) {
        if (send(card, steps[i].apdu).sw != 0x9000) {
            qWarning("step %zu (%s) failed", i, steps[i].label);
            return false;
        }
    }
    return true;
}

} // namespace

class TestSimPerso : public QObject
{
    Q_OBJECT

private slots:
    void blankCardAnswersIccid_data();
    void blankCardAnswersIccid();
    void blankCardHasNothingElse();
    void createBlankRefusesBadInput();
    void sequenceFitsTheBudget();
    void personalisationRunsEndToEnd();
    void readBackThroughClassA0();
    void readBackThroughClass00();
    void authenticateTracksSqnAcrossReload();
    void authenticateRejectsBadMac();
    void runGsmAlgorithmGivesSresAndKc();
    void reloadEqualsState();
    void pulledMidSequence_data();
    void pulledMidSequence();

private:
    // A personalised card in m_dir; nullptr on failure.
    std::unique_ptr<SimCard> personalised();
    QTemporaryDir m_dir;
    int m_cards = 0;
};

std::unique_ptr<SimCard> TestSimPerso::personalised()
{
    const QString path = makeBlank(m_dir, QStringLiteral("card%1.sim").arg(++m_cards));
    auto card = openCard(path);
    if (card == nullptr || !runSteps(*card, personalisation().size())) {
        return nullptr;
    }
    card->powerOn();
    return card;
}

void TestSimPerso::blankCardAnswersIccid_data()
{
    QTest::addColumn<bool>("personalise");
    QTest::addColumn<bool>("gsm");
    QTest::newRow("blank, class 00") << false << false;
    QTest::newRow("blank, class A0") << false << true;
    QTest::newRow("personalised, class 00") << true << false;
    QTest::newRow("personalised, class A0") << true << true;
}

void TestSimPerso::blankCardAnswersIccid()
{
    QFETCH(bool, personalise);
    QFETCH(bool, gsm);
    std::unique_ptr<SimCard> card = personalise ? personalised() : openCard(makeBlank(m_dir, QStringLiteral("b.sim")));
    QVERIFY(card != nullptr);
    const Bytes stored = card->state().iccid();
    const QString iccid = hex(SecureBytes(stored.begin(), stored.end()));
    QCOMPARE(iccid, QStringLiteral("98440000000000000071"));
    QCOMPARE(card->label(), QString::fromLatin1(kIccidDigits));
    if (gsm) {
        QCOMPARE(send(*card, "A0A40000022FE2").sw, 0x9F0F);
        const Answer description = send(*card, "A0C000000F");
        QCOMPARE(description.sw, 0x9000);
        QCOMPARE(description.data.mid(4, 8), QStringLiteral("000A2FE2")); // size 10, FID 2FE2
        const Answer read = send(*card, "A0B000000A");
        QCOMPARE(read.sw, 0x9000);
        QCOMPARE(read.data, iccid);
    } else {
        QCOMPARE(send(*card, "00A4000C022FE2").sw, 0x9000);
        const Answer read = send(*card, "00B000000A");
        QCOMPARE(read.sw, 0x9000);
        QCOMPARE(read.data, iccid);
        QCOMPARE(send(*card, "00B082000A").data, iccid); // by SFI 02
    }
    QCOMPARE(QFile::exists(card->path()), true);
    QFile::remove(card->path());
}

void TestSimPerso::blankCardHasNothingElse()
{
    auto card = openCard(makeBlank(m_dir, QStringLiteral("nothing.sim")));
    QVERIFY(card != nullptr);
    QCOMPARE(send(*card, "00A4000C027FF0").sw, 0x6A82);
    QCOMPARE(send(*card, "00A4040C10" + std::string(kAid)).sw, 0x6A82);
    QCOMPARE(send(*card, "A0A40000027F20").sw, 0x9404);
    QCOMPARE(send(*card, "A0A40000026F07").sw, 0x9404);
    // The MF holds exactly EF.ICCID; nothing is writable without ADM1.
    QCOMPARE(card->state().mf.children.size(), std::size_t(1));
    QCOMPARE(send(*card, createFile("82024121"
                                    "83026F07"
                                    "8C020100"
                                    "80020009"))
                 .sw,
             0x6982);
    QCOMPARE(send(*card, "00A4000C022FE2").sw, 0x9000);
    QCOMPARE(send(*card, "00D6000001FF").sw, 0x6982);
    // ADM1 is set with 3 tries, PIN1 is not initialised.
    QCOMPARE(send(*card, "0020000A").sw, 0x63C3);
    QCOMPARE(send(*card, "00200001").sw, 0x6984);
}

void TestSimPerso::createBlankRefusesBadInput()
{
    const Bytes iccid = wire::iccidFromDigits(QString::fromLatin1(kIccidDigits)).value();
    const Bytes adm = fromHex(kAdm);
    const SecureBytes goodAdm(adm.begin(), adm.end());
    QVERIFY(!SimCard::createBlank(m_dir.filePath(QStringLiteral("x1")), Bytes(9, 0x11), goodAdm));
    QVERIFY(!SimCard::createBlank(m_dir.filePath(QStringLiteral("x2")), iccid, SecureBytes(7, '1')));
    QVERIFY(!SimCard::createBlank(m_dir.filePath(QStringLiteral("x3")), iccid, SecureBytes(8, 'A')));
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("x3"))));
    const QString path = m_dir.filePath(QStringLiteral("x4"));
    QVERIFY(SimCard::createBlank(path, iccid, goodAdm).ok());
    QCOMPARE(SimCard::createBlank(path, iccid, goodAdm).code(), ErrorCode::InvalidParameter); // never overwritten
    QVERIFY(!SimCard::open(m_dir.filePath(QStringLiteral("missing"))));
}

void TestSimPerso::sequenceFitsTheBudget()
{
    const auto steps = personalisation();
    QCOMPARE(steps.size(), std::size_t(22));
    QVERIFY(steps.size() <= 25);
    QCOMPARE(QLatin1String(steps[kActivateStep].label), QLatin1String("ACTIVATE ADF.USIM"));
}

void TestSimPerso::personalisationRunsEndToEnd()
{
    auto card = openCard(makeBlank(m_dir, QStringLiteral("e2e.sim")));
    QVERIFY(card != nullptr);
    const auto steps = personalisation();
    for (std::size_t i = 0; i + 1 < steps.size(); ++i) {
        QCOMPARE(send(*card, steps[i].apdu).sw, 0x9000);
    }
    const Answer auth = send(*card, steps.back().apdu);
    QCOMPARE(auth.sw, 0x9000);
    const QString kc = hex(milenage::kcFromCkIk(secureFromHex(kCk), secureFromHex(kIk)).value());
    QCOMPARE(auth.data, QStringLiteral("DB08") + QLatin1String(kRes) + QStringLiteral("10") + QLatin1String(kCk) +
                            QStringLiteral("10") + QLatin1String(kIk) + QStringLiteral("08") + kc);
    QCOMPARE(hex(SecureBytes(card->state().sqnMs.begin(), card->state().sqnMs.end())), QLatin1String(kSqn));
}

void TestSimPerso::readBackThroughClassA0()
{
    auto card = personalised();
    QVERIFY(card != nullptr);
    QCOMPARE(send(*card, "A0A40000023F00").sw, 0x9F16);
    const Answer mf = send(*card, "A0C0000016");
    QCOMPARE(mf.data.mid(8, 6), QStringLiteral("3F0001"));
    QCOMPARE(mf.data.mid(36, 8), QStringLiteral("838A0000")); // CHV1 3 tries, PUK 10, CHV2 absent
    QCOMPARE(send(*card, "A0A40000027F20").sw, 0x9F16);
    QCOMPARE(send(*card, "A0C0000016").data.mid(8, 6), QStringLiteral("7F2002"));
    QCOMPARE(send(*card, "A0A40000026F07").sw, 0x9F0F);
    const Answer ef = send(*card, "A0C000000F");
    QCOMPARE(ef.data, QStringLiteral("000000096F0704001AF0AA01020000")); // read CHV1, update ADM
    QCOMPARE(send(*card, "A0B0000009").sw, 0x9804);
    QCOMPARE(send(*card, "A0200001083132333839FFFFFF").sw, 0x9804);
    QCOMPARE(send(*card, std::string("A020000108") + kPin1).sw, 0x9000);
    QCOMPARE(send(*card, "A0B0000009").data, QStringLiteral("080910101032547698"));
    const std::pair<const char*, const char*> files[] = {{"6FAD", "00000002"},
                                                         {"6F38", "9E731C000C000000"},
                                                         {"6F78", "0001"},
                                                         {"6F30", "00F110FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"},
                                                         {"6F46", "0152657461696C20506572736FFFFFFFFF"}};
    for (const auto& [fid, content] : files) {
        QCOMPARE(send(*card, std::string("A0A4000002") + fid).sw, 0x9F0F);
        const std::size_t size = fromHex(content).size();
        QCOMPARE(send(*card, "A0B00000" + toHex(view(Bytes{static_cast<std::uint8_t>(size)}))).data,
                 QLatin1String(content));
    }
    QCOMPARE(send(*card, "A0A40000026F40").sw, 0x9F0F);
    QCOMPARE(send(*card, "A0C000000F").data.right(4), QStringLiteral("011A")); // linear fixed, 26 bytes
    QCOMPARE(send(*card, "A0B201041A").data, QStringLiteral("4F776E206E756D626572FFFF0791447700091032FFFFFFFFFFFF"));
    // The key file exists but nothing reads it.
    QCOMPARE(send(*card, "A0A4000002FF01").sw, 0x9F0F);
    QCOMPARE(send(*card, "A0B0000020").sw, 0x9804);
}

void TestSimPerso::readBackThroughClass00()
{
    auto card = personalised();
    QVERIFY(card != nullptr);
    const Answer adf = send(*card, "00A4040410" + std::string(kAid) + "00");
    QCOMPARE(adf.sw, 0x9000);
    QCOMPARE(lifeCycleOf(adf.data), 0x05);
    QVERIFY(adf.data.contains(QStringLiteral("8410") + QLatin1String(kAid)));
    QVERIFY2(adf.data.contains(QStringLiteral("C6099001C083010183010A")), qPrintable(adf.data)); // PIN1, ADM1 on
    QCOMPARE(send(*card, "00A4040C10" + std::string(kAid)).sw, 0x9000);
    QCOMPARE(send(*card, "A020000208"
                         "31323334FFFFFFFF")
                 .sw,
             0x9802); // no CHV2 on this card
    QCOMPARE(send(*card, "00B0870009").sw, 0x6982);
    QCOMPARE(send(*card, std::string("0020000108") + kPin1).sw, 0x9000);
    QCOMPARE(send(*card, "00B0870009").data, QStringLiteral("080910101032547698")); // SFI 07
    QCOMPARE(send(*card, "00B0830004").data, QStringLiteral("00000002"));           // SFI 03
    QCOMPARE(send(*card, "00B0840008").data, QStringLiteral("9E731C000C000000"));   // SFI 04
    QCOMPARE(send(*card, "00B0860002").data, QStringLiteral("0001"));               // SFI 06
    QCOMPARE(send(*card, "00A4000C026F46").sw, 0x9000);
    QCOMPARE(send(*card, "00B0000011").data, QStringLiteral("0152657461696C20506572736FFFFFFFFF"));
    const Answer msisdn = send(*card, "00A40004026F4000");
    QCOMPARE(msisdn.sw, 0x9000);
    QVERIFY(msisdn.data.contains(QStringLiteral("82054221001A01")));
    QCOMPARE(send(*card, "00B201041A").data, QStringLiteral("4F776E206E756D626572FFFF0791447700091032FFFFFFFFFFFF"));
    // By path from the MF, and by path through the current application 7FFF.
    QCOMPARE(send(*card, "00A4080C047FF06F30").sw, 0x9000);
    QCOMPARE(send(*card, "00B0000003").data, QStringLiteral("00F110"));
    QCOMPARE(send(*card, "00A4080C047FFF6F07").sw, 0x9000);
    QCOMPARE(send(*card, "00B0000001").data, QStringLiteral("08"));
    QCOMPARE(send(*card, "00A4000C02FF01").sw, 0x9000);
    QCOMPARE(send(*card, "00B0000020").sw, 0x6982); // READ NEVER, even with ADM1
    QCOMPARE(send(*card, std::string("0020000A08") + kAdm).sw, 0x9000);
    QCOMPARE(send(*card, "00B0000020").sw, 0x6982);
}

void TestSimPerso::authenticateTracksSqnAcrossReload()
{
    auto card = personalised();
    QVERIFY(card != nullptr);
    const QString path = card->path();
    card.reset();
    card = openCard(path); // the SQN of the personalisation's AUTHENTICATE was stored
    QVERIFY(card != nullptr);
    const std::string auth = personalisation().back().apdu;
    QCOMPARE(send(*card, "00A4040C10" + std::string(kAid)).sw, 0x9000);
    QCOMPARE(send(*card, auth).sw, 0x6982); // PIN1 not verified since power-on
    QCOMPARE(send(*card, std::string("0020000108") + kPin1).sw, 0x9000);
    const Answer replay = send(*card, auth);
    QCOMPARE(replay.sw, 0x9000);
    QVERIFY(replay.data.startsWith(QStringLiteral("DC0E")));
    auto m = milenage::Milenage::fromOpc(secureFromHex(kKi), secureFromHex(kOpc));
    QVERIFY(m.ok());
    auto sqnMs = m.value().sqnFromAuts(view(fromHex(kRand)), view(fromHex(replay.data.mid(4).toStdString())));
    QVERIFY(sqnMs.ok());
    QCOMPARE(toHex(view(sqnMs.value())), toHex(view(fromHex(kSqn))));
    // A fresh vector with a higher SQN is accepted and becomes the new SQN_MS.
    const Bytes rand = fromHex("0102030405060708090A0B0C0D0E0F10");
    auto vector = m.value().generateVector(view(rand), view(fromHex("FF9BB4D0B608")), view(fromHex("8000")));
    QVERIFY(vector.ok());
    const Answer fresh =
        send(*card, withData("00880081", "10" + toHex(view(rand)) + "10" + toHex(view(vector.value().autn))));
    QCOMPARE(fresh.sw, 0x6135); // DB RES CK IK Kc: 53 bytes
    const Answer data = send(*card, "00C0000035");
    QCOMPARE(data.sw, 0x9000);
    QCOMPARE(data.data.mid(4, 16), hex(SecureBytes(vector.value().xres.begin(), vector.value().xres.end())));
    QCOMPARE(QString::fromStdString(toHex(view(openCard(path)->state().sqnMs))), QStringLiteral("FF9BB4D0B608"));
}

void TestSimPerso::authenticateRejectsBadMac()
{
    auto card = personalised();
    QVERIFY(card != nullptr);
    QCOMPARE(send(*card, std::string("0020000108") + kPin1).sw, 0x9000);
    QCOMPARE(send(*card, "00A4040C10" + std::string(kAid)).sw, 0x9000);
    std::string autn = autnHex();
    autn.back() = autn.back() == '0' ? '1' : '0';
    const Bytes before = card->state().sqnMs;
    QCOMPARE(send(*card, withData("00880081", "10" + std::string(kRand) + "10" + autn)).sw, 0x9862);
    QCOMPARE(card->state().sqnMs, before);
    QCOMPARE(send(*card, withData("00880081", "10" + std::string(kRand) + "0F" + autn)).sw, 0x6A80);
    QCOMPARE(send(*card, withData("00880081", "10" + std::string(kRand))).sw, 0x6700);
    QCOMPARE(send(*card, withData("00880082", "10" + std::string(kRand))).sw, 0x6A86);
    // GSM context of AUTHENTICATE: SRES and Kc.
    const Answer gsm = send(*card, withData("00880080", "10" + std::string(kRand)) + "00");
    QCOMPARE(gsm.sw, 0x9000);
    QCOMPARE(gsm.data.left(2), QStringLiteral("04"));
    QCOMPARE(gsm.data.mid(10, 2), QStringLiteral("08"));
}

void TestSimPerso::runGsmAlgorithmGivesSresAndKc()
{
    auto card = personalised();
    QVERIFY(card != nullptr);
    const std::string run = std::string("A088000010") + kRand;
    QCOMPARE(send(*card, "A0A40000027F20").sw, 0x9F16);
    QCOMPARE(send(*card, run).sw, 0x9804); // CHV1 first
    QCOMPARE(send(*card, std::string("A020000108") + kPin1).sw, 0x9000);
    QCOMPARE(send(*card, run).sw, 0x9F0C);
    const Answer triplet = send(*card, "A0C000000C");
    QCOMPARE(triplet.sw, 0x9000);
    const auto sres = milenage::sresFromRes(view(fromHex(kRes))).value();
    const auto kc = milenage::kcFromCkIk(secureFromHex(kCk), secureFromHex(kIk)).value();
    QCOMPARE(triplet.data, hex(SecureBytes(sres.begin(), sres.end())) + hex(kc));
    QCOMPARE(send(*card, "A0A40000023F00").sw, 0x9F16);
    QCOMPARE(send(*card, run).sw, 0x9808); // DF.GSM must be selected
}

void TestSimPerso::reloadEqualsState()
{
    auto card = personalised();
    QVERIFY(card != nullptr);
    auto reloaded = openCard(card->path());
    QVERIFY(reloaded != nullptr);
    QVERIFY(reloaded->state() == card->state());
    QCOMPARE(reloaded->state().mf.children.size(), std::size_t(2));
    QCOMPARE(reloaded->state().mf.children[1].children.size(), std::size_t(8));
}

void TestSimPerso::pulledMidSequence_data()
{
    QTest::addColumn<int>("completed");
    const auto steps = personalisation();
    for (std::size_t k = 0; k <= steps.size(); ++k) {
        QTest::addRow("after %zu steps (%s)", k, k == 0 ? "none" : steps[k - 1].label) << static_cast<int>(k);
    }
}

void TestSimPerso::pulledMidSequence()
{
    QFETCH(int, completed);
    const auto count = static_cast<std::size_t>(completed);
    const QString path = makeBlank(m_dir, QStringLiteral("pulled%1.sim").arg(completed));
    auto card = openCard(path);
    QVERIFY(card != nullptr);
    QVERIFY(runSteps(*card, count));
    const perso::cards::sim::SimState before = card->state();
    card.reset(); // pulled: only the file remains
    card = openCard(path);
    QVERIFY(card != nullptr);
    QVERIFY(card->state() == before);
    // EF.ICCID stays readable whatever happened.
    QCOMPARE(send(*card, "00A4000C022FE2").sw, 0x9000);
    QCOMPARE(send(*card, "00B000000A").sw, 0x9000);
    if (count < 2) {
        QCOMPARE(send(*card, "00A4000C027FF0").sw, 0x6A82);
        return;
    }
    const Answer adf = send(*card, "00A4000402"
                                   "7FF0"
                                   "00");
    QCOMPARE(adf.sw, 0x9000);
    const bool committed = count > kActivateStep;
    QCOMPARE(lifeCycleOf(adf.data), committed ? 0x05 : 0x01); // detectably incomplete until activated
    if (count < 4) {
        return;
    }
    // EF.IMSI was written; without activation nobody but the personaliser reaches it.
    QCOMPARE(send(*card, "A0A40000027F20").sw, 0x9F16);
    QCOMPARE(send(*card, "A0A40000026F07").sw, 0x9F0F);
    if (count > 18) { // PIN1 set
        QCOMPARE(send(*card, std::string("A020000108") + kPin1).sw, 0x9000);
    }
    const Answer imsi = send(*card, "A0B0000009");
    if (committed) {
        QCOMPARE(imsi.sw, 0x9000);
        QCOMPARE(imsi.data, QStringLiteral("080910101032547698"));
    } else {
        QCOMPARE(imsi.sw, 0x9810);
        QCOMPARE(send(*card, "00B0000009").sw, 0x6985);
    }
}

QTEST_GUILESS_MAIN(TestSimPerso)
#include "tst_simperso.moc"
