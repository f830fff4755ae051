// SPDX-License-Identifier: Apache-2.0
// The reader monitor's thread life cycle, with or without a pcscd on the machine: it reports the
// service state, and stop() ends the thread promptly (SCardCancel on a blocking call, or the retry
// timer when pcscd is absent) without terminating it. Hot-plug itself runs in tests/system/.
#include "pcsc/ReaderMonitor.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace perso::pcsc;

class TestReaderMonitor : public QObject
{
    Q_OBJECT

private slots:
    void reportsServiceStateAndStops();
    void stopWithoutStartAndTwice();
    void restartsAfterStop();
};

void TestReaderMonitor::reportsServiceStateAndStops()
{
    ReaderMonitor monitor;
    QSignalSpy service(&monitor, &ReaderMonitor::serviceAvailableChanged);
    monitor.start();
    QVERIFY(monitor.isRunning());
    QVERIFY(service.wait(5000)); // true with a pcscd, false without: either way the thread reported
    QElapsedTimer timer;
    timer.start();
    monitor.stop();
    QVERIFY(!monitor.isRunning());
    QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
}

void TestReaderMonitor::stopWithoutStartAndTwice()
{
    ReaderMonitor monitor;
    monitor.stop();
    QVERIFY(!monitor.isRunning());
    monitor.start();
    monitor.stop();
    monitor.stop();
    QVERIFY(!monitor.isRunning());
}

void TestReaderMonitor::restartsAfterStop()
{
    ReaderMonitor monitor;
    QSignalSpy service(&monitor, &ReaderMonitor::serviceAvailableChanged);
    monitor.start();
    QVERIFY(service.wait(5000));
    monitor.stop();
    service.clear();
    monitor.start();
    QVERIFY(service.wait(5000)); // a fresh watcher reports the service state again
    monitor.stop();
    QVERIFY(!monitor.isRunning());
}

QTEST_GUILESS_MAIN(TestReaderMonitor)
#include "tst_readermonitor.moc"
