// SPDX-License-Identifier: Apache-2.0
#pragma once

// The keypad robot: a thread that watches perso-terminal's public state over its own control-socket
// connection (every `pollMs`) and plays the people at the PIN pad. It types the retailer PIN when the
// terminal waits in "retailer-pin", the customer's PIN or PUK when a PIN ENTRY prompt is on the display
// (app/demo/KeypadPrompt.h reads them), each followed by `key ok`; a fresh
// prompt is one whose second line (the stars) is still empty. The plan can make it type wrong retailer
// PINs first, press Cancel instead, hold a customer prompt open, or pull the customer card at it.

#include "app/demo/ControlClient.h"
#include "app/demo/KeypadPrompt.h"

#include <QElapsedTimer>
#include <QStringList>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

namespace perso::station::test {

inline const QString kCancelEntry = QStringLiteral("cancel");

struct RobotPlan
{
    QStringList retailerEntries;                  // typed first, in order: digits or kCancelEntry
    QString retailerPin = QStringLiteral("2580"); // then this, every time
    QString customerPin = QStringLiteral("48261397");
    QString customerPuk = QStringLiteral("48261397");
    bool cancelCustomerEntry = false;        // press Cancel at the customer's PIN prompt
    bool holdCustomerEntry = false;          // leave the customer's prompt waiting (until a new plan)
    bool removeCardAtCustomerPrompt = false; // pull the card at the first customer prompt, then type
    bool typeRetailerPin = true;             // false: leave the retailer prompt alone
};

struct RobotCounters
{
    int retailerEntries = 0;
    int customerEntries = 0;
    int cancels = 0;
    int removals = 0;
    int polls = 0;
    int failures = 0;        // control commands that failed
    qint64 keypadWaitNs = 0; // per prompt: the poll before it -> `key ok` answered (an upper bound)
};

class KeypadRobot
{
public:
    explicit KeypadRobot(QString controlPath, int pollMs = 20) : m_path(std::move(controlPath)), m_pollMs(pollMs) {}
    ~KeypadRobot() { stop(); }
    KeypadRobot(const KeypadRobot&) = delete;
    KeypadRobot& operator=(const KeypadRobot&) = delete;

    void setPlan(RobotPlan plan)
    {
        const std::lock_guard<std::mutex> guard(m_lock);
        m_plan = std::move(plan);
        m_removed = false;
    }

    RobotCounters counters() const
    {
        const std::lock_guard<std::mutex> guard(m_lock);
        return m_counters;
    }

    void resetCounters()
    {
        const std::lock_guard<std::mutex> guard(m_lock);
        m_counters = {};
    }

    // Starts the thread; false if it could not connect (lastError()).
    bool start()
    {
        if (m_thread.joinable())
            return true;
        m_stop = false;
        m_connected = 0;
        m_thread = std::thread([this] { run(); });
        while (m_connected.load() == 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(5)); // run() always sets it, bounded
        return m_connected.load() > 0;
    }

    void stop()
    {
        m_stop = true;
        if (m_thread.joinable())
            m_thread.join();
    }

    QString lastError() const
    {
        const std::lock_guard<std::mutex> guard(m_lock);
        return m_error;
    }

private:
    void run()
    {
        demo::ControlClient control(15000);
        if (!control.connectTo(m_path)) {
            const std::lock_guard<std::mutex> guard(m_lock);
            m_error = control.lastError();
            m_connected = -1;
            return;
        }
        m_connected = 1;
        QElapsedTimer clock;
        clock.start();
        // A prompt seen now appeared after the previous poll started: the wait is bounded from there.
        qint64 previousPoll = clock.nsecsElapsed();
        while (!m_stop.load()) {
            const qint64 thisPoll = clock.nsecsElapsed();
            const auto snapshot = control.state();
            bool acted = false;
            if (snapshot)
                acted = act(control, *snapshot, clock, previousPoll);
            else
                count([](RobotCounters& c) { ++c.failures; });
            count([](RobotCounters& c) { ++c.polls; });
            // After an answer the next prompt (a confirmation) may appear at once.
            previousPoll = acted ? clock.nsecsElapsed() : thisPoll;
            std::this_thread::sleep_for(std::chrono::milliseconds(m_pollMs)); // the robot's poll period
        }
    }

    // One decision on one snapshot; true when it answered a prompt.
    bool act(demo::ControlClient& control, const demo::TerminalState& snapshot, const QElapsedTimer& clock,
             qint64 promptAfter)
    {
        RobotPlan plan;
        bool removed = false;
        {
            const std::lock_guard<std::mutex> guard(m_lock);
            plan = m_plan;
            removed = m_removed;
        }
        const demo::KeypadPrompt prompt = demo::freshKeypadPrompt(snapshot);
        if (prompt == demo::KeypadPrompt::RetailerPin && plan.typeRetailerPin) {
            QString entry = plan.retailerPin;
            {
                const std::lock_guard<std::mutex> guard(m_lock);
                if (!m_plan.retailerEntries.isEmpty())
                    entry = m_plan.retailerEntries.takeFirst();
            }
            const bool done = entry == kCancelEntry ? control.key(QStringLiteral("cancel"))
                                                    : control.type(entry) && control.key(QStringLiteral("ok"));
            const qint64 waited = clock.nsecsElapsed() - promptAfter;
            count([&](RobotCounters& c) {
                if (!done)
                    ++c.failures;
                else if (entry == kCancelEntry)
                    ++c.cancels;
                else
                    ++c.retailerEntries;
                c.keypadWaitNs += waited;
            });
            return true;
        }
        const bool puk = prompt == demo::KeypadPrompt::CustomerPuk;
        if ((puk || prompt == demo::KeypadPrompt::CustomerPin) && !plan.holdCustomerEntry) {
            if (plan.removeCardAtCustomerPrompt && !removed) {
                const bool pulled = control.remove();
                const std::lock_guard<std::mutex> guard(m_lock);
                m_removed = true;
                ++(pulled ? m_counters.removals : m_counters.failures);
            }
            const bool cancel = plan.cancelCustomerEntry;
            const bool done =
                cancel ? control.key(QStringLiteral("cancel"))
                       : control.type(puk ? plan.customerPuk : plan.customerPin) && control.key(QStringLiteral("ok"));
            const qint64 waited = clock.nsecsElapsed() - promptAfter;
            count([&](RobotCounters& c) {
                if (!done)
                    ++c.failures;
                else if (cancel)
                    ++c.cancels;
                else
                    ++c.customerEntries;
                c.keypadWaitNs += waited;
            });
            return true;
        }
        return false;
    }

    template <typename F> void count(F&& change)
    {
        const std::lock_guard<std::mutex> guard(m_lock);
        change(m_counters);
    }

    QString m_path;
    int m_pollMs;
    mutable std::mutex m_lock;
    RobotPlan m_plan;
    RobotCounters m_counters;
    QString m_error;
    bool m_removed = false;
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_connected{0};
    std::thread m_thread;
};

} // namespace perso::station::test
