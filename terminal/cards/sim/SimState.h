// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "terminal/cards/sim/SecretCode.h"
#include "terminal/cards/sim/SimFile.h"

#include <QCborMap>

namespace perso::cards::sim {

// Retry counters (docs/cards.md): PIN1/PIN2 3, PUK1/PUK2 10, ADM1 3 (no unblocking key: a blocked
// ADM1 leaves the card unpersonalisable, as on real blank cards).
inline constexpr std::uint8_t kPinTries = 3;
inline constexpr std::uint8_t kPukTries = 10;
inline constexpr std::uint8_t kAdmTries = 3;
// EEPROM available to the file system (file data plus a 32-byte header per file).
inline constexpr std::size_t kCapacity = 32 * 1024;

// Key references (ETSI TS 102 221 §9.5.1) and our references for the unblocking keys, used only by
// CHANGE REFERENCE DATA "new value only" under ADM1 (docs/cards.md).
inline constexpr std::uint8_t kRefPin1 = 0x01;
inline constexpr std::uint8_t kRefPin2 = 0x81;
inline constexpr std::uint8_t kRefAdm1 = 0x0A;
inline constexpr std::uint8_t kRefPuk1 = 0x11;
inline constexpr std::uint8_t kRefPuk2 = 0x91;

// Everything the card keeps across power cycles: the file tree, the secret codes and the highest
// accepted authentication sequence number. A plain value: copied before each command for rollback.
struct SimState
{
    SimFile mf;
    SecretCode pin1{kPinTries};
    SecretCode puk1{kPukTries};
    SecretCode pin2{kPinTries};
    SecretCode puk2{kPukTries};
    SecretCode adm1{kAdmTries};
    Bytes sqnMs = Bytes(6, 0x00);

    // A card as the manufacturer ships it: MF with EF.ICCID, ADM1 set, nothing else.
    static SimState blank(const Bytes& iccid, const SecureBytes& adm);

    // The code for a key reference (01, 81, 0A, 11, 91), or nullptr.
    SecretCode* code(std::uint8_t reference);
    // The unblocking key of a PIN reference (01 -> PUK1, 81 -> PUK2), or nullptr.
    SecretCode* unblockKeyOf(std::uint8_t pinReference);

    Bytes iccid() const;

    // The card-specific keys of the card file ("kind" etc. are added by SimCard).
    QCborMap toCbor() const;
    static Result<SimState> fromCbor(const QCborMap& map);

    friend bool operator==(const SimState&, const SimState&) = default;
};

} // namespace perso::cards::sim
