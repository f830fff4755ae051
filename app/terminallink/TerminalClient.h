// SPDX-License-Identifier: Apache-2.0
#pragma once

// TerminalLink over a TerminalTransport: the command set of docs/terminal.md, the answers decoded
// strictly (protocol/terminal/TerminalAnswers.h), status words and pcsc errors mapped to
// StationErrorKind in StatusWords.cpp. Blocking; used from the engine thread only.
//
// Time bounds: RETAILER SIGN-ON and RUN STEP (which wait for the keypad) get the keypad timeout plus
// kKeypadMargin, every other command kCommandTimeout. While the keypad is open the command blocks in
// pcsc: the CancelToken cannot interrupt it (it is checked before the command is sent); the keypad's
// own Cancel key ends the entry (6401 -> KeypadCancelled). A command that runs out of time gives
// TerminalUnresponsive and the connection is reopened by the next command.

#include "app/core/TerminalLink.h"
#include "app/terminallink/TerminalTransport.h"

#include <chrono>
#include <memory>

namespace perso::station {

class TerminalClient final : public TerminalLink
{
public:
    static constexpr std::chrono::milliseconds kCommandTimeout{10000};
    static constexpr std::chrono::milliseconds kKeypadMargin{10000};
    // One LOAD PACKAGE command carries at most this many bytes; longer packages go in segments.
    static constexpr std::size_t kMaxSegment = 65535;

    // Production: PcscTerminalTransport on `readerName` (empty: the reader with the terminal's ATR).
    TerminalClient(QString readerName, std::chrono::seconds keypadTimeout);
    // Tests (and other transports).
    TerminalClient(std::unique_ptr<TerminalTransport> transport, std::chrono::seconds keypadTimeout);
    ~TerminalClient() override;

    StationResult<TerminalReaderInfo> open() override;
    void close() override;
    StationResult<TerminalStatus> status() override;
    StationResult<RetailerIdentity> retailerSignOn(const CancelToken& cancel) override;
    StationResult<Bytes> relay(const Bytes& commandApdu) override;
    StationResult<SecureBytes> dataKey() override;
    StationResult<Bytes> readCardIdentity() override;
    StationResult<std::uint16_t> loadPackage(const Bytes& package) override;
    StationResult<StepProgress> runStep() override;
    StationResult<StepProgress> abort() override;
    StationResult<Bytes> result() override;
    StationStatus endSession() override;

    // The bound given to the keypad commands.
    std::chrono::milliseconds keypadCommandTimeout() const { return m_keypadTimeout + kKeypadMargin; }
    TerminalTransport& transport() { return *m_transport; }

private:
    StationResult<ResponseApdu> send(const CommandApdu& command, std::chrono::milliseconds timeout);
    // send() and anything but 9000 as the mapped error.
    StationResult<ResponseApdu> sendExpectingSuccess(const CommandApdu& command, std::chrono::milliseconds timeout);
    StationResult<StepProgress> stepCommand(std::uint8_t ins, std::chrono::milliseconds timeout);

    std::unique_ptr<TerminalTransport> m_transport;
    std::chrono::milliseconds m_keypadTimeout;
};

} // namespace perso::station
