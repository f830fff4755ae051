// SPDX-License-Identifier: Apache-2.0
#include "pcsc/CallWorker.h"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>

namespace perso::pcsc {

// Shared by the caller and the worker thread, so that a detached thread never touches a destroyed
// CallWorker.
struct CallWorker::State
{
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<std::function<void()>> jobs;
    std::uint64_t queued = 0;   // jobs queued so far
    std::uint64_t finished = 0; // jobs that returned so far (they run in order)
    bool stopping = false;
    bool abandoned = false;
};

CallWorker::CallWorker() : m_state(std::make_shared<State>())
{
    m_thread = std::thread([state = m_state] {
        std::unique_lock lock(state->mutex);
        for (;;) {
            state->changed.wait(lock, [&] { return state->stopping || !state->jobs.empty(); });
            if (state->jobs.empty())
                return; // stopping, nothing left
            auto job = std::move(state->jobs.front());
            state->jobs.pop_front();
            lock.unlock();
            job();
            job = nullptr; // release what the job owned before reporting it done
            lock.lock();
            ++state->finished;
            state->changed.notify_all();
        }
    });
}

CallWorker::~CallWorker()
{
    bool abandoned = false;
    {
        std::lock_guard lock(m_state->mutex);
        m_state->stopping = true;
        abandoned = m_state->abandoned;
    }
    m_state->changed.notify_all();
    if (abandoned)
        m_thread.detach(); // ends once the stuck job returned; it holds its own reference to the state
    else
        m_thread.join();
}

bool CallWorker::run(std::function<void()> job, std::chrono::milliseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::unique_lock lock(m_state->mutex);
    if (m_state->abandoned || m_state->stopping)
        return false;
    m_state->jobs.push_back(std::move(job));
    const std::uint64_t ticket = ++m_state->queued;
    m_state->changed.notify_all();
    if (m_state->changed.wait_until(lock, deadline, [&] { return m_state->finished >= ticket; }))
        return true;
    m_state->abandoned = true;
    return false;
}

bool CallWorker::isAbandoned() const
{
    std::lock_guard lock(m_state->mutex);
    return m_state->abandoned;
}

void CallWorker::finish(std::function<void()> last)
{
    {
        std::lock_guard lock(m_state->mutex);
        m_state->jobs.push_back(std::move(last));
        ++m_state->queued;
    }
    m_state->changed.notify_all();
}

} // namespace perso::pcsc
