// SPDX-License-Identifier: Apache-2.0
// The secure terminal through pcscd + vpcd (issue 3's figures): APDU round trips per second against the
// terminal (GET STATUS), the terminal's own cost per APDU above a trivial card on the same link, the card
// APDUs one full SIM personalisation takes, and the time for that package through the whole stack.
// Needs a running pcscd with vpcd (scripts/bench.sh starts one).
#include "tests/system/SystemCard.h"
#include "tests/terminal/tst_terminalsystemissuer.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>

using namespace perso;
using namespace perso::terminal;
using namespace perso::terminal::systest;

namespace {

// Counts the commands the terminal sends to the card in its slot.
class CountingCard final : public cards::VirtualCard
{
public:
    explicit CountingCard(std::shared_ptr<cards::VirtualCard> card) : m_card(std::move(card)) {}
    Bytes atr() const override { return m_card->atr(); }
    void powerOn() override { m_card->powerOn(); }
    void powerOff() override { m_card->powerOff(); }
    ResponseApdu process(const CommandApdu& command) override
    {
        ++commands;
        return m_card->process(command);
    }
    QString kind() const override { return m_card->kind(); }
    QString label() const override { return m_card->label(); }
    std::atomic<int> commands{0};

private:
    std::shared_ptr<cards::VirtualCard> m_card;
};

struct Timing
{
    int count = 0;
    double perSecond = 0;
    double p50us = 0;
    double p99us = 0;
};

// GET STATUS (or any command answered 9000) for about budgetMs after a warm-up.
bool measure(Station& station, const CommandApdu& command, int budgetMs, Timing& out)
{
    for (int i = 0; i < 200; ++i)
        (void)station.send(command);
    std::vector<double> samples;
    QElapsedTimer total;
    total.start();
    QElapsedTimer one;
    while (total.elapsed() < budgetMs) {
        one.start();
        const auto answer = station.send(command);
        samples.push_back(static_cast<double>(one.nsecsElapsed()) / 1000.0);
        if (!answer || answer.value().sw() != perso::sw::kSuccess) {
            std::fprintf(stderr, "transmit failed: %s\n", answer ? "status word" : qPrintable(answer.error().text()));
            return false;
        }
    }
    out.count = static_cast<int>(samples.size());
    out.perSecond = out.count / (static_cast<double>(total.nsecsElapsed()) / 1e9);
    std::sort(samples.begin(), samples.end());
    out.p50us = samples[samples.size() / 2];
    out.p99us = samples[std::min(samples.size() - 1, samples.size() * 99 / 100)];
    return true;
}

bool roundTrips(Workspace& ws, std::shared_ptr<vpcd::VpcdCard> linkCard, Timing& out)
{
    TerminalRig rig(ws.config(), std::move(linkCard));
    Station station;
    if (!rig.connectToReader() || !station.open()) {
        std::fprintf(stderr, "no terminal in %s: is pcscd with vpcd running?\n", vpcd::test::kReader0);
        return false;
    }
    return measure(station, terminalCommand(cmd::ins::kGetStatus), 1500, out);
}

struct PackageFigures
{
    int bodySteps = 0;     // FORWARD and PIN ENTRY steps: each one card command
    int forwards = 0;      // FORWARD steps
    int cardCommands = 0;  // what the SIM received, BEGIN's EF.ICCID check and follow-ups included
    int stationApdus = 0;  // SCardTransmit calls of LOAD PACKAGE, the RUN STEPs and GET RESULT
    double medianMs = 0;   // LOAD PACKAGE .. GET RESULT
    double packageKiB = 0; // encoded package
};

bool personalisations(Workspace& ws, int runs, PackageFigures& out)
{
    TerminalRig rig(ws.config());
    Station station;
    if (!rig.connectToReader() || !station.open())
        return false;
    if (!rig.insertCard(ws.retailerCard()) || swOf(station.sendTyping(rig, terminalCommand(cmd::ins::kRetailerSignOn),
                                                                      {kRetailerPin})) != perso::sw::kSuccess)
        return false;
    scp03::HostHandshake hostHandshake(retailerKeys(), 0x33, scp03::ChallengeMode::S8);
    auto host = handshake(station, hostHandshake);
    if (!host)
        return false;
    const auto body = personalisationBody(false);
    out.bodySteps = static_cast<int>(body.size());
    out.forwards = static_cast<int>(std::count_if(body.begin(), body.end(), [](const package::PackageStep& step) {
        return std::holds_alternative<package::ForwardInstruction>(step.instruction);
    }));
    std::vector<double> times;
    for (int run = 0; run < runs; ++run) {
        const QString path = simtest::makeBlank(ws.dir, QStringLiteral("bench-%1.card").arg(run));
        auto sim = std::make_shared<CountingCard>(std::shared_ptr<cards::VirtualCard>(simtest::openCard(path)));
        rig.removeCard();
        if (path.isEmpty() || !rig.insertCard(sim))
            return false;
        auto built =
            package::PackageBuilder::build(*host, view(transactionId(std::uint8_t(run + 1))), view(simIccid()), body);
        if (!built)
            return false;
        auto encoded = built.value().package.encode();
        if (!encoded)
            return false;
        out.packageKiB = static_cast<double>(encoded.value().size()) / 1024.0;
        pcsc::ExchangeStats stats;
        QElapsedTimer clock;
        clock.start();
        const auto loaded = station.send(CommandApdu(cmd::kCla, cmd::ins::kLoadPackage, 0, 0,
                                                     SecureBytes(encoded.value().begin(), encoded.value().end()), 256),
                                         &stats);
        if (!loaded || loaded.value().sw() != perso::sw::kSuccess)
            return false;
        for (int i = 0; i < 100; ++i) {
            const auto answer = station.send(runStepCommand(), &stats);
            if (!answer)
                return false;
            const auto step = test::parseStep(answer.value());
            if (!step)
                return false;
            if (step->runState != std::uint8_t(cmd::RunState::MoreSteps))
                break;
        }
        const auto result = station.send(terminalCommand(cmd::ins::kGetResult), &stats);
        times.push_back(static_cast<double>(clock.nsecsElapsed()) / 1e6);
        if (!result)
            return false;
        const Bytes sealed(result.value().data().begin(), result.value().data().end());
        auto verified = built.value().verifier.verify(*host, view(sealed));
        if (!verified || verified.value().result.outcome != package::Outcome::Completed) {
            std::fprintf(stderr, "the package did not complete\n");
            return false;
        }
        out.cardCommands = sim->commands;
        out.stationApdus = static_cast<int>(stats.transmits);
    }
    std::sort(times.begin(), times.end());
    out.medianMs = times[times.size() / 2];
    (void)station.send(terminalCommand(cmd::ins::kEndSession));
    return true;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    Workspace ws;
    pcsc::Context probe;
    if (!probe.establish()) {
        std::fprintf(stderr, "pcscd does not answer: start it with scripts/pcscd-vpcd.sh start <rundir>\n");
        return 1;
    }

    Timing terminal;
    Timing trivial;
    if (!roundTrips(ws, nullptr, terminal) || !roundTrips(ws, std::make_shared<vpcd::test::SystemCard>(), trivial))
        return 1;
    std::printf("Secure terminal through pcscd + vpcd (perso::pcsc exchangeApdu -> SCardTransmit)\n");
    std::printf("%-34s %8s %10s %10s %10s\n", "GET STATUS 80 10 00 00 00 to", "APDUs", "APDU/s", "p50 us", "p99 us");
    std::printf("%-34s %8d %10.0f %10.1f %10.1f\n", "the terminal (SecureTerminal)", terminal.count, terminal.perSecond,
                terminal.p50us, terminal.p99us);
    std::printf("%-34s %8d %10.0f %10.1f %10.1f\n", "a trivial card on the same link", trivial.count, trivial.perSecond,
                trivial.p50us, trivial.p99us);
    std::printf("%-34s %8s %10s %10.1f\n", "terminal overhead per APDU (p50)", "", "", terminal.p50us - trivial.p50us);

    PackageFigures figures;
    const int runs = 5;
    if (!personalisations(ws, runs, figures))
        return 1;
    std::printf("\nFull SIM personalisation (docs/cards.md sequence, %d runs, blank SimCard files)\n", runs);
    std::printf("%-52s %8d\n", "package body steps reaching the card", figures.bodySteps);
    std::printf("%-52s %8d%s\n", "  of which FORWARD steps (goal <= 25)", figures.forwards,
                figures.forwards <= 25 ? "  ok" : "  ABOVE GOAL");
    std::printf("%-52s %8d\n", "card APDUs seen by the SIM (ICCID check included)", figures.cardCommands);
    std::printf("%-52s %8d\n", "station SCardTransmit calls (load, steps, result)", figures.stationApdus);
    std::printf("%-52s %8.1f\n", "encoded package, KiB", figures.packageKiB);
    std::printf("%-52s %8.1f\n", "LOAD PACKAGE .. GET RESULT, median ms", figures.medianMs);
    return 0;
}
