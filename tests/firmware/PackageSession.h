// SPDX-License-Identifier: Apache-2.0
#pragma once

// A signed-on terminal with a blank (fake) SIM in its slot and the issuer's host channel beside it.

#include "FirmwareFixtures.h"
#include "tests/package/PackageFixtures.h"

#include "protocol/package/PackageVerifier.h"

#include <memory>
#include <optional>

namespace perso::terminal::test {

struct PackageSession
{
    Workspace ws;
    std::unique_ptr<SecureTerminal> terminal;
    std::optional<SecureChannel> host;
    std::shared_ptr<FakeSim> sim = std::make_shared<FakeSim>();

    PackageSession()
    {
        terminal = std::make_unique<SecureTerminal>(ws.config());
        if (!terminal->insertCard(ws.retailerCard()))
            throw std::runtime_error("insert retailer card");
        const auto signedOn = signOn(*terminal);
        if (!signedOn || signedOn->sw() != sw::kSuccess)
            throw std::runtime_error("sign-on");
        host.emplace(handshake(*terminal));
        terminal->removeCard();
        if (!terminal->insertCard(sim))
            throw std::runtime_error("insert sim");
    }

    package::BuiltPackage build(std::uint8_t transaction = 1,
                                const std::vector<package::PackageStep>& body = package::test::simBody(),
                                const Bytes& iccid = simIccid())
    {
        auto built =
            package::PackageBuilder::build(*host, view(package::test::transactionId(transaction)), view(iccid), body);
        if (!built)
            throw std::runtime_error(built.error().message.toStdString());
        return std::move(built).value();
    }

    static Bytes encode(const package::BuiltPackage& built)
    {
        auto encoded = built.package.encode();
        if (!encoded)
            throw std::runtime_error(encoded.error().message.toStdString());
        return encoded.value();
    }

    // RUN STEP; when the step waits for the keypad, types `pin` (twice if it asks to confirm).
    std::optional<ResponseApdu> step(const char* pin = "2468")
    {
        return sendWithKeys(*terminal, terminalCommand(cmd::ins::kRunStep), {pin, pin});
    }

    // RUN STEP until execution stops; returns the last answer.
    std::optional<StepAnswer> runToEnd(const char* pin = "2468")
    {
        for (int i = 0; i < 300; ++i) {
            const auto answer = step(pin);
            if (!answer)
                return std::nullopt;
            const auto parsed = parseStep(*answer);
            if (!parsed || parsed->runState != static_cast<std::uint8_t>(cmd::RunState::MoreSteps))
                return parsed;
        }
        return std::nullopt;
    }

    Result<package::VerifiedResult> verify(const package::BuiltPackage& built)
    {
        return built.verifier.verify(*host, view(getResult(*terminal)));
    }
};

// simBody: BEGIN, 19 FORWARDs, then the PIN ENTRY step; 25 steps in all.
constexpr std::uint16_t kPinStep = 20;
constexpr std::uint16_t kTotal = 25;

// The fake SIM's CHANGE PIN command carrying the customer's new PIN, if it got one.
inline std::optional<SecureBytes> changePinData(const FakeSim& sim)
{
    for (const auto& command : sim.received) {
        if (command.ins() == 0x24)
            return command.data();
    }
    return std::nullopt;
}

// The 16-byte CHANGE PIN data field with `pin` as the new PIN (old PIN field all FF).
inline SecureBytes pinField(const char* pin)
{
    SecureBytes field(16, 0xFF);
    for (std::size_t i = 0; pin[i]; ++i)
        field[8 + i] = static_cast<std::uint8_t>(pin[i]);
    return field;
}

} // namespace perso::terminal::test
