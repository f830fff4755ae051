// SPDX-License-Identifier: Apache-2.0
#pragma once

// What every command of the session engine works with: the links, the journal, the configuration, the
// sign-on's state (session id, sealed box), the current customer, and a sink for the engine's signals.
// Lives on the engine thread; commands are run one at a time, so nothing here is shared.

#include <QStringList> // TerminalLink.h uses it

#include "app/core/CancelToken.h"
#include "app/core/IssuerLink.h"
#include "app/core/StationConfig.h"
#include "app/core/TerminalLink.h"
#include "app/journal/Journal.h"
#include "app/session/Station.h"
#include "protocol/wire/SealedBox.h"

#include <QDeadlineTimer>
#include <QJsonObject>

#include <optional>

namespace perso::station {

// The engine's side of its signals: commands report through it, the Engine emits.
class EngineSink
{
public:
    virtual ~EngineSink() = default;
    virtual void setPhase(StationPhase phase) = 0;
    virtual void reportSignedOn(const SignOnInfo& info) = 0;
    virtual void reportDecision(const DecisionInfo& decision) = 0;
    virtual void reportCard(const CardInfo& card) = 0;
    virtual void reportProgress(const ProgressInfo& progress) = 0;
    virtual void reportKeypadPrompt(const QString& text) = 0;
    virtual void reportCancelRequested(const QString& howTo) = 0;
    virtual void reportCompleted(const CompletionInfo& completion) = 0;
    virtual void reportRecovered(const QList<RecoveryInfo>& outcomes) = 0;
};

// The current retailer sign-on. Holds the sealed box (the station data key) until sign-off.
struct SignOnState
{
    Bytes sessionId;
    quint64 connection = 0; // IssuerLink::connectionNumber() at sign-on: a new connection = a dead session
    SignOnInfo info;
    std::optional<wire::SealedBox> box;
    std::optional<Bytes> externalAuthenticateResponse; // travels in the first AssessmentRequest

    QString sessionHex() const;
};

// The customer between submitCustomer() and nextCustomer(). Full details stay in memory only.
struct CustomerState
{
    QString fullName;
    QString maskedName;
    QString planCode;
    wire::Operation operation = wire::Operation::New;
    std::optional<DecisionInfo> decision;
    std::optional<CompletionInfo> completion;
};

struct Context
{
    StationConfig config;
    IssuerLink* issuer = nullptr;
    TerminalLink* terminal = nullptr;
    Journal* journal = nullptr;
    EngineSink* sink = nullptr;
    std::optional<SignOnState> signOn;
    std::optional<CustomerState> customer;
    bool pdfAvailable = false; // a QGuiApplication exists: receipts can be rendered

    QDeadlineTimer issuerDeadline() const;

    // One request to the issuer and its reply. An ErrorReport becomes IssuerRefused (code, message);
    // any other reply than `T` becomes IssuerProtocol.
    template <typename T> StationResult<T> ask(wire::MessageBody request, const CancelToken& cancel);

    // Appends a journal row for the current sign-on (session id filled in). A journal failure is an
    // error of kind Journal.
    StationStatus record(JournalEvent event, const QString& transactionId, const QJsonObject& data);

    // The issuer session is gone (link dropped or reconnected since the sign-on).
    bool sessionLost() const;
};

QString hexOf(ByteView bytes); // lower-case hex of public bytes (ids)
StationError refusedBy(const wire::ErrorReport& report);
StationError unexpectedReply(const wire::Message& reply, const char* expected);

template <typename T> StationResult<T> Context::ask(wire::MessageBody request, const CancelToken& cancel)
{
    if (cancel.isCancelled())
        return stationError(StationErrorKind::Cancelled, QStringLiteral("cancelled before the request was sent"));
    auto reply = issuer->exchange(std::move(request), issuerDeadline(), cancel);
    if (!reply)
        return reply.error();
    if (const auto* report = std::get_if<wire::ErrorReport>(&reply.value().body))
        return refusedBy(*report);
    if (auto* wanted = std::get_if<T>(&reply.value().body))
        return std::move(*wanted);
    return unexpectedReply(reply.value(), "the expected reply");
}

} // namespace perso::station
