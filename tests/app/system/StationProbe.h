// SPDX-License-Identifier: Apache-2.0
#pragma once

// Records what a perso::station::Station signals, for the workflow suite: every signal into a list the
// test reads, and bounded waits for "this signal, or failed()".

#include "app/session/Station.h"

#include <QList>
#include <QTest>

#include <optional>

namespace perso::station::test {

class StationProbe
{
public:
    explicit StationProbe(Station& station) : m_station(station)
    {
        QObject::connect(&station, &Station::phaseChanged, &m_context, [this](StationPhase phase) { phases << phase; });
        QObject::connect(&station, &Station::signedOn, &m_context, [this](const SignOnInfo& info) { signOns << info; });
        QObject::connect(&station, &Station::decisionReceived, &m_context,
                         [this](const DecisionInfo& decision) { decisions << decision; });
        QObject::connect(&station, &Station::cardDetected, &m_context, [this](const CardInfo& card) { cards << card; });
        QObject::connect(&station, &Station::progressChanged, &m_context,
                         [this](const ProgressInfo& progress) { progress_ << progress; });
        QObject::connect(&station, &Station::completed, &m_context,
                         [this](const CompletionInfo& completion) { completions << completion; });
        QObject::connect(&station, &Station::recovered, &m_context,
                         [this](const QList<RecoveryInfo>& outcomes) { recoveries.push_back(outcomes); });
        QObject::connect(&station, &Station::failed, &m_context,
                         [this](const StationError& error) { failures << error; });
        QObject::connect(&station, &Station::signedOff, &m_context, [this] { ++signOffs; });
    }

    // Waits until `count()` grows past `before` or a failure arrives; true only for the former.
    template <typename Count> bool waitFor(Count count, int timeoutMs = 120000)
    {
        const int before = static_cast<int>(count());
        const int failedBefore = static_cast<int>(failures.size());
        (void)QTest::qWaitFor([&] { return count() > before || failures.size() > failedBefore; }, timeoutMs);
        return count() > before;
    }

    // Waits for the next failure (bounded): the error, or nullopt.
    std::optional<StationError> waitForFailure(int timeoutMs = 120000)
    {
        const auto before = failures.size();
        if (!QTest::qWaitFor([&] { return failures.size() > before; }, timeoutMs))
            return std::nullopt;
        return failures.last();
    }

    bool waitForPhase(StationPhase phase, int timeoutMs = 60000)
    {
        return QTest::qWaitFor([&] { return m_station.phase() == phase; }, timeoutMs);
    }

    QString lastFailure() const
    {
        return failures.isEmpty()
                   ? QStringLiteral("(no failure)")
                   : stationErrorName(failures.last().kind) + QStringLiteral(": ") + failures.last().detail;
    }

    QList<StationPhase> phases;
    QList<SignOnInfo> signOns;
    QList<DecisionInfo> decisions;
    QList<CardInfo> cards;
    QList<ProgressInfo> progress_;
    QList<CompletionInfo> completions;
    QList<QList<RecoveryInfo>> recoveries;
    QList<StationError> failures;
    int signOffs = 0;

private:
    Station& m_station;
    QObject m_context;
};

} // namespace perso::station::test
