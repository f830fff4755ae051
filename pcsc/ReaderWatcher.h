// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "pcsc/ReaderEvents.h"

#include <PCSC/winscard.h>

#include <QByteArray>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QString>

#include <atomic>
#include <map>

class QTimer;

namespace perso::pcsc {

// The worker behind ReaderMonitor; lives in the monitor's thread and owns its own SCARDCONTEXT
// there. Each round is one SCardGetStatusChange(INFINITE) on "\\?PnP?\Notification" plus every
// known reader, then the differences are emitted and the next round is queued through the event
// loop (so a stop request and the retry timer are served between rounds). Not for direct use.
class ReaderWatcher : public QObject
{
    Q_OBJECT

public:
    ReaderWatcher();
    ~ReaderWatcher() override;

    // Any thread: marks the watcher as stopping and cancels a blocking SCardGetStatusChange with
    // SCardCancel on the watcher's own context (the one call pcsc-lite allows from another thread).
    void requestStop();

public slots:
    void begin();    // watcher thread: establish the context and start watching
    void shutdown(); // watcher thread: release the context and quit the thread's event loop

signals:
    void readerAdded(const QString& reader);
    void readerRemoved(const QString& reader);
    void cardInserted(const QString& reader, const QByteArray& atr);
    void cardRemoved(const QString& reader);
    void serviceAvailableChanged(bool available);

private:
    void watchOnce();
    void queueNextRound();
    bool establish();
    void releaseContext();
    void serviceLost();
    void publish(const QList<ReaderState>& now);

    QMutex m_contextMutex; // guards m_context/m_hasContext against requestStop() from other threads
    SCARDCONTEXT m_context = 0;
    bool m_hasContext = false;
    std::atomic_bool m_stopping{false};
    bool m_serviceAvailable = false;

    QTimer* m_retryTimer = nullptr;
    int m_backoffMs = 0;
    DWORD m_pnpState = SCARD_STATE_UNAWARE;
    std::map<QString, DWORD> m_lastEventState; // per reader, fed back as dwCurrentState
    QList<ReaderState> m_known;
};

} // namespace perso::pcsc
