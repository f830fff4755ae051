// SPDX-License-Identifier: Apache-2.0
// PinPad: stars, Clear, Cancel, OK, length bounds, trivial PINs, confirmation, inter-key timeout.
#include "terminal/firmware/PinPad.h"
#include "terminal/firmware/SecureTerminal.h"

#include "protocol/core/Bytes.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <optional>
#include <string>

using namespace perso;
using namespace perso::terminal;

namespace {

struct Captured
{
    std::optional<PinPad::Outcome> outcome;
    std::string pin;
    int calls = 0;
};

PinPad::Completion capture(Captured& into)
{
    return [&into](PinPad::Outcome outcome, SecureBytes pin) {
        into.outcome = outcome;
        into.pin.assign(pin.begin(), pin.end());
        ++into.calls;
    };
}

void press(PinPad& pad, const char* keys)
{
    for (const char* c = keys; *c; ++c) {
        switch (*c) {
        case 'C':
            pad.keyPressed(Key::Clear);
            break;
        case 'X':
            pad.keyPressed(Key::Cancel);
            break;
        case 'K':
            pad.keyPressed(Key::Ok);
            break;
        default:
            pad.keyPressed(*keyForDigit(*c));
        }
    }
}

} // namespace

class TestPinPad : public QObject
{
    Q_OBJECT

private slots:
    void entries_data();
    void entries();
    void displayShowsStarsOnly();
    void timerFollowsTheTerminalToItsThread();
    void timeoutRestartsAtEveryKey();
    void abortNeverCompletes();
};

void TestPinPad::entries_data()
{
    QTest::addColumn<bool>("confirm");
    QTest::addColumn<bool>("refuseTrivial");
    QTest::addColumn<QByteArray>("keys");
    QTest::addColumn<int>("outcome"); // -1: still running
    QTest::addColumn<QByteArray>("pin");

    const int entered = int(PinPad::Outcome::Entered);
    QTest::newRow("plain") << false << false << QByteArray("2580K") << entered << QByteArray("2580");
    QTest::newRow("too short keeps waiting") << false << false << QByteArray("258K") << -1 << QByteArray();
    QTest::newRow("digits beyond max ignored")
        << false << false << QByteArray("123456789K") << entered << QByteArray("12345678");
    QTest::newRow("clear starts again") << false << false << QByteArray("99C2580K") << entered << QByteArray("2580");
    QTest::newRow("cancel") << false << false << QByteArray("25X") << int(PinPad::Outcome::Cancelled) << QByteArray();
    QTest::newRow("trivial allowed when not refused")
        << false << false << QByteArray("1234K") << entered << QByteArray("1234");
    QTest::newRow("trivial refused then good")
        << false << true << QByteArray("1234K2580K") << entered << QByteArray("2580");
    QTest::newRow("trivial three times") << false << true << QByteArray("1111K9876K0000K")
                                         << int(PinPad::Outcome::Refused) << QByteArray();
    QTest::newRow("confirmed") << true << true << QByteArray("2580K2580K") << entered << QByteArray("2580");
    QTest::newRow("mismatch then confirmed")
        << true << true << QByteArray("2580K2581K3690K3690K") << entered << QByteArray("3690");
    QTest::newRow("mismatch three times") << true << false << QByteArray("2580K2581K2580K2581K2580K2581K")
                                          << int(PinPad::Outcome::Mismatch) << QByteArray();
}

void TestPinPad::entries()
{
    QFETCH(bool, confirm);
    QFETCH(bool, refuseTrivial);
    QFETCH(QByteArray, keys);
    QFETCH(int, outcome);
    QFETCH(QByteArray, pin);
    PinPad pad(std::chrono::seconds(30));
    Captured result;
    PinPad::Request request;
    request.minDigits = 4;
    request.maxDigits = 8;
    request.confirm = confirm;
    request.refuseTrivial = refuseTrivial;
    pad.start(request, capture(result));
    press(pad, keys.constData());
    if (outcome < 0) {
        QVERIFY(pad.isActive());
        QCOMPARE(result.calls, 0);
        return;
    }
    QVERIFY(!pad.isActive());
    QCOMPARE(result.calls, 1);
    QCOMPARE(int(*result.outcome), outcome);
    QCOMPARE(QByteArray::fromStdString(result.pin), pin);
    press(pad, "1K"); // keys after the end are ignored
    QCOMPARE(result.calls, 1);
}

void TestPinPad::displayShowsStarsOnly()
{
    PinPad pad(std::chrono::seconds(30));
    QSignalSpy display(&pad, &PinPad::displayChanged);
    Captured result;
    PinPad::Request request;
    request.prompt = [](bool confirmation, const QString& stars) {
        return DisplayLines{confirmation ? QStringLiteral("Again") : QStringLiteral("PIN"), stars};
    };
    request.confirm = true;
    pad.start(request, capture(result));
    press(pad, "258");
    QCOMPARE(display.last().at(1).toString(), QStringLiteral("***"));
    press(pad, "0K");
    QCOMPARE(display.last().at(0).toString(), QStringLiteral("Again"));
    QCOMPARE(display.last().at(1).toString(), QString());
    for (const auto& shown : display)
        QVERIFY(!shown.at(1).toString().contains(QLatin1Char('2')));
}

void TestPinPad::timeoutRestartsAtEveryKey()
{
    PinPad pad(std::chrono::milliseconds(200));
    Captured result;
    pad.start(PinPad::Request{}, capture(result));
    QElapsedTimer clock;
    clock.start();
    press(pad, "2");
    QTRY_VERIFY_WITH_TIMEOUT(result.calls == 1, 5000);
    QCOMPARE(*result.outcome, PinPad::Outcome::TimedOut);
    QVERIFY(result.pin.empty());
    QVERIFY(clock.elapsed() >= 150);
}

void TestPinPad::abortNeverCompletes()
{
    PinPad pad(std::chrono::milliseconds(20));
    Captured result;
    pad.start(PinPad::Request{}, capture(result));
    press(pad, "25");
    pad.abort();
    QVERIFY(!pad.isActive());
    // A second pad with a longer timeout: once it has timed out, the first one's timer would have too.
    PinPad witness(std::chrono::milliseconds(100));
    Captured witnessResult;
    witness.start(PinPad::Request{}, capture(witnessResult));
    QTRY_VERIFY_WITH_TIMEOUT(witnessResult.calls == 1, 5000);
    QCOMPARE(result.calls, 0);
}

void TestPinPad::timerFollowsTheTerminalToItsThread()
{
    // The emulator runs the terminal on the vpcd link's thread: every timer must move with it.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    perso::terminal::TerminalConfig config;
    config.stateFilePath = dir.filePath(QStringLiteral("terminal.state"));
    perso::terminal::SecureTerminal terminal(config);
    QThread thread;
    terminal.moveToThread(&thread);
    const auto timers = terminal.findChildren<QTimer*>();
    QVERIFY(!timers.isEmpty());
    for (const QTimer* timer : timers)
        QCOMPARE(timer->thread(), &thread);
    terminal.moveToThread(QThread::currentThread());
}

QTEST_GUILESS_MAIN(TestPinPad)
#include "tst_pinpad.moc"
