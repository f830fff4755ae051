// SPDX-License-Identifier: Apache-2.0
#include "pcsc/ReaderWatcher.h"

#include "pcsc/Context.h"

#include <QMetaObject>
#include <QMutexLocker>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <vector>

namespace perso::pcsc {

namespace {

constexpr int kFirstBackoffMs = 100;
constexpr int kMaxBackoffMs = 5000;
constexpr char kPnpReader[] = "\\\\?PnP?\\Notification";

bool isServiceGone(LONG rv)
{
    return rv == SCARD_E_NO_SERVICE || rv == SCARD_E_SERVICE_STOPPED || rv == SCARD_E_INVALID_HANDLE;
}

// The reader names, or the SCARD_* code that stopped the listing. The list may grow between the
// size query and the read (SCARD_E_INSUFFICIENT_BUFFER): then it is read again, a few times at most.
LONG listReaderNames(SCARDCONTEXT context, QStringList& names)
{
    constexpr int kAttempts = 3;
    LONG rv = SCARD_E_INSUFFICIENT_BUFFER;
    for (int attempt = 0; attempt < kAttempts && rv == SCARD_E_INSUFFICIENT_BUFFER; ++attempt) {
        names.clear();
        DWORD size = 0;
        rv = SCardListReaders(context, nullptr, nullptr, &size);
        if (rv != SCARD_S_SUCCESS)
            break;
        std::vector<char> buffer(std::size_t(size), '\0');
        rv = SCardListReaders(context, nullptr, buffer.data(), &size);
        if (rv != SCARD_S_SUCCESS)
            continue;
        auto parsed = parseMultiString(buffer.data(), std::min<std::size_t>(size, buffer.size()));
        if (!parsed)
            return SCARD_E_INVALID_VALUE; // a malformed list: retried after the backoff
        names = std::move(parsed).value();
    }
    if (rv == SCARD_E_NO_READERS_AVAILABLE) {
        names.clear();
        return SCARD_S_SUCCESS;
    }
    return rv;
}

} // namespace

ReaderWatcher::ReaderWatcher() = default;

ReaderWatcher::~ReaderWatcher()
{
    releaseContext();
}

void ReaderWatcher::requestStop()
{
    m_stopping = true;
    QMutexLocker lock(&m_contextMutex);
    if (m_hasContext)
        SCardCancel(m_context);
}

void ReaderWatcher::begin()
{
    if (!m_retryTimer) {
        m_retryTimer = new QTimer(this);
        m_retryTimer->setSingleShot(true);
        connect(m_retryTimer, &QTimer::timeout, this, &ReaderWatcher::watchOnce);
    }
    watchOnce();
}

void ReaderWatcher::shutdown()
{
    m_stopping = true;
    if (m_retryTimer)
        m_retryTimer->stop();
    releaseContext();
    thread()->quit();
}

bool ReaderWatcher::establish()
{
    SCARDCONTEXT context = 0;
    if (SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &context) != SCARD_S_SUCCESS)
        return false;
    QMutexLocker lock(&m_contextMutex);
    m_context = context;
    m_hasContext = true;
    return true;
}

void ReaderWatcher::releaseContext()
{
    QMutexLocker lock(&m_contextMutex);
    if (m_hasContext)
        SCardReleaseContext(m_context);
    m_context = 0;
    m_hasContext = false;
}

void ReaderWatcher::queueNextRound()
{
    QMetaObject::invokeMethod(this, &ReaderWatcher::watchOnce, Qt::QueuedConnection);
}

void ReaderWatcher::serviceLost()
{
    releaseContext();
    m_lastEventState.clear();
    m_pnpState = SCARD_STATE_UNAWARE;
    publish({});
    if (m_serviceAvailable || m_backoffMs == 0)
        emit serviceAvailableChanged(false);
    m_serviceAvailable = false;
    m_backoffMs = m_backoffMs == 0 ? kFirstBackoffMs : std::min(2 * m_backoffMs, kMaxBackoffMs);
    m_retryTimer->start(m_backoffMs);
}

void ReaderWatcher::publish(const QList<ReaderState>& now)
{
    const auto events = diffReaderStates(m_known, now);
    m_known = now;
    for (const auto& e : events) {
        switch (e.type) {
        case ReaderEvent::Type::ReaderAdded:
            emit readerAdded(e.reader);
            break;
        case ReaderEvent::Type::ReaderRemoved:
            emit readerRemoved(e.reader);
            break;
        case ReaderEvent::Type::CardInserted:
            emit cardInserted(e.reader, e.atr);
            break;
        case ReaderEvent::Type::CardRemoved:
            emit cardRemoved(e.reader);
            break;
        }
    }
}

void ReaderWatcher::watchOnce()
{
    if (m_stopping)
        return;
    if (!m_hasContext) {
        if (!establish()) {
            serviceLost();
            return;
        }
        m_backoffMs = 0;
        m_serviceAvailable = true;
        emit serviceAvailableChanged(true);
    }

    QStringList names;
    LONG rv = listReaderNames(m_context, names);
    if (rv != SCARD_S_SUCCESS) {
        serviceLost(); // pcscd gone, or an error that retrying at once would only repeat
        return;
    }

    std::vector<QByteArray> utf8;
    utf8.reserve(std::size_t(names.size()));
    std::vector<SCARD_READERSTATE> states(std::size_t(names.size()) + 1);
    for (qsizetype i = 0; i < names.size(); ++i) {
        utf8.push_back(names[i].toUtf8());
        auto& s = states[std::size_t(i)];
        s.szReader = utf8.back().constData();
        const auto last = m_lastEventState.find(names[i]);
        s.dwCurrentState = last == m_lastEventState.end() ? SCARD_STATE_UNAWARE : last->second;
    }
    states.back().szReader = kPnpReader;
    states.back().dwCurrentState = m_pnpState;

    rv = SCardGetStatusChange(m_context, INFINITE, states.data(), DWORD(states.size()));
    if (m_stopping)
        return;
    if (isServiceGone(rv)) {
        serviceLost();
        return;
    }
    if (rv == SCARD_E_CANCELLED || rv == SCARD_E_TIMEOUT || rv == SCARD_E_UNKNOWN_READER ||
        rv == SCARD_E_READER_UNAVAILABLE) {
        queueNextRound(); // a stray cancel, or a reader that vanished before the call: list again
        return;
    }
    if (rv != SCARD_S_SUCCESS) {
        serviceLost();
        return;
    }

    m_pnpState = states.back().dwEventState & ~DWORD(SCARD_STATE_CHANGED);
    m_lastEventState.clear();
    QList<ReaderState> now;
    for (qsizetype i = 0; i < names.size(); ++i) {
        const auto& s = states[std::size_t(i)];
        const DWORD event = s.dwEventState;
        if (event & (SCARD_STATE_UNKNOWN | SCARD_STATE_IGNORE))
            continue; // the reader went away during the call
        m_lastEventState[names[i]] = event & ~DWORD(SCARD_STATE_CHANGED);
        ReaderState state;
        state.name = names[i];
        state.cardPresent = (event & SCARD_STATE_PRESENT) != 0;
        state.eventCount = std::uint16_t(event >> 16);
        if (state.cardPresent)
            state.atr =
                QByteArray(reinterpret_cast<const char*>(s.rgbAtr), qsizetype(std::min<DWORD>(s.cbAtr, MAX_ATR_SIZE)));
        now.append(state);
    }
    publish(now);
    queueNextRound();
}

} // namespace perso::pcsc
