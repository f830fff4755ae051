// SPDX-License-Identifier: Apache-2.0
#pragma once

// Per-thread read connections of one store. A QSqlDatabase connection may be used only by the
// thread that opened it: each calling thread gets its own, opened on first use and closed by a
// thread-local holder when the thread ends (or by the store when it closes first).

#include "issuer/storage/StoreConfig.h"

#include <QSqlDatabase>
#include <QString>

#include <memory>
#include <mutex>
#include <optional>
#include <set>

namespace perso::issuer::storage {

class ReaderRegistry : public std::enable_shared_from_this<ReaderRegistry>
{
public:
    ReaderRegistry(StoreConfig config, QString prefix);

    // This thread's read connection; nullopt when the limit of read connections is reached (the
    // caller then reads through the writer). StorageUnavailable if it cannot be opened.
    std::optional<QSqlDatabase> connectionForThisThread(QString* error);
    // Closes every connection still open (the store is closing).
    void closeAll();
    // Called by the thread-local holder when its thread ends.
    void release(const QString& name);

private:
    StoreConfig m_config;
    QString m_prefix;
    std::mutex m_mutex;
    std::set<QString> m_open;
    bool m_closed = false;
};

} // namespace perso::issuer::storage
