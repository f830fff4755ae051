// SPDX-License-Identifier: Apache-2.0
#pragma once

// The seam under TerminalClient: one command APDU to the secure terminal and its complete answer
// (T=0 follow-ups and command chaining done below this line). Production: PcscTerminalTransport over
// pcsc/; unit tests plug the in-process firmware in its place.

#include "app/core/TerminalLink.h"
#include "pcsc/PcscResult.h"
#include "protocol/apdu/CommandApdu.h"
#include "protocol/apdu/ResponseApdu.h"

#include <chrono>

namespace perso::station {

class TerminalTransport
{
public:
    virtual ~TerminalTransport() = default;

    // Finds and connects the terminal's reader if not connected (or reconnects after a connection was
    // abandoned). NoService, NoReader, ReaderUnavailable, NoCard, SharingViolation, ...
    virtual pcsc::PcscStatus open() = 0;
    virtual void close() = 0;
    virtual bool isOpen() const = 0;
    // The reader and ATR of the open connection (empty when closed).
    virtual TerminalReaderInfo readerInfo() const = 0;

    // One command and its whole answer, any status word, within `timeout`; Timeout when the terminal
    // did not answer in time (the connection is then abandoned: the next open() reconnects).
    virtual pcsc::PcscResult<ResponseApdu> transmit(const CommandApdu& command, std::chrono::milliseconds timeout) = 0;
};

} // namespace perso::station
