// SPDX-License-Identifier: Apache-2.0
// perso-bench-station: the station's machine time per card on the emulated stack — the real
// perso-issuerd, the real perso-terminal in pcscd's vpcd reader, the real perso::station::Station — with
// the keypad robot of the workflow suite typing at once (tests/app/system/StationRig.h):
//
//   perso-bench-station [--cards N] [--delay-ms D] [--probe-runs K]
//
// N cards (default 20) in one sign-on: "personalise() called -> completed() received", p50/p95, with the
// robot's keypad wait reported beside it (an upper bound per prompt: from the robot's poll before the
// prompt to its `key ok`) and subtracted for a net figure; the same through a TCP proxy that delays each
// direction by D ms (default 50: 100 ms round trip); `perso-station --startup-probe` offscreen K times
// (median); the process's peak RSS (VmHWM). Needs pcscd with vpcd (scripts/bench.sh starts it). Not a test.
#include "StationRig.h"
#include "TcpProxy.h"
#include "WorkflowCustomers.h"

#include "app/session/Station.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QProcess>
#include <QRegularExpression>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <vector>

using namespace perso;
using namespace perso::station;
using namespace perso::station::test;

namespace {

constexpr int kWaitMs = 180000;

struct CardFigures
{
    std::vector<double> totalMs;  // personalise() -> completed()
    std::vector<double> keypadMs; // the robot's keypad wait in that time
    std::vector<double> netMs;    // total - keypad
    double signOnMs = 0;
    QString problem;
};

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
    return values[std::min(index, values.size() - 1)];
}

// One Station (production constructor) on `config`: one sign-on, then `count` customers on the SIMs
// numbered from `firstSim`.
CardFigures runCards(StationRig& rig, const StationConfig& config, int firstSim, int count)
{
    CardFigures figures;
    Station station(config);
    int signOns = 0, decisions = 0, completions = 0, failures = 0;
    StationError lastError;
    QObject::connect(&station, &Station::signedOn, [&](const SignOnInfo&) { ++signOns; });
    QObject::connect(&station, &Station::decisionReceived, [&](const DecisionInfo&) { ++decisions; });
    QObject::connect(&station, &Station::completed, [&](const CompletionInfo&) { ++completions; });
    QObject::connect(&station, &Station::failed, [&](const StationError& error) {
        ++failures;
        lastError = error;
    });
    const auto waitFor = [&](int& counter, int target) {
        (void)QTest::qWaitFor([&] { return counter >= target || failures > 0; }, kWaitMs);
        if (counter >= target)
            return true;
        figures.problem = failures > 0 ? stationErrorName(lastError.kind) + QStringLiteral(": ") + lastError.detail
                                       : QStringLiteral("timed out");
        return false;
    };

    station.start();
    // start() opens the journal on the engine thread; a command posted before it is done is refused.
    if (!QTest::qWaitFor([&] { return station.phase() == StationPhase::SignedOff; }, kWaitMs)) {
        figures.problem = QStringLiteral("the station did not start");
        return figures;
    }
    if (!rig.insertRetailerCard()) {
        figures.problem = QStringLiteral("retailer card: ") + rig.control.lastError();
        return figures;
    }
    QElapsedTimer clock;
    clock.start();
    station.signOn();
    if (!waitFor(signOns, 1) || !QTest::qWaitFor([&] { return station.phase() == StationPhase::SignedOn; }, kWaitMs))
        return figures;
    figures.signOnMs = static_cast<double>(clock.nsecsElapsed()) / 1e6;

    for (int i = 0; i < count; ++i) {
        const int sim = firstSim + i;
        if (i > 0) {
            station.nextCustomer();
            if (!QTest::qWaitFor([&] { return station.phase() == StationPhase::SignedOn; }, kWaitMs)) {
                figures.problem = QStringLiteral("no SignedOn after nextCustomer");
                return figures;
            }
        }
        station.submitCustomer(workflowCustomer(static_cast<std::uint32_t>(1000 + sim)), wire::Operation::New);
        if (!waitFor(decisions, i + 1) || !rig.insertSim(sim))
            return figures;
        const qint64 keypadBefore = rig.robot->counters().keypadWaitNs;
        clock.restart();
        station.personalise();
        if (!waitFor(completions, i + 1))
            return figures;
        const double total = static_cast<double>(clock.nsecsElapsed()) / 1e6;
        const double keypad = static_cast<double>(rig.robot->counters().keypadWaitNs - keypadBefore) / 1e6;
        figures.totalMs.push_back(total);
        figures.keypadMs.push_back(keypad);
        figures.netMs.push_back(std::max(0.0, total - keypad));
    }
    station.signOff();
    (void)QTest::qWaitFor([&] { return station.phase() == StationPhase::SignedOff; }, 30000);
    return figures;
}

// `perso-station --startup-probe`, offscreen: the median of the reported times, or nullopt.
std::optional<double> coldStartMs(int runs, QString* problem)
{
#ifdef PERSO_STATION_BINARY
    static const QRegularExpression line(QStringLiteral("perso-station: window shown after (\\d+(?:\\.\\d+)?) ms"));
    std::vector<double> times;
    for (int i = 0; i < runs; ++i) {
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(PERSO_STATION_BINARY), {QStringLiteral("--startup-probe")});
        if (!process.waitForStarted(30000)) {
            *problem = QStringLiteral("perso-station is not built: ") + process.errorString();
            return std::nullopt;
        }
        if (!process.waitForFinished(60000)) {
            process.kill();
            process.waitForFinished(5000);
            *problem = QStringLiteral("perso-station --startup-probe did not exit");
            return std::nullopt;
        }
        const auto match =
            line.match(QString::fromUtf8(process.readAllStandardOutput() + process.readAllStandardError()));
        if (!match.hasMatch()) {
            *problem = QStringLiteral("perso-station has no --startup-probe line (not in main yet?)");
            return std::nullopt;
        }
        times.push_back(match.captured(1).toDouble());
    }
    return percentile(times, 0.5);
#else
    Q_UNUSED(runs);
    *problem = QStringLiteral("perso-station is not built in this tree");
    return std::nullopt;
#endif
}

double peakRssMb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    static const QRegularExpression hwm(QStringLiteral("^VmHWM:\\s+(\\d+) kB"), QRegularExpression::MultilineOption);
    const auto match = hwm.match(QString::fromLatin1(status.readAll()));
    return match.hasMatch() ? match.captured(1).toDouble() / 1024.0 : 0;
}

void row(const char* metric, const QString& value, const char* goal)
{
    std::printf("%-40s %14s   %s\n", metric, qPrintable(value), goal);
}

QString ms(double value)
{
    return QString::number(value, 'f', 1) + QStringLiteral(" ms");
}

} // namespace

int main(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen"); // the receipt PDF needs QtGui, not a screen
    QGuiApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption cardsOption(QStringLiteral("cards"), QStringLiteral("cards per run"), QStringLiteral("N"),
                                         QStringLiteral("20"));
    const QCommandLineOption delayOption(QStringLiteral("delay-ms"), QStringLiteral("delay each way"),
                                         QStringLiteral("D"), QStringLiteral("50"));
    const QCommandLineOption probeOption(QStringLiteral("probe-runs"), QStringLiteral("cold starts"),
                                         QStringLiteral("K"), QStringLiteral("5"));
    parser.addOptions({cardsOption, delayOption, probeOption});
    parser.process(app);
    const int cards = std::clamp(parser.value(cardsOption).toInt(), 1, 200);
    const int delayMs = std::clamp(parser.value(delayOption).toInt(), 0, 5000);
    const int probeRuns = std::clamp(parser.value(probeOption).toInt(), 1, 50);

    RigOptions options;
    options.cards = 2 * cards;
    options.robotPollMs = 2; // the robot types "at once"; its polling still costs the terminal a little
    StationRig rig(options);
    if (!rig.start()) {
        std::fprintf(stderr, "perso-bench-station: %s\n", qPrintable(rig.error));
        return 1;
    }

    const CardFigures direct = runCards(rig, rig.stationConfig(), 1, cards);
    TcpProxy proxy(QStringLiteral("127.0.0.1"), rig.daemon.port, delayMs);
    const quint16 proxyPort = proxy.start();
    const CardFigures delayed = proxyPort != 0 ? runCards(rig, rig.stationConfig(proxyPort), cards + 1, cards)
                                               : CardFigures{{}, {}, {}, 0, QStringLiteral("proxy did not listen")};
    QString probeProblem;
    const auto coldStart = coldStartMs(probeRuns, &probeProblem);
    const double rss = peakRssMb();
    rig.stop();

    const double rtt = 2.0 * delayMs;
    std::printf("perso-bench-station: %d cards per run, one sign-on each; perso-issuerd + perso-terminal (pcscd/vpcd) "
                "+ Station\n",
                cards);
    std::printf("%-40s %14s   %s\n", "metric", "value", "goal");
    row("sign-on (keypad included)", ms(direct.signOnMs), "");
    row("card p50, direct", ms(percentile(direct.totalMs, 0.5)), "");
    row("card p95, direct", ms(percentile(direct.totalMs, 0.95)), "");
    row("  keypad wait per card p50 (robot)", ms(percentile(direct.keypadMs, 0.5)), "");
    row("  net p50 (card - keypad wait)", ms(percentile(direct.netMs, 0.5)), "");
    row("  net p95 (card - keypad wait)", ms(percentile(direct.netMs, 0.95)), "<= 50 ms");
    const QString delayedGoal = QStringLiteral("<= %1 ms (2 x RTT + 50)").arg(2 * rtt + 50);
    std::printf("-- through a proxy adding %d ms each way (RTT +%.0f ms)\n", delayMs, rtt);
    row("sign-on (keypad included)", ms(delayed.signOnMs), "");
    row("card p50, delayed", ms(percentile(delayed.totalMs, 0.5)), "");
    row("card p95, delayed", ms(percentile(delayed.totalMs, 0.95)), "");
    row("  net p50 (card - keypad wait)", ms(percentile(delayed.netMs, 0.5)), "");
    row("  net p95 (card - keypad wait)", ms(percentile(delayed.netMs, 0.95)), qPrintable(delayedGoal));
    std::printf("--\n");
    row("cold start to window (median)", coldStart ? ms(*coldStart) : QStringLiteral("skipped"), "<= 1000 ms");
    row("peak RSS, this process (VmHWM)", QString::number(rss, 'f', 1) + QStringLiteral(" MB"), "<= 120 MB");
    if (!coldStart)
        std::printf("cold start: %s\n", qPrintable(probeProblem));
    int status = 0;
    for (const auto* run : {&direct, &delayed}) {
        if (!run->problem.isEmpty() || static_cast<int>(run->totalMs.size()) != cards) {
            std::printf("%s run: %zu of %d cards; %s\n", run == &direct ? "direct" : "delayed", run->totalMs.size(),
                        cards, qPrintable(run->problem));
            status = 1;
        }
    }
    return status;
}
