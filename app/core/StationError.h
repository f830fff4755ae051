// SPDX-License-Identifier: Apache-2.0
#pragma once

// The station's one list of failures (docs/station.md, "Errors"). Every layer of app/ returns
// StationResult<T>; the UI shows errorHeadline() and nextStep(), never a raw code. Texts carry public
// context only: never a key, a PIN, a typed digit or a customer's personal data.

#include "protocol/core/Result.h"

#include <QString>

namespace perso::station {

enum class StationErrorKind
{
    // Issuer link
    IssuerOffline,     // cannot reach the issuer (no route, refused, timed out, link dropped)
    IssuerCertificate, // TLS: the issuer's certificate does not chain to the pinned CA, wrong host
    IssuerRefused,     // the issuer answered ErrorReport (code in StationError::code)
    IssuerProtocol,    // an unexpected or undecodable reply
    // Terminal (PIN pad) link
    TerminalMissing,      // no terminal reader, or pcscd not running
    TerminalUnresponsive, // the terminal did not answer in time
    TerminalBusy,         // 6985: another command in flight or the command is out of order
    TerminalProtocol,     // an answer that does not decode, an unexpected status word
    TerminalTampered,     // the terminal reports its tamper flag
    // Retailer sign-on
    RetailerCardMissing, // no retailer card in the terminal's slot
    RetailerPinWrong,    // triesLeft holds the tries left
    RetailerCardBlocked,
    IssuerAuthentication, // SECURITY ALERT: the issuer's cryptogram failed at the terminal (6300)
    SignOnRefused,        // the issuer refused the retailer card, terminal or shop
    // Keypad
    KeypadCancelled,
    KeypadTimeout,
    KeypadPinRefused, // entries differed or a trivial PIN insisted on
    // Customer card
    CardMissing,           // the slot is empty or still holds the retailer card
    CardUnreadable,        // no readable EF.ICCID
    CardPulled,            // the card left the slot during personalisation
    WrongCard,             // another card than the one the package was made for
    PersonalisationFailed, // the issuer's verdict: not verified (reasonCode, failingStep)
    // Workflow
    Declined, // the customer was not approved (reasonCode)
    NotSignedOn,
    Cancelled,    // the operator cancelled; nothing half-written
    InvalidInput, // a form field or config value (detail names the field)
    Journal,      // the transaction journal cannot be written or read
    Internal
};

struct StationError
{
    StationErrorKind kind = StationErrorKind::Internal;
    QString detail;       // public context for logs and the diagnostics view (English)
    QString code;         // issuer ErrorReport code or pcsc error name, when there is one
    int triesLeft = -1;   // RetailerPinWrong
    int reasonCode = 0;   // Declined / PersonalisationFailed / SignOnRefused
    int failingStep = -1; // PersonalisationFailed / CardPulled
};

template <typename T> using StationResult = BasicResult<T, StationError>;
using StationStatus = StationResult<Ok>;

inline StationError stationError(StationErrorKind kind, QString detail, QString code = {})
{
    StationError error;
    error.kind = kind;
    error.detail = std::move(detail);
    error.code = std::move(code);
    return error;
}

// Stable identifier for the journal and logs ("issuer-offline", "retailer-pin-wrong", ...).
QString stationErrorName(StationErrorKind kind);

// For people, translated (context "StationError"): a one-line headline and the next step to take,
// e.g. "Wrong retailer PIN (2 tries left)." / "Type the PIN again on the terminal's keypad."
QString errorHeadline(const StationError& error);
QString nextStep(const StationError& error);

// Errors the operator must see as a security alert rather than a plain failure.
bool isSecurityAlert(const StationError& error);

} // namespace perso::station
