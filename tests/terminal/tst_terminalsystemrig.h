// SPDX-License-Identifier: Apache-2.0
#pragma once

// The secure terminal as a real PC/SC reader for the system tests and the terminal benchmark: a
// SecureTerminal behind the emulator's VpcdCard adapter (app::FirmwareCard) on a VpcdLink, all living
// in their own QThread as in perso-terminal, connected to vpcd's first reader. The test thread plays
// the station through perso::pcsc and the real pcscd; keypad presses and card insertions are queued
// into the terminal's thread.

#include "pcsc/ApduExchange.h"
#include "pcsc/CardConnection.h"
#include "pcsc/Context.h"
#include "terminal/app/FirmwareCard.h"
#include "terminal/bridge/VpcdCard.h"
#include "terminal/bridge/VpcdLink.h"
#include "terminal/firmware/Key.h"
#include "terminal/firmware/SecureTerminal.h"
#include "tests/system/RawPcsc.h"

#include <QThread>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <vector>

namespace perso::terminal::systest {

// Owns the terminal's thread. Everything touching the terminal goes through a queued call.
class TerminalRig
{
public:
    // Everything of the terminal is created on its own thread, as the emulator's link thread would own
    // it, so no object of the rig ever crosses threads.
    explicit TerminalRig(TerminalConfig config, std::shared_ptr<vpcd::VpcdCard> linkCard = nullptr)
    {
        m_anchor.moveToThread(&m_thread);
        m_thread.start();
        QMetaObject::invokeMethod(
            &m_anchor,
            [&] {
                m_terminal = new SecureTerminal(std::move(config));
                m_card = std::make_shared<app::FirmwareCard>(*m_terminal);
                vpcd::VpcdLinkOptions options;
                options.port = vpcd::kReader0Port;
                options.minRetryDelay = std::chrono::milliseconds(20);
                options.maxRetryDelay = std::chrono::milliseconds(250);
                m_link = new vpcd::VpcdLink(linkCard ? std::move(linkCard) : m_card, options);
                QObject::connect(
                    m_link, &vpcd::VpcdLink::connected, m_link, [this] { linked = true; }, Qt::DirectConnection);
                QObject::connect(
                    m_link, &vpcd::VpcdLink::disconnected, m_link, [this] { linked = false; }, Qt::DirectConnection);
            },
            Qt::BlockingQueuedConnection);
    }
    ~TerminalRig()
    {
        QMetaObject::invokeMethod(
            &m_anchor,
            [this] {
                m_link->disconnectCard();
                delete m_link;
                m_card.reset();
                delete m_terminal;
            },
            Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
    TerminalRig(const TerminalRig&) = delete;
    TerminalRig& operator=(const TerminalRig&) = delete;

    // Runs f(terminal) on the terminal's thread and returns its value.
    template <typename F> auto call(F f)
    {
        using R = decltype(f(*m_terminal));
        SecureTerminal* terminal = m_terminal;
        if constexpr (std::is_void_v<R>) {
            QMetaObject::invokeMethod(
                m_terminal, [&f, terminal] { f(*terminal); }, Qt::BlockingQueuedConnection);
        } else {
            R result{};
            QMetaObject::invokeMethod(
                m_terminal, [&f, &result, terminal] { result = f(*terminal); }, Qt::BlockingQueuedConnection);
            return result;
        }
    }

    bool insertCard(std::shared_ptr<cards::VirtualCard> card)
    {
        return call([card](SecureTerminal& t) { return t.insertCard(card); });
    }
    void removeCard()
    {
        call([](SecureTerminal& t) { t.removeCard(); });
    }
    bool busy()
    {
        return call([](SecureTerminal& t) { return t.isBusy(); });
    }
    TerminalState state()
    {
        return call([](SecureTerminal& t) { return t.state(); });
    }

    // Queues key presses into the terminal's thread, like the keypad's driver does: the digits, then OK.
    void type(const char* digits)
    {
        for (const char* c = digits; *c; ++c)
            queueKey(*keyForDigit(*c));
        queueKey(Key::Ok);
    }
    void queueKey(Key key)
    {
        QMetaObject::invokeMethod(
            m_terminal, [terminal = m_terminal, key] { terminal->keyPressed(key); }, Qt::QueuedConnection);
    }

    // Puts the terminal into the reader and waits (bounded) until pcscd shows it.
    bool connectToReader(int timeoutMs = 10000)
    {
        vpcd::test::RawContext context;
        if ((context.waitForCard(vpcd::test::kReader0, false, timeoutMs) & SCARD_STATE_EMPTY) == 0)
            return false;
        QMetaObject::invokeMethod(m_link, &vpcd::VpcdLink::connectCard, Qt::BlockingQueuedConnection);
        return (context.waitForCard(vpcd::test::kReader0, true, timeoutMs) & SCARD_STATE_PRESENT) != 0;
    }

    std::atomic<bool> linked{false};

private:
    QThread m_thread;
    QObject m_anchor;
    SecureTerminal* m_terminal = nullptr;
    std::shared_ptr<app::FirmwareCard> m_card; // termapp's adapter: power cycles keep the session
    vpcd::VpcdLink* m_link = nullptr;
};

// The station: one PC/SC connection to the terminal's reader through our own host library.
class Station
{
public:
    bool open(QString* error = nullptr)
    {
        m_connection.reset();
        auto connection = pcsc::CardConnection::connect(m_context, QLatin1String(vpcd::test::kReader0));
        if (!connection) {
            if (error)
                *error = connection.error().text();
            return false;
        }
        m_connection = std::move(connection).value();
        return true;
    }
    void close() { m_connection.reset(); }
    pcsc::Context& context() { return m_context; }

    pcsc::PcscResult<ResponseApdu> send(const CommandApdu& command, pcsc::ExchangeStats* stats = nullptr)
    {
        if (!m_connection)
            return pcsc::makePcscError(pcsc::ErrorKind::InvalidHandle, QStringLiteral("no connection"));
        return pcsc::exchangeApdu(*m_connection, command, {}, stats);
    }

    // A command that waits for the keypad: the exchange blocks in SCardTransmit on a worker thread
    // while this thread waits for the keypad to open and types each entry. nullopt when the exchange
    // did not end within the timeout.
    std::optional<pcsc::PcscResult<ResponseApdu>>
    sendTyping(TerminalRig& rig, const CommandApdu& command, const std::vector<const char*>& entries,
               std::chrono::milliseconds timeout = std::chrono::seconds(10))
    {
        auto pending = std::async(std::launch::async, [this, command] { return send(command); });
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        bool typed = false;
        while (!typed && std::chrono::steady_clock::now() < deadline) {
            if (pending.wait_for(std::chrono::milliseconds(0)) == std::future_status::ready)
                break;
            if (rig.busy()) {
                for (const char* entry : entries)
                    rig.type(entry);
                typed = true;
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(2)); // polling a real condition, bounded
        }
        if (pending.wait_until(deadline) != std::future_status::ready) {
            rig.queueKey(Key::Cancel); // let the worker's transmit end before giving up on it
            pending.wait_for(std::chrono::seconds(5));
            return std::nullopt;
        }
        return pending.get();
    }

private:
    pcsc::Context m_context;
    std::unique_ptr<pcsc::CardConnection> m_connection;
};

} // namespace perso::terminal::systest
