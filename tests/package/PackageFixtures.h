// SPDX-License-Identifier: Apache-2.0
#pragma once

// Shared by the package test suites: a pair of SCP03 channels (issuer host, terminal card) on the same
// session keys, a realistic SIM personalisation body, and a terminal loop with a fake card.

#include "protocol/apdu/ResponseApdu.h"
#include "protocol/package/PackageBuilder.h"
#include "protocol/package/PackageResult.h"
#include "protocol/package/PackageUnwrapper.h"
#include "protocol/scp03/SecureChannel.h"
#include "protocol/scp03/SessionKeys.h"

#include <optional>
#include <stdexcept>
#include <vector>

namespace perso::package::test {

using scp03::SecureChannel;

constexpr std::uint8_t kLevel33 = 0x33;

struct ChannelPair
{
    SecureChannel host;
    SecureChannel card;
};

inline SecureChannel unwrapChannel(Result<SecureChannel> channel)
{
    if (!channel)
        throw std::runtime_error(channel.error().message.toStdString());
    return std::move(channel).value();
}

// Two channels of one session; `seed` varies static keys and challenges so that two seeds are two
// different sessions. The initial state mimics the one after EXTERNAL AUTHENTICATE (its C-MAC, counter 0).
inline ChannelPair openPair(std::uint8_t seed)
{
    scp03::StaticKeys keys;
    keys.enc = SecureBytes(16, static_cast<std::uint8_t>(0x40 + seed));
    keys.mac = SecureBytes(16, static_cast<std::uint8_t>(0x50 + seed));
    keys.dek = SecureBytes(16, static_cast<std::uint8_t>(0x60 + seed));
    const Bytes hostChallenge(8, static_cast<std::uint8_t>(0x10 + seed));
    const Bytes cardChallenge(8, static_cast<std::uint8_t>(0x20 + seed));
    auto session = scp03::deriveSessionKeys(keys, view(hostChallenge), view(cardChallenge), scp03::ChallengeMode::S8);
    if (!session)
        throw std::runtime_error(session.error().message.toStdString());
    const SecureChannel::State initial{Bytes(16, static_cast<std::uint8_t>(0xA0 + seed)), 0};
    return ChannelPair{
        unwrapChannel(SecureChannel::open(session.value(), kLevel33, SecureChannel::Role::Host, initial)),
        unwrapChannel(SecureChannel::open(session.value(), kLevel33, SecureChannel::Role::Card, initial))};
}

inline Bytes transactionId(std::uint8_t n)
{
    Bytes id(16);
    for (std::size_t i = 0; i < id.size(); ++i)
        id[i] = static_cast<std::uint8_t>(n * 31 + i);
    return id;
}

inline Bytes iccid()
{
    return fromHex("98 94 10 00 00 00 12 34 56 F7"); // 89 49 01 00 00 00 21 43 65 7F, swapped nibbles
}

inline PackageStep forward(const char* hex, const char* label, std::uint8_t flags = 0)
{
    auto apdu = CommandApdu::decode(view(fromHex(hex)));
    if (!apdu)
        throw std::runtime_error(apdu.error().message.toStdString());
    return PackageStep{ForwardInstruction{flags, apdu.value()}, QString::fromUtf8(label)};
}

// 23 body steps (25 with BEGIN and END): create DF.GSM and its EFs with TS 102 222 CREATE FILE,
// write them with UPDATE BINARY, store Ki/OPc, let the customer choose PIN1, run AUTHENTICATE
// (its RES goes into the result) and activate the files last.
inline std::vector<PackageStep> simBody()
{
    std::vector<PackageStep> body;
    body.push_back(forward("00 A4 00 0C 02 3F 00", "Select MF"));
    body.push_back(
        forward("00 E0 00 00 1D 62 1B 82 02 78 21 83 02 7F 20 8A 01 01 8B 03 2F 06 01 C6 09 90 01 40 83 01 01 "
                "83 01 0A",
                "Create DF GSM"));
    const char* efs[][2] = {{"6F 07", "IMSI"}, {"6F AD", "AD"},  {"6F 38", "SST"},   {"6F 30", "PLMNsel"},
                            {"6F 46", "SPN"},  {"6F 78", "ACC"}, {"6F 7B", "FPLMN"}, {"6F 31", "HPPLMN"}};
    for (const auto& ef : efs) {
        const QByteArray create = QByteArrayLiteral("00 E0 00 00 18 62 16 82 02 41 21 83 02 ") + QByteArray(ef[0]) +
                                  QByteArrayLiteral(" 8A 01 01 8B 03 6F 06 01 80 02 00 20 88 00");
        body.push_back(forward(create.constData(), "Create file"));
    }
    body.push_back(forward("00 A4 00 0C 02 6F 07", "Select EF IMSI"));
    body.push_back(forward("00 D6 00 00 09 08 29 02 10 10 32 54 76 98", "Write IMSI"));
    body.push_back(forward("00 A4 00 0C 02 6F 46", "Select EF SPN"));
    body.push_back(forward("00 D6 00 00 11 01 52 65 74 61 69 6C 20 4D 6F 62 69 6C 65 FF FF FF", "Write SPN"));
    body.push_back(forward("00 A4 00 0C 02 6F AD", "Select EF AD"));
    body.push_back(forward("00 D6 00 00 04 00 00 00 02", "Write AD"));
    body.push_back(forward("00 A4 00 0C 02 6F 38", "Select EF SST"));
    body.push_back(forward("00 D6 00 00 0A FF 3F FF FF 3F 00 3F 03 00 0C", "Write SST"));
    body.push_back(forward("80 DA 00 00 20 46 5B 5C E8 B1 99 B4 9F AA 5F 0A 2E E2 38 A6 BC CD 63 A6 BC E5 17 7E 2C BB "
                           "52 F1 0C 2D 2D 7F 7C",
                           "Store subscriber key"));
    PinEntryInstruction pin;
    pin.purpose = PinEntryInstruction::Purpose::Pin1;
    pin.cardTemplate = CommandApdu(0x00, 0x24, 0x00, 0x01, SecureBytes(16, 0xFF)); // CHANGE PIN, old || new
    pin.pinOffset = 8;
    pin.minDigits = 4;
    pin.maxDigits = 8;
    pin.padByte = 0xFF;
    pin.promptId = 1;
    pin.confirmTwice = true;
    body.push_back(PackageStep{pin, QStringLiteral("Customer chooses PIN")});
    body.push_back(forward("00 88 00 81 22 10 23 55 3C BE 96 37 A8 9D 21 8A E6 4D AE 47 BF 35 10 AA 68 9C 64 83 70 "
                           "B0 00 00 00 00 00 00 00 00 00 00",
                           "Check subscriber key", ForwardInstruction::ReturnData));
    body.push_back(forward("00 44 00 00 02 7F 20", "Activate DF GSM"));
    body.push_back(forward("00 44 00 00 02 3F 00", "Activate MF"));
    return body;
}

// What the fake card does: every command answers 9000, except `failAt` (0-based package step) which
// answers `failSw`. Steps that ask for data get 16 bytes of "RES".
struct TerminalRun
{
    Status lastStep = Ok{};
    std::vector<Instruction> instructions;
    std::optional<SealedResult> sealed;
    std::uint16_t consumed = 0;
};

inline TerminalRun runTerminal(SecureChannel& card, const PersonalisationPackage& package,
                               std::optional<std::uint16_t> failAt = std::nullopt, std::uint16_t failSw = 0x6A82)
{
    TerminalRun run;
    auto unwrapper = PackageUnwrapper::start(card, package);
    if (!unwrapper) {
        run.lastStep = unwrapper.error();
        return run;
    }
    auto& u = unwrapper.value();
    std::vector<std::pair<std::uint16_t, std::optional<SecureBytes>>> steps;
    std::optional<Outcome> outcome;
    while (!u.finished()) {
        auto next = u.next();
        if (!next) {
            run.lastStep = next.error();
            break;
        }
        run.instructions.push_back(next.value());
        const std::uint16_t index = static_cast<std::uint16_t>(u.stepsConsumed() - 1);
        const std::uint16_t sw = failAt && *failAt == index ? failSw : 0x9000;
        const auto* fwd = std::get_if<ForwardInstruction>(&next.value());
        if (fwd && fwd->returnsData() && sw == 0x9000)
            steps.emplace_back(sw, SecureBytes(16, 0x5A));
        else
            steps.emplace_back(sw, std::nullopt);
        if (sw != 0x9000) {
            outcome = Outcome::CardStatusFailed;
            break;
        }
    }
    run.consumed = u.stepsConsumed();
    ResultBuilder results = u.resultBuilder(); // after BEGIN: its authenticated total
    for (auto& [sw, data] : steps) {
        if (data)
            results.addStep(sw, std::move(*data));
        else
            results.addStep(sw);
    }
    if (u.stop() && u.stop()->outcome == Outcome::ChannelClosed) {
        run.sealed = ResultBuilder::channelClosed(u.stepsConsumed());
        return run;
    }
    if (u.stop() && u.stop()->outcome == Outcome::Incomplete) {
        if (results.stepsRecorded() < u.stepsConsumed())
            results.addStep(0x9000); // BEGIN itself was fine; the package is short
        auto sealed = results.seal(card, Outcome::Incomplete, u.stop()->failingStep);
        if (sealed)
            run.sealed = sealed.value();
        return run;
    }
    if (u.stop() && results.stepsRecorded() < u.stepsConsumed())
        results.addStep(sw::kWrongData); // the terminal's own refusal of the consumed step
    if (u.stop())
        outcome = u.stop()->outcome;
    auto sealed = results.seal(card, outcome.value_or(Outcome::Completed));
    if (!sealed)
        throw std::runtime_error(sealed.error().message.toStdString());
    run.sealed = sealed.value();
    return run;
}

inline BuiltPackage buildOrThrow(SecureChannel& host, const Bytes& txid, const std::vector<PackageStep>& body)
{
    auto built = PackageBuilder::build(host, view(txid), view(iccid()), body);
    if (!built)
        throw std::runtime_error(built.error().message.toStdString());
    return std::move(built).value();
}

} // namespace perso::package::test
