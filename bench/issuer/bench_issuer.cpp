// SPDX-License-Identifier: Apache-2.0
// perso-bench-issuer: complete personalisations per second through a real perso-issuerd process,
// over TLS 1.3 on loopback, from N concurrent shop stations (terminal firmware in process, retailer
// card signed on once, then customer after customer on fresh blank SIMs):
//   perso-bench-issuer [--connections N] [--seconds S] [--warmup W] [--threads T] [--server-threads K]
// Prints throughput in the measured window, latency percentiles, errors, the daemon's memory and
// the CPU seconds of generator and daemon. Not a test.
#include "BenchStation.h"

#include "issuer/tls/SslConfigurations.h"
#include "tests/issuer/system/DaemonProcess.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QThread>

#include <sys/resource.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <thread>

using namespace perso;
using namespace perso::issuer;
using namespace perso::issuer::bench;

namespace {

constexpr long kTmpfsMagic = 0x01021994;

double cpuSeconds(qint64 pid)
{
    QFile file(pid > 0 ? QStringLiteral("/proc/%1/stat").arg(pid) : QStringLiteral("/proc/self/stat"));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray text = file.readAll();
    const auto fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return 0;
    return (fields[11].toDouble() + fields[12].toDouble()) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

QByteArray statusField(qint64 pid, const char* name)
{
    QFile file(QStringLiteral("/proc/%1/status").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return "?";
    // /proc files report size 0: read them whole, never ask atEnd().
    const auto lines = file.readAll().split('\n');
    for (const QByteArray& line : lines) {
        if (line.startsWith(name))
            return line.mid(static_cast<qsizetype>(std::strlen(name))).trimmed();
    }
    return "?";
}

const char* filesystemKind(const QString& path)
{
    struct statfs info = {};
    if (::statfs(QFile::encodeName(path).constData(), &info) != 0)
        return "unknown";
    return static_cast<long>(info.f_type) == kTmpfsMagic ? "tmpfs (memory)" : "disk";
}

double percentileMs(std::vector<std::int64_t>& ns, double p)
{
    if (ns.empty())
        return 0;
    const auto index = static_cast<std::size_t>(p * static_cast<double>(ns.size() - 1));
    std::nth_element(ns.begin(), ns.begin() + static_cast<std::ptrdiff_t>(index), ns.end());
    return static_cast<double>(ns[index]) / 1e6;
}

void raiseFileLimit(int wanted)
{
    rlimit limit = {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return;
    const rlim_t target = std::min<rlim_t>(limit.rlim_max, static_cast<rlim_t>(wanted));
    if (limit.rlim_cur < target) {
        limit.rlim_cur = target;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
}

// One event loop thread and the stations it runs.
struct LoopThread
{
    QThread thread;
    QObject context;
    BenchCounters counters;
    std::vector<std::unique_ptr<BenchStation>> stations;
};

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Load generator for perso-issuerd."));
    parser.addHelpOption();
    const QCommandLineOption connectionsOption(QStringLiteral("connections"), QStringLiteral("Shops (default 1000)."),
                                               QStringLiteral("n"), QStringLiteral("1000"));
    const QCommandLineOption secondsOption(QStringLiteral("seconds"), QStringLiteral("Measured seconds (default 15)."),
                                           QStringLiteral("s"), QStringLiteral("15"));
    const QCommandLineOption warmupOption(QStringLiteral("warmup"), QStringLiteral("Warm-up seconds (default 8)."),
                                          QStringLiteral("s"), QStringLiteral("8"));
    const QCommandLineOption threadsOption(QStringLiteral("threads"),
                                           QStringLiteral("Generator event loops (default: cores)."),
                                           QStringLiteral("n"), QString::number(QThread::idealThreadCount()));
    const QCommandLineOption serverThreadsOption(QStringLiteral("server-threads"),
                                                 QStringLiteral("Daemon worker threads (default: its own)."),
                                                 QStringLiteral("n"), QStringLiteral("0"));
    const QCommandLineOption cardsOption(QStringLiteral("cards"), QStringLiteral("Blank SIMs (default: enough)."),
                                         QStringLiteral("n"), QStringLiteral("0"));
    parser.addOptions(
        {connectionsOption, secondsOption, warmupOption, threadsOption, serverThreadsOption, cardsOption});
    parser.process(app);
    const int connections = std::max(1, parser.value(connectionsOption).toInt());
    const int seconds = std::max(1, parser.value(secondsOption).toInt());
    const int warmup = std::max(0, parser.value(warmupOption).toInt());
    const int threads = std::max(1, parser.value(threadsOption).toInt());
    int cards = parser.value(cardsOption).toInt();
    if (cards <= 0)
        cards = connections + 1500 * (seconds + warmup);

    raiseFileLimit(connections * 3 + 1024);
    QElapsedTimer setupClock;
    setupClock.start();
    QTemporaryDir homeDir(QDir::tempPath() + QStringLiteral("/perso-bench-issuer-XXXXXX"));
    // Card files in memory when /dev/shm exists (the generator's virtual cards, not the issuer's data).
    const bool shm = QFileInfo(QStringLiteral("/dev/shm")).isWritable();
    QTemporaryDir cardDir(shm ? QStringLiteral("/dev/shm/perso-bench-cards-XXXXXX")
                              : homeDir.filePath(QStringLiteral("cards-XXXXXX")));
    test::HomeOptions options;
    options.shops = connections;
    options.cards = cards;
    options.numbers = cards;
    options.cardDirectory = cardDir.path();
    options.workerThreads = parser.value(serverThreadsOption).toInt();
    options.maxConnections = connections + 100;
    options.setupThreads = 64;
    test::IssuerHome home(homeDir.filePath(QStringLiteral("home")), options);
    if (auto failed = home.create()) {
        std::fprintf(stderr, "perso-bench-issuer: setup: %s\n", qPrintable(*failed));
        return 1;
    }
    test::DaemonProcess daemon;
    if (!daemon.start(QStringLiteral(PERSO_ISSUERD), home.configPath(), homeDir.filePath(QStringLiteral("issuerd.log")),
                      60000)) {
        std::fprintf(stderr, "perso-bench-issuer: %s\n", qPrintable(daemon.error));
        return 1;
    }
    std::printf("setup: %d shops, %d blank SIMs and numbers in %.1f s; database SQLite (WAL, synchronous=FULL) on "
                "%s (%s), card files on %s (%s)\n",
                connections, cards, static_cast<double>(setupClock.elapsed()) / 1000.0, qPrintable(home.directory()),
                filesystemKind(home.directory()), qPrintable(home.cardDirectory()),
                filesystemKind(home.cardDirectory()));
    std::fflush(stdout);

    BenchShared shared;
    shared.home = &home;
    shared.tls = pinnedClientSslConfiguration(home.caCertificate);
    shared.port = daemon.port;
    std::vector<std::unique_ptr<LoopThread>> loops;
    for (int t = 0; t < threads; ++t) {
        auto loop = std::make_unique<LoopThread>();
        loop->context.moveToThread(&loop->thread);
        loop->thread.start();
        loops.push_back(std::move(loop));
    }
    for (int i = 0; i < connections; ++i) {
        LoopThread& loop = *loops[static_cast<std::size_t>(i % threads)];
        const test::HomeShop& shop = home.shops[static_cast<std::size_t>(i)];
        QMetaObject::invokeMethod(&loop.context, [&loop, &shop, &shared] {
            loop.stations.push_back(std::make_unique<BenchStation>(shop, shared, loop.counters));
            loop.stations.back()->start();
        });
    }

    QElapsedTimer wall;
    wall.start();
    std::this_thread::sleep_for(std::chrono::seconds(warmup));
    const int signedOnAtStart = shared.signedOn;
    const std::uint64_t verifiedBefore = shared.verified;
    const double clientCpu0 = cpuSeconds(0);
    const double serverCpu0 = cpuSeconds(daemon.pid());
    const qint64 start = wall.nsecsElapsed();
    shared.measuring = true;
    std::this_thread::sleep_for(std::chrono::seconds(seconds));
    shared.measuring = false;
    const qint64 measuredNs = wall.nsecsElapsed() - start;
    const std::uint64_t verifiedInWindow = shared.verified - verifiedBefore;
    const double clientCpu = cpuSeconds(0) - clientCpu0;
    const double serverCpu = cpuSeconds(daemon.pid()) - serverCpu0;
    const QByteArray rss = statusField(daemon.pid(), "VmRSS:");
    const QByteArray hwm = statusField(daemon.pid(), "VmHWM:");

    shared.stopping = true;
    for (auto& loop : loops) {
        QMetaObject::invokeMethod(
            &loop->context, [&loop] { loop->stations.clear(); }, Qt::BlockingQueuedConnection);
        loop->thread.quit();
        loop->thread.wait();
    }
    const int exitCode = daemon.terminate(60000);

    BenchCounters total;
    for (auto& loop : loops) {
        const BenchCounters& c = loop->counters;
        total.packageToVerdictNs.insert(total.packageToVerdictNs.end(), c.packageToVerdictNs.begin(),
                                        c.packageToVerdictNs.end());
        total.customerNs.insert(total.customerNs.end(), c.customerNs.begin(), c.customerNs.end());
        total.verified += c.verified;
        total.notVerified += c.notVerified;
        total.declined += c.declined;
        total.protocolErrors += c.protocolErrors;
        total.terminalErrors += c.terminalErrors;
        total.connectionsLost += c.connectionsLost;
        total.outOfCards += c.outOfCards;
    }
    const double window = static_cast<double>(measuredNs) / 1e9;
    std::printf("connections: %d on %d generator threads, %d signed on at the start of the window; warm-up %d s, "
                "measured %.1f s\n",
                connections, threads, signedOnAtStart, warmup, window);
    std::printf("complete personalisations: %llu in the window = %.1f /s (goal 1000 /s)\n",
                static_cast<unsigned long long>(verifiedInWindow), static_cast<double>(verifiedInWindow) / window);
    std::printf("latency package request -> verdict: p50 %.1f ms  p95 %.1f ms  p99 %.1f ms\n",
                percentileMs(total.packageToVerdictNs, 0.50), percentileMs(total.packageToVerdictNs, 0.95),
                percentileMs(total.packageToVerdictNs, 0.99));
    std::printf("latency whole customer (assessment -> verdict): p50 %.1f ms  p95 %.1f ms  p99 %.1f ms\n",
                percentileMs(total.customerNs, 0.50), percentileMs(total.customerNs, 0.95),
                percentileMs(total.customerNs, 0.99));
    std::printf(
        "errors: not verified %llu, declined %llu, protocol %llu, terminal %llu, connections lost %llu, "
        "out of cards %llu\n",
        static_cast<unsigned long long>(total.notVerified), static_cast<unsigned long long>(total.declined),
        static_cast<unsigned long long>(total.protocolErrors), static_cast<unsigned long long>(total.terminalErrors),
        static_cast<unsigned long long>(total.connectionsLost), static_cast<unsigned long long>(total.outOfCards));
    std::printf("perso-issuerd memory: VmRSS %s, VmHWM %s\n", rss.constData(), hwm.constData());
    std::printf("CPU in the window: generator %.1f s (%.0f%% of a core), perso-issuerd %.1f s (%.0f%% of a core), "
                "%d cores\n",
                clientCpu, 100.0 * clientCpu / window, serverCpu, 100.0 * serverCpu / window,
                QThread::idealThreadCount());
    std::printf("store group commit: not exposed by perso-issuerd (see perso-bench-storage)\n");
    std::printf("perso-issuerd exit code after SIGTERM: %d\n", exitCode);
    return total.protocolErrors + total.terminalErrors + total.notVerified == 0 && exitCode == 0 ? 0 : 1;
}
