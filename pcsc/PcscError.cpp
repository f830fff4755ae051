// SPDX-License-Identifier: Apache-2.0
#include "pcsc/PcscError.h"

#include <PCSC/pcsclite.h>

#include <array>
#include <utility>

namespace perso::pcsc {

namespace {

struct KindInfo
{
    ErrorKind kind;
    const char* name;
    const char* text;
};

// clang-format off
constexpr std::array kKinds{
    KindInfo{ErrorKind::NoService, "no-service", "The smart-card service (pcscd) is not running or has stopped."},
    KindInfo{ErrorKind::InvalidHandle, "invalid-handle", "The smart-card service no longer knows this connection (was pcscd restarted?)."},
    KindInfo{ErrorKind::NoReader, "no-reader", "No smart-card reader is connected."},
    KindInfo{ErrorKind::ReaderUnavailable, "reader-unavailable", "The smart-card reader is not available (unplugged or renamed)."},
    KindInfo{ErrorKind::ReaderUnsupported, "reader-unsupported", "The reader does not support this operation."},
    KindInfo{ErrorKind::NoCard, "no-card", "There is no card in the reader."},
    KindInfo{ErrorKind::CardRemoved, "card-removed", "The card was removed from the reader."},
    KindInfo{ErrorKind::CardReset, "card-reset", "The card was reset by another application; its session state is lost."},
    KindInfo{ErrorKind::CardUnpowered, "card-unpowered", "The card has been powered down."},
    KindInfo{ErrorKind::CardUnresponsive, "card-unresponsive", "The card does not answer or is not supported by the reader."},
    KindInfo{ErrorKind::SharingViolation, "sharing-violation", "Another application is using the card exclusively."},
    KindInfo{ErrorKind::ProtocolMismatch, "protocol-mismatch", "The card does not speak the requested protocol (T=0/T=1)."},
    KindInfo{ErrorKind::Timeout, "timeout", "The operation timed out."},
    KindInfo{ErrorKind::Cancelled, "cancelled", "The operation was cancelled."},
    KindInfo{ErrorKind::TransmitFailed, "transmit-failed", "Communication with the card failed."},
    KindInfo{ErrorKind::ResponseTooLong, "response-too-long", "The card's response does not fit the receive buffer."},
    KindInfo{ErrorKind::MalformedResponse, "malformed-response", "The card or reader answered with malformed data."},
    KindInfo{ErrorKind::InvalidArgument, "invalid-argument", "The request is invalid and was not sent."},
    KindInfo{ErrorKind::Busy, "busy", "The smart-card service is too busy; try again."},
    KindInfo{ErrorKind::Internal, "internal", "The smart-card service reported an internal error."},
    KindInfo{ErrorKind::WrongPin, "wrong-pin", "The PIN is wrong."},
    KindInfo{ErrorKind::PinBlocked, "pin-blocked", "The PIN is blocked."},
    KindInfo{ErrorKind::SecurityNotSatisfied, "security-not-satisfied", "The card refused: security status not satisfied."},
    KindInfo{ErrorKind::ConditionsNotSatisfied, "conditions-not-satisfied", "The card refused: conditions of use not satisfied."},
    KindInfo{ErrorKind::FileNotFound, "file-not-found", "The card has no such file or application."},
    KindInfo{ErrorKind::WrongLength, "wrong-length", "The card refused the command's length."},
    KindInfo{ErrorKind::WrongParameters, "wrong-parameters", "The card refused the command's parameters or data."},
    KindInfo{ErrorKind::InstructionNotSupported, "instruction-not-supported", "The card does not support this instruction."},
    KindInfo{ErrorKind::ClassNotSupported, "class-not-supported", "The card does not support this class."},
    KindInfo{ErrorKind::PinMismatch, "pin-mismatch", "The two new PINs entered on the PIN pad differ."},
    KindInfo{ErrorKind::PinLengthInvalid, "pin-length-invalid", "The PIN entered on the PIN pad has an invalid length."},
    KindInfo{ErrorKind::CardError, "card-error", "The card reported an error."},
};

struct CodeInfo
{
    LONG code;
    ErrorKind kind;
};

constexpr std::array kCodes{
    CodeInfo{SCARD_E_NO_SERVICE, ErrorKind::NoService},
    CodeInfo{SCARD_E_SERVICE_STOPPED, ErrorKind::NoService},
    CodeInfo{SCARD_E_INVALID_HANDLE, ErrorKind::InvalidHandle},
    CodeInfo{SCARD_E_NO_READERS_AVAILABLE, ErrorKind::NoReader},
    CodeInfo{SCARD_E_UNKNOWN_READER, ErrorKind::ReaderUnavailable},
    CodeInfo{SCARD_E_READER_UNAVAILABLE, ErrorKind::ReaderUnavailable},
    CodeInfo{SCARD_E_READER_UNSUPPORTED, ErrorKind::ReaderUnsupported},
    CodeInfo{SCARD_E_UNSUPPORTED_FEATURE, ErrorKind::ReaderUnsupported},
    CodeInfo{SCARD_E_NO_SMARTCARD, ErrorKind::NoCard},
    CodeInfo{SCARD_W_REMOVED_CARD, ErrorKind::CardRemoved},
    CodeInfo{SCARD_W_RESET_CARD, ErrorKind::CardReset},
    CodeInfo{SCARD_W_UNPOWERED_CARD, ErrorKind::CardUnpowered},
    CodeInfo{SCARD_W_UNRESPONSIVE_CARD, ErrorKind::CardUnresponsive},
    CodeInfo{SCARD_W_UNSUPPORTED_CARD, ErrorKind::CardUnresponsive},
    CodeInfo{SCARD_E_CARD_UNSUPPORTED, ErrorKind::CardUnresponsive},
    CodeInfo{SCARD_E_SHARING_VIOLATION, ErrorKind::SharingViolation},
    CodeInfo{SCARD_E_PROTO_MISMATCH, ErrorKind::ProtocolMismatch},
    CodeInfo{SCARD_E_TIMEOUT, ErrorKind::Timeout},
    CodeInfo{SCARD_F_WAITED_TOO_LONG, ErrorKind::Timeout},
    CodeInfo{SCARD_E_CANCELLED, ErrorKind::Cancelled},
    CodeInfo{SCARD_E_SYSTEM_CANCELLED, ErrorKind::Cancelled},
    CodeInfo{SCARD_P_SHUTDOWN, ErrorKind::Cancelled},
    CodeInfo{SCARD_W_CANCELLED_BY_USER, ErrorKind::Cancelled},
    CodeInfo{SCARD_F_COMM_ERROR, ErrorKind::TransmitFailed},
    CodeInfo{SCARD_E_COMM_DATA_LOST, ErrorKind::TransmitFailed},
    CodeInfo{SCARD_E_NOT_TRANSACTED, ErrorKind::TransmitFailed},
    CodeInfo{SCARD_E_NOT_READY, ErrorKind::TransmitFailed},
    CodeInfo{SCARD_E_INSUFFICIENT_BUFFER, ErrorKind::ResponseTooLong},
    CodeInfo{SCARD_E_PCI_TOO_SMALL, ErrorKind::ResponseTooLong},
    CodeInfo{SCARD_E_INVALID_PARAMETER, ErrorKind::InvalidArgument},
    CodeInfo{SCARD_E_INVALID_VALUE, ErrorKind::InvalidArgument},
    CodeInfo{SCARD_E_SERVER_TOO_BUSY, ErrorKind::Busy},
    CodeInfo{SCARD_W_WRONG_CHV, ErrorKind::WrongPin},
    CodeInfo{SCARD_W_CHV_BLOCKED, ErrorKind::PinBlocked},
    CodeInfo{SCARD_W_SECURITY_VIOLATION, ErrorKind::SecurityNotSatisfied},
    CodeInfo{SCARD_W_CARD_NOT_AUTHENTICATED, ErrorKind::SecurityNotSatisfied},
};
// clang-format on

const KindInfo& info(ErrorKind kind)
{
    for (const auto& k : kKinds) {
        if (k.kind == kind)
            return k;
    }
    return kKinds.back();
}

ErrorKind kindForStatusWord(std::uint16_t sw)
{
    const unsigned sw1 = sw >> 8;
    switch (sw) {
    case 0x6400:
        return ErrorKind::Timeout;
    case 0x6401:
        return ErrorKind::Cancelled;
    case 0x6402:
        return ErrorKind::PinMismatch;
    case 0x6403:
        return ErrorKind::PinLengthInvalid;
    case 0x6983:
    case 0x9840: // GSM: CHV blocked / unblock CHV blocked
        return ErrorKind::PinBlocked;
    case 0x6982:
        return ErrorKind::SecurityNotSatisfied;
    case 0x6985:
        return ErrorKind::ConditionsNotSatisfied;
    case 0x6A82:
    case 0x9404: // GSM: file ID not found
        return ErrorKind::FileNotFound;
    case 0x6A80:
    case 0x6A86:
    case 0x6B00:
        return ErrorKind::WrongParameters;
    case 0x6D00:
        return ErrorKind::InstructionNotSupported;
    case 0x6E00:
        return ErrorKind::ClassNotSupported;
    case 0x9804: // GSM: access condition not fulfilled / unsuccessful CHV verification
        return ErrorKind::WrongPin;
    default:
        break;
    }
    if ((sw & 0xFFF0) == 0x63C0)
        return ErrorKind::WrongPin;
    if (sw1 == 0x67)
        return ErrorKind::WrongLength;
    if (sw1 == 0x6B) // GSM: incorrect P1/P2 with any SW2
        return ErrorKind::WrongParameters;
    return ErrorKind::CardError;
}

QString hex(unsigned value, int width)
{
    return QStringLiteral("%1").arg(value, width, 16, QLatin1Char('0')).toUpper();
}

} // namespace

QString errorKindName(ErrorKind kind)
{
    return QLatin1String(info(kind).name);
}

QString errorKindText(ErrorKind kind)
{
    return QLatin1String(info(kind).text);
}

QString PcscError::name() const
{
    return errorKindName(kind);
}

QString PcscError::text() const
{
    QString out = errorKindText(kind);
    if (const auto tries = triesLeft())
        out += QStringLiteral(" %1 tries left.").arg(*tries);
    if (!context.isEmpty())
        out += QStringLiteral(" (%1)").arg(context);
    if (pcscCode != 0)
        out += QStringLiteral(" [0x%1]").arg(hex(pcscCode, 8));
    if (statusWord != 0)
        out += QStringLiteral(" [SW %1]").arg(hex(statusWord, 4));
    return out;
}

std::optional<int> PcscError::triesLeft() const
{
    if (kind == ErrorKind::WrongPin && (statusWord & 0xFFF0) == 0x63C0)
        return statusWord & 0x0F;
    return std::nullopt;
}

bool PcscError::isCardLost() const
{
    switch (kind) {
    case ErrorKind::NoCard:
    case ErrorKind::CardRemoved:
    case ErrorKind::CardReset:
    case ErrorKind::CardUnpowered:
        return true;
    default:
        return false;
    }
}

PcscError fromPcscCode(std::uint32_t code, QString context)
{
    PcscError error{ErrorKind::Internal, code, 0, std::move(context)};
    for (const auto& c : kCodes) {
        if (static_cast<std::uint32_t>(c.code) == code) {
            error.kind = c.kind;
            break;
        }
    }
    return error;
}

PcscError fromStatusWord(std::uint16_t sw, QString context)
{
    return PcscError{kindForStatusWord(sw), 0, sw, std::move(context)};
}

PcscError fromProtocolError(const perso::Error& error, QString context)
{
    const bool ours = error.code == ErrorCode::InvalidParameter || error.code == ErrorCode::InvalidLength;
    QString full = context.isEmpty() ? error.message : QStringLiteral("%1: %2").arg(context, error.message);
    return PcscError{ours ? ErrorKind::InvalidArgument : ErrorKind::MalformedResponse, 0, 0, std::move(full)};
}

PcscError makePcscError(ErrorKind kind, QString context)
{
    return PcscError{kind, 0, 0, std::move(context)};
}

} // namespace perso::pcsc
