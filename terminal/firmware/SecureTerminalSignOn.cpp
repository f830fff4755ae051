// SPDX-License-Identifier: Apache-2.0
// RETAILER SIGN-ON, the SCP03 card role (INITIALIZE UPDATE, EXTERNAL AUTHENTICATE) and GET DATA KEY.
#include "terminal/firmware/SecureTerminal.h"

#include "protocol/keys/Diversification.h"
#include "protocol/tlv/BerTlv.h"
#include "terminal/cards/VirtualCard.h"
#include "terminal/firmware/RetailerCardReader.h"

#include <botan/system_rng.h>

namespace perso::terminal {

namespace {

using RetailerCardReader::PinStatus;

constexpr std::uint8_t kRequiredLevel = 0x33; // C-MAC, C-DEC, R-MAC, R-ENC: what packages need

ResponseApdu pinFailure(const PinStatus& status)
{
    switch (status.kind) {
    case PinStatus::Kind::TriesLeft:
        return ResponseApdu(static_cast<std::uint16_t>(0x63C0 | (status.triesLeft & 0x0F)));
    case PinStatus::Kind::Blocked:
        return ResponseApdu(sw::kAuthenticationBlocked);
    case PinStatus::Kind::Verified:
    case PinStatus::Kind::CardFailure:
        break;
    }
    return ResponseApdu(sw::kNoPreciseDiagnosis);
}

SecureBytes utf8(const QString& text)
{
    const QByteArray bytes = text.toUtf8();
    return SecureBytes(bytes.begin(), bytes.end());
}

// Key diversification data of the INITIALIZE UPDATE answer: the retailer card serial, right-aligned
// in 10 bytes (zero-filled on the left; the last 10 bytes of a longer serial).
Bytes keyDiversificationData(const Bytes& serial)
{
    Bytes kdd(scp03::kKeyDiversificationDataLength, 0x00);
    const std::size_t n = std::min(serial.size(), kdd.size());
    std::copy(serial.end() - static_cast<std::ptrdiff_t>(n), serial.end(), kdd.end() - static_cast<std::ptrdiff_t>(n));
    return kdd;
}

} // namespace

std::optional<ResponseApdu> SecureTerminal::startSignOn(const CommandApdu& command)
{
    if (command.p1() != 0 || command.p2() != 0)
        return ResponseApdu(sw::kIncorrectP1P2);
    if (!command.data().empty())
        return ResponseApdu(sw::kWrongLength);
    const bool fresh = m_state == TerminalState::Locked || m_state == TerminalState::Tampered ||
                       m_state == TerminalState::ChannelClosed;
    if (!fresh)
        return ResponseApdu(sw::kConditionsNotSatisfied);
    if (!retailerCardPresent()) {
        show(DisplayTexts::insertRetailerCard());
        return ResponseApdu(sw::kFileNotFound);
    }
    // A blocked card is refused before the keypad is opened; no try is spent by asking.
    const PinStatus status = RetailerCardReader::queryPin(*m_card);
    if (status.kind == PinStatus::Kind::Blocked) {
        show(DisplayTexts::cardBlocked());
        return ResponseApdu(sw::kAuthenticationBlocked);
    }
    if (status.kind == PinStatus::Kind::CardFailure) {
        show(DisplayTexts::cardError());
        return ResponseApdu(sw::kNoPreciseDiagnosis);
    }
    if (m_state == TerminalState::ChannelClosed)
        zeroise(); // the closed session's report is dropped by a new sign-on
    m_inFlight = InFlight::SignOn;
    m_inFlightCommand = command;
    setState(TerminalState::RetailerPin);
    PinPad::Request request;
    request.minDigits = RetailerCardReader::kMinPinDigits;
    request.maxDigits = RetailerCardReader::kPinFieldLength;
    request.prompt = [](bool, const QString& stars) { return DisplayTexts::enterRetailerPin(stars); };
    m_pinPad.start(std::move(request),
                   [this](PinPad::Outcome outcome, SecureBytes pin) { finishSignOn(outcome, std::move(pin)); });
    return std::nullopt;
}

void SecureTerminal::finishSignOn(PinPad::Outcome outcome, SecureBytes pin)
{
    const TerminalState idle = m_tampered ? TerminalState::Tampered : TerminalState::Locked;
    if (outcome != PinPad::Outcome::Entered) {
        setState(idle);
        const bool timedOut = outcome == PinPad::Outcome::TimedOut;
        show(timedOut ? DisplayTexts::pinTimeout() : DisplayTexts::cancelled());
        answerInFlight(ResponseApdu(timedOut ? cmd::sw::kPinTimeout : cmd::sw::kPinCancelled));
        return;
    }
    const PinStatus verified = RetailerCardReader::verifyPin(*m_card, pin);
    pin.clear();
    pin.shrink_to_fit();
    if (verified.kind != PinStatus::Kind::Verified) {
        setState(idle);
        if (verified.kind == PinStatus::Kind::TriesLeft)
            show(DisplayTexts::wrongPin(verified.triesLeft));
        else if (verified.kind == PinStatus::Kind::Blocked)
            show(DisplayTexts::cardBlocked());
        else
            show(DisplayTexts::cardError());
        answerInFlight(pinFailure(verified));
        return;
    }
    answerInFlight(completeSignOn());
}

ResponseApdu SecureTerminal::completeSignOn()
{
    const TerminalState idle = m_tampered ? TerminalState::Tampered : TerminalState::Locked;
    auto identity = RetailerCardReader::readIdentity(*m_card);
    auto keys = identity ? RetailerCardReader::readKeys(*m_card) : Result<scp03::StaticKeys>(identity.error());
    // Warm reset: the card forgets the verified PIN, so its key file is closed again.
    m_card->powerOff();
    m_card->powerOn();
    if (!identity || !keys) {
        zeroise();
        setState(idle);
        show(DisplayTexts::cardError());
        return ResponseApdu(sw::kNoPreciseDiagnosis);
    }
    m_serial = identity.value().serial;
    m_retailerId = identity.value().retailerId;
    m_staticKeys = std::move(keys).value();
    setState(TerminalState::RetailerVerified);
    show(DisplayTexts::authenticating());

    const std::vector<Tlv> fields{
        Tlv::primitive(0x80, SecureBytes(m_serial.begin(), m_serial.end())), Tlv::primitive(0x81, utf8(m_retailerId)),
        Tlv::primitive(0x82, SecureBytes{m_staticKeys->keyVersion}), Tlv::primitive(0x83, utf8(m_config.terminalId)),
        Tlv::constructed(0xA4, {Tlv::primitive(0x80, SecureBytes{static_cast<std::uint8_t>(m_tampered ? 1 : 0)}),
                                Tlv::primitive(0x81, utf8(QString(kFirmwareVersion)))})};
    return ResponseApdu(sw::kSuccess, BerTlv::encode(fields));
}

ResponseApdu SecureTerminal::initializeUpdate(const CommandApdu& command)
{
    // A repeated INITIALIZE UPDATE restarts the handshake (GP); anywhere else it is out of order.
    if (m_state != TerminalState::RetailerVerified && m_state != TerminalState::AwaitingAuth)
        return ResponseApdu(sw::kConditionsNotSatisfied);
    const std::size_t lc = command.data().size();
    if (lc != 8 && lc != 16)
        return ResponseApdu(sw::kWrongLength);
    const auto mode = lc == 16 ? scp03::ChallengeMode::S16 : scp03::ChallengeMode::S8;
    // A fresh handshake object; the previous one is kept until this one has answered.
    scp03::CardHandshake handshake(*m_staticKeys, keyDiversificationData(m_serial), mode);
    auto response = handshake.initializeUpdate(command, Botan::system_rng());
    if (!response) {
        switch (response.code()) {
        case ErrorCode::InvalidLength:
            return ResponseApdu(sw::kWrongLength);
        case ErrorCode::InvalidParameter:
            return ResponseApdu(sw::kReferencedDataNotFound); // key version not held
        default:
            return ResponseApdu(sw::kIncorrectP1P2);
        }
    }
    m_handshake.emplace(std::move(handshake));
    setState(TerminalState::AwaitingAuth);
    return response.value();
}

ResponseApdu SecureTerminal::externalAuthenticate(const CommandApdu& command)
{
    if (m_state != TerminalState::AwaitingAuth || !m_handshake)
        return ResponseApdu(sw::kConditionsNotSatisfied);
    // Shape checks first: a malformed command changes nothing. Security level 33 only (packages).
    const std::size_t macLength = m_handshake->cardChallenge().size();
    if (command.p1() != kRequiredLevel || command.p2() != 0x00)
        return ResponseApdu(sw::kIncorrectP1P2);
    if (command.data().size() != 2 * macLength)
        return ResponseApdu(sw::kWrongLength);
    auto established = m_handshake->externalAuthenticate(command);
    if (!established) {
        // A wrong host cryptogram or C-MAC: the sign-on is dropped and every key erased.
        zeroise();
        setState(m_tampered ? TerminalState::Tampered : TerminalState::Locked);
        show(DisplayTexts::channelClosed());
        return ResponseApdu(cmd::sw::kHostCryptogramFailed);
    }
    auto dataKey = keys::deriveStationDataKey(view(m_staticKeys->enc), view(m_handshake->hostChallenge()),
                                              view(m_handshake->cardChallenge()));
    if (!dataKey) {
        zeroise();
        setState(m_tampered ? TerminalState::Tampered : TerminalState::Locked);
        return ResponseApdu(sw::kNoPreciseDiagnosis);
    }
    m_dataKey = std::move(dataKey).value();
    m_channel.emplace(std::move(established.value().channel));
    const ResponseApdu response = established.value().response;
    // The static keys and the handshake are not needed any more: scrub them now.
    m_handshake.reset();
    m_staticKeys.reset();
    setState(TerminalState::ChannelOpen);
    show(customerCardPresent() ? DisplayTexts::customerCardReady() : DisplayTexts::signedOn());
    return response;
}

ResponseApdu SecureTerminal::getDataKey(const CommandApdu& command) const
{
    if (command.p1() != 0 || command.p2() != 0)
        return ResponseApdu(sw::kIncorrectP1P2);
    if (!command.data().empty())
        return ResponseApdu(sw::kWrongLength);
    const bool signedOn = m_state == TerminalState::ChannelOpen || m_state == TerminalState::Executing ||
                          m_state == TerminalState::Reporting;
    if (!signedOn || m_dataKey.empty())
        return ResponseApdu(sw::kConditionsNotSatisfied);
    return ResponseApdu(sw::kSuccess, m_dataKey);
}

} // namespace perso::terminal
