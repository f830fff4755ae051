// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "pcsc/PcscResult.h"
#include "protocol/core/Bytes.h"

#include <chrono>

namespace perso::pcsc {

// The raw exchange under every APDU: one command's bytes out, the card's answer (data + SW1 SW2)
// back, nothing interpreted. CardConnection implements it over SCardTransmit; unit tests replace it
// with a scripted fake. Implementations return SecureBytes because answers may carry secrets.
class ApduTransport
{
public:
    virtual ~ApduTransport() = default;
    virtual PcscResult<SecureBytes> transmitRaw(ByteView command) = 0;
    // The same, given up after `timeout` (Timeout). The default ignores the bound: only a transport
    // that can block without end (CardConnection over SCardTransmit) needs to honour it.
    virtual PcscResult<SecureBytes> transmitRawWithin(ByteView command, std::chrono::milliseconds timeout)
    {
        (void)timeout;
        return transmitRaw(command);
    }
    // True when the reader and card accept extended-length APDUs (Nc > 255 or Ne > 256).
    virtual bool supportsExtendedLength() const { return false; }
};

} // namespace perso::pcsc
