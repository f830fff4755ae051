// SPDX-License-Identifier: Apache-2.0
#include "app/session/Commands.h"

#include "protocol/package/Instruction.h"
#include "protocol/package/PersonalisationPackage.h"
#include "protocol/wire/Iccid.h"

#include <QThread>

#include <botan/system_rng.h>

namespace perso::station {

namespace {

using terminal::cmd::RunState;
using terminal::cmd::StepCardStatus;

constexpr std::chrono::milliseconds kCardPoll{200};

QString outcomeName(wire::Outcome outcome)
{
    switch (outcome) {
    case wire::Outcome::Verified:
        return QStringLiteral("verified");
    case wire::Outcome::Failed:
        return QStringLiteral("failed");
    case wire::Outcome::FailedUnverified:
        return QStringLiteral("failed-unverified");
    }
    return QStringLiteral("failed");
}

QString runStateName(RunState state, std::uint16_t index)
{
    switch (state) {
    case RunState::MoreSteps:
        return QStringLiteral("stopped at %1").arg(index);
    case RunState::ResultReady:
        return QStringLiteral("result ready at step %1").arg(index);
    case RunState::ChannelClosed:
        return QStringLiteral("channel closed at step %1").arg(index);
    }
    return QStringLiteral("unknown");
}

// A wrapped step's INS is in the clear: E4 is a PIN ENTRY (the keypad waits for the customer).
bool isPinEntry(const package::PersonalisationPackage& package, std::size_t index)
{
    return index < package.steps.size() && package.steps[index].size() >= 2 &&
           package.steps[index][1] == package::ins::kPinEntry;
}

// Waits until a customer card is in the slot: CardInfo, or Cancelled / a terminal error.
StationResult<Bytes> waitForCustomerCard(Context& context, const CancelToken& cancel)
{
    for (;;) {
        if (cancel.isCancelled())
            return stationError(StationErrorKind::Cancelled, QStringLiteral("cancelled while waiting for the card"));
        auto status = context.terminal->status();
        if (!status)
            return status.error();
        if (status.value().tampered)
            return stationError(StationErrorKind::TerminalTampered, QStringLiteral("the terminal reports tamper"));
        if (status.value().slot == SlotContent::CustomerCard)
            return context.terminal->readCardIdentity();
        QThread::msleep(static_cast<unsigned long>(kCardPoll.count()));
    }
}

struct Run
{
    Context& context;
    const CancelToken& cancel;
    QString tx;
    Bytes transactionId;
    QString iccid;
    bool cardGone = false;
    bool cancelled = false;
    int lastStep = -1;

    StationStatus record(JournalEvent event, const QJsonObject& data) { return context.record(event, tx, data); }
};

// GET RESULT, ResultSubmission, verdict. The sealed result goes to the issuer as is.
StationResult<wire::ResultVerdict> submitResult(Run& run, RunState state, std::uint16_t index)
{
    auto sealed = run.context.terminal->result();
    if (!sealed)
        return sealed.error();
    if (auto recorded = run.record(JournalEvent::ResultSubmitted,
                                   QJsonObject{{QStringLiteral("runState"), runStateName(state, index)}});
        !recorded)
        return recorded.error();
    run.context.sink->setPhase(StationPhase::Verifying);
    // The verdict must be fetched even after a cancel: the issuer records the transaction.
    CancelToken never;
    return run.context.ask<wire::ResultVerdict>(
        wire::ResultSubmission{run.context.signOn->sessionId, run.transactionId, std::move(sealed).value()}, never);
}

} // namespace

StationStatus PersonaliseCommand::run(Context& context, const CancelToken& cancel)
{
    if (!context.signOn)
        return stationError(StationErrorKind::NotSignedOn, QStringLiteral("no retailer is signed on"));
    if (!context.customer || !context.customer->decision)
        return stationError(StationErrorKind::InvalidInput, QStringLiteral("no customer has been assessed"));
    const DecisionInfo decision = *context.customer->decision;
    if (decision.decision != wire::Decision::Approved) {
        StationError error = stationError(StationErrorKind::Declined, QStringLiteral("the customer was not approved"));
        error.reasonCode = decision.reasonCode;
        return error;
    }

    context.sink->setPhase(StationPhase::AwaitingCard);
    auto iccidBytes = waitForCustomerCard(context, cancel);
    if (!iccidBytes) {
        if (iccidBytes.error().kind == StationErrorKind::Cancelled)
            (void)context.record(JournalEvent::Cancelled, {},
                                 QJsonObject{{QStringLiteral("before"), QStringLiteral("card")}});
        return iccidBytes.error();
    }
    if (!wire::validateIccid(view(iccidBytes.value())))
        return stationError(StationErrorKind::CardUnreadable, QStringLiteral("EF.ICCID is not a valid ICCID"));

    Run run{context, cancel, {}, Bytes(package::kTransactionIdLength), {}};
    run.iccid = wire::iccidDigits(view(iccidBytes.value()));
    CardInfo card{run.iccid, run.iccid.left(7)};
    context.sink->reportCard(card);
    Botan::system_rng().randomize(run.transactionId.data(), run.transactionId.size());
    run.tx = hexOf(run.transactionId);

    if (auto recorded = run.record(JournalEvent::CardSelected, QJsonObject{{QStringLiteral("iccid"), run.iccid}});
        !recorded)
        return recorded.error();
    if (cancel.isCancelled()) {
        (void)run.record(JournalEvent::Cancelled, QJsonObject{{QStringLiteral("before"), QStringLiteral("package")}});
        return stationError(StationErrorKind::Cancelled, QStringLiteral("cancelled before the package was requested"));
    }
    // Written BEFORE the request leaves: a crash from here on is found by recovery.
    if (auto recorded = run.record(JournalEvent::PackageRequested,
                                   QJsonObject{{QStringLiteral("iccid"), run.iccid},
                                               {QStringLiteral("operation"), operationName(decision.operation)},
                                               {QStringLiteral("customerReference"), decision.customerReference}});
        !recorded)
        return recorded.error();

    wire::PackageRequest request{context.signOn->sessionId, run.transactionId, decision.customerReference,
                                 decision.operation, iccidBytes.value()};
    CancelToken never; // once asked, the package is fetched: the issuer now waits for a result
    auto response = context.ask<wire::PackageResponse>(std::move(request), never);
    if (!response)
        return response.error();
    if (response.value().transactionId != run.transactionId)
        return stationError(StationErrorKind::IssuerProtocol, QStringLiteral("the package names another transaction"));
    auto container = package::PersonalisationPackage::decode(view(response.value().package));
    if (!container)
        return stationError(StationErrorKind::IssuerProtocol, QStringLiteral("the package does not decode"));
    const package::PersonalisationPackage& pkg = container.value();
    if (auto recorded = run.record(JournalEvent::PackageFetched,
                                   QJsonObject{{QStringLiteral("steps"), static_cast<int>(pkg.stepCount())}});
        !recorded)
        return recorded.error();

    auto total = context.terminal->loadPackage(response.value().package);
    if (!total)
        return total.error();
    context.sink->setPhase(StationPhase::Personalising);

    StepProgress last;
    last.total = total.value();
    bool keypad = false;
    for (;;) {
        if (cancel.isCancelled() && !run.cancelled) {
            run.cancelled = true;
            auto aborted = context.terminal->abort();
            if (!aborted)
                return aborted.error();
            last = aborted.value();
            if (last.runState == RunState::MoreSteps) // ABORT always stops execution
                last.runState = RunState::ResultReady;
            break;
        }
        const std::size_t next = static_cast<std::size_t>(run.lastStep + 1);
        const bool pinStep = isPinEntry(pkg, next);
        if (pinStep) {
            keypad = true;
            context.sink->setPhase(StationPhase::AwaitingKeypad);
            context.sink->reportKeypadPrompt(
                QStringLiteral("The customer now chooses a PIN on the terminal's keypad."));
        } else if (keypad) {
            keypad = false;
            context.sink->setPhase(StationPhase::Personalising);
        }
        auto step = context.terminal->runStep();
        if (!step)
            return step.error();
        last = step.value();
        run.lastStep = last.index;
        if (last.cardStatus == StepCardStatus::NoAnswer)
            run.cardGone = true;
        const QString label = last.index < pkg.labels.size() ? pkg.labels[last.index] : QString();
        context.sink->reportProgress(ProgressInfo{last.index + 1, last.total, label});
        if (last.runState != RunState::MoreSteps)
            break;
    }
    if (keypad)
        context.sink->setPhase(StationPhase::Personalising);
    if (cancel.isCancelled())
        run.cancelled = true; // e.g. Cancel pressed on the keypad after the operator asked for it

    auto verdict = submitResult(run, last.runState, last.index);
    if (!verdict)
        return verdict.error();
    const wire::ResultVerdict& v = verdict.value();
    QJsonObject row{{QStringLiteral("outcome"), outcomeName(v.outcome)}};
    if (v.reasonCode)
        row.insert(QStringLiteral("reasonCode"), *v.reasonCode);
    if (v.failingStep)
        row.insert(QStringLiteral("failingStep"), *v.failingStep);
    if (v.msisdn)
        row.insert(QStringLiteral("msisdn"), *v.msisdn);
    if (auto recorded = run.record(JournalEvent::Verification, row); !recorded)
        return recorded.error();

    if (v.outcome != wire::Outcome::Verified) {
        if (run.cancelled) {
            (void)run.record(JournalEvent::Cancelled, QJsonObject{{QStringLiteral("after"), QStringLiteral("abort")}});
            return stationError(StationErrorKind::Cancelled, QStringLiteral("cancelled; the card is void"));
        }
        StationError error =
            run.cardGone
                ? stationError(StationErrorKind::CardPulled, QStringLiteral("the card left the slot"))
                : stationError(StationErrorKind::PersonalisationFailed,
                               QStringLiteral("the issuer did not verify the card (%1)").arg(outcomeName(v.outcome)));
        error.reasonCode = v.reasonCode.value_or(0);
        error.failingStep = v.failingStep ? static_cast<int>(*v.failingStep) : -1;
        return error;
    }
    if (!v.msisdn || !v.receipt)
        return stationError(StationErrorKind::IssuerProtocol, QStringLiteral("a verified verdict without a receipt"));
    if (auto recorded = run.record(JournalEvent::Receipt, receiptRow(*v.receipt)); !recorded)
        return recorded.error();

    CompletionInfo completion;
    completion.transactionId = run.tx;
    completion.msisdn = *v.msisdn;
    completion.iccid = run.iccid;
    completion.receipt = *v.receipt;
    completion.customerName = context.customer->fullName;
    completion.maskedCustomerName = context.customer->maskedName;
    completion.planCode = context.customer->planCode;
    completion.modification = decision.operation == wire::Operation::Modify;
    auto pdf = writeReceipt(context, completion);
    if (pdf)
        completion.receiptPdfPath = pdf.value();
    context.customer->completion = completion;
    context.sink->reportCompleted(completion);
    context.sink->setPhase(StationPhase::Completed);
    return Ok{};
}

} // namespace perso::station
