// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/core/Bytes.h"
#include "protocol/core/Result.h"

namespace perso::milenage {

// Conversion functions between UMTS and GSM security contexts, 3GPP TS 33.102 §6.8.1.2. A USIM
// answering RUN GSM ALGORITHM (or AUTHENTICATE in GSM context) runs Milenage and converts its
// RES / CK / IK with c2 and c3; c4 and c5 go the other way for a GSM-only SIM in a UMTS network.

// c2: SRES = XRES*1 xor XRES*2 xor XRES*3 xor XRES*4, XRES* being RES padded with zeros to 16 bytes
// and XRES*i its 4-byte quarters. RES must be 4..16 bytes. Result: 4 bytes.
Result<Bytes> sresFromRes(ByteView res);

// c3: Kc = CK1 xor CK2 xor IK1 xor IK2 (8-byte halves of the 16-byte CK and IK). Result: 8 bytes.
Result<SecureBytes> kcFromCkIk(const SecureBytes& ck, const SecureBytes& ik);

// c4: CK = Kc || Kc. Result: 16 bytes.
Result<SecureBytes> ckFromKc(const SecureBytes& kc);

// c5: IK = (Kc1 xor Kc2) || Kc || (Kc1 xor Kc2), Kc1 and Kc2 the 4-byte halves of Kc. Result: 16 bytes.
Result<SecureBytes> ikFromKc(const SecureBytes& kc);

} // namespace perso::milenage
