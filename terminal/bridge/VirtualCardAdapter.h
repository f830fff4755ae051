// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "terminal/bridge/VpcdCard.h"
#include "terminal/cards/VirtualCard.h"

#include <memory>

namespace perso::vpcd {

// Presents a synchronous cards::VirtualCard (a retailer card, a SIM) through a VpcdLink: each command
// is decoded, processed and answered before transmit() returns. Commands from foreign hosts may use
// the extended length form for short lengths; a command that does not decode at all is answered
// 6700 (wrong length: truncated, trailing bytes, bad Lc/Le) without reaching the card.
class VirtualCardAdapter final : public VpcdCard
{
public:
    explicit VirtualCardAdapter(std::shared_ptr<cards::VirtualCard> card);

    Bytes atr() const override;
    void powerOn() override;
    void powerOff() override;
    void reset() override;
    void transmit(const SecureBytes& apdu, Reply reply) override;

    cards::VirtualCard& card() const { return *m_card; }

private:
    std::shared_ptr<cards::VirtualCard> m_card;
};

} // namespace perso::vpcd
