// SPDX-License-Identifier: Apache-2.0
#pragma once

// SqlStore's two ways to reach the database, shared by its .cpp files: read() on the calling
// thread's connection, write() queued to the writer and answered after commit.

#include "issuer/storage/Connection.h"
#include "issuer/storage/ReaderRegistry.h"
#include "issuer/storage/Sql.h"
#include "issuer/storage/SqlStore.h"
#include "issuer/storage/WriteQueue.h"

namespace perso::issuer {

template <typename T, typename F> IssuerResult<T> SqlStore::read(F&& body)
{
    QString error;
    auto db = m_readers->connectionForThisThread(&error);
    if (db) {
        const storage::SqlDialect dialect(m_config.engine);
        storage::Sql sql(*db, dialect);
        IssuerResult<T> result = body(sql);
        const bool sqlFailed = !result && (result.code() == IssuerErrorCode::StorageUnavailable ||
                                           result.code() == IssuerErrorCode::StorageCorrupt);
        // A read is safe to repeat: after a lost connection (server restart) reopen it and retry once.
        if (sqlFailed && storage::reopenConnection(m_config, sql.database())) {
            return body(sql);
        }
        return result;
    }
    if (!error.isEmpty()) {
        return makeIssuerError(IssuerErrorCode::StorageUnavailable, error);
    }
    return write<T>(std::forward<F>(body)); // over the limit of read connections
}

template <typename T, typename F> IssuerResult<T> SqlStore::write(F&& body)
{
    std::optional<T> out;
    auto status = m_writer->run([&](storage::Sql& sql) -> IssuerStatus {
        auto result = body(sql);
        if (!result) {
            return result.error();
        }
        out.emplace(std::move(result).value());
        return Ok{};
    });
    if (!status) {
        return status.error();
    }
    return std::move(*out);
}

} // namespace perso::issuer
