// SPDX-License-Identifier: Apache-2.0
// perso-bench-storage: durable allocations per second through SqlStore, from one thread and from
// 16 threads (group commit), on SQLite (default, in a temporary directory) or on PostgreSQL:
//   perso-bench-storage [--postgres host:port/database/user] [--count N]
#include "issuer/storage/SqlStore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QStringList>
#include <QTemporaryDir>

#include <atomic>
#include <cstdio>
#include <thread>

using namespace perso;
using namespace perso::issuer;

namespace {

QString iccid(int i)
{
    return QStringLiteral("894400000000%1").arg(i, 8, 10, QLatin1Char('0'));
}

Bytes id16(std::uint8_t tag, int i)
{
    Bytes out(16, 0);
    out[0] = tag;
    for (int b = 0; b < 4; ++b) {
        out[15 - static_cast<std::size_t>(b)] = static_cast<std::uint8_t>(i >> (8 * b));
    }
    return out;
}

bool prepare(SqlStore& store, int cards)
{
    QStringList iccids;
    for (int i = 0; i < cards; ++i) {
        iccids << iccid(i);
    }
    SubscriberRecord customer;
    customer.customerReference = QStringLiteral("bench");
    customer.customerKey = Bytes{0xBE};
    customer.planCode = QStringLiteral("basic");
    customer.decision = wire::Decision::Approved;
    customer.shopId = QStringLiteral("s1");
    return store.addBatch({QStringLiteral("b1"), Bytes(40, 1), 1, QString(), 0}, iccids).ok() &&
           store.addNumberRange(NumberKind::Imsi, QStringLiteral("001010000000000"), cards).ok() &&
           store.addNumberRange(NumberKind::Msisdn, QStringLiteral("447700000000"), cards).ok() &&
           store.addSubscriber(customer).ok();
}

// Allocates `count` cards starting at `first` from `threads` threads; returns allocations/s.
double run(SqlStore& store, int first, int count, int threads)
{
    std::atomic<int> next{first};
    std::atomic<int> failed{0};
    QElapsedTimer timer;
    timer.start();
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            for (int i = next++; i < first + count; i = next++) {
                AllocationRequest r{id16(0x7A, i),           id16(0x5E, t),        wire::Operation::New, iccid(i),
                                    QStringLiteral("bench"), QStringLiteral("s1"), QStringLiteral("t1"), 1000 + i};
                if (!store.allocate(r).ok()) {
                    ++failed;
                }
            }
        });
    }
    for (auto& worker : workers) {
        worker.join();
    }
    const double seconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
    if (failed != 0) {
        std::fprintf(stderr, "perso-bench-storage: %d allocations failed\n", failed.load());
    }
    return count / seconds;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    int count = 2000;
    StoreConfig config;
    QTemporaryDir dir;
    config.sqlitePath = dir.path() + QStringLiteral("/bench.db");
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == QLatin1String("--count")) {
            count = args[i + 1].toInt();
        } else if (args[i] == QLatin1String("--postgres")) {
            // host:port/database/user, on a database the benchmark may fill
            const QStringList parts = args[i + 1].split(QLatin1Char('/'));
            const QStringList hostPort = parts.value(0).split(QLatin1Char(':'));
            config.engine = StoreConfig::Postgres;
            config.pgHost = hostPort.value(0);
            config.pgPort = hostPort.value(1).toInt();
            config.pgDatabase = parts.value(1);
            config.pgUser = parts.value(2);
        }
    }
    if (count < 16) {
        std::fprintf(stderr, "usage: perso-bench-storage [--postgres host:port/database/user] [--count N>=16]\n");
        return 2;
    }
    auto opened = SqlStore::open(config);
    if (!opened.ok()) {
        std::fprintf(stderr, "perso-bench-storage: %s\n", qPrintable(opened.error().message));
        return 1;
    }
    SqlStore& store = *opened.value();
    if (!prepare(store, 2 * count)) {
        std::fprintf(stderr, "perso-bench-storage: cannot prepare (is the database empty?)\n");
        return 1;
    }
    const char* engine = config.engine == StoreConfig::Postgres ? "postgresql" : "sqlite (WAL, synchronous=FULL)";
    const auto commitsBefore = store.commits();
    const double single = run(store, 0, count, 1);
    const auto commitsSingle = store.commits() - commitsBefore;
    const double many = run(store, count, count, 16);
    const auto commitsMany = store.commits() - commitsBefore - commitsSingle;
    std::printf("perso-bench-storage: %s, %d allocations per run\n", engine, count);
    std::printf("  1 thread:   %8.0f allocations/s (%llu commits)\n", single,
                static_cast<unsigned long long>(commitsSingle));
    std::printf("  16 threads: %8.0f allocations/s (%llu commits, %.1f writes per commit)\n", many,
                static_cast<unsigned long long>(commitsMany), static_cast<double>(count) / commitsMany);
    return 0;
}
