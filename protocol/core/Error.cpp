// SPDX-License-Identifier: Apache-2.0
#include "protocol/core/Error.h"

namespace perso {

QString errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::Truncated:
        return QStringLiteral("truncated");
    case ErrorCode::TrailingData:
        return QStringLiteral("trailing-data");
    case ErrorCode::InvalidLength:
        return QStringLiteral("invalid-length");
    case ErrorCode::InvalidTag:
        return QStringLiteral("invalid-tag");
    case ErrorCode::NestingTooDeep:
        return QStringLiteral("nesting-too-deep");
    case ErrorCode::Oversized:
        return QStringLiteral("oversized");
    case ErrorCode::InvalidEncoding:
        return QStringLiteral("invalid-encoding");
    case ErrorCode::UnsupportedVersion:
        return QStringLiteral("unsupported-version");
    case ErrorCode::UnknownMessageType:
        return QStringLiteral("unknown-message-type");
    case ErrorCode::SchemaViolation:
        return QStringLiteral("schema-violation");
    case ErrorCode::UnexpectedMessage:
        return QStringLiteral("unexpected-message");
    case ErrorCode::InvalidParameter:
        return QStringLiteral("invalid-parameter");
    case ErrorCode::BadCryptogram:
        return QStringLiteral("bad-cryptogram");
    case ErrorCode::BadMac:
        return QStringLiteral("bad-mac");
    case ErrorCode::BadPadding:
        return QStringLiteral("bad-padding");
    case ErrorCode::WrongSession:
        return QStringLiteral("wrong-session");
    case ErrorCode::SequenceViolation:
        return QStringLiteral("sequence-violation");
    case ErrorCode::StateViolation:
        return QStringLiteral("state-violation");
    case ErrorCode::SecurityLevelNotMet:
        return QStringLiteral("security-level-not-met");
    }
    return QStringLiteral("unknown");
}

} // namespace perso
