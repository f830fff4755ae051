// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QObject>

class QSocketNotifier;

namespace perso::terminal::app {

// Turns SIGINT and SIGTERM into a Qt signal on the event loop (self-pipe: the handler only writes one
// byte to a socketpair), so that the emulator stops cleanly: the vpcd link closes and no card command
// is cut half-way (each one is persisted before it is answered). One instance per process.
class SignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(QObject* parent = nullptr);
    ~SignalWatcher() override;

    bool isInstalled() const { return m_notifier != nullptr; }

signals:
    void terminationRequested(int signalNumber);

private:
    void onReadable();

    QSocketNotifier* m_notifier = nullptr;
};

} // namespace perso::terminal::app
