// SPDX-License-Identifier: Apache-2.0
#include "terminal/firmware/SecureTerminal.h"

#include "protocol/tlv/BerTlv.h"
#include "terminal/cards/VirtualCard.h"
#include "terminal/firmware/TerminalStateFile.h"

namespace perso::terminal {

namespace {

QString retailerKind()
{
    return QStringLiteral("retailer");
}

SecureBytes utf8Bytes(const QString& text)
{
    const QByteArray utf8 = text.toUtf8();
    return SecureBytes(utf8.begin(), utf8.end());
}

} // namespace

SecureTerminal::SecureTerminal(TerminalConfig config, QObject* parent)
    : QObject(parent), m_config(std::move(config)), m_pinPad(m_config.pinTimeout, this)
{
    connect(&m_pinPad, &PinPad::displayChanged, this, [this](const QString& line1, const QString& line2) {
        show({line1, line2});
    });
    // A state file that exists but does not read back is treated as a tamper record (fail secure).
    const auto persisted = TerminalStateFile::load(m_config.stateFilePath);
    m_tampered = !persisted.ok() || persisted.value().tampered;
    m_state = m_tampered ? TerminalState::Tampered : TerminalState::Locked;
    showIdle();
}

SecureTerminal::~SecureTerminal()
{
    m_pinPad.abort();
    zeroise();
    if (m_card)
        m_card->powerOff();
}

bool SecureTerminal::holdsKeys() const
{
    return m_staticKeys.has_value() || m_handshake.has_value() || (m_channel && m_channel->isOpen()) ||
           !m_dataKey.empty();
}

SlotContent SecureTerminal::slotContent() const
{
    if (!m_card)
        return SlotContent::Empty;
    return m_card->kind() == retailerKind() ? SlotContent::RetailerCard : SlotContent::CustomerCard;
}

bool SecureTerminal::retailerCardPresent() const
{
    return slotContent() == SlotContent::RetailerCard;
}
bool SecureTerminal::customerCardPresent() const
{
    return slotContent() == SlotContent::CustomerCard;
}

void SecureTerminal::setPinTimeout(std::chrono::milliseconds timeout)
{
    m_config.pinTimeout = timeout;
    m_pinPad.setTimeout(timeout);
}

// ---- station commands ---------------------------------------------------------------------------

void SecureTerminal::handleCommand(const CommandApdu& command)
{
    if (m_inFlight) {
        emit responseReady(ResponseApdu(sw::kConditionsNotSatisfied)); // one command at a time
        return;
    }
    // GET RESPONSE continues the previous answer; every other command drops what was waiting.
    if (command.cla() == cmd::kClaGetResponse && command.ins() == cmd::ins::kGetResponse) {
        emit responseReady(m_chunker.getResponse(command));
        return;
    }
    m_chunker.clear();

    // Command chaining: only LOAD PACKAGE is chained (CLA 90 ... 90 80). A different command while a
    // chain is open abandons the chain (ISO/IEC 7816-4 5.3.3) and is then handled on its own.
    if (m_chain.isOpen() && command.ins() != cmd::ins::kLoadPackage)
        m_chain.reset();
    if (command.isChainedPart() || m_chain.isOpen()) {
        if (command.ins() != cmd::ins::kLoadPackage || (command.cla() & ~0x10) != cmd::kCla) {
            emit responseReady(ResponseApdu(cmd::sw::kChainingNotSupported));
            return;
        }
        if (m_state != TerminalState::ChannelOpen && m_state != TerminalState::Reporting) {
            m_chain.reset();
            emit responseReady(ResponseApdu(sw::kConditionsNotSatisfied)); // nothing buffered out of order
            return;
        }
        auto joined = m_chain.add(command);
        if (!joined) {
            const bool tooLong = joined.code() == ErrorCode::Oversized;
            emit responseReady(ResponseApdu(tooLong ? sw::kWrongLength : cmd::sw::kLastCommandOfChainExpected));
            return;
        }
        if (!joined.value()) {
            emit responseReady(ResponseApdu(sw::kSuccess)); // more parts expected
            return;
        }
        dispatch(*joined.value());
        return;
    }
    dispatch(command);
}

void SecureTerminal::dispatch(const CommandApdu& command)
{
    // LOAD PACKAGE segments must follow one another.
    if (m_loadOpen && !(command.cla() == cmd::kCla && command.ins() == cmd::ins::kLoadPackage)) {
        m_loadOpen = false;
        m_loadBuffer.clear();
        m_loadBuffer.shrink_to_fit();
    }
    const std::uint8_t cla = command.cla();
    if ((cla & 0xFC) == cmd::kCla && command.ins() == cmd::ins::kInitializeUpdate)
        return answer(command, initializeUpdate(command));
    if ((cla & 0xFC) == cmd::kClaSecureMessaging && command.ins() == cmd::ins::kExternalAuthenticate)
        return answer(command, externalAuthenticate(command));
    if (cla != cmd::kCla)
        return answer(command, ResponseApdu(sw::kClaNotSupported));

    const bool noP1P2 = command.p1() == 0 && command.p2() == 0;
    const bool noData = command.data().empty();
    switch (command.ins()) {
    case cmd::ins::kGetStatus:
        return answer(command, getStatus(command));
    case cmd::ins::kRetailerSignOn:
        if (auto immediate = startSignOn(command))
            answer(command, *immediate);
        return;
    case cmd::ins::kGetDataKey:
        return answer(command, getDataKey(command));
    case cmd::ins::kReadCardIdentity:
        return answer(command, readCardIdentity(command));
    case cmd::ins::kLoadPackage:
        return answer(command, loadPackage(command));
    case cmd::ins::kRunStep:
        if (auto immediate = runStep(command))
            answer(command, *immediate);
        return;
    case cmd::ins::kAbort:
        return answer(command, abortPackage(command));
    case cmd::ins::kGetResult:
        return answer(command, getResult(command));
    case cmd::ins::kEndSession:
        if (!noP1P2)
            return answer(command, ResponseApdu(sw::kIncorrectP1P2));
        if (!noData)
            return answer(command, ResponseApdu(sw::kWrongLength));
        return answer(command, endSession(command));
    default:
        return answer(command, ResponseApdu(sw::kInsNotSupported));
    }
}

void SecureTerminal::answer(const CommandApdu& command, ResponseApdu response)
{
    emit responseReady(m_chunker.deliver(command, std::move(response)));
}

void SecureTerminal::answerInFlight(ResponseApdu response)
{
    const CommandApdu command = m_inFlightCommand.value_or(CommandApdu{});
    m_inFlight.reset();
    m_inFlightCommand.reset();
    answer(command, std::move(response));
}

ResponseApdu SecureTerminal::getStatus(const CommandApdu& command) const
{
    if (command.p1() != 0 || command.p2() != 0)
        return ResponseApdu(sw::kIncorrectP1P2);
    if (!command.data().empty())
        return ResponseApdu(sw::kWrongLength);
    std::vector<Tlv> fields{Tlv::primitive(0x80, SecureBytes{static_cast<std::uint8_t>(m_state)}),
                            Tlv::primitive(0x81, SecureBytes{static_cast<std::uint8_t>(slotContent())}),
                            Tlv::primitive(0x82, SecureBytes{static_cast<std::uint8_t>(m_tampered ? 1 : 0)}),
                            Tlv::primitive(0x83, utf8Bytes(QString(kFirmwareVersion))),
                            Tlv::primitive(0x84, utf8Bytes(m_config.terminalId))};
    if (m_run) {
        const std::uint16_t done = m_run->stepsConsumed();
        const std::uint16_t total = m_run->totalSteps();
        fields.push_back(
            Tlv::primitive(0x85, SecureBytes{static_cast<std::uint8_t>(done >> 8), static_cast<std::uint8_t>(done),
                                             static_cast<std::uint8_t>(total >> 8), static_cast<std::uint8_t>(total)}));
    }
    return ResponseApdu(sw::kSuccess, BerTlv::encode(fields));
}

ResponseApdu SecureTerminal::endSession(const CommandApdu&)
{
    const bool hadSession = m_state != TerminalState::Locked && m_state != TerminalState::Tampered;
    zeroise();
    setState(m_tampered ? TerminalState::Tampered : TerminalState::Locked);
    if (hadSession)
        show(DisplayTexts::sessionEnded());
    else
        showIdle();
    return ResponseApdu(sw::kSuccess);
}

// ---- keypad, slot, tamper ----------------------------------------------------------------------

void SecureTerminal::keyPressed(Key key)
{
    m_pinPad.keyPressed(key);
}

bool SecureTerminal::insertCard(std::shared_ptr<cards::VirtualCard> card)
{
    if (!card || m_card)
        return false;
    m_card = std::move(card);
    ++m_cardGeneration;
    m_card->powerOn();
    if (m_state == TerminalState::ChannelOpen || m_state == TerminalState::Reporting)
        show(customerCardPresent() ? DisplayTexts::customerCardReady() : DisplayTexts::signedOn());
    else if (m_state == TerminalState::Locked && retailerCardPresent())
        show(DisplayTexts::welcome());
    return true;
}

void SecureTerminal::removeCard()
{
    if (!m_card)
        return;
    m_card->powerOff();
    m_card.reset();
    // A card pulled during keypad entry ends the command in flight now; between steps, the next
    // RUN STEP reports it (the generation no longer matches).
    if (m_inFlight == InFlight::SignOn) {
        m_pinPad.abort();
        setState(m_tampered ? TerminalState::Tampered : TerminalState::Locked);
        show(DisplayTexts::cardRemoved());
        answerInFlight(ResponseApdu(sw::kFileNotFound));
        return;
    }
    if (m_inFlight == InFlight::RunStep) {
        m_pinPad.abort();
        m_pinStep.reset();
        m_run->record(package::kNoCardResponse);
        answerInFlight(stopPackage(package::Outcome::CardRemoved, std::nullopt, cmd::StepCardStatus::NoAnswer));
        return;
    }
    if (m_state == TerminalState::ChannelOpen || m_state == TerminalState::Reporting)
        show(DisplayTexts::insertCustomerCard());
}

void SecureTerminal::tamper()
{
    m_pinPad.abort();
    zeroise();
    m_tampered = true;
    // Persist first thing after the erase; if the write fails the flag still holds in memory.
    (void)TerminalStateFile::save(m_config.stateFilePath, PersistentState{true});
    setState(TerminalState::Tampered);
    show(DisplayTexts::tampered());
    if (m_inFlight)
        answerInFlight(ResponseApdu(sw::kNoPreciseDiagnosis));
}

void SecureTerminal::zeroise()
{
    m_pinPad.abort();
    m_pinStep.reset();
    m_run.reset();
    if (m_channel)
        m_channel->close();
    m_channel.reset();
    m_handshake.reset(); // its destructor frees (and so scrubs) its session keys
    m_staticKeys.reset();
    m_dataKey.clear();
    m_dataKey.shrink_to_fit();
    m_serial.clear();
    m_retailerId.clear();
    m_sealedResult.clear();
    m_loadBuffer.clear();
    m_loadBuffer.shrink_to_fit();
    m_loadOpen = false;
    m_chain.reset();
    m_chunker.clear();
}

// ---- display and state -------------------------------------------------------------------------

void SecureTerminal::setState(TerminalState state)
{
    if (state == m_state)
        return;
    m_state = state;
    emit stateChanged(state);
}

void SecureTerminal::show(const DisplayLines& lines)
{
    m_display = lines;
    emit displayChanged(lines.line1, lines.line2);
}

void SecureTerminal::showIdle()
{
    show(m_tampered ? DisplayTexts::tampered() : DisplayTexts::welcome());
}

} // namespace perso::terminal
