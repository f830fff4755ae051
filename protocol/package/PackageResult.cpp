// SPDX-License-Identifier: Apache-2.0
#include "protocol/package/PackageResult.h"

#include "protocol/apdu/ResponseApdu.h"
#include "protocol/package/Instruction.h"
#include "protocol/package/TlvFields.h"
#include "protocol/tlv/BerTlv.h"

namespace perso::package {

using detail::FieldReader;
using detail::toPublic;

namespace {

constexpr std::uint32_t kTagResult = 0xE1;
constexpr std::uint32_t kTagTransactionId = 0x80;
constexpr std::uint32_t kTagConsumed = 0x81;
constexpr std::uint32_t kTagTotal = 0x82;
constexpr std::uint32_t kTagOutcome = 0x83;
constexpr std::uint32_t kTagFailingStep = 0x84;
constexpr std::uint32_t kTagStatusWords = 0x85;
constexpr std::uint32_t kTagResponse = 0xA6;
constexpr std::uint32_t kTagResponseStep = 0x80;
constexpr std::uint32_t kTagResponseData = 0x81;

constexpr std::uint32_t kTagSealed = 0xE2;
constexpr std::uint32_t kTagClosed = 0xE3;
constexpr std::uint32_t kTagSealedSteps = 0x80;
constexpr std::uint32_t kTagSealedResponse = 0x81;
constexpr std::size_t kMaxSealedBytes = 4 + 2 + 4 + 4 + ResponseApdu::kMaxData + 2;

Error schema(QString message)
{
    return makeError(ErrorCode::SchemaViolation, std::move(message));
}

} // namespace

QString outcomeName(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Completed:
        return QStringLiteral("completed");
    case Outcome::CardStatusFailed:
        return QStringLiteral("card-status-failed");
    case Outcome::CardRemoved:
        return QStringLiteral("card-removed");
    case Outcome::Cancelled:
        return QStringLiteral("cancelled");
    case Outcome::PinEntryFailed:
        return QStringLiteral("pin-entry-failed");
    case Outcome::InstructionRefused:
        return QStringLiteral("instruction-refused");
    case Outcome::Incomplete:
        return QStringLiteral("incomplete");
    case Outcome::ChannelClosed:
        return QStringLiteral("channel-closed");
    }
    return QStringLiteral("unknown");
}

Status PackageResult::validate() const
{
    if (transactionId.size() != kTransactionIdLength)
        return schema(QStringLiteral("result: transaction id has %1 bytes").arg(transactionId.size()));
    if (totalSteps < kMinSteps || totalSteps > kMaxSteps)
        return schema(QStringLiteral("result: total %1 out of range").arg(totalSteps));
    if (stepsConsumed < 1 || stepsConsumed > totalSteps)
        return makeError(ErrorCode::SequenceViolation,
                         QStringLiteral("result: %1 steps consumed of %2").arg(stepsConsumed).arg(totalSteps));
    if (static_cast<std::uint8_t>(outcome) > static_cast<std::uint8_t>(Outcome::Incomplete))
        return schema(QStringLiteral("result: outcome %1 not allowed").arg(static_cast<int>(outcome)));
    if (outcome == Outcome::Completed) {
        if (stepsConsumed != totalSteps || failingStep)
            return schema(QStringLiteral("result: completed after %1 of %2 steps").arg(stepsConsumed).arg(totalSteps));
    } else if (!failingStep) {
        return schema(QStringLiteral("result: %1 without a failing step").arg(outcomeName(outcome)));
    } else if (outcome == Outcome::Incomplete) {
        if (stepsConsumed >= totalSteps || *failingStep < stepsConsumed || *failingStep >= totalSteps)
            return schema(QStringLiteral("result: incomplete at step %1 after %2 of %3")
                              .arg(*failingStep)
                              .arg(stepsConsumed)
                              .arg(totalSteps));
    } else if (*failingStep != stepsConsumed - 1) {
        return schema(QStringLiteral("result: failing step %1 after %2 steps").arg(*failingStep).arg(stepsConsumed));
    }
    if (statusWords.size() != stepsConsumed)
        return schema(
            QStringLiteral("result: %1 status words for %2 steps").arg(statusWords.size()).arg(stepsConsumed));
    for (std::size_t i = 0; i < responses.size(); ++i) {
        if (responses[i].step >= stepsConsumed || (i > 0 && responses[i].step <= responses[i - 1].step))
            return schema(QStringLiteral("result: response %1 for step %2 out of order").arg(i).arg(responses[i].step));
    }
    return Ok{};
}

Result<SecureBytes> PackageResult::encode() const
{
    if (const auto valid = validate(); !valid)
        return valid.error();
    std::vector<Tlv> fields{detail::bytesField(kTagTransactionId, view(transactionId)),
                            detail::u16Field(kTagConsumed, stepsConsumed), detail::u16Field(kTagTotal, totalSteps),
                            detail::u8Field(kTagOutcome, static_cast<std::uint8_t>(outcome))};
    if (failingStep)
        fields.push_back(detail::u16Field(kTagFailingStep, *failingStep));
    SecureBytes sws;
    for (const std::uint16_t sw : statusWords) {
        sws.push_back(static_cast<std::uint8_t>(sw >> 8));
        sws.push_back(static_cast<std::uint8_t>(sw));
    }
    fields.push_back(Tlv::primitive(kTagStatusWords, std::move(sws)));
    for (const auto& response : responses)
        fields.push_back(Tlv::constructed(kTagResponse, {detail::u16Field(kTagResponseStep, response.step),
                                                         Tlv::primitive(kTagResponseData, response.data)}));
    SecureBytes encoded = BerTlv::encode(Tlv::constructed(kTagResult, std::move(fields)));
    if (encoded.size() > kMaxEncodedBytes)
        return makeError(ErrorCode::Oversized, QStringLiteral("result encodes to %1 bytes").arg(encoded.size()));
    return encoded;
}

Result<PackageResult> PackageResult::decode(ByteView encoded)
{
    if (encoded.size() > kMaxEncodedBytes)
        return makeError(ErrorCode::Oversized, QStringLiteral("result of %1 bytes").arg(encoded.size()));
    TlvLimits limits;
    limits.maxDepth = 3;
    limits.maxObjects = 8 + 3 * kMaxSteps;
    auto root = BerTlv::decodeOne(encoded, limits);
    if (!root)
        return root.error();
    if (root.value().tag() != kTagResult)
        return makeError(ErrorCode::InvalidTag,
                         QStringLiteral("result: tag %1, expected E1").arg(detail::tagName(root.value().tag())));
    const auto& children = root.value().children();
    FieldReader fields(children, QLatin1String("result"));
    PackageResult result;
    auto id = fields.fixed(kTagTransactionId, kTransactionIdLength);
    if (!id)
        return id.error();
    result.transactionId = toPublic(id.value());
    auto consumed = fields.u16(kTagConsumed);
    if (!consumed)
        return consumed.error();
    result.stepsConsumed = consumed.value();
    auto total = fields.u16(kTagTotal);
    if (!total)
        return total.error();
    result.totalSteps = total.value();
    auto outcome = fields.u8(kTagOutcome);
    if (!outcome)
        return outcome.error();
    result.outcome = static_cast<Outcome>(outcome.value());
    if (fields.nextIs(kTagFailingStep)) {
        auto failing = fields.u16(kTagFailingStep);
        if (!failing)
            return failing.error();
        result.failingStep = failing.value();
    }
    auto sws = fields.bounded(kTagStatusWords, 0, 2 * kMaxSteps);
    if (!sws)
        return sws.error();
    if (sws.value().size() % 2 != 0)
        return makeError(ErrorCode::InvalidLength, QStringLiteral("result: odd status word list"));
    for (std::size_t i = 0; i < sws.value().size(); i += 2)
        result.statusWords.push_back(static_cast<std::uint16_t>((sws.value()[i] << 8) | sws.value()[i + 1]));
    while (fields.nextIs(kTagResponse)) {
        auto object = fields.required(kTagResponse);
        if (!object)
            return object.error();
        FieldReader inner(object.value()->children(), QLatin1String("result response"));
        auto step = inner.u16(kTagResponseStep);
        if (!step)
            return step.error();
        auto data = inner.bounded(kTagResponseData, 0, ResponseApdu::kMaxData);
        if (!data)
            return data.error();
        if (const auto rest = inner.finish(); !rest)
            return rest.error();
        result.responses.push_back(StepResponse{step.value(), std::move(data).value()});
    }
    if (const auto rest = fields.finish(); !rest)
        return rest.error();
    if (const auto valid = result.validate(); !valid)
        return valid.error();
    return result;
}

Result<Bytes> SealedResult::encode() const
{
    std::vector<Tlv> fields{detail::u16Field(kTagSealedSteps, stepsConsumed)};
    if (wrappedResponse) {
        if (wrappedResponse->size() < 2 || wrappedResponse->size() > ResponseApdu::kMaxData + 2)
            return makeError(ErrorCode::InvalidLength,
                             QStringLiteral("sealed result: response of %1 bytes").arg(wrappedResponse->size()));
        fields.push_back(detail::bytesField(kTagSealedResponse, view(*wrappedResponse)));
    }
    return toPublic(BerTlv::encode(Tlv::constructed(wrappedResponse ? kTagSealed : kTagClosed, std::move(fields))));
}

Result<SealedResult> SealedResult::decode(ByteView encoded)
{
    if (encoded.size() > kMaxSealedBytes)
        return makeError(ErrorCode::Oversized, QStringLiteral("sealed result of %1 bytes").arg(encoded.size()));
    TlvLimits limits;
    limits.maxDepth = 2;
    limits.maxObjects = 4;
    limits.maxValueLength = kMaxSealedBytes;
    auto root = BerTlv::decodeOne(encoded, limits);
    if (!root)
        return root.error();
    const std::uint32_t tag = root.value().tag();
    if (tag != kTagSealed && tag != kTagClosed)
        return makeError(ErrorCode::InvalidTag,
                         QStringLiteral("sealed result: tag %1, expected E2 or E3").arg(detail::tagName(tag)));
    FieldReader fields(root.value().children(), QLatin1String("sealed result"));
    SealedResult sealed;
    auto steps = fields.u16(kTagSealedSteps);
    if (!steps)
        return steps.error();
    sealed.stepsConsumed = steps.value();
    if (steps.value() > kMaxSteps)
        return makeError(ErrorCode::SequenceViolation, QStringLiteral("sealed result: %1 steps").arg(steps.value()));
    if (tag == kTagSealed) {
        auto response = fields.bounded(kTagSealedResponse, 2, ResponseApdu::kMaxData + 2);
        if (!response)
            return response.error();
        sealed.wrappedResponse = toPublic(response.value());
    }
    if (const auto rest = fields.finish(); !rest)
        return rest.error();
    return sealed;
}

ResultBuilder::ResultBuilder(Bytes transactionId, std::uint16_t totalSteps)
{
    m_result.transactionId = std::move(transactionId);
    m_result.totalSteps = totalSteps;
}

void ResultBuilder::addStep(std::uint16_t sw)
{
    m_result.statusWords.push_back(sw);
}

void ResultBuilder::addStep(std::uint16_t sw, SecureBytes responseData)
{
    m_result.responses.push_back(
        StepResponse{static_cast<std::uint16_t>(m_result.statusWords.size()), std::move(responseData)});
    m_result.statusWords.push_back(sw);
}

Result<PackageResult> ResultBuilder::build(Outcome outcome, std::optional<std::uint16_t> failingStep) const
{
    PackageResult result = m_result;
    result.stepsConsumed = stepsRecorded();
    result.outcome = outcome;
    if (outcome != Outcome::Completed && !failingStep && result.stepsConsumed > 0)
        failingStep = static_cast<std::uint16_t>(result.stepsConsumed - 1);
    result.failingStep = outcome == Outcome::Completed ? std::nullopt : failingStep;
    if (const auto valid = result.validate(); !valid)
        return valid.error();
    return result;
}

Result<SealedResult> ResultBuilder::seal(scp03::SecureChannel& card, Outcome outcome,
                                         std::optional<std::uint16_t> failingStep) const
{
    auto result = build(outcome, failingStep);
    if (!result)
        return result.error();
    auto plain = result.value().encode();
    if (!plain)
        return plain.error();
    auto wrapped = card.wrapResponse(ResponseApdu(sw::kSuccess, std::move(plain).value()));
    if (!wrapped)
        return wrapped.error();
    return SealedResult{result.value().stepsConsumed, toPublic(wrapped.value().encode())};
}

SealedResult ResultBuilder::channelClosed(std::uint16_t stepsConsumed)
{
    return SealedResult{stepsConsumed, std::nullopt};
}

} // namespace perso::package
