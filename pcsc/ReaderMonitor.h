// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QThread>

namespace perso::pcsc {

class ReaderWatcher;

// Hot-plug events for every PC/SC reader, from a thread of its own with its own SCARDCONTEXT
// blocking in SCardGetStatusChange (no polling). Create, connect, start():
//
//     ReaderMonitor monitor;
//     connect(&monitor, &ReaderMonitor::cardInserted, this, &Station::onCardInserted);
//     monitor.start();
//
// After start() the current state is reported first (readerAdded for each reader present,
// cardInserted for each card in one), then every change. The signals are emitted from the monitor
// thread; receivers in other threads get them queued (the default connection). When pcscd goes
// away, each known card and reader is reported removed, serviceAvailableChanged(false) is emitted,
// and the monitor re-establishes its context with a bounded backoff (100 ms doubling to 5 s) driven
// by a QTimer; when pcscd is back, serviceAvailableChanged(true) and the readers follow.
//
// stop() (also called by the destructor) cancels the blocking call with SCardCancel on the
// monitor's own context and joins the thread; it never terminates it. start()/stop() are called
// from the thread that owns the monitor.
class ReaderMonitor : public QObject
{
    Q_OBJECT

public:
    explicit ReaderMonitor(QObject* parent = nullptr);
    ~ReaderMonitor() override;

    void start();
    void stop();
    bool isRunning() const { return m_thread.isRunning(); }

signals:
    void readerAdded(const QString& reader);
    void readerRemoved(const QString& reader);
    void cardInserted(const QString& reader, const QByteArray& atr);
    void cardRemoved(const QString& reader);
    void serviceAvailableChanged(bool available);

private:
    QThread m_thread;
    ReaderWatcher* m_watcher = nullptr;
};

} // namespace perso::pcsc
