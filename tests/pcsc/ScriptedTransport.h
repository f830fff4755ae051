// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "pcsc/ApduTransport.h"

#include <QByteArray>
#include <QList>

#include <chrono>
#include <optional>

// A card that answers from a script: each step is the raw answer to the next command, or an error.
// Every command received is recorded; a command after the script ends is answered 6F00 and counted
// as unexpected so that a test sees "too many transmits".
class ScriptedTransport : public perso::pcsc::ApduTransport
{
public:
    struct Step
    {
        QByteArray answer;
        std::optional<perso::pcsc::PcscError> error;
    };

    explicit ScriptedTransport(bool extended = false) : m_extended(extended) {}

    void answer(const char* hex) { m_script.append(Step{QByteArray::fromHex(QByteArray(hex)), std::nullopt}); }
    void answerBytes(QByteArray raw) { m_script.append(Step{std::move(raw), std::nullopt}); }
    void fail(perso::pcsc::ErrorKind kind)
    {
        m_script.append(Step{{}, perso::pcsc::makePcscError(kind, QStringLiteral("scripted"))});
    }

    perso::pcsc::PcscResult<perso::SecureBytes> transmitRaw(perso::ByteView command) override
    {
        m_sent.append(QByteArray(reinterpret_cast<const char*>(command.data()), qsizetype(command.size())));
        if (m_next >= m_script.size()) {
            ++m_unexpected;
            return perso::SecureBytes{0x6F, 0x00};
        }
        const Step& step = m_script[m_next++];
        if (step.error)
            return *step.error;
        return perso::SecureBytes(step.answer.begin(), step.answer.end());
    }
    // Records the time each transmit is given, then answers as transmitRaw.
    perso::pcsc::PcscResult<perso::SecureBytes> transmitRawWithin(perso::ByteView command,
                                                                  std::chrono::milliseconds timeout) override
    {
        m_timeouts.append(timeout);
        return transmitRaw(command);
    }
    bool supportsExtendedLength() const override { return m_extended; }
    const QList<std::chrono::milliseconds>& timeouts() const { return m_timeouts; }

    // Commands sent, as upper-case hex without spaces.
    QList<QByteArray> sentHex() const
    {
        QList<QByteArray> out;
        for (const auto& c : m_sent)
            out.append(c.toHex().toUpper());
        return out;
    }
    int unexpected() const { return m_unexpected; }
    bool scriptDone() const { return m_next == m_script.size(); }

private:
    bool m_extended;
    QList<Step> m_script;
    qsizetype m_next = 0;
    QList<QByteArray> m_sent;
    int m_unexpected = 0;
    QList<std::chrono::milliseconds> m_timeouts;
};
