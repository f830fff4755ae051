// SPDX-License-Identifier: Apache-2.0
#include "issuer/storage/WriteQueue.h"

#include "issuer/storage/Connection.h"

#include <QSqlQuery>

namespace perso::issuer::storage {

WriteQueue::WriteQueue(StoreConfig config, QString connectionName)
    : m_config(std::move(config)), m_name(std::move(connectionName)), m_dialect(m_config.engine)
{}

IssuerResult<std::unique_ptr<WriteQueue>> WriteQueue::start(const StoreConfig& config, const QString& connectionName)
{
    std::unique_ptr<WriteQueue> queue(new WriteQueue(config, connectionName));
    std::promise<IssuerStatus> opened;
    auto openedFuture = opened.get_future();
    queue->m_thread = std::thread([raw = queue.get(), p = std::move(opened)]() mutable { raw->loop(std::move(p)); });
    IssuerStatus status = openedFuture.get();
    if (!status) {
        queue->m_thread.join();
        return status.error();
    }
    return queue;
}

WriteQueue::~WriteQueue()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable()) {
        m_thread.join();
    }
}

IssuerStatus WriteQueue::run(Job job)
{
    std::future<IssuerStatus> result;
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping) {
            return makeIssuerError(IssuerErrorCode::StorageUnavailable, QStringLiteral("the store is closing"));
        }
        m_queue.push_back(Pending{std::move(job), {}});
        result = m_queue.back().done.get_future();
    }
    m_wake.notify_one();
    return result.get();
}

std::uint64_t WriteQueue::commits() const
{
    std::lock_guard lock(m_mutex);
    return m_commits;
}

std::uint64_t WriteQueue::writes() const
{
    std::lock_guard lock(m_mutex);
    return m_writes;
}

void WriteQueue::loop(std::promise<IssuerStatus> opened)
{
    {
        auto db = openConnection(m_config, m_name);
        if (!db) {
            opened.set_value(db.error());
            return;
        }
        opened.set_value(Ok{});
        Sql sql(db.value(), m_dialect);
        sql.enableStatementCache();
        for (;;) {
            std::deque<Pending> group;
            {
                std::unique_lock lock(m_mutex);
                m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
                if (m_queue.empty()) {
                    break; // stopping, and every queued write was answered
                }
                const auto limit = static_cast<std::size_t>(std::max(1, m_config.maxGroupCommit));
                while (!m_queue.empty() && group.size() < limit) {
                    group.push_back(std::move(m_queue.front()));
                    m_queue.pop_front();
                }
            }
            commitGroup(sql, group);
        }
    }
    closeConnection(m_name);
}

void WriteQueue::commitGroup(Sql& sql, std::deque<Pending>& group)
{
    std::vector<IssuerStatus> results;
    results.reserve(group.size());
    auto failAll = [&](const IssuerError& error) {
        for (auto& pending : group) {
            pending.done.set_value(error);
        }
    };
    auto begun = sql.command(m_dialect.begin());
    if (!begun) { // the connection may have been lost (server restart): reopen it once
        sql.clearCache();
        if (reopenConnection(m_config, sql.database())) {
            begun = sql.command(m_dialect.begin());
        }
    }
    if (!begun) {
        failAll(begun.error());
        return;
    }
    bool broken = false;
    IssuerError brokenError{IssuerErrorCode::StorageUnavailable, QString()};
    for (auto& pending : group) {
        if (broken) {
            results.push_back(brokenError);
            continue;
        }
        if (auto mark = sql.command(QStringLiteral("SAVEPOINT write_one")); !mark) {
            broken = true;
            brokenError = mark.error();
            results.push_back(brokenError);
            continue;
        }
        IssuerStatus status = pending.job(sql);
        if (!status) {
            auto undone = sql.command(QStringLiteral("ROLLBACK TO SAVEPOINT write_one"));
            if (!undone) {
                broken = true;
                brokenError = undone.error();
            }
        }
        if (!broken) {
            if (auto released = sql.command(QStringLiteral("RELEASE SAVEPOINT write_one")); !released) {
                broken = true;
                brokenError = released.error();
            }
        }
        results.push_back(broken ? brokenError : status);
    }
    sql.finishAll();
    auto committed = broken ? IssuerStatus(brokenError) : sql.command(QStringLiteral("COMMIT"));
    if (!committed) {
        QSqlQuery rollback(sql.database());
        rollback.exec(QStringLiteral("ROLLBACK"));
        failAll(makeIssuerError(IssuerErrorCode::StorageUnavailable,
                                QStringLiteral("the write was not committed: %1").arg(committed.error().message)));
        return;
    }
    {
        std::lock_guard lock(m_mutex);
        ++m_commits;
        m_writes += group.size();
    }
    for (std::size_t i = 0; i < group.size(); ++i) {
        group[i].done.set_value(std::move(results[i]));
    }
}

} // namespace perso::issuer::storage
