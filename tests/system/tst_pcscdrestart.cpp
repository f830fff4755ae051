// SPDX-License-Identifier: Apache-2.0
// pcscd stopped and started again under a connected card (through scripts/pcscd-vpcd.sh): the host
// gets a clear error within a bounded time, the link comes back by itself, and a new context works.
#include "CardThread.h"
#include "RawPcsc.h"
#include "SystemCard.h"

#include <QElapsedTimer>
#include <QTest>

#include <chrono>
#include <future>

using namespace perso;
using namespace perso::vpcd;
using namespace perso::vpcd::test;

class TestPcscdRestart : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanupTestCase()
    {
        // Leave pcscd up for the tests after this one, whatever happened.
        pcscdScript(QStringLiteral("start"));
    }

    void restartMidSession()
    {
        if (!pcscdScript(QStringLiteral("status")).startsWith(QLatin1String("ours"))) {
            QSKIP("pcscd was not started by scripts/pcscd-vpcd.sh: not restarting someone else's pcscd");
        }
        auto card = std::make_shared<SystemCard>();
        CardThread link(card);
        auto context = std::make_unique<RawContext>();
        QCOMPARE(context->result(), SCARD_S_SUCCESS);
        QVERIFY(link.insertAndWait(*context, kReader0));
        auto raw = std::make_unique<RawCard>(*context, kReader0);
        QCOMPARE(raw->result(), SCARD_S_SUCCESS);
        LONG rv = 0;
        QCOMPARE(toHex(view(raw->transmit(fromHex("00B0000001"), &rv))), std::string("009000"));

        QCOMPARE(pcscdScript(QStringLiteral("stop")), QStringLiteral("stopped"));
        QTRY_VERIFY_WITH_TIMEOUT(!link.linked, 5000);

        // The session is gone: a clear error, quickly, no hang.
        QElapsedTimer clock;
        clock.start();
        QVERIFY(raw->transmit(fromHex("00B0000001"), &rv).empty());
        QVERIFY2(rv == SCARD_E_NO_SERVICE || rv == SCARD_E_SERVICE_STOPPED || rv == SCARD_E_READER_UNAVAILABLE ||
                     rv == SCARD_W_REMOVED_CARD || rv == SCARD_E_INVALID_HANDLE,
                 qPrintable(pcscError(rv)));
        QVERIFY(clock.elapsed() < 5000);
        qInfo("transmit after pcscd stopped: %s after %lld ms", qPrintable(pcscError(rv)), clock.elapsed());
        RawContext refused;
        QCOMPARE(refused.result(), SCARD_E_NO_SERVICE);
        raw.reset();
        context.reset();

        QVERIFY(pcscdScript(QStringLiteral("start")).startsWith(QLatin1String("ours")));
        clock.restart();
        QTRY_VERIFY_WITH_TIMEOUT(link.linked, 10000); // the link's backoff found vpcd again
        context = std::make_unique<RawContext>();
        QCOMPARE(context->result(), SCARD_S_SUCCESS);
        QVERIFY((context->waitForCard(kReader0, true, 5000) & SCARD_STATE_PRESENT) != 0);
        qInfo("card shown again %lld ms after pcscd was started", clock.elapsed());
        RawCard again(*context, kReader0);
        QCOMPARE(again.result(), SCARD_S_SUCCESS);
        QCOMPARE(toHex(view(again.transmit(fromHex("00B0000003"), &rv))), std::string("0001029000"));
        QCOMPARE(link.connects.load(), 2);
        QVERIFY(card->powerOffs >= 1); // the card lost power with the connection
    }

    // pcscd stopped while the host is blocked in SCardTransmit and the card has not answered yet (the
    // terminal waiting for its keypad): the host's call ends with an error well before the card would
    // have answered, instead of hanging.
    void stoppedDuringTransmit()
    {
        if (!pcscdScript(QStringLiteral("status")).startsWith(QLatin1String("ours"))) {
            QSKIP("pcscd was not started by scripts/pcscd-vpcd.sh: not restarting someone else's pcscd");
        }
        auto card = std::make_shared<SystemCard>();
        CardThread link(card);
        {
            RawContext context;
            QVERIFY(link.insertAndWait(context, kReader0));
        }
        const int before = card->commands;
        // pcsc-lite wants one context per thread: the blocked host has its own.
        auto host = std::async(std::launch::async, [] {
            RawContext context;
            RawCard raw(context, kReader0);
            LONG rv = raw.result();
            if (rv == SCARD_S_SUCCESS) {
                raw.transmit(fromHex("00CA6400"), &rv); // the card answers after 10 s
            }
            return rv;
        });
        QTRY_VERIFY_WITH_TIMEOUT(card->commands > before, 5000); // the command reached the card
        QElapsedTimer clock;
        clock.start();
        QCOMPARE(pcscdScript(QStringLiteral("stop")), QStringLiteral("stopped"));
        QVERIFY2(host.wait_for(std::chrono::seconds(8)) == std::future_status::ready, "SCardTransmit hung");
        const LONG rv = host.get();
        QVERIFY2(rv != SCARD_S_SUCCESS, qPrintable(pcscError(rv)));
        qInfo("blocked transmit ended with %s %lld ms after the stop began", qPrintable(pcscError(rv)),
              clock.elapsed());
        QVERIFY(pcscdScript(QStringLiteral("start")).startsWith(QLatin1String("ours")));
        QTRY_VERIFY_WITH_TIMEOUT(link.linked, 10000);
    }
};

QTEST_GUILESS_MAIN(TestPcscdRestart)
#include "tst_pcscdrestart.moc"
