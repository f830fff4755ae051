// SPDX-License-Identifier: Apache-2.0
#include "app/terminallink/StatusWords.h"

#include "protocol/apdu/ResponseApdu.h"
#include "protocol/terminal/TerminalCommands.h"

Q_LOGGING_CATEGORY(lcStationTerminal, "perso.station.terminal", QtInfoMsg)

namespace perso::station {

namespace ins = terminal::cmd::ins;
using pcsc::ErrorKind;

QString terminalCommandName(std::uint8_t code)
{
    switch (code) {
    case ins::kGetStatus:
        return QStringLiteral("GET STATUS");
    case ins::kRetailerSignOn:
        return QStringLiteral("RETAILER SIGN-ON");
    case ins::kGetDataKey:
        return QStringLiteral("GET DATA KEY");
    case ins::kReadCardIdentity:
        return QStringLiteral("READ CARD IDENTITY");
    case ins::kLoadPackage:
        return QStringLiteral("LOAD PACKAGE");
    case ins::kRunStep:
        return QStringLiteral("RUN STEP");
    case ins::kAbort:
        return QStringLiteral("ABORT");
    case ins::kGetResult:
        return QStringLiteral("GET RESULT");
    case ins::kEndSession:
        return QStringLiteral("END SESSION");
    case ins::kInitializeUpdate:
        return QStringLiteral("INITIALIZE UPDATE");
    case ins::kExternalAuthenticate:
        return QStringLiteral("EXTERNAL AUTHENTICATE");
    default:
        return QStringLiteral("INS %1").arg(code, 2, 16, QLatin1Char('0')).toUpper();
    }
}

StationError statusWordError(std::uint16_t word, std::uint8_t code)
{
    const QString swText = QStringLiteral("%1").arg(word, 4, 16, QLatin1Char('0')).toUpper();
    const QString detail = QStringLiteral("%1 answered %2").arg(terminalCommandName(code), swText);
    const auto make = [&](StationErrorKind kind) { return stationError(kind, detail, swText); };

    if ((word & 0xFFF0) == 0x63C0) {
        StationError error = make(StationErrorKind::RetailerPinWrong);
        error.triesLeft = word & 0x0F;
        return error;
    }
    switch (word) {
    case terminal::cmd::sw::kHostCryptogramFailed:
        return make(StationErrorKind::IssuerAuthentication);
    case sw::kAuthenticationBlocked:
        return make(StationErrorKind::RetailerCardBlocked);
    case terminal::cmd::sw::kPinTimeout:
        return make(StationErrorKind::KeypadTimeout);
    case terminal::cmd::sw::kPinCancelled:
        return make(StationErrorKind::KeypadCancelled);
    case terminal::cmd::sw::kPinMismatch:
    case terminal::cmd::sw::kPinRefused:
        return make(StationErrorKind::KeypadPinRefused);
    case sw::kFileNotFound:
        return make(code == ins::kRetailerSignOn ? StationErrorKind::RetailerCardMissing
                                                 : StationErrorKind::CardMissing);
    case sw::kConditionsNotSatisfied:
        return make(StationErrorKind::TerminalBusy);
    case sw::kIncorrectSecureMessagingDataObjects: {
        StationError error = make(StationErrorKind::PersonalisationFailed);
        error.detail = QStringLiteral("%1: the secure channel was closed (%2)").arg(terminalCommandName(code), swText);
        return error;
    }
    default:
        return make(StationErrorKind::TerminalProtocol);
    }
}

StationError pcscError(const pcsc::PcscError& error, std::uint8_t code)
{
    const QString detail = QStringLiteral("%1: %2").arg(terminalCommandName(code), error.text());
    switch (error.kind) {
    case ErrorKind::NoService:
    case ErrorKind::NoReader:
    case ErrorKind::ReaderUnavailable:
    case ErrorKind::InvalidHandle:
    case ErrorKind::NoCard:
    case ErrorKind::CardRemoved:
        return stationError(StationErrorKind::TerminalMissing, detail, error.name());
    case ErrorKind::Timeout:
    case ErrorKind::CardUnresponsive:
    case ErrorKind::TransmitFailed:
    case ErrorKind::CardReset:
    case ErrorKind::CardUnpowered:
    case ErrorKind::Cancelled:
        return stationError(StationErrorKind::TerminalUnresponsive, detail, error.name());
    case ErrorKind::SharingViolation:
    case ErrorKind::Busy:
        return stationError(StationErrorKind::TerminalBusy, detail, error.name());
    default:
        return stationError(StationErrorKind::TerminalProtocol, detail, error.name());
    }
}

StationError malformedAnswer(std::uint8_t code, const QString& why)
{
    return stationError(StationErrorKind::TerminalProtocol,
                        QStringLiteral("%1: the answer does not decode (%2)").arg(terminalCommandName(code), why),
                        QStringLiteral("malformed-answer"));
}

} // namespace perso::station
