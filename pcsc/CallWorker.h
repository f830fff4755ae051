// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <thread>

namespace perso::pcsc {

// A thread of its own that runs blocking calls one at a time, so that the caller can stop waiting
// for a call that never returns (pcsc-lite's SCardTransmit has no timeout, and SCardCancel does not
// reach it). The caller blocks in run() until the job returned or the timeout passed; after a
// timeout the worker is abandoned: the stuck job keeps running on the worker thread, every later
// run() refuses at once, and the thread ends by itself once the stuck job returned and the job given
// to finish() ran.
//
// A job may outlive the run() call that queued it (after a timeout), so it must own everything it
// touches: capture shared_ptrs and values, never references to the caller's stack or members.
class CallWorker
{
public:
    CallWorker();
    // Stops the thread: joins it when it is idle; when abandoned, detaches it (it ends after the
    // stuck job and the finish() job returned).
    ~CallWorker();
    CallWorker(const CallWorker&) = delete;
    CallWorker& operator=(const CallWorker&) = delete;

    // Runs `job` on the worker thread and waits until it returned (true) or `timeout` passed (false;
    // the worker is then abandoned). False at once, without running `job`, when already abandoned.
    bool run(std::function<void()> job, std::chrono::milliseconds timeout);
    bool isAbandoned() const;
    // Queues `last` to run after every job already queued (after the stuck one when abandoned), once,
    // before the thread ends. Call it at most once, before destruction; nothing waits for it.
    void finish(std::function<void()> last);

private:
    struct State;
    std::shared_ptr<State> m_state;
    std::thread m_thread;
};

} // namespace perso::pcsc
