// SPDX-License-Identifier: Apache-2.0
#pragma once

// The one place where the terminal's status words and the pcsc/ errors become StationErrors
// (docs/terminal.md, "Status words"). Texts name the command and the SW or pcsc error only.

#include "app/core/StationError.h"
#include "pcsc/PcscError.h"

#include <QLoggingCategory>

#include <cstdint>

Q_DECLARE_LOGGING_CATEGORY(lcStationTerminal) // "perso.station.terminal": INS, SW, lengths; never data

namespace perso::station {

// "GET STATUS", "RETAILER SIGN-ON", ... or "INS 1A" for an INS outside the command set.
QString terminalCommandName(std::uint8_t ins);

// A status word other than 9000 in answer to `ins`:
// 63Cx RetailerPinWrong (triesLeft x), 6983 RetailerCardBlocked, 6400 KeypadTimeout, 6401 KeypadCancelled,
// 6402/6403 KeypadPinRefused, 6A82 RetailerCardMissing (RETAILER SIGN-ON) or CardMissing, 6985
// TerminalBusy, 6988 PersonalisationFailed (channel closed), 6300 IssuerAuthentication, anything else
// (6A80, 6A88, 67xx, 6Dxx, ...) TerminalProtocol. `code` holds the SW as four hex digits.
StationError statusWordError(std::uint16_t sw, std::uint8_t ins);

// NoService, NoReader, ReaderUnavailable, InvalidHandle, NoCard, CardRemoved -> TerminalMissing;
// Timeout, CardUnresponsive, TransmitFailed, CardReset, CardUnpowered -> TerminalUnresponsive;
// SharingViolation, Busy -> TerminalBusy; anything else TerminalProtocol. `code` holds the error name.
StationError pcscError(const pcsc::PcscError& error, std::uint8_t ins);

// An answer whose data does not decode (TerminalProtocol).
StationError malformedAnswer(std::uint8_t ins, const QString& why);

} // namespace perso::station
