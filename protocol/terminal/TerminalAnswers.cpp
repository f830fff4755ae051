// SPDX-License-Identifier: Apache-2.0
#include "protocol/terminal/TerminalAnswers.h"

#include "protocol/tlv/BerTlv.h"

#include <QList>
#include <QStringDecoder>

#include <initializer_list>
#include <vector>

namespace perso::terminal::cmd {

namespace {

TlvLimits answerLimits()
{
    TlvLimits limits;
    limits.maxDepth = 2;
    limits.maxValueLength = 1024;
    limits.maxObjects = 16;
    return limits;
}

Error fail(ErrorCode code, const QString& what)
{
    return makeError(code, what);
}

// The objects in exactly this order, each once, nothing else.
std::optional<Error> expectTags(const std::vector<Tlv>& fields, std::initializer_list<std::uint32_t> tags,
                                const QString& what)
{
    if (fields.size() < tags.size())
        return fail(ErrorCode::SchemaViolation,
                    QStringLiteral("%1: %2 fields, expected %3").arg(what).arg(fields.size()).arg(tags.size()));
    if (fields.size() > tags.size())
        return fail(ErrorCode::TrailingData,
                    QStringLiteral("%1: %2 fields, expected %3").arg(what).arg(fields.size()).arg(tags.size()));
    std::size_t i = 0;
    for (const std::uint32_t tag : tags) {
        if (fields[i].tag() != tag)
            return fail(ErrorCode::InvalidTag, QStringLiteral("%1: field %2 has tag %3, expected %4")
                                                   .arg(what)
                                                   .arg(i)
                                                   .arg(fields[i].tag(), 0, 16)
                                                   .arg(tag, 0, 16));
        ++i;
    }
    return std::nullopt;
}

Result<std::uint8_t> byteField(const Tlv& field, std::uint8_t max, const QString& what)
{
    if (field.value().size() != 1)
        return fail(ErrorCode::InvalidLength,
                    QStringLiteral("%1: %2 bytes, expected 1").arg(what).arg(field.value().size()));
    if (field.value()[0] > max)
        return fail(ErrorCode::SchemaViolation,
                    QStringLiteral("%1: value %2 above %3").arg(what).arg(field.value()[0]).arg(max));
    return field.value()[0];
}

Result<bool> flagField(const Tlv& field, const QString& what)
{
    auto value = byteField(field, 1, what);
    if (!value)
        return value.error();
    return value.value() == 1;
}

// Valid UTF-8, 1..maxCodePoints code points, no control characters.
Result<QString> textField(const Tlv& field, std::size_t maxCodePoints, const QString& what)
{
    const auto& bytes = field.value();
    if (bytes.empty())
        return fail(ErrorCode::InvalidLength, QStringLiteral("%1: empty").arg(what));
    if (bytes.size() > maxCodePoints * 4)
        return fail(ErrorCode::InvalidLength, QStringLiteral("%1: %2 bytes").arg(what).arg(bytes.size()));
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text =
        decoder.decode(QByteArrayView(reinterpret_cast<const char*>(bytes.data()), qsizetype(bytes.size())));
    if (decoder.hasError())
        return fail(ErrorCode::InvalidEncoding, QStringLiteral("%1: not UTF-8").arg(what));
    std::size_t codePoints = 0;
    for (const uint c : text.toUcs4()) {
        if (c < 0x20 || (c >= 0x7F && c < 0xA0) || c == 0xFEFF)
            return fail(ErrorCode::InvalidEncoding, QStringLiteral("%1: control character").arg(what));
        ++codePoints;
    }
    if (codePoints > maxCodePoints)
        return fail(ErrorCode::InvalidLength,
                    QStringLiteral("%1: %2 characters, at most %3").arg(what).arg(codePoints).arg(maxCodePoints));
    return text;
}

std::uint16_t be16(const std::uint8_t* p)
{
    return static_cast<std::uint16_t>(p[0] << 8 | p[1]);
}

SecureBytes utf8(const QString& text)
{
    const QByteArray bytes = text.toUtf8();
    return SecureBytes(bytes.begin(), bytes.end());
}

} // namespace

Result<StatusAnswer> decodeStatusAnswer(ByteView data)
{
    const QString what = QStringLiteral("GET STATUS answer");
    auto decoded = BerTlv::decodeAll(data, answerLimits());
    if (!decoded)
        return decoded.error();
    const auto& fields = decoded.value();
    const bool withSteps = fields.size() == 6;
    const auto shape = withSteps ? expectTags(fields, {0x80, 0x81, 0x82, 0x83, 0x84, 0x85}, what)
                                 : expectTags(fields, {0x80, 0x81, 0x82, 0x83, 0x84}, what);
    if (shape)
        return *shape;

    StatusAnswer answer;
    auto state = byteField(fields[0], kMaxTerminalState, QStringLiteral("state"));
    if (!state)
        return state.error();
    answer.state = state.value();
    auto slot = byteField(fields[1], 2, QStringLiteral("slot"));
    if (!slot)
        return slot.error();
    answer.slot = slot.value();
    auto tampered = flagField(fields[2], QStringLiteral("tamper flag"));
    if (!tampered)
        return tampered.error();
    answer.tampered = tampered.value();
    auto firmware = textField(fields[3], kMaxTokenLength, QStringLiteral("firmware version"));
    if (!firmware)
        return firmware.error();
    answer.firmwareVersion = firmware.value();
    auto terminalId = textField(fields[4], kMaxTokenLength, QStringLiteral("terminal id"));
    if (!terminalId)
        return terminalId.error();
    answer.terminalId = terminalId.value();
    if (withSteps) {
        const auto& steps = fields[5].value();
        if (steps.size() != 4)
            return fail(ErrorCode::InvalidLength, QStringLiteral("steps: %1 bytes, expected 4").arg(steps.size()));
        const std::uint16_t consumed = be16(steps.data());
        const std::uint16_t total = be16(steps.data() + 2);
        if (total == 0 || consumed > total)
            return fail(ErrorCode::SchemaViolation, QStringLiteral("steps: %1 of %2").arg(consumed).arg(total));
        answer.stepsConsumed = consumed;
        answer.stepsTotal = total;
    }
    return answer;
}

Result<SignOnAnswer> decodeSignOnAnswer(ByteView data)
{
    const QString what = QStringLiteral("RETAILER SIGN-ON answer");
    auto decoded = BerTlv::decodeAll(data, answerLimits());
    if (!decoded)
        return decoded.error();
    const auto& fields = decoded.value();
    if (const auto shape = expectTags(fields, {0x80, 0x81, 0x82, 0x83, 0xA4}, what))
        return *shape;
    const auto& status = fields[4].children();
    if (const auto shape = expectTags(status, {0x80, 0x81}, QStringLiteral("terminal status (A4)")))
        return *shape;

    SignOnAnswer answer;
    const auto& serial = fields[0].value();
    if (serial.empty() || serial.size() > kMaxSerialLength)
        return fail(ErrorCode::InvalidLength, QStringLiteral("serial: %1 bytes").arg(serial.size()));
    answer.serial.assign(serial.begin(), serial.end());
    auto retailerId = textField(fields[1], kMaxRetailerIdLength, QStringLiteral("retailer id"));
    if (!retailerId)
        return retailerId.error();
    answer.retailerId = retailerId.value();
    auto keyVersion = byteField(fields[2], kMaxKeyVersion, QStringLiteral("key version"));
    if (!keyVersion)
        return keyVersion.error();
    if (keyVersion.value() == 0)
        return fail(ErrorCode::SchemaViolation, QStringLiteral("key version 0"));
    answer.keyVersion = keyVersion.value();
    auto terminalId = textField(fields[3], kMaxTokenLength, QStringLiteral("terminal id"));
    if (!terminalId)
        return terminalId.error();
    answer.terminalId = terminalId.value();
    auto tampered = flagField(status[0], QStringLiteral("tamper flag"));
    if (!tampered)
        return tampered.error();
    answer.tampered = tampered.value();
    auto firmware = textField(status[1], kMaxTokenLength, QStringLiteral("firmware version"));
    if (!firmware)
        return firmware.error();
    answer.firmwareVersion = firmware.value();
    return answer;
}

Result<StepAnswer> decodeStepAnswer(ByteView data)
{
    if (data.size() < kStepAnswerLength)
        return fail(ErrorCode::Truncated, QStringLiteral("step answer: %1 bytes, expected 6").arg(data.size()));
    if (data.size() > kStepAnswerLength)
        return fail(ErrorCode::TrailingData, QStringLiteral("step answer: %1 bytes, expected 6").arg(data.size()));
    StepAnswer answer;
    answer.index = be16(data.data());
    answer.total = be16(data.data() + 2);
    if (data[4] > static_cast<std::uint8_t>(StepCardStatus::KeypadFailed))
        return fail(ErrorCode::SchemaViolation, QStringLiteral("step answer: card status %1").arg(data[4]));
    if (data[5] > static_cast<std::uint8_t>(RunState::ChannelClosed))
        return fail(ErrorCode::SchemaViolation, QStringLiteral("step answer: run state %1").arg(data[5]));
    answer.cardStatus = static_cast<StepCardStatus>(data[4]);
    answer.runState = static_cast<RunState>(data[5]);
    const bool indexOk =
        answer.index < answer.total || (answer.runState == RunState::ChannelClosed && answer.index == answer.total);
    if (answer.total == 0 || !indexOk)
        return fail(ErrorCode::SchemaViolation,
                    QStringLiteral("step answer: step %1 of %2").arg(answer.index).arg(answer.total));
    return answer;
}

Result<std::uint16_t> decodeLoadPackageAnswer(ByteView data)
{
    if (data.size() < kLoadPackageAnswerLength)
        return fail(ErrorCode::Truncated, QStringLiteral("LOAD PACKAGE answer: %1 bytes, expected 2").arg(data.size()));
    if (data.size() > kLoadPackageAnswerLength)
        return fail(ErrorCode::TrailingData,
                    QStringLiteral("LOAD PACKAGE answer: %1 bytes, expected 2").arg(data.size()));
    const std::uint16_t total = be16(data.data());
    if (total == 0)
        return fail(ErrorCode::SchemaViolation, QStringLiteral("LOAD PACKAGE answer: no step"));
    return total;
}

SecureBytes encodeStatusAnswer(const StatusAnswer& answer)
{
    std::vector<Tlv> fields{
        Tlv::primitive(0x80, SecureBytes{answer.state}), Tlv::primitive(0x81, SecureBytes{answer.slot}),
        Tlv::primitive(0x82, SecureBytes{static_cast<std::uint8_t>(answer.tampered ? 1 : 0)}),
        Tlv::primitive(0x83, utf8(answer.firmwareVersion)), Tlv::primitive(0x84, utf8(answer.terminalId))};
    if (answer.stepsConsumed && answer.stepsTotal) {
        const std::uint16_t consumed = *answer.stepsConsumed;
        const std::uint16_t total = *answer.stepsTotal;
        fields.push_back(Tlv::primitive(
            0x85, SecureBytes{static_cast<std::uint8_t>(consumed >> 8), static_cast<std::uint8_t>(consumed),
                              static_cast<std::uint8_t>(total >> 8), static_cast<std::uint8_t>(total)}));
    }
    return BerTlv::encode(fields);
}

SecureBytes encodeSignOnAnswer(const SignOnAnswer& answer)
{
    const std::vector<Tlv> fields{
        Tlv::primitive(0x80, SecureBytes(answer.serial.begin(), answer.serial.end())),
        Tlv::primitive(0x81, utf8(answer.retailerId)), Tlv::primitive(0x82, SecureBytes{answer.keyVersion}),
        Tlv::primitive(0x83, utf8(answer.terminalId)),
        Tlv::constructed(0xA4, {Tlv::primitive(0x80, SecureBytes{static_cast<std::uint8_t>(answer.tampered ? 1 : 0)}),
                                Tlv::primitive(0x81, utf8(answer.firmwareVersion))})};
    return BerTlv::encode(fields);
}

// Fixed-size answers are built by index: GCC 12 at -O2 misreads push_back into a fresh secure_vector
// as an overflow (-Wstringop-overflow).
SecureBytes encodeStepAnswer(const StepAnswer& answer)
{
    return SecureBytes{static_cast<std::uint8_t>(answer.index >> 8), static_cast<std::uint8_t>(answer.index),
                       static_cast<std::uint8_t>(answer.total >> 8), static_cast<std::uint8_t>(answer.total),
                       static_cast<std::uint8_t>(answer.cardStatus), static_cast<std::uint8_t>(answer.runState)};
}

SecureBytes encodeLoadPackageAnswer(std::uint16_t totalSteps)
{
    return SecureBytes{static_cast<std::uint8_t>(totalSteps >> 8), static_cast<std::uint8_t>(totalSteps)};
}

} // namespace perso::terminal::cmd
