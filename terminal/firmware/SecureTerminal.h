// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/apdu/CommandApdu.h"
#include "protocol/apdu/CommandChaining.h"
#include "protocol/apdu/ResponseApdu.h"
#include "protocol/core/Bytes.h"
#include "protocol/scp03/Handshake.h"
#include "protocol/scp03/SecureChannel.h"
#include "protocol/terminal/TerminalCommands.h"
#include "terminal/firmware/DisplayTexts.h"
#include "terminal/firmware/Key.h"
#include "terminal/firmware/PackageRun.h"
#include "terminal/firmware/PinPad.h"
#include "terminal/firmware/ResponseChunker.h"
#include "terminal/firmware/TerminalState.h"

#include <QLatin1String>
#include <QObject>
#include <QString>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>

namespace perso::cards {
class VirtualCard;
}

namespace perso::terminal {

struct TerminalConfig
{
    QString stateFilePath;                                   // the persisted tamper flag (TerminalStateFile); required
    QString terminalId = QStringLiteral("PERSO-TERMINAL-1"); // 1..32 printable ASCII, reported at sign-on
    std::chrono::milliseconds pinTimeout{30000};
};

// What the card slot holds, as GET STATUS reports it.
enum class SlotContent : std::uint8_t
{
    Empty = 0x00,
    RetailerCard = 0x01,
    CustomerCard = 0x02
};

// The secure terminal's firmware core (DESIGN sections 4-5, docs/terminal.md): the state machine
// behind the PIN pad. The station's APDUs arrive through handleCommand(); each one is answered by
// exactly one responseReady(), at once or after keypad entry (RETAILER SIGN-ON, a RUN STEP that
// collects a PIN). One command is in flight at a time: another one meanwhile is answered 6985 at
// once and changes nothing. Keys (the retailer card's static keys, the SCP03 session keys, the
// station data key) and typed PINs live in SecureBytes and are scrubbed at session end, on tamper,
// on destruction and whenever they stop being needed; no display text, status word or error text
// holds a secret.
class SecureTerminal : public QObject
{
    Q_OBJECT
public:
    static constexpr QLatin1String kFirmwareVersion{"perso-terminal-1.0"};

    explicit SecureTerminal(TerminalConfig config, QObject* parent = nullptr);
    ~SecureTerminal() override;

    TerminalState state() const { return m_state; }
    bool isTampered() const { return m_tampered; }
    bool isBusy() const { return m_inFlight.has_value(); }
    // True while any key material (static, session or data key) is held in memory.
    bool holdsKeys() const;
    SlotContent slotContent() const;
    DisplayLines display() const { return m_display; }
    const TerminalConfig& config() const { return m_config; }
    void setPinTimeout(std::chrono::milliseconds timeout);

public slots:
    void handleCommand(const perso::CommandApdu& command);
    // Digits 0-9, Cancel, Clear, OK; ignored unless the terminal is collecting a PIN.
    void keyPressed(perso::terminal::Key key);
    // Powers the card on. False (and nothing changes) when the slot is occupied or card is null.
    bool insertCard(std::shared_ptr<perso::cards::VirtualCard> card);
    void removeCard();
    // A tamper sensor fired: every key is erased at once and the tamper flag is persisted.
    void tamper();

signals:
    void responseReady(const perso::ResponseApdu& response);
    void displayChanged(const QString& line1, const QString& line2);
    void stateChanged(perso::terminal::TerminalState state);

private:
    enum class InFlight
    {
        SignOn,
        RunStep
    };

    // Dispatch (SecureTerminal.cpp)
    void dispatch(const CommandApdu& command);
    void answer(const CommandApdu& command, ResponseApdu response);
    void answerInFlight(ResponseApdu response);
    void setState(TerminalState state);
    void show(const DisplayLines& lines);
    void showIdle();
    ResponseApdu getStatus(const CommandApdu& command) const;
    ResponseApdu endSession(const CommandApdu& command);
    void zeroise();
    bool customerCardPresent() const;
    bool retailerCardPresent() const;

    // Sign-on and SCP03 (SecureTerminalSignOn.cpp)
    std::optional<ResponseApdu> startSignOn(const CommandApdu& command);
    void finishSignOn(PinPad::Outcome outcome, SecureBytes pin);
    ResponseApdu completeSignOn();
    ResponseApdu initializeUpdate(const CommandApdu& command);
    ResponseApdu externalAuthenticate(const CommandApdu& command);
    ResponseApdu getDataKey(const CommandApdu& command) const;

    // Card identity and packages (SecureTerminalPackage.cpp)
    ResponseApdu readCardIdentity(const CommandApdu& command);
    ResponseApdu loadPackage(const CommandApdu& command);
    std::optional<ResponseApdu> runStep(const CommandApdu& command);
    void finishPinStep(PinPad::Outcome outcome, SecureBytes pin);
    ResponseApdu abortPackage(const CommandApdu& command);
    ResponseApdu getResult(const CommandApdu& command);
    ResponseApdu stepAnswer(cmd::StepCardStatus cardStatus);
    ResponseApdu stopPackage(package::Outcome outcome, std::optional<std::uint16_t> failingStep,
                             cmd::StepCardStatus status);
    ResponseApdu closeChannelAt(std::uint16_t step);
    bool packageCardPresent() const;

    TerminalConfig m_config;
    TerminalState m_state = TerminalState::Locked;
    bool m_tampered = false;
    DisplayLines m_display;
    PinPad m_pinPad;
    ResponseChunker m_chunker;
    ChainAssembler m_chain; // LOAD PACKAGE parts, up to 65535 bytes per segment
    std::optional<InFlight> m_inFlight;
    std::optional<CommandApdu> m_inFlightCommand;

    // The card slot. The generation changes with every insertion, so a card swapped between two
    // steps of a package is seen as removed.
    std::shared_ptr<cards::VirtualCard> m_card;
    std::uint64_t m_cardGeneration = 0;

    // Sign-on session
    Bytes m_serial;
    QString m_retailerId;
    std::optional<scp03::StaticKeys> m_staticKeys;
    std::optional<scp03::CardHandshake> m_handshake;
    std::optional<scp03::SecureChannel> m_channel;
    SecureBytes m_dataKey;

    // Package execution
    SecureBytes m_loadBuffer; // LOAD PACKAGE segments received so far
    bool m_loadOpen = false;
    std::optional<PackageRun> m_run;
    std::uint64_t m_runCardGeneration = 0;
    std::optional<package::PinEntryInstruction> m_pinStep;
    Bytes m_sealedResult;
};

} // namespace perso::terminal
