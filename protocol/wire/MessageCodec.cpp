// SPDX-License-Identifier: Apache-2.0
#include "protocol/wire/MessageCodec.h"

#include "protocol/wire/MessageFields.h"

#include <array>
#include <utility>

namespace perso::wire {

namespace {

using detail::FieldReader;
using detail::FieldWriter;

enum EnvelopeKey : std::int64_t
{
    kVersionKey = 0,
    kTypeKey = 1,
    kSequenceKey = 2,
    kBodyKey = 3,
};

// Decodes the body as alternative I of MessageBody if its kType is `type`.
template <std::size_t I>
bool decodeBodyAs(MessageType type, const QCborValue& value, std::optional<Result<MessageBody>>& out)
{
    using T = std::variant_alternative_t<I, MessageBody>;
    if (T::kType != type)
        return false;
    FieldReader reader(value, messageTypeName(type));
    T body;
    detail::fields(reader, body);
    if (Status s = reader.finish(); !s)
        out.emplace(s.error());
    else
        out.emplace(MessageBody(std::in_place_index<I>, std::move(body)));
    return true;
}

template <std::size_t... I>
Result<MessageBody> decodeBody(MessageType type, const QCborValue& value, std::index_sequence<I...>)
{
    std::optional<Result<MessageBody>> out;
    (decodeBodyAs<I>(type, value, out) || ...);
    if (!out)
        return makeError(ErrorCode::UnknownMessageType, QStringLiteral("no body for message type"));
    return std::move(*out);
}

} // namespace

QString messageTypeName(MessageType type)
{
    switch (type) {
    case MessageType::SignOnRequest:
        return QStringLiteral("sign-on-request");
    case MessageType::SignOnChallenge:
        return QStringLiteral("sign-on-challenge");
    case MessageType::SignOnProof:
        return QStringLiteral("sign-on-proof");
    case MessageType::SignOnAccepted:
        return QStringLiteral("sign-on-accepted");
    case MessageType::AssessmentRequest:
        return QStringLiteral("assessment-request");
    case MessageType::AssessmentDecision:
        return QStringLiteral("assessment-decision");
    case MessageType::PackageRequest:
        return QStringLiteral("package-request");
    case MessageType::PackageResponse:
        return QStringLiteral("package-response");
    case MessageType::ResultSubmission:
        return QStringLiteral("result-submission");
    case MessageType::ResultVerdict:
        return QStringLiteral("result-verdict");
    case MessageType::SignOff:
        return QStringLiteral("sign-off");
    case MessageType::SignOffAck:
        return QStringLiteral("sign-off-ack");
    case MessageType::TransactionStatusQuery:
        return QStringLiteral("transaction-status-query");
    case MessageType::TransactionStatus:
        return QStringLiteral("transaction-status");
    case MessageType::ErrorReport:
        return QStringLiteral("error-report");
    }
    return {};
}

std::optional<MessageType> messageTypeFromNumber(std::uint64_t number)
{
    if (number > 0xFFFF)
        return std::nullopt;
    const auto type = static_cast<MessageType>(number);
    if (messageTypeName(type).isEmpty())
        return std::nullopt;
    return type;
}

Result<Message> decodeMessage(ByteView payload)
{
    Result<QCborValue> parsed = detail::parseDeterministic(payload);
    if (!parsed)
        return parsed.error();
    FieldReader envelope(parsed.value(), QStringLiteral("envelope"));
    if (!envelope.ok())
        return envelope.finish().error(); // not a map, bad or duplicated keys

    // The version comes first: another version may shape the rest of the envelope differently.
    std::uint64_t version = 0;
    envelope.uint(kVersionKey, version, 0, limits::kMaxSequence);
    if (!envelope.ok())
        return envelope.finish().error();
    if (version != kProtocolVersion)
        return makeError(ErrorCode::UnsupportedVersion,
                         QStringLiteral("protocol version %1, this build speaks 1").arg(version));

    std::uint64_t typeNumber = 0;
    envelope.uint(kTypeKey, typeNumber, 0, limits::kMaxSequence);
    if (!envelope.ok())
        return envelope.finish().error();
    const std::optional<MessageType> type = messageTypeFromNumber(typeNumber);
    if (!type)
        return makeError(ErrorCode::UnknownMessageType, QStringLiteral("message type %1").arg(typeNumber));

    Message message;
    envelope.uint(kSequenceKey, message.sequence, 0, limits::kMaxSequence);
    const std::optional<QCborValue> bodyValue = envelope.raw(kBodyKey);
    if (Status s = envelope.finish(); !s)
        return s.error();
    Result<MessageBody> body =
        decodeBody(*type, *bodyValue, std::make_index_sequence<std::variant_size_v<MessageBody>>{});
    if (!body)
        return body.error();
    message.body = std::move(body).value();
    return message;
}

Result<Bytes> encodeMessage(const Message& message)
{
    FieldWriter envelope;
    envelope.uint(kVersionKey, kProtocolVersion, 0, 0);
    envelope.uint(kTypeKey, static_cast<std::uint64_t>(message.type()), 0, 0);
    envelope.uint(kSequenceKey, message.sequence, 0, 0);
    std::visit(
        [&](const auto& body) { envelope.nested(kBodyKey, body, [](auto& io, auto& b) { detail::fields(io, b); }); },
        message.body);
    Bytes out = detail::toBytes(QCborValue(envelope.map()).toCbor());
    // Self-check with the decoder: one definition of the limits, and a proof of the exact round trip.
    Result<Message> check = decodeMessage(view(out));
    if (!check)
        return check.error();
    if (!(check.value() == message))
        return makeError(ErrorCode::SchemaViolation, QStringLiteral("message does not survive its own encoding"));
    return out;
}

} // namespace perso::wire
