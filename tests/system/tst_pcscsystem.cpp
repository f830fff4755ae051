// SPDX-License-Identifier: Apache-2.0
// Our host-side PC/SC library (pcsc/) against a card behind a VpcdLink through the real pcscd: T=0
// follow-ups, reader monitor events when the link connects and disconnects, and a pcscd restart
// mid-session (clear error, bounded time, recovery through the same Context).
#include "CardThread.h"
#include "RawPcsc.h"
#include "SystemCard.h"
#include "pcsc/CardConnection.h"
#include "pcsc/Context.h"
#include "pcsc/ReaderMonitor.h"

#include <QElapsedTimer>
#include <QTest>

using namespace perso;
using namespace perso::vpcd;
using namespace perso::vpcd::test;

namespace {
const QString kReader = QLatin1String(kReader0);

// Collects the monitor's card events on the test thread (queued from the monitor thread).
struct CardEvents : QObject
{
    explicit CardEvents(pcsc::ReaderMonitor& monitor)
    {
        connect(&monitor, &pcsc::ReaderMonitor::cardInserted, this, [this](const QString& reader, const QByteArray&) {
            if (reader == kReader) {
                ++inserted;
            }
        });
        connect(&monitor, &pcsc::ReaderMonitor::cardRemoved, this, [this](const QString& reader) {
            if (reader == kReader) {
                ++removed;
            }
        });
        connect(&monitor, &pcsc::ReaderMonitor::cardInserted, this,
                [this](const QString& reader, const QByteArray& atr) {
                    if (reader == kReader) {
                        lastAtr = atr;
                    }
                });
        connect(&monitor, &pcsc::ReaderMonitor::serviceAvailableChanged, this,
                [this](bool available) { available ? ++serviceUp : ++serviceDown; });
    }
    int inserted = 0;
    int removed = 0;
    int serviceUp = 0;
    int serviceDown = 0;
    QByteArray lastAtr;
};
} // namespace

class TestPcscSystem : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void contextListsTheVpcdReaders()
    {
        pcsc::Context context;
        const auto readers = context.listReaders();
        QVERIFY2(readers.ok(), readers.ok() ? "" : qPrintable(readers.error().text()));
        QVERIFY(readers.value().contains(kReader));
        QVERIFY(readers.value().contains(QLatin1String(kReader1)));
    }

    void transmitFollowsT0_data()
    {
        QTest::addColumn<int>("ins");
        QTest::addColumn<int>("ne");
        QTest::addColumn<int>("expectedData");
        QTest::addColumn<int>("firstByte");
        QTest::addColumn<int>("transmits");
        QTest::newRow("61xx: GET RESPONSE joined") << 0xC4 << 0 << 32 << 0xA0 << 2;
        QTest::newRow("6Cxx: re-sent with the right Le") << 0xC6 << 256 << 16 << 0xC0 << 2;
        QTest::newRow("plain read") << 0xB0 << 8 << 8 << 0x00 << 1;
    }
    void transmitFollowsT0()
    {
        QFETCH(int, ins);
        QFETCH(int, ne);
        QFETCH(int, expectedData);
        QFETCH(int, firstByte);
        QFETCH(int, transmits);
        RawContext raw;
        CardThread link(std::make_shared<SystemCard>());
        QVERIFY(link.insertAndWait(raw, kReader0));

        pcsc::Context context;
        auto connection = pcsc::CardConnection::connect(context, kReader);
        QVERIFY2(connection.ok(), connection.ok() ? "" : qPrintable(connection.error().text()));
        QCOMPARE(connection.value()->atr(), QByteArray::fromHex("3B021450"));
        pcsc::ExchangeStats stats;
        const auto response = pcsc::exchangeApdu(*connection.value(),
                                                 CommandApdu(0x00, std::uint8_t(ins), 0x00, 0x00, {}, std::size_t(ne)),
                                                 pcsc::ExchangeOptions{}, &stats);
        QVERIFY2(response.ok(), response.ok() ? "" : qPrintable(response.error().text()));
        QCOMPARE(response.value().sw(), sw::kSuccess);
        QCOMPARE(int(response.value().data().size()), expectedData);
        QCOMPARE(int(response.value().data().at(0)), firstByte);
        QCOMPARE(int(stats.transmits), transmits);
    }

    void monitorSeesTheLinkComeAndGo()
    {
        RawContext raw;
        QVERIFY((raw.waitForCard(kReader0, false, 5000) & SCARD_STATE_EMPTY) != 0);
        pcsc::ReaderMonitor monitor;
        CardEvents events(monitor);
        monitor.start();
        QTRY_COMPARE_WITH_TIMEOUT(events.serviceUp, 1, 5000);

        auto card = std::make_shared<SystemCard>();
        CardThread link(card);
        link.insert();
        QTRY_COMPARE_WITH_TIMEOUT(events.inserted, 1, 5000);
        QCOMPARE(events.lastAtr, QByteArray::fromHex("3B021450"));
        link.pull();
        QTRY_COMPARE_WITH_TIMEOUT(events.removed, 1, 5000);
        link.insert();
        QTRY_COMPARE_WITH_TIMEOUT(events.inserted, 2, 5000);
        monitor.stop();
        QVERIFY(!monitor.isRunning());
    }

    void pcscdRestartMidSession()
    {
        if (!pcscdScript(QStringLiteral("status")).startsWith(QLatin1String("ours"))) {
            QSKIP("pcscd was not started by scripts/pcscd-vpcd.sh: not restarting someone else's pcscd");
        }
        auto card = std::make_shared<SystemCard>();
        CardThread link(card);
        {
            RawContext raw;
            QVERIFY(link.insertAndWait(raw, kReader0));
        }
        pcsc::ReaderMonitor monitor;
        CardEvents events(monitor);
        monitor.start();
        QTRY_COMPARE_WITH_TIMEOUT(events.inserted, 1, 5000);

        pcsc::Context context;
        auto connection = pcsc::CardConnection::connect(context, kReader);
        QVERIFY2(connection.ok(), connection.ok() ? "" : qPrintable(connection.error().text()));
        QVERIFY(connection.value()->transmit(CommandApdu(0x00, 0xB0, 0x00, 0x00, {}, 1)).ok());

        QCOMPARE(pcscdScript(QStringLiteral("stop")), QStringLiteral("stopped"));
        QElapsedTimer clock;
        clock.start();
        const auto lost = connection.value()->transmit(CommandApdu(0x00, 0xB0, 0x00, 0x00, {}, 1));
        QVERIFY(!lost.ok());
        QVERIFY2(lost.error().isServiceLost() || lost.error().isCardLost() ||
                     lost.kind() == pcsc::ErrorKind::ReaderUnavailable,
                 qPrintable(lost.error().text()));
        QVERIFY(clock.elapsed() < 5000);
        qInfo("transmit with pcscd stopped: %s after %lld ms", qPrintable(lost.error().text()), clock.elapsed());
        QTRY_COMPARE_WITH_TIMEOUT(events.serviceDown, 1, 5000);
        QCOMPARE(events.removed, 1);
        QTRY_VERIFY_WITH_TIMEOUT(!link.linked, 5000);
        connection.value().reset();

        QVERIFY(pcscdScript(QStringLiteral("start")).startsWith(QLatin1String("ours")));
        clock.restart();
        QTRY_VERIFY_WITH_TIMEOUT(link.linked, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(events.inserted, 2, 10000); // the monitor came back by itself
        qInfo("monitor saw the card again %lld ms after pcscd was started", clock.elapsed());
        auto again = pcsc::CardConnection::connect(context, kReader); // the same Context, re-established
        QVERIFY2(again.ok(), again.ok() ? "" : qPrintable(again.error().text()));
        const auto response = again.value()->transmit(CommandApdu(0x00, 0xB0, 0x00, 0x00, {}, 2));
        QVERIFY(response.ok());
        QCOMPARE(response.value().data(), (SecureBytes{0x00, 0x01}));
        QVERIFY(context.generation() >= 2);
        monitor.stop();
    }

    void cleanupTestCase() { pcscdScript(QStringLiteral("start")); }
};

QTEST_GUILESS_MAIN(TestPcscSystem)
#include "tst_pcscsystem.moc"
