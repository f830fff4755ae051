// SPDX-License-Identifier: Apache-2.0
// The vpcd link through the real pcscd and vpcd driver, driven with the plain pcsc-lite API: what any
// PC/SC application (pcsc_scan, opensc-tool) sees of a card behind a VpcdLink.
#include "CardThread.h"
#include "RawPcsc.h"
#include "SystemCard.h"

#include <QElapsedTimer>
#include <QTest>

#include <algorithm>

using namespace perso;
using namespace perso::vpcd;
using namespace perso::vpcd::test;

namespace {
constexpr int kCardEventTimeoutMs = 5000;

bool contains(const std::vector<std::string>& names, const char* name)
{
    return std::find(names.begin(), names.end(), std::string(name)) != names.end();
}
} // namespace

class TestVpcdSystem : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        RawContext context;
        if (context.result() != SCARD_S_SUCCESS) {
            QFAIL(qPrintable(QStringLiteral("pcscd does not answer (%1); run through ctest, whose fixture "
                                            "'pcscd' starts it with scripts/pcscd-vpcd.sh")
                                 .arg(pcscError(context.result()))));
        }
    }

    void bothVpcdReadersListed()
    {
        RawContext context;
        const auto readers = context.readers();
        QVERIFY(contains(readers, kReader0));
        QVERIFY(contains(readers, kReader1));
    }

    // What pcsc_scan shows: the reader with a card and its ATR while the link is up, no card before.
    void readerShowsCardWhileLinked()
    {
        RawContext context;
        QVERIFY((context.waitForCard(kReader0, false, kCardEventTimeoutMs) & SCARD_STATE_EMPTY) != 0);
        auto card = std::make_shared<SystemCard>();
        CardThread link(card);
        link.insert();
        Bytes atr;
        const DWORD state = context.waitForCard(kReader0, true, kCardEventTimeoutMs, &atr);
        QVERIFY2((state & SCARD_STATE_PRESENT) != 0, "no card shown in Virtual PCD 00 00");
        QCOMPARE(atr, SystemCard::defaultAtr());
        QVERIFY(link.linked);
        QVERIFY((context.waitForCard(kReader1, false, 0) & SCARD_STATE_EMPTY) != 0);
    }

    void secondReaderOnItsOwnPort()
    {
        RawContext context;
        CardThread link(std::make_shared<SystemCard>(), fastRetry(kReader1Port));
        QVERIFY(link.insertAndWait(context, kReader1));
        QVERIFY((context.waitForCard(kReader0, false, kCardEventTimeoutMs) & SCARD_STATE_EMPTY) != 0);
        RawCard raw(context, kReader1);
        QCOMPARE(raw.result(), SCARD_S_SUCCESS);
        LONG rv = 0;
        QCOMPARE(toHex(view(raw.transmit(fromHex("00B0000004"), &rv))), std::string("000102039000"));
        QCOMPARE(rv, SCARD_S_SUCCESS);
    }

    void transmit_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("response");
        QTest::newRow("case 1") << QStringLiteral("00A40000") << QStringLiteral("9000");
        QTest::newRow("case 2, 4 bytes") << QStringLiteral("00B0000004") << QStringLiteral("000102039000");
        QTest::newRow("case 3") << QStringLiteral("00D6000003AABBCC") << QStringLiteral("AABBCC9000");
        QTest::newRow("case 4") << QStringLiteral("00A4040C023F0000") << QStringLiteral("3F009000");
        QTest::newRow("61xx reaches the host unchanged") << QStringLiteral("00C4000000") << QStringLiteral("6120");
        QTest::newRow("6Cxx reaches the host unchanged") << QStringLiteral("00C6000000") << QStringLiteral("6C10");
    }
    void transmit()
    {
        QFETCH(QString, command);
        QFETCH(QString, response);
        RawContext context;
        auto card = std::make_shared<SystemCard>();
        CardThread link(card);
        QVERIFY(link.insertAndWait(context, kReader0));
        RawCard raw(context, kReader0);
        QCOMPARE(raw.result(), SCARD_S_SUCCESS);
        LONG rv = 0;
        const Bytes answer = raw.transmit(fromHex(command.toStdString()), &rv);
        QCOMPARE(pcscError(rv), pcscError(SCARD_S_SUCCESS));
        QCOMPARE(QString::fromStdString(toHex(view(answer))), response);
        QVERIFY(card->powerOns + card->resets >= 1);
    }

    void longestShortApdus()
    {
        RawContext context;
        CardThread link(std::make_shared<SystemCard>());
        QVERIFY(link.insertAndWait(context, kReader0));
        RawCard raw(context, kReader0);
        QCOMPARE(raw.result(), SCARD_S_SUCCESS);
        LONG rv = 0;
        const Bytes read = raw.transmit(fromHex("00B0000000"), &rv); // Le 00: 256 bytes
        QCOMPARE(rv, SCARD_S_SUCCESS);
        QCOMPARE(read.size(), std::size_t{258});
        QCOMPARE(read[255], 0xFF);
        Bytes write = fromHex("00D60000FF");
        write.resize(5 + 255, 0x42);
        const Bytes echoed = raw.transmit(write, &rv);
        QCOMPARE(rv, SCARD_S_SUCCESS);
        QCOMPARE(echoed.size(), std::size_t{257});
        QCOMPARE(echoed[254], 0x42);
    }

    // The card answers 1.5 s later from a timer (the terminal waiting for its keypad): the host
    // blocks in SCardTransmit, pcscd's presence polling waits its turn, the link stays up.
    void slowAnswerKeepsTheLink()
    {
        RawContext context;
        CardThread link(std::make_shared<SystemCard>());
        QVERIFY(link.insertAndWait(context, kReader0));
        RawCard raw(context, kReader0);
        QCOMPARE(raw.result(), SCARD_S_SUCCESS);
        QElapsedTimer clock;
        clock.start();
        LONG rv = 0;
        const Bytes answer = raw.transmit(fromHex("00CA0F00"), &rv);
        QCOMPARE(rv, SCARD_S_SUCCESS);
        QCOMPARE(toHex(view(answer)), std::string("9000"));
        QVERIFY(clock.elapsed() >= 1400);
        QCOMPARE(link.connects.load(), 1);
        QCOMPARE(link.disconnects.load(), 0);
        QCOMPARE(toHex(view(raw.transmit(fromHex("00B0000001"), &rv))), std::string("009000"));
    }

    void cardPulledAndReinserted()
    {
        RawContext context;
        auto card = std::make_shared<SystemCard>();
        CardThread link(card);
        QVERIFY(link.insertAndWait(context, kReader0));
        {
            RawCard raw(context, kReader0);
            QCOMPARE(raw.result(), SCARD_S_SUCCESS);
            link.pull();
            QVERIFY(!link.linked);
            QVERIFY((context.waitForCard(kReader0, false, kCardEventTimeoutMs) & SCARD_STATE_EMPTY) != 0);
            LONG rv = 0;
            QVERIFY(raw.transmit(fromHex("00B0000001"), &rv).empty());
            QVERIFY2(rv == SCARD_W_REMOVED_CARD || rv == SCARD_E_NO_SMARTCARD || rv == SCARD_W_RESET_CARD,
                     qPrintable(pcscError(rv)));
        }
        QVERIFY(card->powerOffs >= 1);
        QVERIFY(link.insertAndWait(context, kReader0));
        RawCard again(context, kReader0);
        QCOMPARE(again.result(), SCARD_S_SUCCESS);
        LONG rv = 0;
        QCOMPARE(toHex(view(again.transmit(fromHex("00B0000002"), &rv))), std::string("00019000"));
        QCOMPARE(link.connects.load(), 2);
    }
};

QTEST_GUILESS_MAIN(TestVpcdSystem)
#include "tst_vpcdsystem.moc"
