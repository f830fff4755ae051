// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QObject>

class QSocketNotifier;

namespace perso::process {

// Turns SIGINT and SIGTERM into a Qt signal on the event loop (self-pipe: the handler only writes one
// byte to a socketpair), so that every executable stops cleanly: perso-terminal closes its vpcd link
// between card commands, perso-issuerd drains its connections. One instance per process.
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

} // namespace perso::process
