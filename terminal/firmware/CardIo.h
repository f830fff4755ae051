// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/apdu/CommandApdu.h"
#include "protocol/apdu/ResponseApdu.h"
#include "protocol/core/Bytes.h"
#include "protocol/core/Result.h"

#include <cstdint>

namespace perso::cards {
class VirtualCard;
}

namespace perso::terminal {

// The terminal's side of the card slot: one command through its T=0 follow-ups (61xx GET RESPONSE,
// 6Cxx re-send, bounded by t0::ResponseAccumulator), and the reads every card in the slot must answer.
namespace CardIo {

constexpr std::size_t kIccidLength = 10;
constexpr std::uint16_t kIccidFid = 0x2FE2;

// Sends `command` and joins the follow-ups. Errors: a card that answers garbage or 61xx forever
// (Oversized / InvalidEncoding from the accumulator).
Result<ResponseApdu> transmit(cards::VirtualCard& card, const CommandApdu& command);

// SELECT `00 A4 00 0C 02 <fid>` (or GSM `A0 A4 00 00 02 <fid>`) then READ BINARY of up to `maxLength`
// bytes from offset 0. Returns the file content (1..maxLength bytes); a failing SW is an
// UnexpectedMessage error naming it.
Result<SecureBytes> readTransparent(cards::VirtualCard& card, std::uint16_t fid, std::size_t maxLength,
                                    std::uint8_t cla = 0x00);

// EF.ICCID (2FE2): 10 bytes as stored, UICC class 00 first, GSM class A0 when the card refuses class 00.
Result<Bytes> readIccid(cards::VirtualCard& card);

} // namespace CardIo

} // namespace perso::terminal
