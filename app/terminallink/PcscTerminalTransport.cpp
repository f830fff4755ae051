// SPDX-License-Identifier: Apache-2.0
#include "app/terminallink/PcscTerminalTransport.h"

#include "pcsc/ApduExchange.h"
#include "pcsc/ReaderFeatures.h"

#include "app/terminallink/StatusWords.h"

namespace perso::station {

using pcsc::ErrorKind;
using pcsc::PcscStatus;

QByteArray atrHistoricalBytes(const QByteArray& atr)
{
    if (atr.size() < 2)
        return {};
    const auto byteAt = [&](qsizetype i) { return static_cast<std::uint8_t>(atr.at(i)); };
    const int historical = byteAt(1) & 0x0F;
    qsizetype pos = 2;
    std::uint8_t indicator = byteAt(1); // T0, then TDi: the high nibble says which of TA..TD follow
    for (;;) {
        const int interfaceBytes = ((indicator >> 4) & 1) + ((indicator >> 5) & 1) + ((indicator >> 6) & 1);
        pos += interfaceBytes;
        if ((indicator & 0x80) == 0)
            break;
        if (pos >= atr.size())
            return {};
        indicator = byteAt(pos); // TDi
        ++pos;
    }
    if (pos + historical > atr.size())
        return {};
    return atr.mid(pos, historical);
}

bool isTerminalAtr(const QByteArray& atr)
{
    return atrHistoricalBytes(atr).contains(kTerminalAtrMarker);
}

QString readerFeatureName(std::uint8_t tag)
{
    static const char* const names[] = {
        nullptr,                            // 0x00
        "FEATURE_VERIFY_PIN_START",         // 0x01
        "FEATURE_VERIFY_PIN_FINISH",        // 0x02
        "FEATURE_MODIFY_PIN_START",         // 0x03
        "FEATURE_MODIFY_PIN_FINISH",        // 0x04
        "FEATURE_GET_KEY_PRESSED",          // 0x05
        "FEATURE_VERIFY_PIN_DIRECT",        // 0x06
        "FEATURE_MODIFY_PIN_DIRECT",        // 0x07
        "FEATURE_MCT_READER_DIRECT",        // 0x08
        "FEATURE_MCT_UNIVERSAL",            // 0x09
        "FEATURE_IFD_PIN_PROPERTIES",       // 0x0A
        "FEATURE_ABORT",                    // 0x0B
        "FEATURE_SET_SPE_MESSAGE",          // 0x0C
        "FEATURE_VERIFY_PIN_DIRECT_APP_ID", // 0x0D
        "FEATURE_MODIFY_PIN_DIRECT_APP_ID", // 0x0E
        "FEATURE_WRITE_DISPLAY",            // 0x0F
        "FEATURE_GET_KEY",                  // 0x10
        "FEATURE_IFD_DISPLAY_PROPERTIES",   // 0x11
        "FEATURE_GET_TLV_PROPERTIES",       // 0x12
        "FEATURE_CCID_ESC_COMMAND",         // 0x13
    };
    if (tag < std::size(names) && names[tag])
        return QLatin1String(names[tag]);
    if (tag == 0x20)
        return QStringLiteral("FEATURE_EXECUTE_PACE");
    return QStringLiteral("FEATURE_0x%1").arg(tag, 2, 16, QLatin1Char('0'));
}

PcscTerminalTransport::PcscTerminalTransport(QString readerName)
    : m_readerName(std::move(readerName)), m_context(std::make_unique<pcsc::Context>())
{}

PcscTerminalTransport::~PcscTerminalTransport()
{
    close();
}

PcscStatus PcscTerminalTransport::open()
{
    if (m_connection && m_connection->isUsable())
        return Ok{};
    if (m_connection) {
        // A transmit timed out and abandoned the connection: a fresh handle to the same reader.
        auto reopened = m_connection->reconnect();
        if (reopened.ok() && isTerminalAtr(m_connection->atr())) {
            qCInfo(lcStationTerminal) << "reconnected to" << m_connection->reader();
            return Ok{};
        }
        m_connection.reset();
    }
    if (!m_readerName.isEmpty())
        return connectTo(m_readerName);
    return findTerminal();
}

PcscStatus PcscTerminalTransport::connectTo(const QString& reader)
{
    auto connection = pcsc::CardConnection::connect(*m_context, reader, pcsc::CardConnection::ShareMode::Shared);
    if (!connection) {
        qCInfo(lcStationTerminal) << "cannot connect to" << reader << connection.error().name();
        return connection.error();
    }
    m_connection = std::move(connection).value();
    m_features.clear();
    qCInfo(lcStationTerminal) << "connected to" << reader << "ATR length" << m_connection->atr().size();
    return Ok{};
}

PcscStatus PcscTerminalTransport::findTerminal()
{
    auto readers = m_context->listReaders();
    if (!readers)
        return readers.error();
    std::optional<pcsc::PcscError> lastError;
    for (const QString& reader : readers.value()) {
        auto connection = pcsc::CardConnection::connect(*m_context, reader, pcsc::CardConnection::ShareMode::Shared);
        if (!connection) {
            lastError = connection.error();
            continue;
        }
        if (!isTerminalAtr(connection.value()->atr()))
            continue;
        m_connection = std::move(connection).value();
        m_features.clear();
        qCInfo(lcStationTerminal) << "found the terminal in" << reader;
        return Ok{};
    }
    if (lastError && lastError->kind == ErrorKind::NoService)
        return *lastError;
    return pcsc::makePcscError(
        readers.value().isEmpty() ? ErrorKind::NoReader : ErrorKind::NoCard,
        QStringLiteral("no reader shows the terminal's ATR (%1 readers)").arg(readers.value().size()));
}

void PcscTerminalTransport::close()
{
    m_connection.reset();
    m_features.clear();
}

bool PcscTerminalTransport::isOpen() const
{
    return m_connection && m_connection->isUsable();
}

TerminalReaderInfo PcscTerminalTransport::readerInfo() const
{
    TerminalReaderInfo info;
    if (!m_connection)
        return info;
    info.reader = m_connection->reader();
    info.atr = m_connection->atr();
    info.features = m_features;
    return info;
}

pcsc::PcscResult<ResponseApdu> PcscTerminalTransport::transmit(const CommandApdu& command,
                                                               std::chrono::milliseconds timeout)
{
    if (auto opened = open(); !opened)
        return opened.error();
    pcsc::ExchangeOptions options;
    options.timeout = timeout;
    auto answer = m_connection->transmit(command, options);
    // Timeout: the connection is abandoned and reconnected by the next open(). Anything else (a lost
    // service, reader or card, a failed transmit): start again from the reader list next time.
    if (!answer && answer.error().kind != ErrorKind::Timeout)
        close();
    return answer;
}

pcsc::PcscResult<QStringList> PcscTerminalTransport::features()
{
    if (auto opened = open(); !opened)
        return opened.error();
    auto list = m_connection->features();
    if (!list)
        return list.error();
    QStringList names;
    for (const auto& feature : list.value().all())
        names << readerFeatureName(feature.tag);
    m_features = names;
    return names;
}

} // namespace perso::station
