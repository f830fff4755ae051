// SPDX-License-Identifier: Apache-2.0
#pragma once

// Shared by the firmware suites: a fake SIM, the real retailer card in a temporary directory, a
// synchronous way to send commands to the terminal, and the issuer's side of sign-on and packages.

#include "protocol/apdu/CommandChaining.h"
#include "protocol/keys/Diversification.h"
#include "protocol/package/PackageBuilder.h"
#include "protocol/scp03/Handshake.h"
#include "terminal/cards/RetailerCard.h"
#include "terminal/cards/VirtualCard.h"
#include "terminal/firmware/SecureTerminal.h"

#include <QSignalSpy>
#include <QTemporaryDir>

#include <botan/system_rng.h>

#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace perso::terminal::test {

using scp03::SecureChannel;

inline Bytes simIccid()
{
    return fromHex("98 94 10 00 00 00 12 34 56 F7");
}

// A customer card that answers EF.ICCID (UICC and GSM SELECT) and 9000 to everything else, records
// every command it receives, and can be told to answer one INS with another status word.
class FakeSim final : public cards::VirtualCard
{
public:
    explicit FakeSim(Bytes iccid = simIccid()) : m_iccid(std::move(iccid)) {}

    Bytes atr() const override { return fromHex("3B 9F 96 80 1F C7 80 31 E0 73 FE 21 1B 63 3A 20 4E 83 00 90 00"); }
    void powerOn() override { m_iccidSelected = false; }
    void powerOff() override {}
    QString kind() const override { return QStringLiteral("sim"); }
    QString label() const override { return QString::fromStdString(toHex(m_iccid)); }

    ResponseApdu process(const CommandApdu& command) override
    {
        received.push_back(command);
        if (gsmOnly && command.cla() != 0xA0)
            return ResponseApdu(sw::kClaNotSupported);
        if (gsmOnly && command.ins() == 0xC0)
            return ResponseApdu(sw::kSuccess, SecureBytes(command.ne(), 0x0F)); // the GSM SELECT response
        if (command.ins() == 0xA4) {
            m_iccidSelected = command.data() == SecureBytes{0x2F, 0xE2};
            return ResponseApdu(gsmOnly ? std::uint16_t{0x9F0F} : sw::kSuccess); // GSM: response data waiting
        }
        if (command.ins() == 0xB0 && m_iccidSelected) {
            if (command.ne() < m_iccid.size())
                return ResponseApdu(static_cast<std::uint16_t>(0x6C00 | m_iccid.size()));
            return ResponseApdu(sw::kSuccess, SecureBytes(m_iccid.begin(), m_iccid.end()));
        }
        if (failIns && command.ins() == *failIns)
            return ResponseApdu(failSw);
        if (command.ne() != 0)
            return ResponseApdu(sw::kSuccess, SecureBytes(16, 0x5A)); // e.g. the RES of AUTHENTICATE
        return ResponseApdu(sw::kSuccess);
    }

    std::vector<CommandApdu> received;
    std::optional<std::uint8_t> failIns;
    bool gsmOnly = false; // a TS 51.011 card: class A0 only
    std::uint16_t failSw = 0x6A82;

private:
    Bytes m_iccid;
    bool m_iccidSelected = false;
};

inline scp03::StaticKeys retailerKeys()
{
    auto keys = keys::deriveRetailerCardKeys(view(Bytes(16, 0x4D)), view(fromHex("52 50 00 00 00 00 00 07")), 0x01);
    if (!keys)
        throw std::runtime_error("key derivation failed");
    return std::move(keys).value();
}

inline SecureBytes ascii(const char* digits)
{
    const std::string text(digits);
    return SecureBytes(text.begin(), text.end());
}

constexpr const char* kRetailerPin = "2580";

// A temporary directory with a retailer card file and the terminal's state file.
struct Workspace
{
    QTemporaryDir dir;

    QString statePath() const { return dir.filePath(QStringLiteral("terminal.state")); }
    QString retailerPath() const { return dir.filePath(QStringLiteral("retailer.card")); }

    std::shared_ptr<cards::RetailerCard> retailerCard()
    {
        if (!QFile::exists(retailerPath())) {
            const auto created = cards::RetailerCard::create(retailerPath(), fromHex("52 50 00 00 00 00 00 07"),
                                                             QStringLiteral("Shop 7"), ascii(kRetailerPin),
                                                             ascii("13572468"), retailerKeys());
            if (!created)
                throw std::runtime_error(created.error().message.toStdString());
        }
        auto card = cards::RetailerCard::open(retailerPath());
        if (!card)
            throw std::runtime_error(card.error().message.toStdString());
        return std::shared_ptr<cards::RetailerCard>(std::move(card).value());
    }

    TerminalConfig config() const
    {
        TerminalConfig config;
        config.stateFilePath = statePath();
        config.terminalId = QStringLiteral("T-0042");
        return config;
    }
};

// Sends a command and returns the answer when it comes synchronously; nullopt when the terminal
// waits for the keypad (collect it later from the spy).
inline std::optional<ResponseApdu> send(SecureTerminal& terminal, const CommandApdu& command)
{
    QSignalSpy spy(&terminal, &SecureTerminal::responseReady);
    terminal.handleCommand(command);
    if (spy.isEmpty())
        return std::nullopt;
    return spy.takeFirst().at(0).value<ResponseApdu>();
}

inline ResponseApdu sendNow(SecureTerminal& terminal, const CommandApdu& command)
{
    auto answer = send(terminal, command);
    if (!answer)
        throw std::runtime_error("command did not answer at once");
    return *answer;
}

inline void type(SecureTerminal& terminal, const char* digits, bool ok = true)
{
    for (const char* c = digits; *c; ++c)
        terminal.keyPressed(*keyForDigit(*c));
    if (ok)
        terminal.keyPressed(Key::Ok);
}

// Runs one keypad command to its answer: sends it, types the digits, returns what comes back.
inline std::optional<ResponseApdu> sendWithKeys(SecureTerminal& terminal, const CommandApdu& command,
                                                const std::vector<const char*>& entries)
{
    QSignalSpy spy(&terminal, &SecureTerminal::responseReady);
    terminal.handleCommand(command);
    for (const char* entry : entries) {
        if (!spy.isEmpty())
            break;
        type(terminal, entry);
    }
    if (spy.isEmpty())
        return std::nullopt;
    return spy.takeFirst().at(0).value<ResponseApdu>();
}

inline CommandApdu terminalCommand(std::uint8_t ins, SecureBytes data = {}, std::size_t ne = 256, std::uint8_t p1 = 0)
{
    return CommandApdu(cmd::kCla, ins, p1, 0x00, std::move(data), ne);
}

inline std::optional<ResponseApdu> signOn(SecureTerminal& terminal, const char* pin = kRetailerPin)
{
    return sendWithKeys(terminal, terminalCommand(cmd::ins::kRetailerSignOn), {pin});
}

// The issuer's side of the handshake; returns the open host channel or throws.
inline SecureChannel handshake(SecureTerminal& terminal, const scp03::StaticKeys& keys = retailerKeys(),
                               scp03::ChallengeMode mode = scp03::ChallengeMode::S8,
                               scp03::HostHandshake* keep = nullptr)
{
    scp03::HostHandshake local(keys, 0x33, mode);
    scp03::HostHandshake& host = keep ? *keep : local;
    auto iu = host.initializeUpdate(Botan::system_rng());
    if (!iu)
        throw std::runtime_error("initialize update");
    auto ea = host.externalAuthenticate(sendNow(terminal, iu.value()));
    if (!ea)
        throw std::runtime_error(ea.error().message.toStdString());
    auto channel = host.complete(sendNow(terminal, ea.value()));
    if (!channel)
        throw std::runtime_error(channel.error().message.toStdString());
    return std::move(channel).value();
}

// LOAD PACKAGE through command chaining (CLA 90 parts, then CLA 80).
inline ResponseApdu loadPackage(SecureTerminal& terminal, const Bytes& encoded)
{
    const CommandApdu whole(cmd::kCla, cmd::ins::kLoadPackage, 0x00, 0x00, SecureBytes(encoded.begin(), encoded.end()),
                            256);
    auto parts = CommandChaining::split(whole);
    if (!parts)
        throw std::runtime_error(parts.error().message.toStdString());
    ResponseApdu last;
    for (const auto& part : parts.value()) {
        last = sendNow(terminal, part);
        if (last.sw() != sw::kSuccess)
            return last;
    }
    return last;
}

// GET RESULT with short Le, following 61xx with GET RESPONSE.
inline Bytes getResult(SecureTerminal& terminal, std::uint16_t* finalSw = nullptr)
{
    ResponseApdu answer = sendNow(terminal, terminalCommand(cmd::ins::kGetResult));
    Bytes data(answer.data().begin(), answer.data().end());
    int rounds = 0;
    while ((answer.sw() & 0xFF00) == 0x6100 && ++rounds < 1000) {
        const std::size_t le = (answer.sw() & 0xFF) == 0 ? 256 : (answer.sw() & 0xFF);
        answer = sendNow(terminal, CommandApdu(0x00, cmd::ins::kGetResponse, 0, 0, {}, le));
        data.insert(data.end(), answer.data().begin(), answer.data().end());
    }
    if (finalSw)
        *finalSw = answer.sw();
    return data;
}

struct StepAnswer
{
    std::uint16_t index = 0;
    std::uint16_t total = 0;
    std::uint8_t cardStatus = 0;
    std::uint8_t runState = 0;
};

inline std::optional<StepAnswer> parseStep(const ResponseApdu& answer)
{
    if (answer.sw() != sw::kSuccess || answer.data().size() != 6)
        return std::nullopt;
    const auto& d = answer.data();
    return StepAnswer{static_cast<std::uint16_t>(d[0] << 8 | d[1]), static_cast<std::uint16_t>(d[2] << 8 | d[3]), d[4],
                      d[5]};
}

} // namespace perso::terminal::test
