// SPDX-License-Identifier: Apache-2.0
#pragma once

// TerminalTransport over pcsc-lite: a shared-mode CardConnection to the terminal's reader, the
// configured one or else the first reader whose ATR historical bytes contain "PERSO-TERM". Used from
// one thread (the engine's), which owns the pcsc::Context.

#include "app/terminallink/TerminalTransport.h"
#include "pcsc/CardConnection.h"
#include "pcsc/Context.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>

namespace perso::station {

// The marker the emulator and the terminal put in their ATR's historical bytes.
inline constexpr char kTerminalAtrMarker[] = "PERSO-TERM";

// The historical bytes of an ATR (ISO/IEC 7816-3 §8.2: T0's low nibble K, after the interface bytes
// announced by T0 and the TDi chain); empty when the ATR is too short for what it announces.
QByteArray atrHistoricalBytes(const QByteArray& atr);
bool isTerminalAtr(const QByteArray& atr);

// PC/SC part 10 feature names ("FEATURE_VERIFY_PIN_DIRECT", ...); "FEATURE_0xNN" for an unknown tag.
QString readerFeatureName(std::uint8_t tag);

class PcscTerminalTransport final : public TerminalTransport
{
public:
    // `readerName` empty: the first reader with the terminal's ATR.
    explicit PcscTerminalTransport(QString readerName = {});
    ~PcscTerminalTransport() override;

    pcsc::PcscStatus open() override;
    void close() override;
    bool isOpen() const override;
    TerminalReaderInfo readerInfo() const override;
    pcsc::PcscResult<ResponseApdu> transmit(const CommandApdu& command, std::chrono::milliseconds timeout) override;

    // Part 10 feature names of the reader (diagnostics); empty list for a reader without any.
    pcsc::PcscResult<QStringList> features();

private:
    pcsc::PcscStatus connectTo(const QString& reader);
    pcsc::PcscStatus findTerminal();

    QString m_readerName;
    std::unique_ptr<pcsc::Context> m_context;
    std::unique_ptr<pcsc::CardConnection> m_connection;
    QStringList m_features;
};

} // namespace perso::station
