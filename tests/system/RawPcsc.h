// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/core/Bytes.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <PCSC/winscard.h>
#include <PCSC/wintypes.h>

#include <string>
#include <vector>

// Thin helpers over the pcsc-lite C API for the system tests: the calls a PC/SC application makes,
// without our own pcsc/ library in between.
namespace perso::vpcd::test {

inline const char* const kReader0 = "Virtual PCD 00 00";
inline const char* const kReader1 = "Virtual PCD 00 01";

class RawContext
{
public:
    RawContext() { m_rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &m_context); }
    ~RawContext()
    {
        if (m_rv == SCARD_S_SUCCESS) {
            SCardReleaseContext(m_context);
        }
    }
    RawContext(const RawContext&) = delete;
    RawContext& operator=(const RawContext&) = delete;

    LONG result() const { return m_rv; }
    SCARDCONTEXT handle() const { return m_context; }

    std::vector<std::string> readers() const
    {
        DWORD size = 0;
        if (SCardListReaders(m_context, nullptr, nullptr, &size) != SCARD_S_SUCCESS || size == 0) {
            return {};
        }
        std::vector<char> names(size);
        if (SCardListReaders(m_context, nullptr, names.data(), &size) != SCARD_S_SUCCESS) {
            return {};
        }
        std::vector<std::string> out;
        for (const char* p = names.data(); *p != '\0'; p += std::char_traits<char>::length(p) + 1) {
            out.emplace_back(p);
        }
        return out;
    }

    // Blocks in SCardGetStatusChange until the reader shows a card (present = true) or none, or the
    // timeout passes. Returns the last event state (0 when the reader could not be queried).
    DWORD waitForCard(const char* reader, bool present, int timeoutMs, Bytes* atr = nullptr) const
    {
        SCARD_READERSTATE state{};
        state.szReader = reader;
        state.dwCurrentState = SCARD_STATE_UNAWARE;
        QElapsedTimer clock;
        clock.start();
        for (;;) {
            const qint64 left = std::max<qint64>(0, timeoutMs - clock.elapsed());
            const LONG rv = SCardGetStatusChange(m_context, static_cast<DWORD>(left), &state, 1);
            if (rv != SCARD_S_SUCCESS && rv != SCARD_E_TIMEOUT) {
                return 0;
            }
            const bool isPresent = (state.dwEventState & SCARD_STATE_PRESENT) != 0;
            if (isPresent == present || rv == SCARD_E_TIMEOUT || left == 0) {
                if (atr) {
                    atr->assign(state.rgbAtr, state.rgbAtr + std::min<DWORD>(state.cbAtr, MAX_ATR_SIZE));
                }
                return state.dwEventState;
            }
            state.dwCurrentState = state.dwEventState & ~SCARD_STATE_CHANGED;
        }
    }

private:
    SCARDCONTEXT m_context = 0;
    LONG m_rv = SCARD_F_UNKNOWN_ERROR;
};

class RawCard
{
public:
    RawCard(const RawContext& context, const char* reader)
    {
        m_rv = SCardConnect(context.handle(), reader, SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1,
                            &m_card, &m_protocol);
    }
    ~RawCard()
    {
        if (m_rv == SCARD_S_SUCCESS) {
            SCardDisconnect(m_card, SCARD_LEAVE_CARD);
        }
    }
    RawCard(const RawCard&) = delete;
    RawCard& operator=(const RawCard&) = delete;

    LONG result() const { return m_rv; }
    DWORD protocol() const { return m_protocol; }

    // Response (data ‖ SW) on success, the PC/SC error in *rv otherwise.
    Bytes transmit(const Bytes& command, LONG* rv) const
    {
        std::vector<BYTE> buffer(MAX_BUFFER_SIZE_EXTENDED);
        DWORD length = static_cast<DWORD>(buffer.size());
        const SCARD_IO_REQUEST* pci = m_protocol == SCARD_PROTOCOL_T1 ? SCARD_PCI_T1 : SCARD_PCI_T0;
        *rv = SCardTransmit(m_card, pci, command.data(), static_cast<DWORD>(command.size()), nullptr, buffer.data(),
                            &length);
        if (*rv != SCARD_S_SUCCESS) {
            return {};
        }
        return Bytes(buffer.begin(), buffer.begin() + length);
    }

    Bytes atr(LONG* rv) const
    {
        BYTE atr[MAX_ATR_SIZE];
        DWORD atrLength = sizeof atr;
        DWORD state = 0;
        DWORD protocol = 0;
        DWORD readerLength = 0;
        *rv = SCardStatus(m_card, nullptr, &readerLength, &state, &protocol, atr, &atrLength);
        return *rv == SCARD_S_SUCCESS ? Bytes(atr, atr + atrLength) : Bytes{};
    }

private:
    SCARDHANDLE m_card = 0;
    DWORD m_protocol = 0;
    LONG m_rv = SCARD_F_UNKNOWN_ERROR;
};

// scripts/pcscd-vpcd.sh <action> <rundir>; returns its first output line, or an empty string when it
// failed or did not finish within 30 s.
inline QString pcscdScript(const QString& action)
{
    QProcess script;
    script.start(QStringLiteral(PERSO_PCSCD_SCRIPT), {action, QStringLiteral(PERSO_PCSCD_RUNDIR)});
    if (!script.waitForFinished(30000)) {
        script.kill();
        script.waitForFinished(5000);
        return {};
    }
    const QString out = QString::fromLocal8Bit(script.readAllStandardOutput()).trimmed();
    return script.exitCode() == 0 || action == QLatin1String("status") ? out.section(QLatin1Char('\n'), 0, 0)
                                                                       : QString();
}

inline QString pcscError(LONG rv)
{
    return QString::fromLocal8Bit(pcsc_stringify_error(rv));
}

} // namespace perso::vpcd::test
