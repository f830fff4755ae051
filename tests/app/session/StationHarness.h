// SPDX-License-Identifier: Apache-2.0
#pragma once

// The whole station in process with real parts: the Station façade and its engine thread, the REAL
// terminal firmware with a real retailer card and blank SIM files (FirmwareTerminalLink), and the
// REAL issuer session over the in-memory store (SessionIssuerLink), journal in a temporary directory.

#include "FirmwareTerminalLink.h"
#include "SessionIssuerLink.h"

#include "app/journal/Journal.h"
#include "app/session/Station.h"
#include "tests/issuer/session/SessionFixture.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace perso::station::test {

using issuer::test::IssuerFixture;

class StationHarness
{
public:
    explicit StationHarness(int cards = 4) : issuerSide(cards)
    {
        const QString retailerPath = dir.filePath(QStringLiteral("retailer.card"));
        auto created =
            cards::RetailerCard::create(retailerPath, issuer::test::kSerial, QStringLiteral("R1"),
                                        tt::ascii(tt::kRetailerPin), tt::ascii("13572468"), issuerSide.retailerKeys());
        if (!created)
            throw std::runtime_error(created.error().message.toStdString());
        retailerCard = std::shared_ptr<cards::RetailerCard>(cards::RetailerCard::open(retailerPath).value());
        config.journalPath = dir.filePath(QStringLiteral("journal.sqlite"));
        config.receiptDirectory = dir.filePath(QStringLiteral("receipts"));
        config.issuerTimeoutSeconds = 10;
        makeStation();
    }

    // A new station (as after a restart) over the same issuer, terminal state file and journal.
    void makeStation()
    {
        station.reset();
        terminal::TerminalConfig terminalConfig;
        terminalConfig.stateFilePath = dir.filePath(QStringLiteral("terminal.state"));
        terminalConfig.terminalId = issuer::test::kTerminalId;
        auto terminalLink = std::make_unique<FirmwareTerminalLink>(terminalConfig, retailerCard);
        auto issuerLink = std::make_unique<SessionIssuerLink>(*issuerSide.context);
        terminal = terminalLink.get();
        issuerLink_ = issuerLink.get();
        station = std::make_unique<Station>(config, std::move(issuerLink), std::move(terminalLink));
        failures = std::make_unique<QSignalSpy>(station.get(), &Station::failed);
        station->start();
    }

    bool waitForPhase(StationPhase phase, int ms = 15000)
    {
        QDeadlineTimer deadline(ms);
        while (station->phase() != phase && !deadline.hasExpired())
            QTest::qWait(10);
        return station->phase() == phase;
    }

    // The next failed() since the last call, waiting for it.
    std::optional<StationError> nextFailure(int ms = 15000)
    {
        if (failures->size() <= seenFailures && !failures->wait(ms))
            return std::nullopt;
        return failures->at(seenFailures++).at(0).value<StationError>();
    }

    bool signOn()
    {
        if (!waitForPhase(StationPhase::SignedOff))
            return false;
        terminal->insertRetailerCard();
        station->signOn();
        return waitForPhase(StationPhase::SignedOn);
    }

    std::optional<DecisionInfo> assess(const wire::CustomerDetails& details,
                                       wire::Operation operation = wire::Operation::New)
    {
        QSignalSpy decisions(station.get(), &Station::decisionReceived);
        station->submitCustomer(details, operation);
        if (!decisions.wait(15000))
            return std::nullopt;
        return decisions.at(0).at(0).value<DecisionInfo>();
    }

    QString blankSim(int n)
    {
        const QString path = dir.filePath(QStringLiteral("sim-%1.card").arg(n));
        if (!QFile::exists(path))
            (void)cards::SimCard::createBlank(path, issuer::test::iccidBytes(n), issuerSide.admOf(n));
        return path;
    }

    // personalise() with card n in the slot; the completion, or nullopt (see nextFailure()).
    std::optional<CompletionInfo> personalise(int n)
    {
        QSignalSpy done(station.get(), &Station::completed);
        const qsizetype failedBefore = failures->size();
        station->personalise();
        if (!waitForPhase(StationPhase::AwaitingCard))
            return std::nullopt;
        terminal->insertSim(blankSim(n));
        QDeadlineTimer deadline(30000);
        while (done.isEmpty() && failures->size() == failedBefore && !deadline.hasExpired())
            QTest::qWait(10);
        terminal->removeCard(); // handed to the customer (or set aside)
        if (done.isEmpty())
            return std::nullopt;
        return done.at(0).at(0).value<CompletionInfo>();
    }

    std::vector<JournalEntry> journalRows()
    {
        auto journal = Journal::open(config.journalPath);
        if (!journal)
            return {};
        JournalFilter filter;
        filter.newestFirst = false;
        filter.limit = 100000;
        auto rows = journal.value()->entries(filter);
        return rows ? rows.value() : std::vector<JournalEntry>{};
    }

    std::vector<JournalEvent> journalEvents()
    {
        std::vector<JournalEvent> events;
        for (const auto& row : journalRows())
            events.push_back(row.event);
        return events;
    }

    IssuerFixture issuerSide;
    QTemporaryDir dir;
    std::shared_ptr<cards::RetailerCard> retailerCard;
    StationConfig config;
    FirmwareTerminalLink* terminal = nullptr;
    SessionIssuerLink* issuerLink_ = nullptr;
    std::unique_ptr<Station> station;
    std::unique_ptr<QSignalSpy> failures;
    qsizetype seenFailures = 0;
};

} // namespace perso::station::test
