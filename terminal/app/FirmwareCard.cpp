// SPDX-License-Identifier: Apache-2.0
#include "terminal/app/FirmwareCard.h"

#include "protocol/apdu/CommandApdu.h"
#include "terminal/firmware/SecureTerminal.h"

namespace perso::terminal::app {

FirmwareCard::FirmwareCard(SecureTerminal& terminal, QObject* parent) : QObject(parent), m_terminal(&terminal)
{
    connect(&terminal, &SecureTerminal::responseReady, this, &FirmwareCard::onResponse);
}

FirmwareCard::~FirmwareCard() = default;

Bytes FirmwareCard::terminalAtr()
{
    return fromHex("3B0A504552534F2D5445524D");
}

Bytes FirmwareCard::atr() const
{
    return terminalAtr();
}

void FirmwareCard::transmit(const SecureBytes& apdu, Reply reply)
{
    CommandApdu::DecodeOptions options;
    options.allowExtendedForShortLengths = true;
    auto command = CommandApdu::decode(view(apdu), options);
    if (!command.ok() || !m_terminal) {
        reply(ResponseApdu(command.ok() ? std::uint16_t{0x6F00} : sw::kWrongLength).encode());
        return;
    }
    m_inCall = true;
    m_callAnswered = false;
    m_callReply = std::move(reply);
    m_terminal->handleCommand(command.value());
    m_inCall = false;
    if (!m_callAnswered) {
        // Waits for the keypad. A reply still waiting belongs to a connection the link dropped: the
        // link would discard its answer anyway.
        m_waitingReply = std::move(m_callReply);
    }
    m_callReply = nullptr;
}

void FirmwareCard::onResponse(const perso::ResponseApdu& response)
{
    if (m_inCall && !m_callAnswered) {
        m_callAnswered = true;
        auto reply = std::move(m_callReply);
        m_callReply = nullptr;
        reply(response.encode());
        return;
    }
    if (m_waitingReply) {
        auto reply = std::move(m_waitingReply);
        m_waitingReply = nullptr;
        reply(response.encode());
    }
}

} // namespace perso::terminal::app
