// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/core/Bytes.h"
#include "protocol/core/Result.h"

#include <QString>

namespace perso::wire {

// ICCID as stored in EF.ICCID (ETSI TS 102 221 §13.2, 3GPP TS 51.011 §10.1.1): 10 bytes of BCD with
// the nibbles of each byte swapped (first digit in the low nibble), unused trailing nibbles 'F'.
// We accept 18 to 20 digits, as ITU-T E.118 numbering gives.
inline constexpr std::size_t kIccidLength = 10;
inline constexpr std::size_t kMinIccidDigits = 18;

// SchemaViolation for a nibble A..E, a digit after the filler, or too few digits;
// InvalidLength unless exactly 10 bytes.
Status validateIccid(ByteView iccid);
// "8944..." from the 10 stored bytes; empty when invalid.
QString iccidDigits(ByteView iccid);
// The 10 stored bytes from 18 to 20 decimal digits.
Result<Bytes> iccidFromDigits(const QString& digits);

} // namespace perso::wire
