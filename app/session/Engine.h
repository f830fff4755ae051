// SPDX-License-Identifier: Apache-2.0
#pragma once

// The session engine: the station's workflow on a thread of its own.
//
// Design
// - Engine (QObject) lives in a QThread owned by Station. Station's slots post work to it with
//   QMetaObject::invokeMethod(engine, ..., Qt::QueuedConnection); the engine emits signals that Station
//   re-emits (queued to the GUI thread). Station keeps a cached snapshot (phase, link state, terminal
//   info, sign-on info, last decision/completion) updated from those signals, so its getters are
//   thread-safe.
// - Commands (Commands.h) are small classes, one per step of the flow: SignOnCommand, AssessCommand,
//   PersonaliseCommand, SignOffCommand, RecoveryCommand. Each runs blocking on the engine thread,
//   `run(Context&, const CancelToken&) -> StationStatus`, and checks the token between blocking calls.
//   The engine runs one command at a time: tryBegin() reserves it (from any thread) and a second
//   request is refused with TerminalBusy. cancel() sets the token from any thread.
// - Safe cancel: before LOAD PACKAGE nothing to undo (journal Cancelled); after it, ABORT between steps
//   -> GET RESULT -> submit -> the issuer's verdict Failed -> journal; during a keypad step Station
//   emits cancelRequested("Press Cancel on the terminal's keypad") and the keypad answer comes back.
// - Failures: mapped to StationError, journalled (Error / SignOnFailed: the error's name and public
//   detail), failed() emitted. A sign-on failure, a lost issuer session (link dropped or reconnected)
//   or a channel the terminal closed -> terminal END SESSION, phase SignedOff. Journal rows and error
//   texts never hold a key, PIN, typed digit, data key, sealed bytes or a customer's full details.
// - Background while idle: a 1 s QTimer polls the terminal's status (slot, tamper -> terminalChanged)
//   and reconnects the issuer link with backoff (1, 2, 4 ... 30 s) when offline -> issuerLinkChanged.
// - The journal is opened at start(); without it the station refuses to sign on.

#include "app/session/Commands.h"
#include "app/session/Context.h"

#include <QDateTime>
#include <QObject>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

class QTimer;

namespace perso::station {

class Engine : public QObject, private EngineSink
{
    Q_OBJECT

public:
    Engine(StationConfig config, std::unique_ptr<IssuerLink> issuer, std::unique_ptr<TerminalLink> terminal);
    ~Engine() override;

    // Any thread: reserves the engine for one command; false while another runs or waits to run.
    bool tryBegin();
    // Any thread: asks the running command to stop safely.
    void requestCancel();
    bool isBusy() const { return m_busy.load(std::memory_order_acquire); }

    // Engine thread (posted by Station). Every command slot expects a successful tryBegin().
    void start();
    void signOn();
    void submitCustomer(const wire::CustomerDetails& details, wire::Operation operation);
    void personalise();
    void nextCustomer();
    void signOff();
    void reprintReceipt(const QString& transactionId);
    void applyConfig(const StationConfig& config);
    void runDiagnostics();
    // Before the thread stops: cancels, ends the terminal session, closes the link and the journal.
    void shutdown();

signals:
    void phaseChanged(perso::station::StationPhase phase);
    void issuerLinkChanged(perso::station::LinkState state, const QString& detail);
    void terminalChanged(const perso::station::TerminalInfo& info);
    void signedOn(const perso::station::SignOnInfo& info);
    void decisionReceived(const perso::station::DecisionInfo& decision);
    void cardDetected(const perso::station::CardInfo& card);
    void progressChanged(const perso::station::ProgressInfo& progress);
    void keypadPrompt(const QString& text);
    void completed(const perso::station::CompletionInfo& completion);
    void recovered(const QList<perso::station::RecoveryInfo>& outcomes);
    void receiptReady(const QString& transactionId, const QString& pdfPath);
    void cancelRequested(const QString& howTo);
    void failed(const perso::station::StationError& error);
    void signedOff();
    void diagnosticsReady(const perso::station::DiagnosticsReport& report);

private:
    // EngineSink
    void setPhase(StationPhase phase) override;
    void reportSignedOn(const SignOnInfo& info) override
    {
        later([this, info] { emit signedOn(info); });
    }
    void reportDecision(const DecisionInfo& decision) override
    {
        later([this, decision] { emit decisionReceived(decision); });
    }
    void reportCard(const CardInfo& card) override;
    void reportProgress(const ProgressInfo& progress) override { emit progressChanged(progress); }
    void reportKeypadPrompt(const QString& text) override { emit keypadPrompt(text); }
    void reportCancelRequested(const QString& howTo) override { emit cancelRequested(howTo); }
    void reportCompleted(const CompletionInfo& completion) override
    {
        later([this, completion] { emit completed(completion); });
    }
    void reportRecovered(const QList<RecoveryInfo>& outcomes) override
    {
        later([this, outcomes] { emit recovered(outcomes); });
    }
    // Outcomes (final phases, results, failures) are emitted after the reservation is released, so
    // that a UI reacting to them may post the next command at once.
    void later(std::function<void()> emission);
    std::vector<std::function<void()>> m_deferred;

    // Runs `command`; on failure journals it, ends the sign-on when it is lost, sets `fallback` phase.
    bool execute(Command& command, StationPhase fallback);
    void fail(const StationError& error, JournalEvent event = JournalEvent::Error);
    void endSignOn();
    void finish(); // releases the reservation and resets the cancel token
    void idleTick();
    void onLinkState(LinkState state, const QString& detail);

    Context m_context;
    std::unique_ptr<IssuerLink> m_issuer;
    std::unique_ptr<TerminalLink> m_terminal;
    std::unique_ptr<Journal> m_journal;
    CancelToken m_cancel;
    std::atomic<bool> m_busy{false};
    bool m_running = false;
    StationPhase m_phase = StationPhase::Starting;
    QTimer* m_idle = nullptr;
    std::optional<TerminalInfo> m_terminalInfo;
    QString m_linkDetail;
    int m_backoffSeconds = 1;
    QDateTime m_nextConnect;
};

} // namespace perso::station
