// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "terminal/bridge/VpcdCard.h"

#include <QTimer>

#include <atomic>
#include <cstdint>

namespace perso::vpcd::test {

// The card the system tests put behind the vpcd reader. Runs on the link's thread; the counters are
// read from the test thread. Commands (class 00):
//   B0 READ        Le bytes 00 01 02 … ‖ 9000 (Le 00 = 256)
//   CA SLOW        9000 after P1 × 100 ms, answered from a timer: the event loop keeps running
//   C4 T0-STYLE    61 20; then C0 GET RESPONSE with Le 20 gives 32 bytes A0 A1 … ‖ 9000
//   C6 WRONG-LE    6C 10 unless Le is 10; with Le 10, 16 bytes C0 C1 … ‖ 9000
//   other          the data field echoed ‖ 9000
class SystemCard : public VpcdCard
{
public:
    static Bytes defaultAtr() { return {0x3B, 0x02, 0x14, 0x50}; }

    Bytes atr() const override { return defaultAtr(); }
    void powerOn() override { ++powerOns; }
    void powerOff() override { ++powerOffs; }
    void reset() override { ++resets; }
    void transmit(const SecureBytes& apdu, Reply reply) override
    {
        ++commands;
        if (apdu.size() < 4) {
            reply(SecureBytes{0x67, 0x00});
            return;
        }
        const std::uint8_t ins = apdu[1];
        const std::uint8_t p1 = apdu[2];
        const std::size_t le = apdu.size() == 5 ? (apdu[4] == 0 ? 256 : apdu[4]) : 0;
        switch (ins) {
        case 0xB0:
            reply(pattern(0x00, le));
            return;
        case 0xCA:
            QTimer::singleShot(p1 * 100, [reply = std::move(reply)] { reply(SecureBytes{0x90, 0x00}); });
            return;
        case 0xC4:
            reply(SecureBytes{0x61, 0x20});
            return;
        case 0xC0:
            reply(le == 0x20 ? pattern(0xA0, 0x20) : SecureBytes{0x67, 0x00});
            return;
        case 0xC6:
            reply(le == 0x10 ? pattern(0xC0, 0x10) : SecureBytes{0x6C, 0x10});
            return;
        default: {
            SecureBytes response;
            if (apdu.size() > 5) {
                const std::size_t lc = apdu[4];
                response.assign(apdu.begin() + 5,
                                apdu.begin() + 5 + static_cast<std::ptrdiff_t>(std::min(lc, apdu.size() - 5)));
            }
            response.push_back(0x90);
            response.push_back(0x00);
            reply(std::move(response));
        }
        }
    }

    std::atomic<int> powerOns{0};
    std::atomic<int> powerOffs{0};
    std::atomic<int> resets{0};
    std::atomic<int> commands{0};

private:
    static SecureBytes pattern(std::uint8_t first, std::size_t length)
    {
        SecureBytes out;
        for (std::size_t i = 0; i < length; ++i) {
            out.push_back(static_cast<std::uint8_t>(first + i));
        }
        out.push_back(0x90);
        out.push_back(0x00);
        return out;
    }
};

} // namespace perso::vpcd::test
