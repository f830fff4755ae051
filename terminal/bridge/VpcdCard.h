// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/core/Bytes.h"

#include <functional>

namespace perso::vpcd {

// The card a VpcdLink presents in a vpcd reader. Everything is called on the link's thread.
//
// transmit() is asynchronous so that a card that waits for something slow (the terminal waiting for
// the keypad) does not block the event loop: it may call `reply` before it returns or later, from the
// link's thread, exactly once. A reply that arrives after the link lost its connection is discarded.
// APDUs and responses are SecureBytes because they may carry PINs, ADM codes or keys in plaintext.
class VpcdCard
{
public:
    using Reply = std::function<void(SecureBytes response)>;

    virtual ~VpcdCard() = default;

    // Answer to reset, 2 to 33 bytes (ISO/IEC 7816-3).
    virtual Bytes atr() const = 0;
    virtual void powerOn() = 0;
    virtual void powerOff() = 0;
    // Warm reset: clears every volatile state, as powerOn() after a power cycle.
    virtual void reset() = 0;
    // `apdu` is the command as the host sent it (2 bytes or more, not otherwise checked); the response
    // is data ‖ SW1 SW2 and at most VpcdFrame::kMaxPayload bytes long.
    virtual void transmit(const SecureBytes& apdu, Reply reply) = 0;
};

} // namespace perso::vpcd
