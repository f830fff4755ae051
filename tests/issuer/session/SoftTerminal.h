// SPDX-License-Identifier: Apache-2.0
#pragma once

// The terminal's SCP03 card role without the firmware (protocol/scp03 CardHandshake), for the
// sign-on and state-table suites: answers the issuer's INITIALIZE UPDATE and EXTERNAL
// AUTHENTICATE, derives the station data key and seals customer details as the station does.

#include "SessionFixture.h"

#include "protocol/keys/Diversification.h"
#include "protocol/scp03/Handshake.h"
#include "protocol/wire/SealedBox.h"

#include <botan/system_rng.h>

namespace perso::issuer::test {

struct SoftTerminal
{
    scp03::StaticKeys keys;
    std::optional<scp03::CardHandshake> handshake;
    std::optional<scp03::SecureChannel> channel;
    std::optional<wire::SealedBox> box;
    Bytes sessionId;

    explicit SoftTerminal(scp03::StaticKeys k) : keys(std::move(k)) {}

    // INITIALIZE UPDATE → its encoded response.
    Bytes answerInitializeUpdate(const Bytes& command)
    {
        handshake.emplace(keys, Bytes(10, 0x07));
        auto apdu = CommandApdu::decode(command);
        if (!apdu)
            throw std::runtime_error("bad INITIALIZE UPDATE");
        auto response = handshake->initializeUpdate(apdu.value(), Botan::system_rng());
        if (!response)
            throw std::runtime_error("INITIALIZE UPDATE refused");
        const SecureBytes raw = response.value().encode();
        return Bytes(raw.begin(), raw.end());
    }

    // EXTERNAL AUTHENTICATE → its encoded response; opens the card channel and the sealed box.
    Bytes answerExternalAuthenticate(const Bytes& command)
    {
        auto apdu = CommandApdu::decode(command);
        if (!apdu)
            throw std::runtime_error("bad EXTERNAL AUTHENTICATE");
        auto established = handshake->externalAuthenticate(apdu.value());
        if (!established)
            throw std::runtime_error("EXTERNAL AUTHENTICATE refused");
        auto dataKey = keys::deriveStationDataKey(keys.enc, handshake->hostChallenge(), handshake->cardChallenge());
        box.emplace(wire::SealedBox::forStation(dataKey.value(), sessionId).value());
        channel.emplace(std::move(established.value().channel));
        const SecureBytes raw = established.value().response.encode();
        return Bytes(raw.begin(), raw.end());
    }

    Bytes seal(const wire::CustomerDetails& details)
    {
        auto plain = wire::encodeCustomerDetails(details);
        return box->seal(plain.value(), static_cast<std::uint32_t>(wire::MessageType::AssessmentRequest)).value();
    }
};

// Sign-on through the session up to SignOnAccepted; returns the EA response to carry in the first
// AssessmentRequest (empty on failure).
inline Bytes signOnUntilAccepted(Wire& station, SoftTerminal& terminal,
                                 const wire::SignOnRequest& request = signOnRequest())
{
    auto challenge = station.reply<wire::SignOnChallenge>(request);
    if (!challenge)
        return {};
    terminal.sessionId = challenge->sessionId;
    const Bytes iuResponse = terminal.answerInitializeUpdate(challenge->initializeUpdate);
    auto accepted = station.reply<wire::SignOnAccepted>(wire::SignOnProof{terminal.sessionId, iuResponse});
    if (!accepted)
        return {};
    return terminal.answerExternalAuthenticate(accepted->externalAuthenticate);
}

// Sign-on and a first (approved) assessment: the session is Open. Returns the customer reference.
inline QString signOnAndAssess(Wire& station, SoftTerminal& terminal, const wire::CustomerDetails& details = customer())
{
    const Bytes ea = signOnUntilAccepted(station, terminal);
    if (ea.empty())
        return {};
    auto decision = station.reply<wire::AssessmentDecision>(
        wire::AssessmentRequest{terminal.sessionId, ea, terminal.seal(details)});
    return decision ? decision->customerReference : QString();
}

} // namespace perso::issuer::test
