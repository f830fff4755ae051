// SPDX-License-Identifier: Apache-2.0
#include "terminal/bridge/VirtualCardAdapter.h"

#include <QTest>

#include <memory>

using namespace perso;
using namespace perso::vpcd;

namespace {
// Answers every command with INS P1 P2 ‖ 9000 and counts power events.
class EchoCard : public cards::VirtualCard
{
public:
    Bytes atr() const override { return {0x3B, 0x00}; }
    void powerOn() override { ++powerOns; }
    void powerOff() override { ++powerOffs; }
    ResponseApdu process(const CommandApdu& command) override
    {
        ++processed;
        lastData = command.data();
        lastNe = command.ne();
        return ResponseApdu(sw::kSuccess, SecureBytes{command.ins(), command.p1(), command.p2()});
    }
    QString kind() const override { return QStringLiteral("echo"); }
    QString label() const override { return QStringLiteral("echo-1"); }

    int powerOns = 0;
    int powerOffs = 0;
    int processed = 0;
    SecureBytes lastData;
    std::size_t lastNe = 0;
};
} // namespace

class TestVirtualCardAdapter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void powerAndAtrPassThrough()
    {
        auto card = std::make_shared<EchoCard>();
        VirtualCardAdapter adapter(card);
        QCOMPARE(adapter.atr(), card->atr());
        adapter.powerOn();
        adapter.reset();
        adapter.powerOff();
        QCOMPARE(card->powerOns, 2); // a warm reset is a powerOn() of the virtual card
        QCOMPARE(card->powerOffs, 1);
    }

    void transmit_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("response");
        QTest::addColumn<int>("processed");
        QTest::newRow("case 1") << QStringLiteral("00A40000") << QStringLiteral("A400009000") << 1;
        QTest::newRow("case 2") << QStringLiteral("00B0000210") << QStringLiteral("B000029000") << 1;
        QTest::newRow("case 4") << QStringLiteral("00A4040C02 3F00 00") << QStringLiteral("A4040C9000") << 1;
        QTest::newRow("extended for a short length (foreign host)")
            << QStringLiteral("00D60000 000002 AABB") << QStringLiteral("D600009000") << 1;
        QTest::newRow("two bytes") << QStringLiteral("00A4") << QStringLiteral("6700") << 0;
        QTest::newRow("Lc beyond the data") << QStringLiteral("00D6000005 0102") << QStringLiteral("6700") << 0;
        QTest::newRow("trailing bytes") << QStringLiteral("00D6000001 01 00 00") << QStringLiteral("6700") << 0;
        QTest::newRow("Lc 00 in short form") << QStringLiteral("00D6000000 01") << QStringLiteral("6700") << 0;
    }
    void transmit()
    {
        QFETCH(QString, command);
        QFETCH(QString, response);
        QFETCH(int, processed);
        auto card = std::make_shared<EchoCard>();
        VirtualCardAdapter adapter(card);
        const Bytes raw = fromHex(command.toStdString());
        int replies = 0;
        SecureBytes answer;
        adapter.transmit(SecureBytes(raw.begin(), raw.end()), [&](SecureBytes r) {
            ++replies;
            answer = std::move(r);
        });
        QCOMPARE(replies, 1); // synchronous: answered before transmit() returns
        QCOMPARE(QString::fromStdString(toHex(view(answer))), response);
        QCOMPARE(card->processed, processed);
    }
};

QTEST_GUILESS_MAIN(TestVirtualCardAdapter)
#include "tst_virtualcardadapter.moc"
