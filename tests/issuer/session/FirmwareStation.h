// SPDX-License-Identifier: Apache-2.0
#pragma once

// The shop station for the conformance suites: relays the issuer session's messages to the REAL
// terminal firmware core (SecureTerminal) in process, with a real virtual retailer card (keys from
// the issuer's KeyRing) and real blank SIMs (ADM codes from the batch key), typing PINs on the keypad.

#include "SessionFixture.h"

#include "protocol/tlv/BerTlv.h"
#include "terminal/cards/RetailerCard.h"
#include "terminal/cards/SimCard.h"
#include "tests/firmware/FirmwareFixtures.h"

namespace perso::issuer::test {

using terminal::SecureTerminal;
namespace tt = terminal::test;

// Typed for every PIN/PUK the package asks for: 8 digits, not trivial.
constexpr const char* kTypedPin = "48261397";

struct FirmwareStation
{
    IssuerFixture& f;
    IssuerSession session;
    Wire wire;
    std::unique_ptr<SecureTerminal> terminal;
    std::shared_ptr<cards::RetailerCard> retailerCard;
    Bytes sessionId;
    std::optional<wire::SealedBox> box;

    explicit FirmwareStation(IssuerFixture& fixture, std::uint64_t connection = 1)
        : f(fixture), session(*fixture.context, {connection, QStringLiteral("station")}), wire(session)
    {
        const QString retailerPath = f.dir.filePath(QStringLiteral("retailer-%1.card").arg(connection));
        if (!QFile::exists(retailerPath)) {
            auto created =
                cards::RetailerCard::create(retailerPath, kSerial, QStringLiteral("R1"), tt::ascii(tt::kRetailerPin),
                                            tt::ascii("13572468"), f.retailerKeys());
            if (!created)
                throw std::runtime_error(created.error().message.toStdString());
        }
        retailerCard = std::shared_ptr<cards::RetailerCard>(cards::RetailerCard::open(retailerPath).value());
        terminal::TerminalConfig config;
        config.stateFilePath = f.dir.filePath(QStringLiteral("terminal-%1.state").arg(connection));
        config.terminalId = kTerminalId;
        terminal = std::make_unique<SecureTerminal>(config);
    }

    static Bytes raw(const SecureBytes& bytes) { return Bytes(bytes.begin(), bytes.end()); }

    ResponseApdu relay(const Bytes& command) { return tt::sendNow(*terminal, CommandApdu::decode(command).value()); }

    // Retailer card in, PIN on the keypad, the whole sign-on, the first customer assessed.
    std::optional<wire::AssessmentDecision> signOn(const wire::CustomerDetails& details = customer())
    {
        terminal->removeCard();
        if (!terminal->insertCard(retailerCard))
            return std::nullopt;
        const auto signedOn = tt::signOn(*terminal);
        if (!signedOn || signedOn->sw() != sw::kSuccess)
            return std::nullopt;
        auto challenge = wire.reply<wire::SignOnChallenge>(signOnRequest());
        if (!challenge)
            return std::nullopt;
        sessionId = challenge->sessionId;
        const ResponseApdu iu = relay(challenge->initializeUpdate);
        auto accepted = wire.reply<wire::SignOnAccepted>(wire::SignOnProof{sessionId, raw(iu.encode())});
        if (!accepted)
            return std::nullopt;
        const ResponseApdu ea = relay(accepted->externalAuthenticate);
        const ResponseApdu dataKey = tt::sendNow(*terminal, tt::terminalCommand(terminal::cmd::ins::kGetDataKey));
        if (dataKey.sw() != sw::kSuccess)
            return std::nullopt;
        box.emplace(wire::SealedBox::forStation(dataKey.data(), sessionId).value());
        terminal->removeCard();
        return wire.reply<wire::AssessmentDecision>(
            wire::AssessmentRequest{sessionId, raw(ea.encode()), seal(details)});
    }

    Bytes seal(const wire::CustomerDetails& details)
    {
        return box
            ->seal(wire::encodeCustomerDetails(details).value(),
                   static_cast<std::uint32_t>(wire::MessageType::AssessmentRequest))
            .value();
    }

    std::optional<wire::AssessmentDecision> assess(const wire::CustomerDetails& details)
    {
        return wire.reply<wire::AssessmentDecision>(wire::AssessmentRequest{sessionId, std::nullopt, seal(details)});
    }

    // A blank SIM of the batch (card n), ADM from the batch key, put into the slot.
    std::shared_ptr<cards::SimCard> insertBlankSim(int n)
    {
        const QString path = f.dir.filePath(QStringLiteral("sim-%1.card").arg(n));
        if (!QFile::exists(path) && !cards::SimCard::createBlank(path, iccidBytes(n), f.admOf(n)))
            return nullptr;
        return insertSim(path);
    }

    std::shared_ptr<cards::SimCard> insertSim(const QString& path)
    {
        terminal->removeCard();
        auto opened = cards::SimCard::open(path);
        if (!opened)
            return nullptr;
        std::shared_ptr<cards::SimCard> sim(std::move(opened).value());
        return terminal->insertCard(sim) ? sim : nullptr;
    }

    Bytes readIccid()
    {
        return raw(tt::sendNow(*terminal, tt::terminalCommand(terminal::cmd::ins::kReadCardIdentity)).data());
    }

    std::optional<wire::PackageResponse> requestPackage(const Bytes& tx, const QString& reference,
                                                        wire::Operation operation = wire::Operation::New)
    {
        return wire.reply<wire::PackageResponse>(
            wire::PackageRequest{sessionId, tx, reference, operation, readIccid()});
    }

    // LOAD PACKAGE, RUN STEP to the end (typing PINs), GET RESULT: the sealed result.
    Bytes execute(const Bytes& package)
    {
        if (tt::loadPackage(*terminal, package).sw() != sw::kSuccess)
            return {};
        for (int i = 0; i < 300; ++i) {
            const auto answer =
                tt::sendWithKeys(*terminal, tt::terminalCommand(terminal::cmd::ins::kRunStep), {kTypedPin, kTypedPin});
            if (!answer)
                return {};
            const auto step = tt::parseStep(*answer);
            if (!step)
                return {};
            if (step->runState != static_cast<std::uint8_t>(terminal::cmd::RunState::MoreSteps))
                break;
        }
        return tt::getResult(*terminal);
    }

    std::optional<wire::ResultVerdict> submit(const Bytes& tx, const Bytes& sealed)
    {
        return wire.reply<wire::ResultVerdict>(wire::ResultSubmission{sessionId, tx, sealed});
    }

    // One whole card: package, execution on the SIM in the slot, verdict.
    std::optional<wire::ResultVerdict> personalise(const Bytes& tx, const QString& reference,
                                                   wire::Operation operation = wire::Operation::New)
    {
        auto package = requestPackage(tx, reference, operation);
        if (!package)
            return std::nullopt;
        const Bytes sealed = execute(package->package);
        if (sealed.empty())
            return std::nullopt;
        return submit(tx, sealed);
    }
};

} // namespace perso::issuer::test
