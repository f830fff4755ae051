// SPDX-License-Identifier: Apache-2.0
// perso-storage-crash-writer: the child tst_storecrash kills with SIGKILL. It opens the store the
// test prepared (same environment), then four threads loop: allocate, record the package, audit,
// and end every other transaction Verified. After each call that returned, it prints
// "<step> <tx>" and flushes, so that the test knows what was committed before the kill.
#include "StoreFixture.h"

#include <QCoreApplication>

#include <cstdio>
#include <mutex>
#include <thread>

using namespace perso;
using namespace perso::issuer;
using namespace perso::issuer::test;

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: perso-storage-crash-writer <sqlite dir>\n");
        return 2;
    }
    auto opened = SqlStore::open(testConfig(QString::fromLocal8Bit(argv[1])));
    if (!opened.ok()) {
        std::fprintf(stderr, "open: %s\n", qPrintable(opened.error().message));
        return 1;
    }
    SqlStore& store = *opened.value();
    std::mutex out;
    auto report = [&](const char* step, int tx) {
        std::lock_guard lock(out);
        std::printf("%s %d\n", step, tx);
        std::fflush(stdout);
    };
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int tx = t; tx < 100000; tx += 4) {
                auto a = store.allocate(newRequest(tx, tx, t));
                if (!a.ok()) {
                    return; // out of cards
                }
                report("allocated", tx);
                if (!store.recordPackage(view(transactionId(tx)), view(Bytes{0xAB}), profileFor(a.value()), 3000)
                         .ok()) {
                    return;
                }
                report("packaged", tx);
                if (!store.audit({QStringLiteral("package-issued"), QStringLiteral("t1"), iccid(tx), QString(), 3000})
                         .ok()) {
                    return;
                }
                if (tx % 2 == 0) {
                    TransactionOutcome o{transactionId(tx), wire::TransactionState::Verified, {}, {}, Bytes{1}, 3001};
                    if (!store.finishTransaction(o).ok()) {
                        return;
                    }
                    report("verified", tx);
                }
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    return 0;
}
