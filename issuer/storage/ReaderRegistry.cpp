// SPDX-License-Identifier: Apache-2.0
#include "issuer/storage/ReaderRegistry.h"

#include "issuer/storage/Connection.h"

#include <atomic>
#include <map>
#include <vector>

namespace perso::issuer::storage {
namespace {

// The connections the current thread opened, per registry; closed when the thread ends.
struct ThreadConnections
{
    std::vector<std::pair<std::weak_ptr<ReaderRegistry>, QString>> held;
    ~ThreadConnections()
    {
        for (auto& [registry, name] : held) {
            if (auto alive = registry.lock()) {
                alive->release(name);
            }
        }
    }
};

thread_local ThreadConnections t_connections;
std::atomic<std::uint64_t> g_threadCounter{0};
thread_local std::uint64_t t_threadNumber = ++g_threadCounter;

} // namespace

ReaderRegistry::ReaderRegistry(StoreConfig config, QString prefix)
    : m_config(std::move(config)), m_prefix(std::move(prefix))
{}

std::optional<QSqlDatabase> ReaderRegistry::connectionForThisThread(QString* error)
{
    const QString name = m_prefix + QStringLiteral("-r%1").arg(t_threadNumber);
    {
        std::lock_guard lock(m_mutex);
        if (m_closed) {
            *error = QStringLiteral("the store is closing");
            return std::nullopt;
        }
        if (m_open.count(name) != 0) {
            return QSqlDatabase::database(name, false);
        }
        if (static_cast<int>(m_open.size()) >= std::max(0, m_config.readConnections)) {
            return std::nullopt;
        }
        m_open.insert(name); // reserve the slot while opening
    }
    auto db = openConnection(m_config, name);
    if (!db) {
        std::lock_guard lock(m_mutex);
        m_open.erase(name);
        *error = db.error().message;
        return std::nullopt;
    }
    t_connections.held.emplace_back(weak_from_this(), name);
    return db.value();
}

void ReaderRegistry::release(const QString& name)
{
    std::lock_guard lock(m_mutex);
    if (m_open.erase(name) != 0) {
        closeConnection(name);
    }
}

void ReaderRegistry::closeAll()
{
    std::lock_guard lock(m_mutex);
    m_closed = true;
    for (const auto& name : m_open) {
        closeConnection(name);
    }
    m_open.clear();
}

} // namespace perso::issuer::storage
