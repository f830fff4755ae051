// SPDX-License-Identifier: Apache-2.0
// The shop's workflow end to end (label system, fixture "pcscd", QT_QPA_PLATFORM=offscreen): the REAL
// perso::station::Station from its production constructor, talking TLS to the real perso-issuerd and
// PC/SC to the real perso-terminal through pcscd + vpcd, the keypad robot at the PIN pad (StationRig.h).
// One rig (issuer home, daemon, terminal) for the suite; each case makes its Station on the same journal,
// so every case also restarts the station. The retailer card is blocked by the last case.
#include "StationProbe.h"
#include "StationRig.h"
#include "TcpProxy.h"
#include "WorkflowCustomers.h"

#include "app/journal/Journal.h"

#include <QFileInfo>
#include <QProcess>
#include <QTest>

#include <algorithm>
#include <csignal>

using namespace perso;
using namespace perso::station;
using namespace perso::station::test;

namespace {

constexpr int kWaitMs = 90000; // slow CI, two cores

bool hasEvent(const std::vector<JournalEntry>& entries, JournalEvent event)
{
    return std::any_of(entries.begin(), entries.end(), [&](const JournalEntry& entry) { return entry.event == event; });
}

} // namespace

class TestStationWorkflow : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<StationRig> m_rig;
    int m_nextSim = 1;

    // start(), then the phase SignedOff: the station refuses commands until its start has finished.
    static bool started(Station& station, StationProbe& probe)
    {
        station.start();
        return probe.waitForPhase(StationPhase::SignedOff, kWaitMs);
    }

    // The retailer card in, sign-on with the robot at the keypad; false (with a message) otherwise.
    bool signOn(Station& station, StationProbe& probe)
    {
        if (!m_rig->insertRetailerCard())
            return false;
        station.signOn();
        if (!probe.waitFor([&] { return probe.signOns.size(); }, kWaitMs))
            return false;
        return probe.waitForPhase(StationPhase::SignedOn, kWaitMs);
    }

    // Customer `n` assessed (New) and the SIM `sim` personalised: the completion, or nullopt.
    std::optional<CompletionInfo> personalise(Station& station, StationProbe& probe,
                                              const wire::CustomerDetails& details, int sim,
                                              wire::Operation operation = wire::Operation::New)
    {
        station.submitCustomer(details, operation);
        if (!probe.waitFor([&] { return probe.decisions.size(); }, kWaitMs))
            return std::nullopt;
        if (probe.decisions.last().decision != wire::Decision::Approved)
            return std::nullopt;
        if (operation == wire::Operation::New && !m_rig->insertSim(sim))
            return std::nullopt;
        station.personalise();
        if (!probe.waitFor([&] { return probe.completions.size(); }, kWaitMs))
            return std::nullopt;
        return probe.completions.last();
    }

    std::unique_ptr<Journal> openJournal() const
    {
        auto journal = Journal::open(m_rig->stationConfig().journalPath);
        return journal ? std::move(journal).value() : nullptr;
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<StationError>();
        m_rig = std::make_unique<StationRig>();
        QVERIFY2(m_rig->start(), qPrintable(m_rig->error + QStringLiteral("\n") + m_rig->terminalLog()));
    }

    void init()
    {
        m_rig->robot->setPlan({});
        m_rig->robot->resetCounters();
    }

    void fullPersonalisation()
    {
        Station station(m_rig->stationConfig());
        StationProbe probe(station);
        QVERIFY2(started(station, probe), qPrintable(probe.lastFailure()));
        QVERIFY2(signOn(station, probe), qPrintable(probe.lastFailure()));
        QCOMPARE(probe.signOns.last().retailerId, m_rig->shop().retailerId);
        QCOMPARE(probe.signOns.last().terminalId, m_rig->shop().terminalId);

        const auto completion = personalise(station, probe, workflowCustomer(1), 1);
        QVERIFY2(completion, qPrintable(probe.lastFailure()));
        QCOMPARE(completion->iccid, StationRig::simIccid(1));
        QCOMPARE(completion->msisdn, IssuerHome::msisdnOf(1));
        QVERIFY(!completion->modification);
        QVERIFY(QFileInfo(completion->receiptPdfPath).size() > 0);
        QVERIFY(!probe.progress_.isEmpty());
        QCOMPARE(probe.progress_.last().step, probe.progress_.last().total);
        QTRY_VERIFY_WITH_TIMEOUT(m_rig->robot->counters().customerEntries >= 2,
                                 10000); // PIN and its confirmation at least

        const auto journal = openJournal();
        QVERIFY(journal);
        const ChainCheck chain = journal->verifyChain();
        QVERIFY2(chain.intact, qPrintable(chain.problem));
        QVERIFY(journal->openTransactions().value().empty());
        JournalFilter filter;
        filter.transactionId = completion->transactionId;
        const auto rows = journal->entries(filter);
        QVERIFY(rows);
        QVERIFY(hasEvent(rows.value(), JournalEvent::PackageRequested));
        QVERIFY(hasEvent(rows.value(), JournalEvent::Verification));
        QVERIFY(hasEvent(rows.value(), JournalEvent::Receipt));
        QVERIFY(journal->receiptOf(completion->transactionId).value().has_value());

        // The same customer's card, modified in the same sign-on: taken out and put back (the customer held
        // it; a fresh insertion also resets the card's current DF, which the terminal's EF.ICCID read needs).
        station.nextCustomer();
        QVERIFY(m_rig->insertSim(1));
        QVERIFY(probe.waitForPhase(StationPhase::SignedOn));
        const auto modified = personalise(station, probe, workflowCustomer(1), 1, wire::Operation::Modify);
        QVERIFY2(modified, qPrintable(probe.lastFailure()));
        QVERIFY(modified->modification);
        QCOMPARE(modified->iccid, StationRig::simIccid(1));
        QVERIFY(modified->transactionId != completion->transactionId);
        QVERIFY(journal->verifyChain().intact);
        m_nextSim = 2;
    }

    void wrongRetailerPinThenRight()
    {
        Station station(m_rig->stationConfig());
        StationProbe probe(station);
        QVERIFY2(started(station, probe), qPrintable(probe.lastFailure()));
        RobotPlan plan;
        plan.retailerEntries = {QStringLiteral("1111")};
        m_rig->robot->setPlan(plan);
        QVERIFY(m_rig->insertRetailerCard());
        station.signOn();
        const auto wrong = probe.waitForFailure(kWaitMs);
        QVERIFY(wrong);
        QCOMPARE(stationErrorName(wrong->kind), stationErrorName(StationErrorKind::RetailerPinWrong));
        QCOMPARE(wrong->triesLeft, 2);
        QVERIFY(probe.signOns.isEmpty());
        QVERIFY2(signOn(station, probe), qPrintable(probe.lastFailure()));
        QTRY_COMPARE_WITH_TIMEOUT(m_rig->robot->counters().retailerEntries, 2, 10000);
    }

    void declinedCustomer()
    {
        Station station(m_rig->stationConfig());
        StationProbe probe(station);
        QVERIFY2(started(station, probe), qPrintable(probe.lastFailure()));
        QVERIFY2(signOn(station, probe), qPrintable(probe.lastFailure()));
        station.submitCustomer(underageCustomer(90), wire::Operation::New);
        QVERIFY2(probe.waitFor([&] { return probe.decisions.size(); }, kWaitMs), qPrintable(probe.lastFailure()));
        QCOMPARE(int(probe.decisions.last().decision), int(wire::Decision::Declined));
        QCOMPARE(probe.decisions.last().reasonCode, 101); // underage
        station.personalise();                            // refused: nothing is asked of the terminal
        const auto refused = probe.waitForFailure(kWaitMs);
        QVERIFY(refused);
        QCOMPARE(stationErrorName(refused->kind), stationErrorName(StationErrorKind::Declined));
        QVERIFY(probe.completions.isEmpty());
        station.nextCustomer();
        QVERIFY(probe.waitForPhase(StationPhase::SignedOn));
    }

    void cardPulledThenNextCardWorks()
    {
        Station station(m_rig->stationConfig());
        StationProbe probe(station);
        QVERIFY2(started(station, probe), qPrintable(probe.lastFailure()));
        QVERIFY2(signOn(station, probe), qPrintable(probe.lastFailure()));
        RobotPlan plan;
        plan.removeCardAtCustomerPrompt = true;
        m_rig->robot->setPlan(plan);
        station.submitCustomer(workflowCustomer(2), wire::Operation::New);
        QVERIFY(probe.waitFor([&] { return probe.decisions.size(); }, kWaitMs));
        const int pulledSim = m_nextSim++;
        QVERIFY(m_rig->insertSim(pulledSim));
        station.personalise();
        const auto pulled = probe.waitForFailure(kWaitMs);
        QVERIFY(pulled);
        QCOMPARE(stationErrorName(pulled->kind), stationErrorName(StationErrorKind::CardPulled));
        QTRY_COMPARE_WITH_TIMEOUT(m_rig->robot->counters().removals, 1, 10000);
        QVERIFY(probe.completions.isEmpty());

        // Recovery: the next customer's card works (signing on again if the failure ended the sign-on).
        m_rig->robot->setPlan({});
        station.nextCustomer();
        if (!probe.waitForPhase(StationPhase::SignedOn, 10000))
            QVERIFY2(signOn(station, probe), qPrintable(probe.lastFailure()));
        const int sim = m_nextSim++;
        const auto completion = personalise(station, probe, workflowCustomer(3), sim);
        QVERIFY2(completion, qPrintable(probe.lastFailure()));
        QCOMPARE(completion->iccid, StationRig::simIccid(sim));
        const auto journal = openJournal();
        QVERIFY(journal && journal->verifyChain().intact);
        QVERIFY(journal->openTransactions().value().empty());
    }

    void stationKilledThenRecovered()
    {
        // The station in a child process, killed while the customer's PIN prompt is on the keypad.
        RobotPlan hold;
        hold.holdCustomerEntry = true;
        m_rig->robot->setPlan(hold);
        const StationConfig config = m_rig->stationConfig();
        const int sim = m_nextSim++;
        QProcess driver;
        driver.setProgram(QStringLiteral(PERSO_STATION_DRIVER));
        driver.setArguments({QStringLiteral("--host"),        config.issuer.host,
                             QStringLiteral("--port"),        QString::number(config.issuer.port),
                             QStringLiteral("--ca"),          config.issuer.caFile,
                             QStringLiteral("--server-name"), config.issuer.serverName,
                             QStringLiteral("--reader"),      config.terminalReader,
                             QStringLiteral("--journal"),     config.journalPath,
                             QStringLiteral("--receipts"),    config.receiptDirectory,
                             QStringLiteral("--control"),     m_rig->controlPath(),
                             QStringLiteral("--sim"),         m_rig->simPath(sim),
                             QStringLiteral("--customer"),    QStringLiteral("4")});
        driver.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        QVERIFY(m_rig->insertRetailerCard());
        driver.start();
        QVERIFY(driver.waitForStarted(30000));
        QString output;
        const bool atPrompt = QTest::qWaitFor(
            [&] {
                output += QString::fromUtf8(driver.readAllStandardOutput());
                const auto state = m_rig->control.state();
                return state && state->line1.contains(QLatin1String("PIN")) &&
                       state->state == QLatin1String("executing");
            },
            kWaitMs);
        QVERIFY2(atPrompt, qPrintable(output));
        QVERIFY(output.contains(QLatin1String("progress ")));
        ::kill(static_cast<pid_t>(driver.processId()), SIGKILL);
        QVERIFY(driver.waitForFinished(30000));
        m_rig->robot->setPlan({});

        std::vector<OpenTransaction> open;
        {
            const auto journal = openJournal();
            QVERIFY(journal);
            QVERIFY(journal->verifyChain().intact);
            open = journal->openTransactions().value();
        }
        QCOMPARE(open.size(), std::size_t(1));
        QCOMPARE(open.front().iccid, StationRig::simIccid(sim));

        // A new station on the same journal signs on and reconciles: the card is void.
        Station station(config);
        StationProbe probe(station);
        QVERIFY2(started(station, probe), qPrintable(probe.lastFailure()));
        QVERIFY2(signOn(station, probe), qPrintable(probe.lastFailure()));
        // Recovery runs after the first assessment of the sign-on: the issuer takes nothing else before it.
        QVERIFY(probe.recoveries.isEmpty());
        station.submitCustomer(workflowCustomer(6), wire::Operation::New);
        QVERIFY2(probe.waitFor([&] { return probe.recoveries.size(); }, kWaitMs), qPrintable(probe.lastFailure()));
        QVERIFY(!probe.decisions.isEmpty());
        QCOMPARE(int(probe.decisions.last().decision), int(wire::Decision::Approved));
        const QList<RecoveryInfo> outcomes = probe.recoveries.last();
        QCOMPARE(outcomes.size(), qsizetype(1));
        QCOMPARE(outcomes.front().transactionId, open.front().transactionId);
        QCOMPARE(outcomes.front().resolution, QStringLiteral("voided"));
        QVERIFY(outcomes.front().issuerState == wire::TransactionState::FailedUnverified ||
                outcomes.front().issuerState == wire::TransactionState::Voided);
        const auto journal = openJournal();
        QVERIFY(journal->verifyChain().intact);
        QVERIFY(journal->openTransactions().value().empty());
    }

    void networkDroppedMidSession()
    {
        TcpProxy proxy(QStringLiteral("127.0.0.1"), m_rig->daemon.port);
        const quint16 port = proxy.start();
        QVERIFY(port != 0);
        Station station(m_rig->stationConfig(port));
        StationProbe probe(station);
        QVERIFY2(started(station, probe), qPrintable(probe.lastFailure()));
        QVERIFY2(signOn(station, probe), qPrintable(probe.lastFailure()));
        RobotPlan hold;
        hold.holdCustomerEntry = true;
        m_rig->robot->setPlan(hold);
        station.submitCustomer(workflowCustomer(5), wire::Operation::New);
        QVERIFY(probe.waitFor([&] { return probe.decisions.size(); }, kWaitMs));
        const int sim = m_nextSim++;
        QVERIFY(m_rig->insertSim(sim));
        station.personalise();
        QVERIFY(QTest::qWaitFor(
            [&] {
                const auto state = m_rig->control.state();
                return state && state->line1.contains(QLatin1String("PIN"));
            },
            kWaitMs));
        proxy.drop(); // the network goes down while the customer types
        m_rig->robot->setPlan({});
        const auto offline = probe.waitForFailure(kWaitMs);
        QVERIFY(offline);
        QCOMPARE(stationErrorName(offline->kind), stationErrorName(StationErrorKind::IssuerOffline));
        QVERIFY(probe.completions.isEmpty());

        // A lost link ends the sign-on; a new one works once the network is back.
        QVERIFY(proxy.restore());
        QVERIFY(probe.waitForPhase(StationPhase::SignedOff, 30000));
        QVERIFY2(signOn(station, probe), qPrintable(probe.lastFailure()));
        QVERIFY(proxy.accepted() >= 2);
    }

    void blockedRetailerCard() // last: the rig's retailer card stays blocked
    {
        Station station(m_rig->stationConfig());
        StationProbe probe(station);
        QVERIFY2(started(station, probe), qPrintable(probe.lastFailure()));
        RobotPlan plan;
        plan.retailerEntries = {QStringLiteral("1111"), QStringLiteral("1111"), QStringLiteral("1111")};
        m_rig->robot->setPlan(plan);
        QVERIFY(m_rig->insertRetailerCard());
        const QList<StationErrorKind> expected{StationErrorKind::RetailerPinWrong, StationErrorKind::RetailerPinWrong,
                                               StationErrorKind::RetailerCardBlocked,
                                               StationErrorKind::RetailerCardBlocked};
        for (const StationErrorKind kind : expected) {
            station.signOn();
            const auto failure = probe.waitForFailure(kWaitMs);
            QVERIFY(failure);
            QCOMPARE(stationErrorName(failure->kind), stationErrorName(kind));
        }
        QTRY_COMPARE_WITH_TIMEOUT(m_rig->robot->counters().retailerEntries, 3,
                                  10000); // the blocked card opens no keypad
        QVERIFY(probe.signOns.isEmpty());
    }

    void cleanupTestCase()
    {
        if (m_rig) {
            QCOMPARE(m_rig->robot->counters().failures, 0);
            m_rig->stop();
        }
    }
};

QTEST_MAIN(TestStationWorkflow)
#include "tst_station_workflow.moc"
