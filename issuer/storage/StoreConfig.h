// SPDX-License-Identifier: Apache-2.0
#pragma once

// How SqlStore reaches its database, and the plain types of its admin API (perso-admin).

#include "issuer/common/Records.h"

#include <QString>

#include <optional>

namespace perso::issuer {

struct StoreConfig
{
    enum Engine
    {
        Sqlite,
        Postgres
    };
    Engine engine = Sqlite;
    QString sqlitePath; // created with mode 0600 when missing
    QString pgHost = QStringLiteral("127.0.0.1");
    int pgPort = 5432;
    QString pgDatabase, pgUser, pgPassword;
    int readConnections = 8;    // upper bound of per-thread read connections kept open
    int maxGroupCommit = 64;    // queued writes the writer thread may commit together
    int busyTimeoutMs = 10'000; // SQLite busy timeout
};

struct CardFilter
{
    std::optional<QString> batchId;
    std::optional<CardState> state;
    int limit = 1000; // 1..100000
};

struct TransactionFilter
{
    std::optional<wire::TransactionState> state;
    std::optional<QString> shopId;
    std::optional<Timestamp> since; // createdAt >= since
    int limit = 1000;               // 1..100000
};

// One verified card for the HLR/HSS export; the admin unwraps the secrets with the key ring.
struct SubscriberExportRow
{
    QString iccid;
    QString imsi;
    QString msisdn;
    Bytes wrappedSecrets;
    std::uint8_t keyVersion = 1;
};

// verifyAuditChain(): nullopt when the chain is intact, else the first sequence that is broken.
using AuditVerdict = std::optional<std::int64_t>;

} // namespace perso::issuer
