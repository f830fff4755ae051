// SPDX-License-Identifier: Apache-2.0
#pragma once

// The issuer's and the station's side of the terminal system tests: sign-on through the keypad, the
// SCP03 handshake through PC/SC, and docs/cards.md's SIM personalisation as a package.

#include "tst_terminalsystemrig.h"

#include "protocol/package/PackageBuilder.h"
#include "protocol/scp03/Handshake.h"
#include "protocol/tlv/BerTlv.h"
#include "tests/cards/tst_simsupport.h"
#include "tests/firmware/FirmwareFixtures.h"

#include <botan/system_rng.h>

namespace perso::terminal::systest {

using test::kRetailerPin;
using test::retailerKeys;
using test::StepAnswer;
using test::terminalCommand;
using test::Workspace;

constexpr const char* kCustomerPin = "4826";

inline CommandApdu runStepCommand()
{
    return terminalCommand(cmd::ins::kRunStep);
}

// The answer's SW, or 0 when the exchange itself failed (or hung).
inline std::uint16_t swOf(const std::optional<pcsc::PcscResult<ResponseApdu>>& answer)
{
    return answer && answer->ok() ? answer->value().sw() : 0;
}

inline std::optional<Tlv> findTlv(const SecureBytes& data, std::uint32_t tag)
{
    auto all = BerTlv::decodeAll(view(data));
    if (!all)
        return std::nullopt;
    for (const auto& tlv : all.value())
        if (tlv.tag() == tag)
            return tlv;
    return std::nullopt;
}

// GET STATUS through PC/SC: the value of one field, empty on any failure.
inline SecureBytes statusField(Station& station, std::uint32_t tag)
{
    const auto status = station.send(terminalCommand(cmd::ins::kGetStatus));
    if (!status || status.value().sw() != perso::sw::kSuccess)
        return {};
    const auto field = findTlv(status.value().data(), tag);
    return field ? field->value() : SecureBytes{};
}

// The issuer's half of the SCP03 handshake, both commands through pcscd. Nullopt on any failure.
inline std::optional<scp03::SecureChannel> handshake(Station& station, scp03::HostHandshake& host)
{
    auto iu = host.initializeUpdate(Botan::system_rng());
    if (!iu)
        return std::nullopt;
    const auto iuAnswer = station.send(iu.value());
    if (!iuAnswer)
        return std::nullopt;
    auto ea = host.externalAuthenticate(iuAnswer.value());
    if (!ea)
        return std::nullopt;
    const auto eaAnswer = station.send(ea.value());
    if (!eaAnswer)
        return std::nullopt;
    auto channel = host.complete(eaAnswer.value());
    if (!channel)
        return std::nullopt;
    return std::move(channel).value();
}

// docs/cards.md's 22 steps as a package body. With keypadPin, SET PIN1 is a PIN ENTRY typed twice on
// the keypad; otherwise every step is a FORWARD of the sequence's own APDU. The closing AUTHENTICATE
// returns its data into the result.
inline std::vector<package::PackageStep> personalisationBody(bool keypadPin)
{
    std::vector<package::PackageStep> body;
    for (const auto& step : simtest::personalisation()) {
        const QString label = QString::fromLatin1(step.label);
        if (keypadPin && label == QStringLiteral("SET PIN1")) {
            package::PinEntryInstruction pin;
            pin.purpose = package::PinEntryInstruction::Purpose::Pin1;
            pin.cardTemplate = CommandApdu(0x00, 0x24, 0x01, 0x01, SecureBytes(8, 0xFF));
            pin.pinOffset = 0;
            pin.minDigits = 4;
            pin.maxDigits = 8;
            pin.padByte = 0xFF;
            pin.promptId = 1;
            pin.confirmTwice = true;
            body.push_back({pin, label});
            continue;
        }
        const std::uint8_t flags =
            label == QStringLiteral("AUTHENTICATE") ? std::uint8_t{package::ForwardInstruction::ReturnData} : 0;
        body.push_back({package::ForwardInstruction{flags, simtest::apdu(step.apdu)}, label});
    }
    return body;
}

inline Bytes transactionId(std::uint8_t n)
{
    Bytes id(16);
    for (std::size_t i = 0; i < id.size(); ++i)
        id[i] = static_cast<std::uint8_t>(n * 17 + i);
    return id;
}

inline Bytes simIccid()
{
    return wire::iccidFromDigits(QString::fromLatin1(simtest::kIccidDigits)).value();
}

inline std::optional<StepAnswer> parseStep(const std::optional<pcsc::PcscResult<ResponseApdu>>& answer)
{
    if (!answer || !answer->ok())
        return std::nullopt;
    return test::parseStep(answer->value());
}

} // namespace perso::terminal::systest
