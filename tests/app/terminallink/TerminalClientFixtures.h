// SPDX-License-Identifier: Apache-2.0
#pragma once

// Transports for the TerminalClient unit tests: the in-process firmware (SecureTerminal) behind
// pcsc::exchangeApdu, so chaining and 61xx follow-ups run as in production, and a scripted one that
// answers from a queue and records what was sent.

#include "app/terminallink/TerminalTransport.h"
#include "pcsc/ApduExchange.h"
#include "terminal/firmware/SecureTerminal.h"

#include <QSignalSpy>

#include <deque>
#include <functional>
#include <optional>
#include <vector>

namespace perso::station::test {

struct SentCommand
{
    CommandApdu command;
    std::chrono::milliseconds timeout;
};

// One raw APDU into the firmware; the answer encoded as a reader would return it.
class FirmwareApduTransport final : public pcsc::ApduTransport
{
public:
    explicit FirmwareApduTransport(terminal::SecureTerminal& terminal) : m_terminal(terminal) {}

    pcsc::PcscResult<SecureBytes> transmitRaw(ByteView raw) override
    {
        auto command = CommandApdu::decode(raw);
        if (!command)
            return pcsc::makePcscError(pcsc::ErrorKind::InvalidArgument, QStringLiteral("undecodable command"));
        ++rawCommands;
        QSignalSpy spy(&m_terminal, &terminal::SecureTerminal::responseReady);
        m_terminal.handleCommand(command.value());
        if (spy.isEmpty() && onPending)
            onPending(); // the keypad is open: the test presses keys here
        if (spy.isEmpty() && waitForAnswerMs > 0)
            spy.wait(waitForAnswerMs); // e.g. the firmware's own keypad timeout
        if (spy.isEmpty())
            return pcsc::makePcscError(pcsc::ErrorKind::Timeout, QStringLiteral("no answer from the firmware"));
        return spy.takeFirst().at(0).value<ResponseApdu>().encode();
    }

    std::function<void()> onPending;
    int waitForAnswerMs = 0;
    int rawCommands = 0;

private:
    terminal::SecureTerminal& m_terminal;
};

class FirmwareTransport final : public TerminalTransport
{
public:
    explicit FirmwareTransport(terminal::SecureTerminal& terminal) : raw(terminal) {}

    pcsc::PcscStatus open() override
    {
        if (openError)
            return *openError;
        m_open = true;
        return Ok{};
    }
    void close() override { m_open = false; }
    bool isOpen() const override { return m_open; }
    TerminalReaderInfo readerInfo() const override
    {
        TerminalReaderInfo info;
        if (m_open) {
            info.reader = QStringLiteral("Firmware 00 00");
            info.atr = QByteArray::fromHex("3B0A504552534F2D5445524D");
        }
        return info;
    }
    pcsc::PcscResult<ResponseApdu> transmit(const CommandApdu& command, std::chrono::milliseconds timeout) override
    {
        sent.push_back({command, timeout});
        pcsc::ExchangeOptions options;
        options.timeout = timeout;
        return pcsc::exchangeApdu(raw, command, options);
    }

    FirmwareApduTransport raw;
    std::optional<pcsc::PcscError> openError;
    std::vector<SentCommand> sent;

private:
    bool m_open = false;
};

// Answers each command with the next scripted result (9000 with no data when the script is empty).
class ScriptedTransport final : public TerminalTransport
{
public:
    pcsc::PcscStatus open() override { return Ok{}; }
    void close() override {}
    bool isOpen() const override { return true; }
    TerminalReaderInfo readerInfo() const override { return {}; }
    pcsc::PcscResult<ResponseApdu> transmit(const CommandApdu& command, std::chrono::milliseconds timeout) override
    {
        sent.push_back({command, timeout});
        if (script.empty())
            return ResponseApdu(sw::kSuccess);
        auto next = script.front();
        script.pop_front();
        return next;
    }

    void answer(std::uint16_t statusWord, const char* hexData = "")
    {
        script.push_back(ResponseApdu(statusWord, secureFromHex(hexData)));
    }
    void fail(pcsc::ErrorKind kind) { script.push_back(pcsc::makePcscError(kind, QStringLiteral("scripted"))); }

    std::deque<pcsc::PcscResult<ResponseApdu>> script;
    std::vector<SentCommand> sent;
};

} // namespace perso::station::test
