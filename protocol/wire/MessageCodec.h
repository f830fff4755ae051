// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/core/Bytes.h"
#include "protocol/core/Result.h"
#include "protocol/wire/Messages.h"

#include <optional>

namespace perso::wire {

// Envelope: a deterministic CBOR map { 0: version (=1), 1: message type, 2: sequence, 3: body map }.
//
// decodeMessage is strict. In order of checks:
//   malformed CBOR → InvalidEncoding (Truncated if it ends early, TrailingData if bytes follow the
//   item, NestingTooDeep), non-deterministic encoding (long integer forms, indefinite lengths,
//   unsorted map keys) → InvalidEncoding, duplicated map key → SchemaViolation, version ≠ 1 →
//   UnsupportedVersion, type not in MessageType → UnknownMessageType, a missing, extra or
//   mistyped field or a value outside its range → SchemaViolation, a length above its limit →
//   Oversized, below its minimum (e.g. an id of 15 bytes) → InvalidLength.
// Whatever decodes re-encodes to the same bytes.
Result<Message> decodeMessage(ByteView payload);

// The inverse. Fails with the decoder's error when a field breaks its limits, so that nothing is
// sent that the peer would refuse.
Result<Bytes> encodeMessage(const Message& message);

// "sign-on-request", ... for logs; empty for an undefined number.
QString messageTypeName(MessageType type);
std::optional<MessageType> messageTypeFromNumber(std::uint64_t number);

} // namespace perso::wire
