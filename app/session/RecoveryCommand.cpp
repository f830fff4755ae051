// SPDX-License-Identifier: Apache-2.0
#include "app/session/Commands.h"

namespace perso::station {

namespace {

QString transactionStateName(wire::TransactionState state)
{
    switch (state) {
    case wire::TransactionState::Unknown:
        return QStringLiteral("unknown");
    case wire::TransactionState::PackageIssued:
        return QStringLiteral("package-issued");
    case wire::TransactionState::Verified:
        return QStringLiteral("verified");
    case wire::TransactionState::Failed:
        return QStringLiteral("failed");
    case wire::TransactionState::FailedUnverified:
        return QStringLiteral("failed-unverified");
    case wire::TransactionState::Voided:
        return QStringLiteral("voided");
    }
    return QStringLiteral("unknown");
}

// The terminal still holds a sealed result for the transaction (it stopped before its result left):
// submit it now; the verdict decides.
std::optional<wire::ResultVerdict> submitHeldResult(Context& context, const Bytes& transactionId)
{
    auto status = context.terminal->status();
    constexpr std::uint8_t kReporting = 0x06;
    if (!status || status.value().state != kReporting)
        return std::nullopt;
    auto sealed = context.terminal->result();
    if (!sealed)
        return std::nullopt;
    CancelToken never;
    auto verdict = context.ask<wire::ResultVerdict>(
        wire::ResultSubmission{context.signOn->sessionId, transactionId, std::move(sealed).value()}, never);
    if (!verdict || verdict.value().transactionId != transactionId)
        return std::nullopt;
    return verdict.value();
}

} // namespace

StationStatus RecoveryCommand::run(Context& context, const CancelToken& cancel)
{
    if (!context.journal)
        return stationError(StationErrorKind::Journal, QStringLiteral("the journal is not open"));
    auto open = context.journal->openTransactions();
    if (!open)
        return open.error();
    if (open.value().empty())
        return Ok{};
    context.sink->setPhase(StationPhase::Recovering);

    QList<RecoveryInfo> outcomes;
    for (const OpenTransaction& transaction : open.value()) {
        const Bytes id = fromHex(transaction.transactionId.toStdString());
        if (id.size() != 16)
            continue; // not one of ours: nothing to ask
        auto status = context.ask<wire::TransactionStatus>(wire::TransactionStatusQuery{id}, cancel);
        if (!status)
            return status.error();
        RecoveryInfo info;
        info.transactionId = transaction.transactionId;
        info.iccid = transaction.iccid;
        info.issuerState = status.value().state;
        std::optional<wire::Receipt> receipt;
        switch (info.issuerState) {
        case wire::TransactionState::Verified:
            info.resolution = QStringLiteral("finished");
            receipt = status.value().receipt;
            break;
        case wire::TransactionState::Unknown:
            info.resolution = QStringLiteral("unused");
            break;
        case wire::TransactionState::PackageIssued:
            if (auto verdict = submitHeldResult(context, id); verdict && verdict->outcome == wire::Outcome::Verified) {
                info.resolution = QStringLiteral("finished");
                receipt = verdict->receipt;
            } else {
                info.resolution = QStringLiteral("voided"); // the issuer abandons it; the card is set aside
            }
            break;
        case wire::TransactionState::Failed:
        case wire::TransactionState::FailedUnverified:
        case wire::TransactionState::Voided:
            info.resolution = QStringLiteral("voided");
            break;
        }
        if (auto recorded =
                context.record(JournalEvent::Recovered, info.transactionId,
                               QJsonObject{{QStringLiteral("issuerState"), transactionStateName(info.issuerState)},
                                           {QStringLiteral("resolution"), info.resolution},
                                           {QStringLiteral("iccid"), info.iccid}});
            !recorded)
            return recorded.error();
        if (receipt) {
            if (auto recorded = context.record(JournalEvent::Receipt, info.transactionId, receiptRow(*receipt));
                !recorded)
                return recorded.error();
        }
        outcomes.append(info);
    }
    context.sink->reportRecovered(outcomes);
    return Ok{};
}

} // namespace perso::station
