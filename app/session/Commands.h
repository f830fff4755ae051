// SPDX-License-Identifier: Apache-2.0
#pragma once

// The steps of the shop's flow (DESIGN §4, docs/protocol.md "The flow"), one class each. A command runs
// blocking on the engine thread, checks the cancel token between every blocking call, reports progress
// through Context::sink and returns its outcome; the Engine journals failures and emits failed().

#include "app/session/Context.h"

namespace perso::station {

class Command
{
public:
    virtual ~Command() = default;
    virtual const char* name() const = 0;
    virtual StationStatus run(Context& context, const CancelToken& cancel) = 0;
};

// RETAILER SIGN-ON on the keypad -> SignOnRequest -> relay INITIALIZE UPDATE -> SignOnProof -> relay
// EXTERNAL AUTHENTICATE (SW 6300: IssuerAuthentication) -> GET DATA KEY. The EA response is kept for
// the first AssessmentRequest.
class SignOnCommand final : public Command
{
public:
    const char* name() const override { return "sign-on"; }
    StationStatus run(Context& context, const CancelToken& cancel) override;
};

// Seals the customer's details under the station data key and asks for a decision.
class AssessCommand final : public Command
{
public:
    AssessCommand(wire::CustomerDetails details, wire::Operation operation)
        : m_details(std::move(details)), m_operation(operation)
    {}
    const char* name() const override { return "assess"; }
    StationStatus run(Context& context, const CancelToken& cancel) override;

private:
    wire::CustomerDetails m_details;
    wire::Operation m_operation;
};

// Customer card in, package, steps, result, verdict, receipt.
class PersonaliseCommand final : public Command
{
public:
    const char* name() const override { return "personalise"; }
    StationStatus run(Context& context, const CancelToken& cancel) override;
};

// SignOff/SignOffAck (best effort), END SESSION on the terminal; the link may stay up.
class SignOffCommand final : public Command
{
public:
    const char* name() const override { return "sign-off"; }
    StationStatus run(Context& context, const CancelToken& cancel) override;
};

// After a sign-on: reconciles the journal's open transactions with the issuer.
class RecoveryCommand final : public Command
{
public:
    const char* name() const override { return "recovery"; }
    StationStatus run(Context& context, const CancelToken& cancel) override;
};

QString operationName(wire::Operation operation); // "new", "modify"

// Shared by Personalise and Recovery: the Receipt journal row's data.
QJsonObject receiptRow(const wire::Receipt& receipt);
// Writes the two-copy receipt PDF into config.receiptDirectory; empty when no QGuiApplication exists.
StationResult<QString> writeReceipt(Context& context, const CompletionInfo& completion);

} // namespace perso::station
