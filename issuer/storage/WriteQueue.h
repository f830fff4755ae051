// SPDX-License-Identifier: Apache-2.0
#pragma once

// The single writer: one connection owned by a dedicated thread. Callers on any thread queue a
// write and block until it is committed. The writer takes every write queued at that moment (up to
// a limit) into one SQL transaction — group commit — running each inside its own SAVEPOINT so that
// a failing write rolls back alone, and answers each caller only after COMMIT returned.

#include "issuer/common/IssuerError.h"
#include "issuer/storage/Sql.h"
#include "issuer/storage/SqlDialect.h"
#include "issuer/storage/StoreConfig.h"

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>

namespace perso::issuer::storage {

class WriteQueue
{
public:
    using Job = std::function<IssuerStatus(Sql&)>;

    // Starts the thread and opens its connection; fails if the connection cannot be opened.
    static IssuerResult<std::unique_ptr<WriteQueue>> start(const StoreConfig& config, const QString& connectionName);
    ~WriteQueue();
    WriteQueue(const WriteQueue&) = delete;
    WriteQueue& operator=(const WriteQueue&) = delete;

    // Runs `job` in the writer's transaction and returns once that transaction committed (or the
    // job's own error, with its writes rolled back). Results the job stores through references are
    // valid only when this returns success.
    IssuerStatus run(Job job);

    // How many transactions were committed and how many writes they carried (for benchmarks).
    std::uint64_t commits() const;
    std::uint64_t writes() const;

private:
    struct Pending
    {
        Job job;
        std::promise<IssuerStatus> done;
    };

    WriteQueue(StoreConfig config, QString connectionName);
    void loop(std::promise<IssuerStatus> opened);
    void commitGroup(Sql& sql, std::deque<Pending>& group);

    StoreConfig m_config;
    QString m_name;
    SqlDialect m_dialect;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Pending> m_queue;
    bool m_stopping = false;
    std::uint64_t m_commits = 0;
    std::uint64_t m_writes = 0;
    std::thread m_thread;
};

} // namespace perso::issuer::storage
