// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/core/Error.h"

#include <QString>

#include <cstdint>
#include <optional>

namespace perso::pcsc {

// Every failure of the host-side PC/SC layer, whether pcsc-lite reported it (an SCARD_* code), the
// card answered it (a status word) or the card's bytes broke a codec. One enum for all of pcsc/ so
// that the station maps failures to behaviour in one place (see docs/pcsc.md for the table).
enum class ErrorKind
{
    // pcscd and readers
    NoService,         // SCARD_E_NO_SERVICE, SCARD_E_SERVICE_STOPPED: pcscd is not running or went away
    InvalidHandle,     // SCARD_E_INVALID_HANDLE: a context or card handle is stale (e.g. after a pcscd restart)
    NoReader,          // SCARD_E_NO_READERS_AVAILABLE
    ReaderUnavailable, // SCARD_E_UNKNOWN_READER, SCARD_E_READER_UNAVAILABLE: the reader is gone
    ReaderUnsupported, // SCARD_E_READER_UNSUPPORTED, SCARD_E_UNSUPPORTED_FEATURE (0x8010001F = UNEXPECTED)
    // The card in the reader
    NoCard,           // SCARD_E_NO_SMARTCARD
    CardRemoved,      // SCARD_W_REMOVED_CARD
    CardReset,        // SCARD_W_RESET_CARD: another application reset the card; its state is lost
    CardUnpowered,    // SCARD_W_UNPOWERED_CARD
    CardUnresponsive, // SCARD_W_UNRESPONSIVE_CARD, SCARD_W_UNSUPPORTED_CARD, SCARD_E_CARD_UNSUPPORTED
    SharingViolation, // SCARD_E_SHARING_VIOLATION: another application holds the card exclusively
    ProtocolMismatch, // SCARD_E_PROTO_MISMATCH
    // The exchange
    Timeout,           // SCARD_E_TIMEOUT, SCARD_F_WAITED_TOO_LONG; PIN pad SW 6400
    Cancelled,         // SCARD_E_CANCELLED, SCARD_E_SYSTEM_CANCELLED, SCARD_P_SHUTDOWN; PIN pad SW 6401
    TransmitFailed,    // SCARD_F_COMM_ERROR, SCARD_E_COMM_DATA_LOST, SCARD_E_NOT_TRANSACTED, SCARD_E_NOT_READY
    ResponseTooLong,   // SCARD_E_INSUFFICIENT_BUFFER, SCARD_E_PCI_TOO_SMALL
    MalformedResponse, // the card's or reader's bytes break a codec (length, TLV, T=0 follow-up bounds)
    InvalidArgument,   // SCARD_E_INVALID_PARAMETER, SCARD_E_INVALID_VALUE; a command that cannot be encoded
    Busy,              // SCARD_E_SERVER_TOO_BUSY
    Internal,          // SCARD_F_INTERNAL_ERROR, SCARD_E_NO_MEMORY, any code not in the table
    // Card status words (ISO/IEC 7816-4 §5.1.3, 3GPP TS 51.011 §9.4, PC/SC part 10 PIN pad)
    WrongPin,                // 63Cx (x tries left), GSM 9804
    PinBlocked,              // 6983, GSM 9840
    SecurityNotSatisfied,    // 6982
    ConditionsNotSatisfied,  // 6985
    FileNotFound,            // 6A82, GSM 9404
    WrongLength,             // 67xx
    WrongParameters,         // 6A86, 6B00, 6A80 (wrong data), GSM 6Bxx
    InstructionNotSupported, // 6D00
    ClassNotSupported,       // 6E00
    PinMismatch,             // PIN pad 6402: the two new PINs differ
    PinLengthInvalid,        // PIN pad 6403
    CardError                // any other non-success status word
};

struct PcscError
{
    ErrorKind kind = ErrorKind::Internal;
    std::uint32_t pcscCode = 0;   // the SCARD_* code, 0 when the error did not come from pcsc-lite
    std::uint16_t statusWord = 0; // the card's SW1 SW2, 0 when the error did not come from a status word
    QString context;              // what was being done: "SCardTransmit on 'Virtual PCD 00 00'", never data

    // Stable identifier for logs and tests ("no-service", "card-reset", ...).
    QString name() const;
    // English text for logs and diagnostics: the kind's sentence, the context and the code or SW.
    // The UI translates from `kind`, not from this text.
    QString text() const;
    // 63Cx: the x tries left; std::nullopt for every other error.
    std::optional<int> triesLeft() const;
    // pcscd went away or the handle is stale: release the context and establish a new one.
    bool isServiceLost() const { return kind == ErrorKind::NoService || kind == ErrorKind::InvalidHandle; }
    // The card or its power went away: reconnect (CardReset) or wait for a card (the others).
    bool isCardLost() const;
};

// SCARD_* return code -> error. pcscCode is kept so that logs show the exact code.
PcscError fromPcscCode(std::uint32_t code, QString context);
// Non-success status word -> error; statusWord is kept. 9000, 91xx, 9Fxx, 61xx map to CardError
// (they are not errors: call it only when a command did not succeed).
PcscError fromStatusWord(std::uint16_t sw, QString context);
// A protocol-layer error (APDU/TLV codec, T=0 bounds) on card bytes -> MalformedResponse; an
// InvalidParameter/InvalidLength on our own command -> InvalidArgument.
PcscError fromProtocolError(const perso::Error& error, QString context);
PcscError makePcscError(ErrorKind kind, QString context);

QString errorKindName(ErrorKind kind);
// One English sentence per kind ("The smart-card service (pcscd) is not running.").
QString errorKindText(ErrorKind kind);

} // namespace perso::pcsc
