// SPDX-License-Identifier: Apache-2.0
#include "app/terminallink/TerminalWatcher.h"

#include "app/terminallink/PcscTerminalTransport.h"
#include "app/terminallink/StatusWords.h"
#include "pcsc/ReaderMonitor.h"

namespace perso::station {

TerminalWatcher::TerminalWatcher(QString readerName, QObject* parent)
    : QObject(parent), m_readerName(std::move(readerName)), m_monitor(std::make_unique<pcsc::ReaderMonitor>())
{
    using pcsc::ReaderMonitor;
    connect(m_monitor.get(), &ReaderMonitor::readerAdded, this, &TerminalWatcher::onReaderAdded);
    connect(m_monitor.get(), &ReaderMonitor::readerRemoved, this, &TerminalWatcher::onReaderRemoved);
    connect(m_monitor.get(), &ReaderMonitor::cardInserted, this, &TerminalWatcher::onCardInserted);
    connect(m_monitor.get(), &ReaderMonitor::cardRemoved, this, &TerminalWatcher::onCardRemoved);
    connect(m_monitor.get(), &ReaderMonitor::serviceAvailableChanged, this, &TerminalWatcher::onServiceAvailable);
}

TerminalWatcher::~TerminalWatcher()
{
    stop();
}

void TerminalWatcher::start()
{
    m_monitor->start();
}

void TerminalWatcher::stop()
{
    m_monitor->stop();
}

bool TerminalWatcher::isRunning() const
{
    return m_monitor->isRunning();
}

void TerminalWatcher::onReaderAdded(const QString& reader)
{
    if (m_readers.contains(reader))
        return;
    m_readers.append(reader);
    if (!m_serviceAvailable)
        onServiceAvailable(true); // a reader proves pcscd is there
    emit readersChanged(m_readers);
}

void TerminalWatcher::onReaderRemoved(const QString& reader)
{
    if (reader == m_terminalReader)
        setTerminal({});
    if (m_readers.removeAll(reader) > 0)
        emit readersChanged(m_readers);
}

void TerminalWatcher::onCardInserted(const QString& reader, const QByteArray& atr)
{
    if (m_terminalReader.isEmpty() && isTerminal(reader, atr))
        setTerminal(reader);
}

void TerminalWatcher::onCardRemoved(const QString& reader)
{
    if (reader == m_terminalReader)
        setTerminal({});
}

void TerminalWatcher::onServiceAvailable(bool available)
{
    if (available == m_serviceAvailable)
        return;
    m_serviceAvailable = available;
    qCInfo(lcStationTerminal) << "pcscd" << (available ? "available" : "gone");
    if (!available) {
        setTerminal({});
        if (!m_readers.isEmpty()) {
            m_readers.clear();
            emit readersChanged(m_readers);
        }
    }
    emit serviceAvailableChanged(available);
}

bool TerminalWatcher::isTerminal(const QString& reader, const QByteArray& atr) const
{
    if (!m_readerName.isEmpty())
        return reader == m_readerName;
    return isTerminalAtr(atr);
}

void TerminalWatcher::setTerminal(const QString& reader)
{
    if (reader == m_terminalReader)
        return;
    const QString previous = m_terminalReader;
    m_terminalReader = reader;
    qCInfo(lcStationTerminal) << "terminal" << (reader.isEmpty() ? "gone from" : "present in")
                              << (reader.isEmpty() ? previous : reader);
    emit terminalPresenceChanged(!reader.isEmpty(), reader.isEmpty() ? previous : reader);
}

} // namespace perso::station
