// SPDX-License-Identifier: Apache-2.0
#pragma once

// N worker threads, each running an event loop. A connection is pinned to one worker: its jobs are
// posted to that worker's context object and so run serially, in the order they were posted.

#include <QObject>
#include <QThread>

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace perso::issuer {

class WorkerPool
{
public:
    explicit WorkerPool(int threads);
    ~WorkerPool(); // stop()
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    // The context object of the worker for a connection (lives on that worker's thread).
    QObject* workerFor(std::uint64_t connectionId) const;
    // Runs `job` on the worker that owns `context`, after the jobs posted there before.
    static void post(QObject* context, std::function<void()> job);

    // Quits the event loops once the jobs already posted have run, and joins the threads.
    void stop();

private:
    std::vector<std::unique_ptr<QThread>> m_threads;
    std::vector<QObject*> m_contexts; // each owned by its thread's event loop
};

} // namespace perso::issuer
