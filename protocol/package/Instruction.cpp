// SPDX-License-Identifier: Apache-2.0
#include "protocol/package/Instruction.h"

#include "protocol/package/TlvFields.h"
#include "protocol/tlv/BerTlv.h"

#include <algorithm>

namespace perso::package {

using detail::bytesField;
using detail::FieldReader;
using detail::toPublic;
using detail::u16Field;
using detail::u8Field;

namespace {

// BEGIN fields
constexpr std::uint32_t kTagTransactionId = 0x80;
constexpr std::uint32_t kTagIccid = 0x81;
constexpr std::uint32_t kTagTotalSteps = 0x82;
constexpr std::uint32_t kTagFormatVersion = 0x83;
// PIN ENTRY fields
constexpr std::uint32_t kTagTemplate = 0x80;
constexpr std::uint32_t kTagPinOffset = 0x81;
constexpr std::uint32_t kTagMinDigits = 0x82;
constexpr std::uint32_t kTagMaxDigits = 0x83;
constexpr std::uint32_t kTagPadByte = 0x84;
constexpr std::uint32_t kTagPromptId = 0x85;
constexpr std::uint32_t kTagConfirmTwice = 0x86;

Error invalid(QString message)
{
    return makeError(ErrorCode::InvalidParameter, std::move(message));
}

Status validateBegin(const BeginInstruction& begin)
{
    if (begin.transactionId.size() != kTransactionIdLength)
        return invalid(QStringLiteral("BEGIN: transaction id has %1 bytes").arg(begin.transactionId.size()));
    if (begin.expectedIccid.size() != kIccidLength)
        return invalid(QStringLiteral("BEGIN: ICCID has %1 bytes").arg(begin.expectedIccid.size()));
    if (begin.totalSteps < kMinSteps || begin.totalSteps > kMaxSteps)
        return invalid(QStringLiteral("BEGIN: total step count %1 out of range").arg(begin.totalSteps));
    if (begin.formatVersion != kPackageFormatVersion)
        return makeError(ErrorCode::UnsupportedVersion,
                         QStringLiteral("BEGIN: package format version %1").arg(begin.formatVersion));
    return Ok{};
}

Status checkHeader(const CommandApdu& plain, QLatin1String name, bool p1Free, bool hasData)
{
    if (!p1Free && plain.p1() != 0x00)
        return makeError(ErrorCode::InvalidEncoding, QStringLiteral("%1: P1 must be 00").arg(name));
    if (plain.p2() != 0x00)
        return makeError(ErrorCode::InvalidEncoding, QStringLiteral("%1: P2 must be 00").arg(name));
    if (plain.ne() != 0)
        return makeError(ErrorCode::InvalidEncoding, QStringLiteral("%1: no Le field allowed").arg(name));
    if (hasData && plain.data().empty())
        return makeError(ErrorCode::Truncated, QStringLiteral("%1: data field missing").arg(name));
    if (!hasData && !plain.data().empty())
        return makeError(ErrorCode::TrailingData, QStringLiteral("%1: no data field allowed").arg(name));
    return Ok{};
}

Result<std::vector<Tlv>> decodeBody(const SecureBytes& data)
{
    TlvLimits limits;
    limits.maxDepth = 1;
    limits.maxObjects = 16;
    return BerTlv::decodeAll(view(data), limits);
}

Result<Instruction> decodeBegin(const CommandApdu& plain)
{
    const auto header = checkHeader(plain, QLatin1String("BEGIN"), false, true);
    if (!header)
        return header.error();
    const auto body = decodeBody(plain.data());
    if (!body)
        return body.error();
    FieldReader fields(body.value(), QLatin1String("BEGIN"));
    auto id = fields.fixed(kTagTransactionId, kTransactionIdLength);
    if (!id)
        return id.error();
    auto iccid = fields.fixed(kTagIccid, kIccidLength);
    if (!iccid)
        return iccid.error();
    auto total = fields.u16(kTagTotalSteps);
    if (!total)
        return total.error();
    auto version = fields.u8(kTagFormatVersion);
    if (!version)
        return version.error();
    if (const auto rest = fields.finish(); !rest)
        return rest.error();
    BeginInstruction begin{toPublic(id.value()), toPublic(iccid.value()), total.value(), version.value()};
    if (const auto valid = validateBegin(begin); !valid) {
        if (valid.code() == ErrorCode::UnsupportedVersion)
            return valid.error();
        return makeError(ErrorCode::SchemaViolation, valid.error().message);
    }
    return Instruction{std::move(begin)};
}

Result<Instruction> decodeForward(const CommandApdu& plain)
{
    const auto header = checkHeader(plain, QLatin1String("FORWARD"), true, true);
    if (!header)
        return header.error();
    if ((plain.p1() & ~ForwardInstruction::kKnownFlags) != 0)
        return makeError(ErrorCode::InvalidEncoding,
                         QStringLiteral("FORWARD: reserved P1 bits set (%1)").arg(plain.p1(), 2, 16, QLatin1Char('0')));
    auto card = CommandApdu::decode(view(plain.data()));
    if (!card)
        return makeError(card.code(), QStringLiteral("FORWARD: card command: %1").arg(card.error().message));
    return Instruction{ForwardInstruction{plain.p1(), std::move(card).value()}};
}

Result<Instruction> decodePinEntry(const CommandApdu& plain)
{
    const auto header = checkHeader(plain, QLatin1String("PIN ENTRY"), true, true);
    if (!header)
        return header.error();
    if (plain.p1() < 0x01 || plain.p1() > 0x04)
        return makeError(ErrorCode::InvalidEncoding, QStringLiteral("PIN ENTRY: unknown purpose %1").arg(plain.p1()));
    const auto body = decodeBody(plain.data());
    if (!body)
        return body.error();
    FieldReader fields(body.value(), QLatin1String("PIN ENTRY"));
    auto templ = fields.bounded(kTagTemplate, 4, CommandApdu::kMaxExtendedNc);
    if (!templ)
        return templ.error();
    auto offset = fields.u16(kTagPinOffset);
    if (!offset)
        return offset.error();
    auto minDigits = fields.u8(kTagMinDigits);
    if (!minDigits)
        return minDigits.error();
    auto maxDigits = fields.u8(kTagMaxDigits);
    if (!maxDigits)
        return maxDigits.error();
    auto pad = fields.u8(kTagPadByte);
    if (!pad)
        return pad.error();
    auto prompt = fields.u16(kTagPromptId);
    if (!prompt)
        return prompt.error();
    auto confirm = fields.u8(kTagConfirmTwice);
    if (!confirm)
        return confirm.error();
    if (const auto rest = fields.finish(); !rest)
        return rest.error();
    if (confirm.value() > 1)
        return makeError(ErrorCode::SchemaViolation, QStringLiteral("PIN ENTRY: confirm flag must be 00 or 01"));
    auto card = CommandApdu::decode(view(templ.value()));
    if (!card)
        return makeError(card.code(), QStringLiteral("PIN ENTRY: template: %1").arg(card.error().message));
    PinEntryInstruction pin;
    pin.purpose = static_cast<PinEntryInstruction::Purpose>(plain.p1());
    pin.cardTemplate = std::move(card).value();
    pin.pinOffset = offset.value();
    pin.minDigits = minDigits.value();
    pin.maxDigits = maxDigits.value();
    pin.padByte = pad.value();
    pin.promptId = prompt.value();
    pin.confirmTwice = confirm.value() == 1;
    if (const auto valid = pin.validate(); !valid)
        return makeError(ErrorCode::SchemaViolation, valid.error().message);
    return Instruction{std::move(pin)};
}

struct Encoder
{
    Result<CommandApdu> operator()(const BeginInstruction& begin) const
    {
        if (const auto valid = validateBegin(begin); !valid)
            return valid.error();
        const std::vector<Tlv> body{
            bytesField(kTagTransactionId, view(begin.transactionId)), bytesField(kTagIccid, view(begin.expectedIccid)),
            u16Field(kTagTotalSteps, begin.totalSteps), u8Field(kTagFormatVersion, begin.formatVersion)};
        return CommandApdu(kInstructionCla, ins::kBegin, 0x00, 0x00, BerTlv::encode(body));
    }
    Result<CommandApdu> operator()(const ForwardInstruction& forward) const
    {
        if ((forward.flags & ~ForwardInstruction::kKnownFlags) != 0)
            return invalid(QStringLiteral("FORWARD: unknown flags"));
        auto card = forward.cardCommand.encode();
        if (!card)
            return card.error();
        return CommandApdu(kInstructionCla, ins::kForward, forward.flags, 0x00, std::move(card).value());
    }
    Result<CommandApdu> operator()(const PinEntryInstruction& pin) const
    {
        if (const auto valid = pin.validate(); !valid)
            return valid.error();
        auto templ = pin.cardTemplate.encode();
        if (!templ)
            return templ.error();
        const std::vector<Tlv> body{Tlv::primitive(kTagTemplate, std::move(templ).value()),
                                    u16Field(kTagPinOffset, pin.pinOffset),
                                    u8Field(kTagMinDigits, pin.minDigits),
                                    u8Field(kTagMaxDigits, pin.maxDigits),
                                    u8Field(kTagPadByte, pin.padByte),
                                    u16Field(kTagPromptId, pin.promptId),
                                    u8Field(kTagConfirmTwice, pin.confirmTwice ? 1 : 0)};
        return CommandApdu(kInstructionCla, ins::kPinEntry, static_cast<std::uint8_t>(pin.purpose), 0x00,
                           BerTlv::encode(body));
    }
    Result<CommandApdu> operator()(const EndInstruction&) const
    {
        return CommandApdu(kInstructionCla, ins::kEnd, 0x00, 0x00);
    }
};

} // namespace

bool ForwardInstruction::accepts(std::uint16_t sw) const
{
    if ((flags & AcceptAnyStatus) != 0 || sw == 0x9000)
        return true;
    const std::uint8_t sw1 = static_cast<std::uint8_t>(sw >> 8);
    return (flags & AcceptWarnings) != 0 && (sw1 == 0x62 || sw1 == 0x63);
}

Status PinEntryInstruction::validate() const
{
    const auto p = static_cast<std::uint8_t>(purpose);
    if (p < 0x01 || p > 0x04)
        return invalid(QStringLiteral("PIN ENTRY: unknown purpose %1").arg(p));
    if (minDigits < kMinDigitsFloor || minDigits > maxDigits || maxDigits > kMaxDigitsCeiling)
        return invalid(QStringLiteral("PIN ENTRY: digit bounds %1..%2").arg(minDigits).arg(maxDigits));
    const auto& data = cardTemplate.data();
    if (std::size_t{pinOffset} + maxDigits > data.size())
        return invalid(QStringLiteral("PIN ENTRY: PIN field %1+%2 outside a %3-byte template")
                           .arg(pinOffset)
                           .arg(maxDigits)
                           .arg(data.size()));
    const auto first = data.begin() + pinOffset;
    if (!std::all_of(first, first + maxDigits, [this](std::uint8_t b) { return b == padByte; }))
        return invalid(QStringLiteral("PIN ENTRY: template PIN field is not all pad bytes"));
    return Ok{};
}

Result<CommandApdu> PinEntryInstruction::fill(ByteView digits) const
{
    if (const auto valid = validate(); !valid)
        return valid.error();
    if (digits.size() < minDigits || digits.size() > maxDigits)
        return invalid(
            QStringLiteral("PIN ENTRY: %1 digits, allowed %2..%3").arg(digits.size()).arg(minDigits).arg(maxDigits));
    if (!std::all_of(digits.begin(), digits.end(), [](std::uint8_t c) { return c >= '0' && c <= '9'; }))
        return invalid(QStringLiteral("PIN ENTRY: PIN holds a non-digit"));
    CommandApdu filled = cardTemplate;
    SecureBytes data = cardTemplate.data();
    std::copy(digits.begin(), digits.end(), data.begin() + pinOffset);
    filled.setData(std::move(data));
    return filled;
}

bool isTrivialPin(ByteView digits)
{
    if (digits.size() < 2)
        return true;
    bool same = true;
    bool ascending = true;
    bool descending = true;
    for (std::size_t i = 1; i < digits.size(); ++i) {
        const int step = int(digits[i]) - int(digits[i - 1]);
        same = same && step == 0;
        ascending = ascending && step == 1;
        descending = descending && step == -1;
    }
    return same || ascending || descending;
}

Result<CommandApdu> encodeInstruction(const Instruction& instruction)
{
    return std::visit(Encoder{}, instruction);
}

Result<Instruction> decodeInstruction(const CommandApdu& plain)
{
    if (plain.cla() != kInstructionCla)
        return makeError(ErrorCode::InvalidEncoding,
                         QStringLiteral("instruction CLA %1, expected 80").arg(plain.cla(), 2, 16, QLatin1Char('0')));
    switch (plain.ins()) {
    case ins::kBegin:
        return decodeBegin(plain);
    case ins::kForward:
        return decodeForward(plain);
    case ins::kPinEntry:
        return decodePinEntry(plain);
    case ins::kEnd:
        if (const auto header = checkHeader(plain, QLatin1String("END"), false, false); !header)
            return header.error();
        return Instruction{EndInstruction{}};
    default:
        return makeError(ErrorCode::InvalidEncoding,
                         QStringLiteral("unknown instruction INS %1").arg(plain.ins(), 2, 16, QLatin1Char('0')));
    }
}

} // namespace perso::package
