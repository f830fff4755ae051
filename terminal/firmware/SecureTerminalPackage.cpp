// SPDX-License-Identifier: Apache-2.0
// READ CARD IDENTITY, LOAD PACKAGE, RUN STEP (FORWARD and keypad PIN ENTRY), ABORT and GET RESULT.
#include "terminal/firmware/SecureTerminal.h"

#include "protocol/package/PersonalisationPackage.h"
#include "terminal/cards/VirtualCard.h"
#include "terminal/firmware/CardIo.h"

#include <variant>

namespace perso::terminal {

namespace {

using cmd::StepCardStatus;
using package::Outcome;

// Status words recorded in the result for steps that never reached the card.
constexpr std::uint16_t kWrongCardSw = sw::kConditionsNotSatisfied;         // BEGIN: ICCID differs
constexpr std::uint16_t kRefusedInstructionSw = cmd::sw::kWrongDataRefused; // unwrapped, not acceptable

bool plainCommand(const CommandApdu& command)
{
    return command.p1() == 0 && command.p2() == 0 && command.data().empty();
}

ResponseApdu shapeError(const CommandApdu& command)
{
    return ResponseApdu(command.p1() != 0 || command.p2() != 0 ? sw::kIncorrectP1P2 : sw::kWrongLength);
}

std::uint16_t pinPadSw(PinPad::Outcome outcome)
{
    switch (outcome) {
    case PinPad::Outcome::TimedOut:
        return cmd::sw::kPinTimeout;
    case PinPad::Outcome::Cancelled:
        return cmd::sw::kPinCancelled;
    case PinPad::Outcome::Mismatch:
        return cmd::sw::kPinMismatch;
    case PinPad::Outcome::Refused:
    case PinPad::Outcome::Entered:
        break;
    }
    return cmd::sw::kPinRefused;
}

} // namespace

bool SecureTerminal::packageCardPresent() const
{
    return customerCardPresent() && m_cardGeneration == m_runCardGeneration;
}

ResponseApdu SecureTerminal::readCardIdentity(const CommandApdu& command)
{
    if (!plainCommand(command))
        return shapeError(command);
    if (m_state != TerminalState::ChannelOpen && m_state != TerminalState::Reporting)
        return ResponseApdu(sw::kConditionsNotSatisfied);
    if (!customerCardPresent())
        return ResponseApdu(sw::kFileNotFound); // empty slot, or the retailer card is still in
    auto iccid = CardIo::readIccid(*m_card);
    if (!iccid)
        return ResponseApdu(sw::kFileNotFound);
    show(DisplayTexts::customerCardReady());
    return ResponseApdu(sw::kSuccess, SecureBytes(iccid.value().begin(), iccid.value().end()));
}

ResponseApdu SecureTerminal::loadPackage(const CommandApdu& command)
{
    if (m_state != TerminalState::ChannelOpen && m_state != TerminalState::Reporting)
        return ResponseApdu(sw::kConditionsNotSatisfied);
    if (command.p2() != 0 || (command.p1() & ~cmd::kLoadMoreSegments) != 0)
        return ResponseApdu(sw::kIncorrectP1P2);
    if (command.data().empty())
        return ResponseApdu(sw::kWrongLength);
    if (!customerCardPresent())
        return ResponseApdu(sw::kFileNotFound);
    if (m_loadBuffer.size() + command.data().size() > package::PersonalisationPackage::kMaxEncodedBytes) {
        m_loadOpen = false;
        m_loadBuffer.clear();
        return ResponseApdu(sw::kWrongLength);
    }
    m_loadBuffer.insert(m_loadBuffer.end(), command.data().begin(), command.data().end());
    if (command.p1() & cmd::kLoadMoreSegments) {
        m_loadOpen = true;
        return ResponseApdu(sw::kSuccess);
    }
    m_loadOpen = false;
    SecureBytes encoded = std::move(m_loadBuffer);
    m_loadBuffer.clear();

    auto run = PackageRun::load(*m_channel, view(encoded));
    if (!run) {
        const ErrorCode code = run.code();
        const bool foreign = code == ErrorCode::WrongSession || code == ErrorCode::SequenceViolation;
        return ResponseApdu(foreign ? sw::kReferencedDataNotFound : cmd::sw::kWrongDataRefused);
    }
    m_run.emplace(std::move(run).value());
    m_sealedResult.clear();
    m_runCardGeneration = m_cardGeneration;
    if (const auto failing = m_run->unwrapFailureAt()) {
        // A step would fail its C-MAC: close the channel now, before anything reaches the card.
        closeChannelAt(*failing);
        return ResponseApdu(cmd::sw::kIncorrectSecureMessaging);
    }
    setState(TerminalState::Executing);
    show(DisplayTexts::personalising(0, m_run->totalSteps()));
    const std::uint16_t total = m_run->totalSteps();
    return ResponseApdu(sw::kSuccess,
                        SecureBytes{static_cast<std::uint8_t>(total >> 8), static_cast<std::uint8_t>(total)});
}

std::optional<ResponseApdu> SecureTerminal::runStep(const CommandApdu& command)
{
    if (!plainCommand(command))
        return shapeError(command);
    if (m_state != TerminalState::Executing || !m_run)
        return ResponseApdu(sw::kConditionsNotSatisfied);

    auto instruction = m_run->next();
    if (!instruction) {
        const auto stop = m_run->stop();
        if (!stop)
            return ResponseApdu(sw::kNoPreciseDiagnosis);
        if (stop->outcome == Outcome::ChannelClosed)
            return closeChannelAt(stop->failingStep);
        m_run->recordUnrecorded(kRefusedInstructionSw);
        return stopPackage(stop->outcome, stop->failingStep, StepCardStatus::NoCardCommand);
    }
    const std::uint16_t index = static_cast<std::uint16_t>(m_run->stepsConsumed() - 1);
    show(DisplayTexts::personalising(index + 1, m_run->totalSteps()));

    if (const auto* begin = std::get_if<package::BeginInstruction>(&instruction.value())) {
        if (!packageCardPresent()) {
            m_run->record(package::kNoCardResponse);
            return stopPackage(Outcome::CardRemoved, std::nullopt, StepCardStatus::NoAnswer);
        }
        auto iccid = CardIo::readIccid(*m_card);
        if (!iccid || !constantTimeEqual(view(iccid.value()), view(begin->expectedIccid))) {
            m_run->record(kWrongCardSw);
            return stopPackage(Outcome::InstructionRefused, std::nullopt, StepCardStatus::NoCardCommand);
        }
        m_run->record(sw::kSuccess);
        return stepAnswer(StepCardStatus::NoCardCommand);
    }
    if (std::holds_alternative<package::EndInstruction>(instruction.value())) {
        m_run->record(sw::kSuccess);
        return stopPackage(Outcome::Completed, std::nullopt, StepCardStatus::NoCardCommand);
    }
    if (const auto* forward = std::get_if<package::ForwardInstruction>(&instruction.value())) {
        if (!packageCardPresent()) {
            m_run->record(package::kNoCardResponse);
            return stopPackage(Outcome::CardRemoved, std::nullopt, StepCardStatus::NoAnswer);
        }
        auto response = CardIo::transmit(*m_card, forward->cardCommand);
        if (!response) {
            m_run->record(sw::kNoPreciseDiagnosis);
            return stopPackage(Outcome::CardStatusFailed, std::nullopt, StepCardStatus::Refused);
        }
        const std::uint16_t cardSw = response.value().sw();
        if (forward->returnsData())
            m_run->record(cardSw, response.value().data());
        else
            m_run->record(cardSw);
        if (!forward->accepts(cardSw))
            return stopPackage(Outcome::CardStatusFailed, std::nullopt, StepCardStatus::Refused);
        return stepAnswer(StepCardStatus::Accepted);
    }

    // PIN ENTRY: the customer types the PIN on the keypad; the command answers when it is sent.
    const auto& pinEntry = std::get<package::PinEntryInstruction>(instruction.value());
    if (!pinEntry.validate()) {
        m_run->record(kRefusedInstructionSw);
        return stopPackage(Outcome::InstructionRefused, std::nullopt, StepCardStatus::NoCardCommand);
    }
    if (!packageCardPresent()) {
        m_run->record(package::kNoCardResponse);
        return stopPackage(Outcome::CardRemoved, std::nullopt, StepCardStatus::NoAnswer);
    }
    m_pinStep = pinEntry;
    m_inFlight = InFlight::RunStep;
    m_inFlightCommand = command;
    PinPad::Request request;
    request.minDigits = pinEntry.minDigits;
    request.maxDigits = pinEntry.maxDigits;
    request.confirm = pinEntry.confirmTwice;
    request.refuseTrivial = true;
    const auto purpose = static_cast<std::uint8_t>(pinEntry.purpose);
    request.prompt = [purpose](bool confirmation, const QString& stars) {
        return DisplayTexts::enterCustomerPin(purpose, confirmation, stars);
    };
    m_pinPad.start(std::move(request),
                   [this](PinPad::Outcome outcome, SecureBytes pin) { finishPinStep(outcome, std::move(pin)); });
    return std::nullopt;
}

void SecureTerminal::finishPinStep(PinPad::Outcome outcome, SecureBytes pin)
{
    const package::PinEntryInstruction step = std::move(*m_pinStep);
    m_pinStep.reset();
    if (outcome != PinPad::Outcome::Entered) {
        m_run->record(pinPadSw(outcome));
        const Outcome stopped = outcome == PinPad::Outcome::Cancelled ? Outcome::Cancelled : Outcome::PinEntryFailed;
        show(outcome == PinPad::Outcome::TimedOut ? DisplayTexts::pinTimeout() : DisplayTexts::cancelled());
        answerInFlight(stopPackage(stopped, std::nullopt, StepCardStatus::KeypadFailed));
        return;
    }
    auto filled = step.fill(view(pin));
    pin.clear();
    pin.shrink_to_fit();
    if (!filled) {
        m_run->record(cmd::sw::kPinRefused);
        answerInFlight(stopPackage(Outcome::PinEntryFailed, std::nullopt, StepCardStatus::KeypadFailed));
        return;
    }
    auto response = CardIo::transmit(*m_card, filled.value());
    filled = Result<CommandApdu>(CommandApdu{}); // drop the filled command (it holds the PIN) now
    if (!response) {
        m_run->record(sw::kNoPreciseDiagnosis);
        answerInFlight(stopPackage(Outcome::CardStatusFailed, std::nullopt, StepCardStatus::Refused));
        return;
    }
    const std::uint16_t cardSw = response.value().sw();
    m_run->record(cardSw);
    if (cardSw != sw::kSuccess) {
        answerInFlight(stopPackage(Outcome::CardStatusFailed, std::nullopt, StepCardStatus::Refused));
        return;
    }
    show(DisplayTexts::personalising(m_run->stepsConsumed(), m_run->totalSteps()));
    answerInFlight(stepAnswer(StepCardStatus::Accepted));
}

ResponseApdu SecureTerminal::abortPackage(const CommandApdu& command)
{
    if (!plainCommand(command))
        return shapeError(command);
    if (m_state != TerminalState::Executing || !m_run)
        return ResponseApdu(sw::kConditionsNotSatisfied);
    if (m_run->stepsConsumed() == 0) {
        // A result needs k >= 1: consume BEGIN (it never reaches the card) so that Cancelled can be
        // sealed at step 0.
        auto first = m_run->next();
        if (!first) {
            const auto stop = m_run->stop();
            if (stop && stop->outcome == Outcome::ChannelClosed)
                return closeChannelAt(stop->failingStep);
            m_run->recordUnrecorded(kRefusedInstructionSw);
            return stopPackage(stop ? stop->outcome : Outcome::InstructionRefused,
                               stop ? std::optional(stop->failingStep) : std::nullopt, StepCardStatus::NoCardCommand);
        }
        m_run->record(sw::kSuccess);
    }
    show(DisplayTexts::cancelled());
    return stopPackage(Outcome::Cancelled, std::nullopt, StepCardStatus::NoCardCommand);
}

ResponseApdu SecureTerminal::getResult(const CommandApdu& command)
{
    if (!plainCommand(command))
        return shapeError(command);
    if ((m_state != TerminalState::Reporting && m_state != TerminalState::ChannelClosed) || m_sealedResult.empty())
        return ResponseApdu(sw::kConditionsNotSatisfied);
    return ResponseApdu(sw::kSuccess, SecureBytes(m_sealedResult.begin(), m_sealedResult.end()));
}

ResponseApdu SecureTerminal::stepAnswer(StepCardStatus cardStatus)
{
    const std::uint16_t index = static_cast<std::uint16_t>(m_run->stepsConsumed() - 1);
    const std::uint16_t total = m_run->totalSteps();
    const auto runState =
        m_state == TerminalState::Executing
            ? cmd::RunState::MoreSteps
            : (m_state == TerminalState::ChannelClosed ? cmd::RunState::ChannelClosed : cmd::RunState::ResultReady);
    return ResponseApdu(sw::kSuccess,
                        SecureBytes{static_cast<std::uint8_t>(index >> 8), static_cast<std::uint8_t>(index),
                                    static_cast<std::uint8_t>(total >> 8), static_cast<std::uint8_t>(total),
                                    static_cast<std::uint8_t>(cardStatus), static_cast<std::uint8_t>(runState)});
}

ResponseApdu SecureTerminal::stopPackage(Outcome outcome, std::optional<std::uint16_t> failingStep,
                                         StepCardStatus status)
{
    if (outcome == Outcome::CardRemoved)
        show(DisplayTexts::cardRemoved());
    else if (outcome != Outcome::Cancelled && outcome != Outcome::PinEntryFailed)
        show(DisplayTexts::finished(outcome == Outcome::Completed));
    auto sealed = m_run->seal(*m_channel, outcome, failingStep);
    if (!sealed) // the report cannot be sealed (e.g. too much response data): end the channel
        return closeChannelAt(m_run->stepsConsumed());
    m_sealedResult = std::move(sealed).value();
    setState(TerminalState::Reporting);
    ResponseApdu answer = stepAnswer(status);
    m_run.reset();
    return answer;
}

ResponseApdu SecureTerminal::closeChannelAt(std::uint16_t step)
{
    const std::uint16_t total = m_run ? m_run->totalSteps() : 0;
    auto report = package::ResultBuilder::channelClosed(step).encode();
    zeroise(); // the channel, the data key and the run go together
    m_sealedResult = report ? report.value() : Bytes{};
    setState(TerminalState::ChannelClosed);
    show(DisplayTexts::channelClosed());
    return ResponseApdu(sw::kSuccess,
                        SecureBytes{static_cast<std::uint8_t>(step >> 8), static_cast<std::uint8_t>(step),
                                    static_cast<std::uint8_t>(total >> 8), static_cast<std::uint8_t>(total),
                                    static_cast<std::uint8_t>(StepCardStatus::NoCardCommand),
                                    static_cast<std::uint8_t>(cmd::RunState::ChannelClosed)});
}

} // namespace perso::terminal
