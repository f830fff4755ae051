// SPDX-License-Identifier: Apache-2.0
#include "terminal/firmware/CardIo.h"

#include "protocol/apdu/T0.h"
#include "terminal/cards/VirtualCard.h"

namespace perso::terminal::CardIo {

namespace {

constexpr std::uint8_t kGsmCla = 0xA0;

QString swText(std::uint16_t sw)
{
    return QStringLiteral("%1").arg(sw, 4, 16, QLatin1Char('0')).toUpper();
}

} // namespace

Result<ResponseApdu> transmit(cards::VirtualCard& card, const CommandApdu& command)
{
    auto exchange = [&card](const CommandApdu& first) -> Result<ResponseApdu> {
        t0::ResponseAccumulator accumulator(first);
        CommandApdu next = first;
        for (;;) {
            auto followUp = accumulator.feed(card.process(next));
            if (!followUp)
                return followUp.error();
            if (!followUp.value())
                return accumulator.response();
            next = *followUp.value();
        }
    };
    auto answer = exchange(command);
    if (!answer)
        return answer;
    // GSM 9Fxx (TS 51.011): response data waiting. Fetched here, once, like 61xx: for the package a
    // GSM SELECT then ends with the GET RESPONSE's 9000, as the same command in class 00 would.
    const std::uint16_t sw = answer.value().sw();
    if ((sw >> 8) == 0x9F && answer.value().data().empty()) {
        auto getResponse = t0::getResponseFor(command, sw);
        if (!getResponse)
            return answer;
        return exchange(getResponse.value());
    }
    return answer;
}

Result<SecureBytes> readTransparent(cards::VirtualCard& card, std::uint16_t fid, std::size_t maxLength,
                                    std::uint8_t cla)
{
    const SecureBytes path{static_cast<std::uint8_t>(fid >> 8), static_cast<std::uint8_t>(fid & 0xFF)};
    // UICC: P2 0C, no response data; GSM: P2 00, the card answers 9Fxx with the GSM response.
    const CommandApdu select(cla, 0xA4, 0x00, cla == kGsmCla ? 0x00 : 0x0C, path);
    auto selected = transmit(card, select);
    if (!selected)
        return selected.error();
    const std::uint16_t selectSw = selected.value().sw();
    const bool selectOk = selectSw == sw::kSuccess;
    if (!selectOk)
        return makeError(
            ErrorCode::UnexpectedMessage,
            QStringLiteral("SELECT %1 answered %2").arg(fid, 4, 16, QLatin1Char('0')).arg(swText(selectSw)));
    auto read = transmit(card, CommandApdu(cla, 0xB0, 0x00, 0x00, {}, maxLength));
    if (!read)
        return read.error();
    const ResponseApdu& answer = read.value();
    // 6282: end of file reached before Ne bytes (the file is shorter than asked): the data is valid.
    if (answer.sw() != sw::kSuccess && answer.sw() != 0x6282)
        return makeError(
            ErrorCode::UnexpectedMessage,
            QStringLiteral("READ BINARY %1 answered %2").arg(fid, 4, 16, QLatin1Char('0')).arg(swText(answer.sw())));
    if (answer.data().empty() || answer.data().size() > maxLength)
        return makeError(ErrorCode::InvalidLength, QStringLiteral("file %1 holds %2 bytes, expected 1..%3")
                                                       .arg(fid, 4, 16, QLatin1Char('0'))
                                                       .arg(answer.data().size())
                                                       .arg(maxLength));
    return answer.data();
}

// EF.ICCID lives under the MF: select the MF first (3F00 is selectable from anywhere, ISO/IEC 7816-4
// §7.1.1), since the card may have been left in an ADF or DF by a personalisation run. A card that
// refuses the MF selection is still asked for EF.ICCID where it stands.
namespace {
// True unless the card refused the class (6E00): then it is GSM-only and class 00 is not tried further.
bool selectMasterFile(cards::VirtualCard& card, std::uint8_t cla)
{
    const SecureBytes mf{0x3F, 0x00};
    const auto answer = transmit(card, CommandApdu(cla, 0xA4, 0x00, cla == kGsmCla ? 0x00 : 0x0C, mf));
    return !answer || answer.value().sw() != sw::kClaNotSupported;
}
} // namespace

Result<Bytes> readIccid(cards::VirtualCard& card)
{
    Result<SecureBytes> content = makeError(ErrorCode::UnexpectedMessage, QStringLiteral("class 00 not supported"));
    if (selectMasterFile(card, 0x00))
        content = readTransparent(card, kIccidFid, kIccidLength, 0x00);
    if (!content) {
        selectMasterFile(card, kGsmCla);
        content = readTransparent(card, kIccidFid, kIccidLength, kGsmCla);
    }
    if (!content)
        return content.error();
    if (content.value().size() != kIccidLength)
        return makeError(ErrorCode::InvalidLength,
                         QStringLiteral("EF.ICCID holds %1 bytes, expected 10").arg(content.value().size()));
    return Bytes(content.value().begin(), content.value().end());
}

} // namespace perso::terminal::CardIo
