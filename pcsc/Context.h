// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "pcsc/PcscResult.h"

#include <PCSC/winscard.h>

#include <QStringList>

#include <functional>

namespace perso::pcsc {

// One pcsc-lite SCARDCONTEXT, owned by one thread (pcsc-lite allows one context per thread; only
// SCardCancel may come from another thread). The context is established lazily on first use and
// re-established when pcscd went away or was restarted: a call that fails with SCARD_E_NO_SERVICE,
// SCARD_E_SERVICE_STOPPED or SCARD_E_INVALID_HANDLE releases the context, establishes a new one and
// runs once more. Card handles made on the old context are dead after that: their calls fail with
// NoService/InvalidHandle and the caller connects again.
class Context
{
public:
    Context() = default;
    ~Context();
    Context(const Context&) = delete;
    Context& operator=(const Context&) = delete;

    // Establishes the context if there is none yet. NoService when pcscd is not running.
    PcscStatus establish();
    // Releases the context (scrubbed state, no open handle is touched).
    void release();
    bool isEstablished() const { return m_established; }
    // How many times the context was established (1 after the first use, +1 per re-establishment).
    int generation() const { return m_generation; }

    // Readers known to pcscd, in its order; an empty list (not an error) when there is none.
    PcscResult<QStringList> listReaders();

    // Runs `call(handle)` on an established context; on a lost service it re-establishes and runs it
    // once more. Returns the last SCARD_* code (SCARD_S_SUCCESS on success) or the establish error.
    // For CardConnection and ReaderMonitor; `what` names the call in errors.
    PcscStatus run(const std::function<LONG(SCARDCONTEXT)>& call, const QString& what);
    SCARDCONTEXT handle() const { return m_context; }

private:
    SCARDCONTEXT m_context = 0;
    bool m_established = false;
    int m_generation = 0;
};

// Splits a pcsc-lite multi-string ("a\0b\0\0") of `length` bytes; a list that is not
// NUL-terminated within `length` is MalformedResponse.
PcscResult<QStringList> parseMultiString(const char* data, std::size_t length);

} // namespace perso::pcsc
