// SPDX-License-Identifier: Apache-2.0
#include "issuer/server/WorkerPool.h"

#include <QMetaObject>

#include <algorithm>

namespace perso::issuer {

WorkerPool::WorkerPool(int threads)
{
    const int count = std::max(1, threads);
    for (int i = 0; i < count; ++i) {
        auto thread = std::make_unique<QThread>();
        thread->setObjectName(QStringLiteral("issuer-worker-%1").arg(i));
        auto* context = new QObject; // deleted on its own thread by stop()
        context->moveToThread(thread.get());
        thread->start();
        m_threads.push_back(std::move(thread));
        m_contexts.push_back(context);
    }
}

WorkerPool::~WorkerPool()
{
    stop();
}

QObject* WorkerPool::workerFor(std::uint64_t connectionId) const
{
    return m_contexts[connectionId % m_contexts.size()];
}

void WorkerPool::post(QObject* context, std::function<void()> job)
{
    QMetaObject::invokeMethod(context, std::move(job), Qt::QueuedConnection);
}

void WorkerPool::stop()
{
    for (std::size_t i = 0; i < m_threads.size(); ++i) {
        if (!m_threads[i]->isRunning())
            continue;
        // Queued behind every job already posted to this worker; the context goes with the thread.
        QThread* thread = m_threads[i].get();
        QObject* context = m_contexts[i];
        QMetaObject::invokeMethod(
            context,
            [thread, context] {
                context->deleteLater();
                thread->quit();
            },
            Qt::QueuedConnection);
    }
    for (auto& thread : m_threads)
        thread->wait();
}

} // namespace perso::issuer
