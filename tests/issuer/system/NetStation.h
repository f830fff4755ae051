// SPDX-License-Identifier: Apache-2.0
#pragma once

// A shop station talking to a real perso-issuerd: TLS 1.3 pinned to the home's CA (the blocking
// TlsTestClient of the server suites) and the terminal firmware in process (StationTerminal).

#include "StationTerminal.h"

#include "tests/issuer/server/TlsTestClient.h"

namespace perso::issuer::test {

class NetStation
{
public:
    NetStation(const HomeShop& shop, const QSslCertificate& ca) : terminal(shop), client(ca) {}

    StationTerminal terminal;
    TlsTestClient client;
    Bytes sessionId;
    QString lastError; // ErrorReport code, or a description of what went wrong

    bool connectTo(quint16 port) { return client.connectTo(port); }

    // One request, one reply of type T (else nullopt with lastError set).
    template <typename T> std::optional<T> ask(wire::MessageBody body)
    {
        auto reply = client.roundTrip(std::move(body));
        if (!reply) {
            lastError = QStringLiteral("no reply");
            return std::nullopt;
        }
        if (auto* wanted = std::get_if<T>(&reply->body))
            return std::move(*wanted);
        if (auto* error = std::get_if<wire::ErrorReport>(&reply->body))
            lastError = error->code;
        else
            lastError = QStringLiteral("unexpected reply");
        return std::nullopt;
    }

    // Retailer card and PIN, the whole sign-on, the first customer assessed.
    std::optional<wire::AssessmentDecision> signOn(const wire::CustomerDetails& details)
    {
        if (!terminal.insertRetailerCard()) {
            lastError = QStringLiteral("terminal sign-on");
            return std::nullopt;
        }
        auto challenge = ask<wire::SignOnChallenge>(terminal.signOnRequest());
        if (!challenge)
            return std::nullopt;
        sessionId = challenge->sessionId;
        auto accepted =
            ask<wire::SignOnAccepted>(wire::SignOnProof{sessionId, terminal.relay(challenge->initializeUpdate)});
        if (!accepted)
            return std::nullopt;
        const Bytes ea = terminal.relay(accepted->externalAuthenticate);
        if (!terminal.openBox(sessionId)) {
            lastError = QStringLiteral("data key");
            return std::nullopt;
        }
        return ask<wire::AssessmentDecision>(wire::AssessmentRequest{sessionId, ea, terminal.seal(details)});
    }

    std::optional<wire::AssessmentDecision> assess(const wire::CustomerDetails& details)
    {
        return ask<wire::AssessmentDecision>(wire::AssessmentRequest{sessionId, std::nullopt, terminal.seal(details)});
    }

    std::optional<wire::PackageResponse> requestPackage(const Bytes& tx, const QString& reference)
    {
        return ask<wire::PackageResponse>(
            wire::PackageRequest{sessionId, tx, reference, wire::Operation::New, terminal.readIccid()});
    }

    std::optional<wire::ResultVerdict> submit(const Bytes& tx, const Bytes& sealed)
    {
        return ask<wire::ResultVerdict>(wire::ResultSubmission{sessionId, tx, sealed});
    }

    std::optional<wire::TransactionStatus> status(const Bytes& tx)
    {
        return ask<wire::TransactionStatus>(wire::TransactionStatusQuery{tx});
    }
};

} // namespace perso::issuer::test
