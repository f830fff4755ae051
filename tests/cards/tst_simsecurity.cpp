// SPDX-License-Identifier: Apache-2.0
// Secret codes: retry counters down to blocked, unblocking, disable/enable, change, setting under
// ADM1, and the security status reset by power-on.
#include "tst_simsupport.h"

#include <QFile>
#include <QTest>

using namespace simtest;

namespace {
const std::string kWrongPin = "39383736FFFFFFFF"; // "9876"
const std::string kNewPin = "35373931FFFFFFFF";   // "5791"
const std::string kAidSelect = "00A4040C07A0000000871002";
} // namespace

class TestSimSecurity : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void pin1CountsDownToBlockedAndUnblocks_data();
    void pin1CountsDownToBlockedAndUnblocks();
    void pukBlocksForever();
    void counterIsSavedBeforeTheAnswer();
    void disableAndEnablePin1();
    void changePin1();
    void setCodesOnlyUnderAdm();
    void admBlocksAfterThreeTries();
    void securityStatusResetByPowerOn();

private:
    std::unique_ptr<SimCard> copy() { return m_sims.copy(); }
    QTemporaryDir m_dir;
    PersonalisedSimCopies m_sims{m_dir};
};

void TestSimSecurity::initTestCase()
{
    const QString refused = m_sims.personalise();
    QVERIFY2(refused.isEmpty(), qPrintable(refused));
}

void TestSimSecurity::pin1CountsDownToBlockedAndUnblocks_data()
{
    QTest::addColumn<bool>("gsm");
    QTest::newRow("class 00") << false;
    QTest::newRow("class A0") << true;
}

void TestSimSecurity::pin1CountsDownToBlockedAndUnblocks()
{
    QFETCH(bool, gsm);
    auto card = copy();
    QVERIFY(card != nullptr);
    const std::string cla = gsm ? "A0" : "00";
    const std::string verifyWrong = cla + "20000108" + kWrongPin;
    const std::string verifyRight = cla + "20000108" + kPin1;
    QCOMPARE(send(*card, verifyWrong).sw, gsm ? 0x9804 : 0x63C2);
    QCOMPARE(send(*card, verifyWrong).sw, gsm ? 0x9804 : 0x63C1);
    QCOMPARE(send(*card, verifyWrong).sw, gsm ? 0x9840 : 0x63C0);
    QCOMPARE(send(*card, verifyRight).sw, gsm ? 0x9840 : 0x6983);
    QCOMPARE(card->state().pin1.triesLeft(), std::uint8_t(0));
    if (!gsm) {
        QCOMPARE(send(*card, "00200001").sw, 0x6983);
        QCOMPARE(send(*card, "002C0001").sw, 0x63CA);
    }
    const std::string unblockP2 = gsm ? "00" : "01";
    const std::string unblockWrong = cla + "2C00" + unblockP2 + "10" + "3131313131313131" + kNewPin;
    const std::string unblockRight = cla + "2C00" + unblockP2 + "10" + kPuk1 + kNewPin;
    QCOMPARE(send(*card, unblockWrong).sw, gsm ? 0x9804 : 0x63C9);
    QCOMPARE(send(*card, cla + "2C00" + unblockP2 + "10" + kPuk1 + "3132FFFFFFFFFFFF").sw, gsm ? 0x6B00 : 0x6A80);
    QCOMPARE(send(*card, cla + "2C00" + unblockP2 + "08" + kPuk1).sw, 0x6700);
    QCOMPARE(send(*card, unblockRight).sw, 0x9000);
    QCOMPARE(card->state().puk1.triesLeft(), std::uint8_t(10));
    QCOMPARE(card->state().pin1.triesLeft(), std::uint8_t(3));
    card->powerOn();
    QCOMPARE(send(*card, verifyRight).sw, gsm ? 0x9804 : 0x63C2); // the old PIN is gone
    QCOMPARE(send(*card, cla + "20000108" + kNewPin).sw, 0x9000);
    QCOMPARE(send(*card, cla + "2C00" + (gsm ? "02" : "81") + "10" + kPuk1 + kNewPin).sw, gsm ? 0x9802 : 0x6A88);
}

void TestSimSecurity::pukBlocksForever()
{
    auto card = copy();
    QVERIFY(card != nullptr);
    for (int i = 0; i < 3; ++i) {
        send(*card, "0020000108" + kWrongPin);
    }
    for (int left = 9; left >= 0; --left) {
        QCOMPARE(send(*card, "002C000110"
                             "3131313131313131" +
                                 kNewPin)
                     .sw,
                 0x63C0 | left);
    }
    QCOMPARE(send(*card, "002C000110" + std::string(kPuk1) + kNewPin).sw, 0x6983);
    QCOMPARE(send(*card, "A02C000010" + std::string(kPuk1) + kNewPin).sw, 0x9840);
    QCOMPARE(send(*card, "002C0001").sw, 0x6983);
    card->powerOn();
    QCOMPARE(send(*card, "0020000108" + std::string(kPin1)).sw, 0x6983);
    QCOMPARE(send(*card, kAidSelect).sw, 0x9000);
    QCOMPARE(send(*card, "00B0870009").sw, 0x6982);
}

void TestSimSecurity::counterIsSavedBeforeTheAnswer()
{
    auto card = copy();
    QVERIFY(card != nullptr);
    QCOMPARE(send(*card, "0020000108" + kWrongPin).sw, 0x63C2);
    QCOMPARE(send(*card, "0020000108" + kWrongPin).sw, 0x63C1);
    auto reopened = openCard(card->path());
    QVERIFY(reopened != nullptr);
    QCOMPARE(send(*reopened, "00200001").sw, 0x63C1);
    QCOMPARE(send(*reopened, "0020000108" + std::string(kPin1)).sw, 0x9000);
    QCOMPARE(openCard(card->path())->state().pin1.triesLeft(), std::uint8_t(3)); // reset is saved too
}

void TestSimSecurity::disableAndEnablePin1()
{
    auto card = copy();
    QVERIFY(card != nullptr);
    QCOMPARE(send(*card, "0028000108" + std::string(kPin1)).sw, 0x6985); // already enabled
    QCOMPARE(send(*card, "0026000108" + kWrongPin).sw, 0x63C2);
    QCOMPARE(send(*card, "0026008108" + std::string(kPin1)).sw, 0x6A86); // only PIN1
    QCOMPARE(send(*card, "00260001"
                         "04"
                         "31323337")
                 .sw,
             0x6700);
    QCOMPARE(send(*card, "0026000108" + std::string(kPin1)).sw, 0x9000);
    card->powerOn();
    QCOMPARE(send(*card, kAidSelect).sw, 0x9000);
    QCOMPARE(send(*card, "00B0870009").sw, 0x9000); // PIN1 disabled: no verification needed
    QCOMPARE(send(*card, "00200001").sw, 0x9000);
    QCOMPARE(send(*card, "0020000108" + std::string(kPin1)).sw, 0x6985);
    QCOMPARE(send(*card, "A020000108" + std::string(kPin1)).sw, 0x9808);
    QCOMPARE(send(*card, "A0A40000023F00").sw, 0x9F16);
    QCOMPARE(send(*card, "A0C0000016").data.mid(26, 2), QStringLiteral("81")); // CHV1 disabled bit
    QCOMPARE(send(*card, "A026000108" + std::string(kPin1)).sw, 0x9808);
    QCOMPARE(send(*card, "0024000110" + std::string(kPin1) + kNewPin).sw, 0x6985);
    QCOMPARE(send(*card, "A028000108" + std::string(kPin1)).sw, 0x9000);
    card->powerOn();
    QCOMPARE(send(*card, kAidSelect).sw, 0x9000);
    QCOMPARE(send(*card, "00B0870009").sw, 0x6982);
}

void TestSimSecurity::changePin1()
{
    auto card = copy();
    QVERIFY(card != nullptr);
    QCOMPARE(send(*card, "0024000110" + kWrongPin + kNewPin).sw, 0x63C2);
    QCOMPARE(send(*card, "0024000110" + std::string(kPin1) + "31FFFFFFFFFFFFFF").sw, 0x6A80);
    QCOMPARE(send(*card, "0024000110" + std::string(kPin1) + "3132333441FFFFFF").sw, 0x6A80);
    QCOMPARE(send(*card, "0024000108" + std::string(kPin1)).sw, 0x6700);
    QCOMPARE(send(*card, "0024000210" + std::string(kPin1) + kNewPin).sw, 0x6A88);
    QCOMPARE(send(*card, "0024020110" + std::string(kPin1) + kNewPin).sw, 0x6A86);
    QCOMPARE(send(*card, "0024000110" + std::string(kPin1) + kNewPin).sw, 0x9000);
    QCOMPARE(card->state().pin1.triesLeft(), std::uint8_t(3));
    card->powerOn();
    QCOMPARE(send(*card, "0020000108" + std::string(kPin1)).sw, 0x63C2);
    QCOMPARE(send(*card, "A024000110" + kNewPin + std::string(kPin1)).sw, 0x9000); // GSM CHANGE CHV back
    QCOMPARE(send(*card, "A020000108" + std::string(kPin1)).sw, 0x9000);
    // ADM1 can be changed with the old value.
    QCOMPARE(send(*card, "0024000A10" + std::string(kAdm) + "3837363534333231").sw, 0x9000);
    QCOMPARE(send(*card, "0020000A08"
                         "3837363534333231")
                 .sw,
             0x9000);
}

void TestSimSecurity::setCodesOnlyUnderAdm()
{
    auto card = copy();
    QVERIFY(card != nullptr);
    QCOMPARE(send(*card, "0024010108" + kNewPin).sw, 0x6982);
    QCOMPARE(send(*card, "0024011108"
                         "3131313131313131")
                 .sw,
             0x6982);
    QCOMPARE(send(*card, "0020000A08" + std::string(kAdm)).sw, 0x9000);
    QCOMPARE(send(*card, "0024010A08"
                         "3131313131313131")
                 .sw,
             0x6A88); // ADM1 only with its old value
    QCOMPARE(send(*card, "0024010108"
                         "3132FFFFFFFFFFFF")
                 .sw,
             0x6A80); // fewer than 4 digits
    QCOMPARE(send(*card, "0024011108"
                         "31323334FFFFFFFF")
                 .sw,
             0x6A80); // PUK: 8 digits
    QCOMPARE(send(*card, "0024010110" + kNewPin + kNewPin).sw, 0x6700);
    QCOMPARE(send(*card, "A024010108" + kNewPin).sw, 0x6B00); // no "new value only" in class A0
    QCOMPARE(send(*card, "0024018108" + kNewPin).sw, 0x9000); // PIN2
    QCOMPARE(send(*card, "0024019108"
                         "3232323232323232")
                 .sw,
             0x9000); // PUK2
    card->powerOn();
    QCOMPARE(send(*card, "00200081").sw, 0x63C3);
    QCOMPARE(send(*card, "A020000208" + kNewPin).sw, 0x9000);
    QCOMPARE(send(*card, "A02C000210"
                         "3232323232323232" +
                             kNewPin)
                 .sw,
             0x9000);
}

void TestSimSecurity::admBlocksAfterThreeTries()
{
    auto card = openCard(makeBlank(m_dir, QStringLiteral("admblock.sim")));
    QVERIFY(card != nullptr);
    QCOMPARE(send(*card, "0020000A08"
                         "3030303030303030")
                 .sw,
             0x63C2);
    QCOMPARE(send(*card, "0020000A08"
                         "3030303030303030")
                 .sw,
             0x63C1);
    QCOMPARE(send(*card, "0020000A08"
                         "3030303030303030")
                 .sw,
             0x63C0);
    QCOMPARE(send(*card, "0020000A08" + std::string(kAdm)).sw, 0x6983);
    QCOMPARE(send(*card, personalisation()[1].apdu).sw, 0x6982); // the card can no longer be personalised
    QCOMPARE(send(*card, "002C000A10" + std::string(kAdm) + kAdm).sw, 0x6A88);
    QCOMPARE(openCard(card->path())->state().adm1.triesLeft(), std::uint8_t(0));
}

void TestSimSecurity::securityStatusResetByPowerOn()
{
    auto card = copy();
    QVERIFY(card != nullptr);
    QCOMPARE(send(*card, "0020000108" + std::string(kPin1)).sw, 0x9000);
    QCOMPARE(send(*card, "0020000A08" + std::string(kAdm)).sw, 0x9000);
    QCOMPARE(send(*card, "00A4080C047FF06F07").sw, 0x9000);
    QCOMPARE(send(*card, "00B0000009").sw, 0x9000);
    card->powerOn();
    QCOMPARE(send(*card, "00B0000009").sw, 0x6986); // no current EF after reset
    QCOMPARE(send(*card, "00A4080C047FF06F07").sw, 0x9000);
    QCOMPARE(send(*card, "00B0000009").sw, 0x6982);
    QCOMPARE(send(*card, "00D6000001FF").sw, 0x6982);
    QCOMPARE(send(*card, "00200001").sw, 0x63C3);
}

QTEST_GUILESS_MAIN(TestSimSecurity)
#include "tst_simsecurity.moc"
