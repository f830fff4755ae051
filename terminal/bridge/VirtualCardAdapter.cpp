// SPDX-License-Identifier: Apache-2.0
#include "terminal/bridge/VirtualCardAdapter.h"

namespace perso::vpcd {

VirtualCardAdapter::VirtualCardAdapter(std::shared_ptr<cards::VirtualCard> card) : m_card(std::move(card))
{
    Q_ASSERT(m_card);
}

Bytes VirtualCardAdapter::atr() const
{
    return m_card->atr();
}

void VirtualCardAdapter::powerOn()
{
    m_card->powerOn();
}

void VirtualCardAdapter::powerOff()
{
    m_card->powerOff();
}

void VirtualCardAdapter::reset()
{
    m_card->powerOn();
}

void VirtualCardAdapter::transmit(const SecureBytes& apdu, Reply reply)
{
    CommandApdu::DecodeOptions options;
    options.allowExtendedForShortLengths = true;
    auto command = CommandApdu::decode(view(apdu), options);
    if (!command.ok()) {
        reply(ResponseApdu(sw::kWrongLength).encode());
        return;
    }
    reply(m_card->process(command.value()).encode());
}

} // namespace perso::vpcd
