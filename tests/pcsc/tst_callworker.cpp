// SPDX-License-Identifier: Apache-2.0
// CallWorker: the thread under CardConnection's bounded transmit. A job that returns in time is
// waited for; a job that does not is given up at the deadline, the worker refuses further work, and
// the stuck job's resources and the thread itself go once the job finally returns.
#include "pcsc/CallWorker.h"

#include <QElapsedTimer>
#include <QTest>

#include <future>
#include <thread>

using namespace perso::pcsc;
using namespace std::chrono_literals;

class TestCallWorker : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void jobThatReturnsIsWaitedFor();
    void jobsRunInOrderOnTheWorkerThread();
    void stuckJobIsGivenUpAtTheDeadline();
    void abandonedWorkerRefusesMoreWork();
    void abandonedWorkerCleansUpAfterTheStuckJob();
    void idleWorkerRunsFinishBeforeJoining();
};

void TestCallWorker::jobThatReturnsIsWaitedFor()
{
    CallWorker worker;
    int value = 0;
    QVERIFY(worker.run([&value] { value = 42; }, 5s));
    QCOMPARE(value, 42);
    QVERIFY(!worker.isAbandoned());
}

void TestCallWorker::jobsRunInOrderOnTheWorkerThread()
{
    CallWorker worker;
    std::vector<int> order;
    std::thread::id where;
    for (int i = 0; i < 3; ++i)
        QVERIFY(worker.run(
            [&order, &where, i] {
                order.push_back(i);
                where = std::this_thread::get_id();
            },
            5s));
    QCOMPARE(order, (std::vector<int>{0, 1, 2}));
    QVERIFY(where != std::this_thread::get_id());
}

void TestCallWorker::stuckJobIsGivenUpAtTheDeadline()
{
    auto release = std::make_shared<std::promise<void>>();
    auto gate = std::make_shared<std::shared_future<void>>(release->get_future().share());
    CallWorker worker;
    QElapsedTimer clock;
    clock.start();
    QVERIFY(!worker.run([gate] { gate->wait(); }, 150ms));
    const qint64 waited = clock.elapsed();
    QVERIFY2(waited >= 140 && waited < 2000, qPrintable(QString::number(waited)));
    QVERIFY(worker.isAbandoned());
    release->set_value(); // the "card" answers late; nothing waits for it any more
}

void TestCallWorker::abandonedWorkerRefusesMoreWork()
{
    auto release = std::make_shared<std::promise<void>>();
    auto gate = std::make_shared<std::shared_future<void>>(release->get_future().share());
    CallWorker worker;
    QVERIFY(!worker.run([gate] { gate->wait(); }, 20ms));
    bool ran = false;
    QElapsedTimer clock;
    clock.start();
    QVERIFY(!worker.run([&ran] { ran = true; }, 5s)); // refused at once, not after 5 s
    QVERIFY(clock.elapsed() < 1000);
    release->set_value();
    QVERIFY(!ran);
}

void TestCallWorker::abandonedWorkerCleansUpAfterTheStuckJob()
{
    auto release = std::make_shared<std::promise<void>>();
    auto gate = std::make_shared<std::shared_future<void>>(release->get_future().share());
    auto buffer = std::make_shared<std::vector<std::uint8_t>>(16); // what the stuck call writes into
    std::weak_ptr<std::vector<std::uint8_t>> watch = buffer;
    auto cleaned = std::make_shared<std::promise<void>>();
    auto cleanedDone = cleaned->get_future();
    {
        CallWorker worker;
        QVERIFY(!worker.run(
            [gate, buffer] {
                gate->wait();
                (*buffer)[0] = 0xAA; // the late answer lands in memory the job owns
            },
            20ms));
        worker.finish([cleaned] { cleaned->set_value(); });
        buffer.reset();
    } // destroyed while the job is stuck: the thread is detached, not joined
    QVERIFY(!watch.expired());
    QVERIFY(cleanedDone.wait_for(0ms) == std::future_status::timeout); // not before the stuck job
    release->set_value();
    QVERIFY(cleanedDone.wait_for(5s) == std::future_status::ready);
    QTRY_VERIFY_WITH_TIMEOUT(watch.expired(), 5000); // the job and its buffer are gone
}

void TestCallWorker::idleWorkerRunsFinishBeforeJoining()
{
    bool finished = false;
    {
        CallWorker worker;
        QVERIFY(worker.run([] {}, 5s));
        worker.finish([&finished] { finished = true; });
    } // joined: the finish job ran before
    QVERIFY(finished);
}

QTEST_GUILESS_MAIN(TestCallWorker)
#include "tst_callworker.moc"
