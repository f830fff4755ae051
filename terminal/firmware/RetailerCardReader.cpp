// SPDX-License-Identifier: Apache-2.0
#include "terminal/firmware/RetailerCardReader.h"

#include "protocol/tlv/BerTlv.h"
#include "terminal/cards/VirtualCard.h"
#include "terminal/firmware/CardIo.h"

namespace perso::terminal::RetailerCardReader {

namespace {

constexpr std::size_t kMaxKeyFileLength = 3 + 3 * (2 + 32);

PinStatus statusOf(std::uint16_t sw)
{
    if (sw == perso::sw::kSuccess)
        return {PinStatus::Kind::Verified, 0, sw};
    if ((sw & 0xFFF0) == 0x63C0) // 63C0: no try left, i.e. blocked
        return {(sw & 0x0F) == 0 ? PinStatus::Kind::Blocked : PinStatus::Kind::TriesLeft, sw & 0x0F, sw};
    if (sw == perso::sw::kAuthenticationBlocked)
        return {PinStatus::Kind::Blocked, 0, sw};
    return {PinStatus::Kind::CardFailure, 0, sw};
}

} // namespace

PinStatus queryPin(cards::VirtualCard& card)
{
    auto answer = CardIo::transmit(card, CommandApdu(0x00, 0x20, 0x00, 0x01));
    return answer ? statusOf(answer.value().sw()) : PinStatus{};
}

PinStatus verifyPin(cards::VirtualCard& card, const SecureBytes& digits)
{
    if (digits.size() < kMinPinDigits || digits.size() > kPinFieldLength)
        return PinStatus{};
    SecureBytes field(kPinFieldLength, 0xFF);
    std::copy(digits.begin(), digits.end(), field.begin());
    auto answer = CardIo::transmit(card, CommandApdu(0x00, 0x20, 0x00, 0x01, std::move(field)));
    return answer ? statusOf(answer.value().sw()) : PinStatus{};
}

Result<RetailerIdentity> readIdentity(cards::VirtualCard& card)
{
    auto serial = CardIo::readTransparent(card, kSerialFid, kMaxSerialLength);
    if (!serial)
        return serial.error();
    auto retailer = CardIo::readTransparent(card, kRetailerIdFid, kMaxRetailerIdLength);
    if (!retailer)
        return retailer.error();
    const QByteArray utf8(reinterpret_cast<const char*>(retailer.value().data()),
                          static_cast<qsizetype>(retailer.value().size()));
    const QString retailerId = QString::fromUtf8(utf8);
    if (retailerId.toUtf8() != utf8)
        return makeError(ErrorCode::InvalidEncoding, QStringLiteral("EF.RETAILER is not valid UTF-8"));
    return RetailerIdentity{Bytes(serial.value().begin(), serial.value().end()), retailerId};
}

Result<scp03::StaticKeys> readKeys(cards::VirtualCard& card)
{
    auto content = CardIo::readTransparent(card, kKeysFid, kMaxKeyFileLength);
    if (!content)
        return content.error();
    return parseKeyFile(view(content.value()));
}

Result<scp03::StaticKeys> parseKeyFile(ByteView content)
{
    TlvLimits limits;
    limits.maxDepth = 0;
    limits.maxObjects = 4;
    auto fields = BerTlv::decodeAll(content, limits);
    if (!fields)
        return fields.error();
    const auto& list = fields.value();
    const std::uint32_t expected[] = {0xC0, 0xC1, 0xC2, 0xC3};
    if (list.size() != 4)
        return makeError(ErrorCode::SchemaViolation,
                         QStringLiteral("EF.KEYS holds %1 objects, expected 4").arg(list.size()));
    for (std::size_t i = 0; i < 4; ++i) {
        if (list[i].tag() != expected[i])
            return makeError(ErrorCode::SchemaViolation, QStringLiteral("EF.KEYS object %1 has the wrong tag").arg(i));
    }
    if (list[0].value().size() != 1)
        return makeError(ErrorCode::InvalidLength, QStringLiteral("EF.KEYS key version is not 1 byte"));
    const std::size_t keyLength = list[1].value().size();
    if ((keyLength != 16 && keyLength != 24 && keyLength != 32) || list[2].value().size() != keyLength ||
        list[3].value().size() != keyLength)
        return makeError(ErrorCode::InvalidLength, QStringLiteral("EF.KEYS keys are not AES keys of one length"));
    scp03::StaticKeys keys;
    keys.keyVersion = list[0].value()[0];
    keys.enc = list[1].value();
    keys.mac = list[2].value();
    keys.dek = list[3].value();
    if (keys.keyVersion == 0x00 || keys.keyVersion == 0xFF)
        return makeError(ErrorCode::InvalidParameter, QStringLiteral("EF.KEYS key version is reserved"));
    return keys;
}

} // namespace perso::terminal::RetailerCardReader
