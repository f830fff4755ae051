// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/core/Bytes.h"
#include "protocol/core/Result.h"
#include "protocol/scp03/SessionKeys.h"

#include <QString>

#include <cstdint>

namespace perso::cards {
class VirtualCard;
}

namespace perso::terminal {

// The terminal's dialogue with the retailer card (contract in the card design: class 00, MF 3F00,
// EF.SERIAL 2F01, EF.RETAILER 2F02, EF.KEYS 2F10 readable only after VERIFY of the retailer PIN).
namespace RetailerCardReader {

constexpr std::uint16_t kSerialFid = 0x2F01;
constexpr std::uint16_t kRetailerIdFid = 0x2F02;
constexpr std::uint16_t kKeysFid = 0x2F10;
constexpr std::size_t kMaxSerialLength = 32; // SignOnRequest allows 1..32 bytes
constexpr std::size_t kMaxRetailerIdLength = 32;
constexpr std::size_t kPinFieldLength = 8;
constexpr std::size_t kMinPinDigits = 4;

// What a VERIFY told us about the retailer PIN.
struct PinStatus
{
    enum class Kind
    {
        Verified,   // 9000
        TriesLeft,  // 63Cx
        Blocked,    // 6983
        CardFailure // anything else
    };
    Kind kind = Kind::CardFailure;
    int triesLeft = 0;
    std::uint16_t sw = 0;
};

struct RetailerIdentity
{
    Bytes serial;       // EF.SERIAL content, public
    QString retailerId; // EF.RETAILER, UTF-8
};

// `00 20 00 01` without data: the PIN's state without spending a try.
PinStatus queryPin(cards::VirtualCard& card);
// `00 20 00 01 08 <digits padded with FF>`; digits are ASCII '0'..'9', 4..8 of them.
PinStatus verifyPin(cards::VirtualCard& card, const SecureBytes& digits);
Result<RetailerIdentity> readIdentity(cards::VirtualCard& card);
// EF.KEYS: C0 key version (1) || C1 ENC || C2 MAC || C3 DEK, AES-128/192/256 of one length, strict.
Result<scp03::StaticKeys> readKeys(cards::VirtualCard& card);
Result<scp03::StaticKeys> parseKeyFile(ByteView content);

} // namespace RetailerCardReader

} // namespace perso::terminal
