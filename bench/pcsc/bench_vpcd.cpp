// SPDX-License-Identifier: Apache-2.0
// APDU round trips per second through the real pcscd + vpcd driver against an in-process card behind
// a VpcdLink on its own thread, with the link's TCP_QUICKACK re-arm (reader 00 00) and without it
// (reader 00 01). Needs a running pcscd with vpcd (scripts/bench.sh starts one).
#include "terminal/bridge/VpcdLink.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>

#include <PCSC/winscard.h>
#include <PCSC/wintypes.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <memory>
#include <vector>

using namespace perso;
using namespace perso::vpcd;

namespace {

// Echoes the data field (or Le bytes of zeros for a case 2 command) followed by 9000, synchronously.
class EchoCard : public VpcdCard
{
public:
    Bytes atr() const override { return {0x3B, 0x02, 0x14, 0x50}; }
    void powerOn() override {}
    void powerOff() override {}
    void reset() override {}
    void transmit(const SecureBytes& apdu, Reply reply) override
    {
        SecureBytes response;
        if (apdu.size() == 5) {
            response.assign(apdu[4] == 0 ? 256 : apdu[4], 0);
        } else if (apdu.size() > 5) {
            response.assign(apdu.begin() + 5, apdu.end());
        }
        response.push_back(0x90);
        response.push_back(0x00);
        reply(std::move(response));
    }
};

// A link on its own thread with its own event loop, as the terminal runs it.
class LinkThread
{
public:
    LinkThread(std::uint16_t port, bool quickAck)
    {
        VpcdLinkOptions options;
        options.port = port;
        options.rearmQuickAck = quickAck;
        m_link = new VpcdLink(std::make_shared<EchoCard>(), options);
        m_link->moveToThread(&m_thread);
        QObject::connect(&m_thread, &QThread::finished, m_link, &QObject::deleteLater);
        m_thread.start();
        QMetaObject::invokeMethod(m_link, &VpcdLink::connectCard, Qt::BlockingQueuedConnection);
    }
    ~LinkThread()
    {
        QMetaObject::invokeMethod(m_link, &VpcdLink::disconnectCard, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }

private:
    QThread m_thread;
    VpcdLink* m_link = nullptr;
};

bool waitForCard(SCARDCONTEXT context, const char* reader, int timeoutMs)
{
    SCARD_READERSTATE state{};
    state.szReader = reader;
    state.dwCurrentState = SCARD_STATE_UNAWARE;
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < timeoutMs) {
        const auto left = static_cast<DWORD>(timeoutMs - clock.elapsed());
        if (SCardGetStatusChange(context, left, &state, 1) != SCARD_S_SUCCESS) {
            return false;
        }
        if (state.dwEventState & SCARD_STATE_PRESENT) {
            return true;
        }
        state.dwCurrentState = state.dwEventState & ~SCARD_STATE_CHANGED;
    }
    return false;
}

struct Figures
{
    int count = 0;
    double perSecond = 0;
    double p50us = 0;
    double p99us = 0;
};

// Transmits `command` `warmUp` times untimed, then repeatedly for about `budgetMs` (at most maxCount
// times).
bool measure(SCARDHANDLE card, DWORD protocol, const Bytes& command, int budgetMs, int maxCount, int warmUp,
             Figures& out)
{
    const SCARD_IO_REQUEST* pci = protocol == SCARD_PROTOCOL_T1 ? SCARD_PCI_T1 : SCARD_PCI_T0;
    std::vector<BYTE> response(MAX_BUFFER_SIZE_EXTENDED);
    for (int i = 0; i < warmUp; ++i) {
        DWORD length = static_cast<DWORD>(response.size());
        if (SCardTransmit(card, pci, command.data(), static_cast<DWORD>(command.size()), nullptr, response.data(),
                          &length) != SCARD_S_SUCCESS) {
            break; // reported by the timed loop
        }
    }
    std::vector<double> samples;
    QElapsedTimer total;
    total.start();
    QElapsedTimer one;
    while (total.elapsed() < budgetMs && static_cast<int>(samples.size()) < maxCount) {
        DWORD length = static_cast<DWORD>(response.size());
        one.start();
        const LONG rv = SCardTransmit(card, pci, command.data(), static_cast<DWORD>(command.size()), nullptr,
                                      response.data(), &length);
        samples.push_back(static_cast<double>(one.nsecsElapsed()) / 1000.0);
        if (rv != SCARD_S_SUCCESS || length < 2 || response[length - 2] != 0x90) {
            std::fprintf(stderr, "SCardTransmit failed: %s\n", pcsc_stringify_error(rv));
            return false;
        }
    }
    const double seconds = static_cast<double>(total.nsecsElapsed()) / 1e9;
    out.count = static_cast<int>(samples.size());
    out.perSecond = out.count / seconds;
    std::sort(samples.begin(), samples.end());
    out.p50us = samples[samples.size() / 2];
    out.p99us = samples[std::min(samples.size() - 1, samples.size() * 99 / 100)];
    return true;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);

    SCARDCONTEXT context = 0;
    LONG rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &context);
    if (rv != SCARD_S_SUCCESS) {
        std::fprintf(stderr, "pcscd does not answer (%s): start it with scripts/pcscd-vpcd.sh start <rundir>\n",
                     pcsc_stringify_error(rv));
        return 1;
    }

    struct Setup
    {
        const char* reader;
        std::uint16_t port;
        bool quickAck;
        int budgetMs;
        int maxCount;
        int warmUp;
    };
    const Setup setups[] = {
        {"Virtual PCD 00 00", kReader0Port, true, 1000, 200000, 500},
        {"Virtual PCD 00 01", kReader1Port, false, 1000, 40, 2},
    };
    struct Apdu
    {
        const char* name;
        Bytes command;
    };
    Bytes case3(5 + 255, 0x5A);
    case3[0] = 0x00, case3[1] = 0xD6, case3[2] = 0x00, case3[3] = 0x00, case3[4] = 0xFF;
    const Apdu apdus[] = {
        {"case 1 (4 bytes)", {0x00, 0xA4, 0x00, 0x00}},
        {"case 2, Le 16", {0x00, 0xB0, 0x00, 0x00, 0x10}},
        {"case 2, Le 256", {0x00, 0xB0, 0x00, 0x00, 0x00}},
        {"case 3, 255 bytes", case3},
    };

    std::printf("APDU round trips through pcscd + vpcd (SCardTransmit, in-process card on its own thread)\n");
    std::printf("%-22s %-16s %8s %12s %10s %10s\n", "link", "command", "APDUs", "APDU/s", "p50 us", "p99 us");
    int status = 0;
    for (const Setup& setup : setups) {
        LinkThread link(setup.port, setup.quickAck);
        if (!waitForCard(context, setup.reader, 5000)) {
            std::fprintf(stderr, "no card in %s: is vpcd configured (vsmartcard-vpcd)?\n", setup.reader);
            status = 1;
            continue;
        }
        SCARDHANDLE card = 0;
        DWORD protocol = 0;
        rv = SCardConnect(context, setup.reader, SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &card,
                          &protocol);
        if (rv != SCARD_S_SUCCESS) {
            std::fprintf(stderr, "SCardConnect(%s): %s\n", setup.reader, pcsc_stringify_error(rv));
            status = 1;
            continue;
        }
        for (const Apdu& apdu : apdus) {
            Figures figures;
            if (!measure(card, protocol, apdu.command, setup.budgetMs, setup.maxCount, setup.warmUp, figures)) {
                status = 1;
                break;
            }
            std::printf("%-22s %-16s %8d %12.0f %10.1f %10.1f\n",
                        setup.quickAck ? "NODELAY+QUICKACK" : "NODELAY, no QUICKACK", apdu.name, figures.count,
                        figures.perSecond, figures.p50us, figures.p99us);
        }
        SCardDisconnect(card, SCARD_LEAVE_CARD);
    }
    SCardReleaseContext(context);
    return status;
}
