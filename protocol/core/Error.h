// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

namespace perso {

// Every failure the protocol layer can report. One enum for the whole library so that callers
// (terminal, issuer, station) map errors to behaviour in one place. Messages carry public context
// only (lengths, tags, indices), never key material, PINs or plaintext card data.
enum class ErrorCode
{
    // Decoding of untrusted bytes
    Truncated,       // input ended before a length or value was complete
    TrailingData,    // bytes left over after a complete object
    InvalidLength,   // a length field is malformed, non-minimal or out of range
    InvalidTag,      // a TLV tag is malformed or not allowed here
    NestingTooDeep,  // constructed TLV nested deeper than allowed
    Oversized,       // object larger than the configured limit
    InvalidEncoding, // any other structural violation (bad CBOR, bad case byte, ...)
    // Wire schema
    UnsupportedVersion, // frame or package version this build does not speak
    UnknownMessageType, // message type not defined for this protocol version
    SchemaViolation,    // a field is missing, has the wrong type or an unexpected extra field
    UnexpectedMessage,  // a well-formed message that is not allowed in the current state
    // Cryptography and secure channel
    InvalidParameter,   // wrong key length, bad security level, unsupported option
    BadCryptogram,      // card or host cryptogram does not verify
    BadMac,             // C-MAC or R-MAC does not verify (altered, replayed, reordered, dropped)
    BadPadding,         // decrypted data does not carry valid ISO/IEC 9797-1 method 2 padding
    WrongSession,       // object bound to another session or transaction
    SequenceViolation,  // counter/step out of order, duplicate or missing
    StateViolation,     // operation not allowed in the object's current state
    SecurityLevelNotMet // message lacks the protection the session requires
};

struct Error
{
    ErrorCode code;
    QString message;
};

// Stable identifier for logs and wire error reports ("bad-mac", "truncated", ...).
QString errorCodeName(ErrorCode code);

} // namespace perso
