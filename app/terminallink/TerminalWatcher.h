// SPDX-License-Identifier: Apache-2.0
#pragma once

// Hot-plug of the terminal for the session engine: wraps pcsc::ReaderMonitor (its own thread, no
// polling) and tells when the readers change, when the terminal (a "card" whose ATR carries
// PERSO-TERM, or any card in the configured reader) appears or goes, and when pcscd comes and goes.
// What sits in the terminal's slot is not seen here: the engine polls TerminalLink::status().

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

namespace perso::pcsc {
class ReaderMonitor;
}

namespace perso::station {

class TerminalWatcher : public QObject
{
    Q_OBJECT

public:
    // `readerName` empty: any reader whose card has the terminal's ATR.
    explicit TerminalWatcher(QString readerName = {}, QObject* parent = nullptr);
    ~TerminalWatcher() override;

    void start();
    void stop();
    bool isRunning() const;

    QStringList readers() const { return m_readers; }
    bool isTerminalPresent() const { return !m_terminalReader.isEmpty(); }
    QString terminalReader() const { return m_terminalReader; }
    bool isServiceAvailable() const { return m_serviceAvailable; }

signals:
    void readersChanged(const QStringList& readers);
    void terminalPresenceChanged(bool present, const QString& reader);
    void serviceAvailableChanged(bool available);

private:
    void onReaderAdded(const QString& reader);
    void onReaderRemoved(const QString& reader);
    void onCardInserted(const QString& reader, const QByteArray& atr);
    void onCardRemoved(const QString& reader);
    void onServiceAvailable(bool available);
    bool isTerminal(const QString& reader, const QByteArray& atr) const;
    void setTerminal(const QString& reader);

    QString m_readerName;
    std::unique_ptr<pcsc::ReaderMonitor> m_monitor;
    QStringList m_readers;
    QString m_terminalReader;
    bool m_serviceAvailable = false;
};

} // namespace perso::station
