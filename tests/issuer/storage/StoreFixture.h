// SPDX-License-Identifier: Apache-2.0
#pragma once

// Shared by the storage suites and the crash helper: which engine to test (PERSO_STORE_ENGINE =
// sqlite | postgres, PostgreSQL on 127.0.0.1:$PERSO_PG_PORT, database perso_test, user postgres),
// a clean database per test, raw SQL on a connection of its own (to tamper with rows), and a
// seeded registry (retailer, shop, terminal, batch, pools, an approved customer).

#include "issuer/storage/SqlStore.h"

#include <QString>
#include <QStringList>

namespace perso::issuer::test {

bool usesPostgres();
// sqliteDir: where the SQLite file goes (a QTemporaryDir of the test).
StoreConfig testConfig(const QString& sqliteDir);
// Empties the database: removes the SQLite files or drops every table of the PostgreSQL schema.
bool wipe(const StoreConfig& config, QString* error);
// Runs statements on a separate connection, outside the store.
bool rawExec(const StoreConfig& config, const QStringList& statements, QString* error);
// The first column of the first row of a raw query, as text ("" when no row).
QString rawScalar(const StoreConfig& config, const QString& statement);

QString iccid(int index);       // 20 digits
Bytes transactionId(int index); // 16 bytes
Bytes sessionId(int index);     // 16 bytes
inline const QString kImsiBase = QStringLiteral("001010000000000");
inline const QString kMsisdnBase = QStringLiteral("447700900000");

struct Seed
{
    int cards = 10;
    int imsis = 10;
    int msisdns = 10;
};
// Adds retailer "r1", shop "s1", retailer card {01 02 03 04}, terminal "t1", batch "b1" with
// `cards` ICCIDs (iccid(0..)), the pools, and approved customer "c1" (customer key {0xC1}).
bool seed(SqlStore& store, const Seed& seed, QString* error);
AllocationRequest newRequest(int tx, int card, int session = 1, const QString& customer = QStringLiteral("c1"));
CardProfileRecord profileFor(const Allocation& allocation);

} // namespace perso::issuer::test
