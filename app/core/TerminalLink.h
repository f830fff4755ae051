// SPDX-License-Identifier: Apache-2.0
#pragma once

// The station's side of the secure terminal (the PIN pad with a card slot), as the session engine uses
// it: the command set of docs/terminal.md over PC/SC. Blocking, called from the engine thread only.
// Implemented by app/terminallink/TerminalClient (pcsc/); unit tests use fakes.
//
// Status words are mapped to StationErrorKind here, in one place (TerminalClient), so the engine never
// sees a raw SW except in relay(), which carries the SCP03 handshake verbatim between issuer and terminal.

#include "app/core/CancelToken.h"
#include "app/core/StationError.h"
#include "protocol/core/Bytes.h"
#include "protocol/terminal/TerminalCommands.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace perso::station {

enum class SlotContent : std::uint8_t
{
    Empty = 0,
    RetailerCard = 1,
    CustomerCard = 2
};

// GET STATUS (docs/terminal.md).
struct TerminalStatus
{
    std::uint8_t state = 0; // TerminalState value, 00 Locked … 08 Tampered
    SlotContent slot = SlotContent::Empty;
    bool tampered = false;
    QString firmwareVersion;
    QString terminalId;
    std::optional<std::uint16_t> stepsConsumed; // while a package is loaded
    std::optional<std::uint16_t> stepsTotal;
};

// The answer to RETAILER SIGN-ON: exactly the fields of the wire SignOnRequest.
struct RetailerIdentity
{
    Bytes serial;
    QString retailerId;
    std::uint8_t keyVersion = 0;
    QString terminalId;
    bool tampered = false;
    QString firmwareVersion;
};

// The answer to RUN STEP / ABORT.
struct StepProgress
{
    std::uint16_t index = 0; // the step just run (0-based)
    std::uint16_t total = 0;
    terminal::cmd::StepCardStatus cardStatus = terminal::cmd::StepCardStatus::NoCardCommand;
    terminal::cmd::RunState runState = terminal::cmd::RunState::MoreSteps;
};

// The reader and card behind the link, for the diagnostics view.
struct TerminalReaderInfo
{
    QString reader;
    QByteArray atr;
    QStringList features; // PC/SC part 10 feature names, e.g. "FEATURE_VERIFY_PIN_DIRECT"
};

class TerminalLink
{
public:
    virtual ~TerminalLink() = default;

    // Connects to the terminal's reader if needed. TerminalMissing when there is none.
    virtual StationResult<TerminalReaderInfo> open() = 0;
    virtual void close() = 0;

    virtual StationResult<TerminalStatus> status() = 0;

    // Waits while the retailer types the PIN on the keypad (up to several minutes; `cancel` is checked
    // between polls only: the keypad's own Cancel key is the way to stop an entry).
    // RetailerCardMissing, RetailerPinWrong (triesLeft), RetailerCardBlocked, KeypadCancelled,
    // KeypadTimeout, TerminalTampered is *not* an error here: the flag travels in RetailerIdentity.
    virtual StationResult<RetailerIdentity> retailerSignOn(const CancelToken& cancel) = 0;

    // INITIALIZE UPDATE / EXTERNAL AUTHENTICATE from the issuer, verbatim: the whole response APDU
    // (data and SW) goes back to the issuer. TerminalProtocol if `commandApdu` does not decode.
    virtual StationResult<Bytes> relay(const Bytes& commandApdu) = 0;

    // GET DATA KEY: the station data key that seals customer details for this sign-on.
    virtual StationResult<SecureBytes> dataKey() = 0;

    // READ CARD IDENTITY: EF.ICCID (10 bytes). CardMissing (empty slot or retailer card), CardUnreadable.
    virtual StationResult<Bytes> readCardIdentity() = 0;

    // LOAD PACKAGE (segmented and chained as needed): the step count. WrongCard never happens here;
    // TerminalProtocol for 6A80/6A88, PersonalisationFailed for 6988 (channel closed).
    virtual StationResult<std::uint16_t> loadPackage(const Bytes& package) = 0;

    // RUN STEP: may wait for the customer's keypad entry (PIN ENTRY steps) for minutes.
    virtual StationResult<StepProgress> runStep() = 0;
    // ABORT between steps: seals a cancelled result.
    virtual StationResult<StepProgress> abort() = 0;
    // GET RESULT: the encoded SealedResult (E2 or E3), relayed to the issuer as is.
    virtual StationResult<Bytes> result() = 0;
    // END SESSION: the terminal erases every key.
    virtual StationStatus endSession() = 0;
};

} // namespace perso::station
