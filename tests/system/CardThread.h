// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "RawPcsc.h"
#include "terminal/bridge/VpcdLink.h"

#include <QThread>

#include <atomic>
#include <memory>

namespace perso::vpcd::test {

// Short reconnection backoff, so that the tests see the link come back quickly.
inline VpcdLinkOptions fastRetry(std::uint16_t port)
{
    VpcdLinkOptions options;
    options.port = port;
    options.minRetryDelay = std::chrono::milliseconds(20);
    options.maxRetryDelay = std::chrono::milliseconds(250);
    return options;
}

// A VpcdLink living in its own QThread with its own event loop, as in the terminal, so that the test
// thread can block in PC/SC calls while the card answers. Link state is mirrored into atomics.
class CardThread
{
public:
    explicit CardThread(std::shared_ptr<VpcdCard> card, VpcdLinkOptions options = fastRetry(kReader0Port))
    {
        m_link = new VpcdLink(std::move(card), std::move(options));
        QObject::connect(
            m_link, &VpcdLink::connected, m_link,
            [this] {
                ++connects;
                linked = true;
            },
            Qt::DirectConnection);
        QObject::connect(
            m_link, &VpcdLink::disconnected, m_link,
            [this] {
                ++disconnects;
                linked = false;
            },
            Qt::DirectConnection);
        m_link->moveToThread(&m_thread);
        QObject::connect(&m_thread, &QThread::finished, m_link, &QObject::deleteLater);
        m_thread.start();
    }
    ~CardThread()
    {
        pull();
        m_thread.quit();
        m_thread.wait();
    }
    CardThread(const CardThread&) = delete;
    CardThread& operator=(const CardThread&) = delete;

    // Inserts the card and waits (bounded) until pcscd shows it in `reader`. Waits first until pcscd has
    // seen the previous card of that reader go: vpcd notices a closed connection only at its next
    // presence poll, and until then pcscd still shows the old card.
    bool insertAndWait(const RawContext& context, const char* reader, int timeoutMs = 5000)
    {
        if ((context.waitForCard(reader, false, timeoutMs) & SCARD_STATE_EMPTY) == 0) {
            return false;
        }
        insert();
        return (context.waitForCard(reader, true, timeoutMs) & SCARD_STATE_PRESENT) != 0;
    }
    void insert() { QMetaObject::invokeMethod(m_link, &VpcdLink::connectCard, Qt::BlockingQueuedConnection); }
    void pull() { QMetaObject::invokeMethod(m_link, &VpcdLink::disconnectCard, Qt::BlockingQueuedConnection); }

    std::atomic<bool> linked{false};
    std::atomic<int> connects{0};
    std::atomic<int> disconnects{0};

private:
    QThread m_thread;
    VpcdLink* m_link = nullptr;
};

} // namespace perso::vpcd::test
