// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "terminal/bridge/VpcdCard.h"

#include <optional>
#include <vector>

namespace perso::vpcd::test {

// A VpcdCard for tests: counts power events, records commands and answers each with its data field
// echoed followed by 9000 — at once, or, in deferred mode, only when the test calls answer().
class ScriptedCard : public VpcdCard
{
public:
    Bytes atr() const override { return m_atr; }
    void powerOn() override { ++powerOns; }
    void powerOff() override { ++powerOffs; }
    void reset() override { ++resets; }
    void transmit(const SecureBytes& apdu, Reply reply) override
    {
        commands.push_back(apdu);
        if (m_fixedResponse) {
            reply(*m_fixedResponse);
            return;
        }
        if (m_deferred) {
            m_pending.push_back(std::move(reply));
            return;
        }
        reply(echo(apdu));
    }

    static SecureBytes echo(const SecureBytes& apdu)
    {
        SecureBytes response;
        if (apdu.size() > 5) {
            response.assign(apdu.begin() + 5, apdu.end());
        }
        response.push_back(0x90);
        response.push_back(0x00);
        return response;
    }

    void setAtr(Bytes atr) { m_atr = std::move(atr); }
    void setDeferred(bool deferred) { m_deferred = deferred; }
    void setFixedResponse(SecureBytes response) { m_fixedResponse = std::move(response); }
    std::size_t pendingReplies() const { return m_pending.size(); }
    // Answers the oldest deferred command (echo unless a response is given).
    void answer(std::optional<SecureBytes> response = std::nullopt)
    {
        Reply reply = std::move(m_pending.front());
        m_pending.erase(m_pending.begin());
        reply(response ? *response : echo(commands.back()));
    }

    int powerOns = 0;
    int powerOffs = 0;
    int resets = 0;
    std::vector<SecureBytes> commands;

private:
    Bytes m_atr{0x3B, 0x02, 0x14, 0x50};
    bool m_deferred = false;
    std::optional<SecureBytes> m_fixedResponse;
    std::vector<Reply> m_pending;
};

} // namespace perso::vpcd::test
