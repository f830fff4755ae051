// SPDX-License-Identifier: Apache-2.0
#include "pcsc/ReaderMonitor.h"

#include "pcsc/ReaderWatcher.h"

#include <QDeadlineTimer>
#include <QMetaObject>

namespace perso::pcsc {

namespace {
constexpr int kStopRounds = 50;   // SCardCancel again every 100 ms for up to 5 s ...
constexpr int kStopRoundMs = 100; // ... in case the first one came between two blocking calls
} // namespace

ReaderMonitor::ReaderMonitor(QObject* parent) : QObject(parent)
{
    m_thread.setObjectName(QStringLiteral("pcsc-reader-monitor"));
}

ReaderMonitor::~ReaderMonitor()
{
    stop();
}

void ReaderMonitor::start()
{
    if (m_watcher)
        return;
    m_watcher = new ReaderWatcher;
    m_watcher->moveToThread(&m_thread);
    connect(m_watcher, &ReaderWatcher::readerAdded, this, &ReaderMonitor::readerAdded);
    connect(m_watcher, &ReaderWatcher::readerRemoved, this, &ReaderMonitor::readerRemoved);
    connect(m_watcher, &ReaderWatcher::cardInserted, this, &ReaderMonitor::cardInserted);
    connect(m_watcher, &ReaderWatcher::cardRemoved, this, &ReaderMonitor::cardRemoved);
    connect(m_watcher, &ReaderWatcher::serviceAvailableChanged, this, &ReaderMonitor::serviceAvailableChanged);
    m_thread.start();
    QMetaObject::invokeMethod(m_watcher, &ReaderWatcher::begin, Qt::QueuedConnection);
}

void ReaderMonitor::stop()
{
    if (!m_watcher)
        return;
    m_watcher->requestStop();
    QMetaObject::invokeMethod(m_watcher, &ReaderWatcher::shutdown, Qt::QueuedConnection);
    for (int round = 0; round < kStopRounds && !m_thread.wait(QDeadlineTimer(kStopRoundMs)); ++round)
        m_watcher->requestStop();
    if (m_thread.isRunning()) {
        qWarning("pcsc: the reader monitor did not stop within %d ms; waiting for it", kStopRounds * kStopRoundMs);
        m_thread.wait();
    }
    // The thread has finished and shutdown() stopped the retry timer: the watcher can go from here.
    delete m_watcher;
    m_watcher = nullptr;
}

} // namespace perso::pcsc
