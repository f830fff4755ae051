// SPDX-License-Identifier: Apache-2.0
#pragma once

// A TerminalLink over the REAL terminal firmware (terminal::SecureTerminal) in process: the station's
// engine drives it exactly as it drives the PIN pad over PC/SC, the keypad is typed by the link
// itself (the retailer PIN, then the customer's PIN entries), and the test moves cards in and out.
//
// The firmware object is made on the first call from the engine thread (its keypad timer lives
// there); card moves requested from the test thread are queued and applied by the engine thread at
// its next call, the way a real slot change is seen at the next GET STATUS.

#include "app/core/TerminalLink.h"
#include "protocol/terminal/TerminalAnswers.h"
#include "terminal/cards/RetailerCard.h"
#include "terminal/cards/SimCard.h"
#include "terminal/firmware/SecureTerminal.h"
#include "tests/firmware/FirmwareFixtures.h"

#include <QMutex>
#include <QMutexLocker>
#include <QWaitCondition>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace perso::station::test {

namespace tt = terminal::test;
namespace tc = terminal::cmd;

// What the link does at a PIN ENTRY step's keypad.
enum class KeypadAction
{
    TypePins, // the customer types `customerPin` twice
    Cancel,   // the customer presses Cancel
    Hold      // wait until the test calls releaseKeypad(action)
};

class FirmwareTerminalLink final : public TerminalLink
{
public:
    FirmwareTerminalLink(terminal::TerminalConfig config, std::shared_ptr<cards::RetailerCard> retailerCard)
        : m_config(std::move(config)), m_retailerCard(std::move(retailerCard))
    {}

    // --- test thread ---------------------------------------------------------------------------
    void insertRetailerCard()
    {
        queue([card = m_retailerCard](terminal::SecureTerminal& t) {
            t.removeCard();
            t.insertCard(card);
        });
    }
    void insertSim(const QString& path)
    {
        queue([path](terminal::SecureTerminal& t) {
            t.removeCard();
            auto opened = cards::SimCard::open(path);
            if (opened)
                t.insertCard(std::shared_ptr<cards::SimCard>(std::move(opened).value()));
        });
    }
    void removeCard()
    {
        queue([](terminal::SecureTerminal& t) { t.removeCard(); });
    }
    void setRetailerPin(const std::string& pin)
    {
        QMutexLocker lock(&m_mutex);
        m_retailerPin = pin;
    }
    void setKeypadAction(KeypadAction action) { m_keypad.store(action); }
    void releaseKeypad(KeypadAction action)
    {
        QMutexLocker lock(&m_mutex);
        m_released = action;
        m_wake.wakeAll();
    }
    bool waitingOnKeypad() const { return m_holding.load(); }
    // Runs on the engine thread before RUN STEP k (0-based): e.g. pull the card mid-run.
    void setBeforeStep(std::function<void(int step, terminal::SecureTerminal&)> hook)
    {
        QMutexLocker lock(&m_mutex);
        m_beforeStep = std::move(hook);
    }
    void setPresent(bool present) { m_present.store(present); }
    int endSessions() const { return m_endSessions.load(); }

    static constexpr const char* kCustomerPin = "48261397";

    // --- TerminalLink (engine thread) ------------------------------------------------------------
    StationResult<TerminalReaderInfo> open() override
    {
        if (!m_present.load())
            return stationError(StationErrorKind::TerminalMissing, QStringLiteral("no terminal reader"));
        firmware();
        return TerminalReaderInfo{QStringLiteral("In-process terminal"), QByteArray("PERSO-TERM"), {}};
    }
    void close() override {}

    StationResult<TerminalStatus> status() override
    {
        auto answer = send(tt::terminalCommand(tc::ins::kGetStatus));
        if (!answer)
            return answer.error();
        if (answer.value().sw() != sw::kSuccess)
            return swError(answer.value().sw(), "GET STATUS");
        auto decoded = tc::decodeStatusAnswer(view(answer.value().data()));
        if (!decoded)
            return stationError(StationErrorKind::TerminalProtocol, QStringLiteral("GET STATUS does not decode"));
        TerminalStatus status;
        status.state = decoded.value().state;
        status.slot = static_cast<SlotContent>(decoded.value().slot);
        status.tampered = decoded.value().tampered;
        status.firmwareVersion = decoded.value().firmwareVersion;
        status.terminalId = decoded.value().terminalId;
        status.stepsConsumed = decoded.value().stepsConsumed;
        status.stepsTotal = decoded.value().stepsTotal;
        return status;
    }

    StationResult<RetailerIdentity> retailerSignOn(const CancelToken&) override
    {
        if (!m_present.load())
            return stationError(StationErrorKind::TerminalMissing, QStringLiteral("no terminal reader"));
        std::string pin;
        {
            QMutexLocker lock(&m_mutex);
            pin = m_retailerPin;
        }
        auto answer = sendTyping(tt::terminalCommand(tc::ins::kRetailerSignOn), {pin});
        if (!answer)
            return answer.error();
        const std::uint16_t code = answer.value().sw();
        if ((code & 0xFFF0) == 0x63C0) {
            StationError error = stationError(StationErrorKind::RetailerPinWrong, QStringLiteral("wrong retailer PIN"));
            error.triesLeft = code & 0x0F;
            return error;
        }
        if (code == 0x6983)
            return stationError(StationErrorKind::RetailerCardBlocked, QStringLiteral("retailer card blocked"));
        if (code != sw::kSuccess)
            return swError(code, "RETAILER SIGN-ON");
        auto decoded = tc::decodeSignOnAnswer(view(answer.value().data()));
        if (!decoded)
            return stationError(StationErrorKind::TerminalProtocol, QStringLiteral("RETAILER SIGN-ON does not decode"));
        RetailerIdentity identity;
        identity.serial = decoded.value().serial;
        identity.retailerId = decoded.value().retailerId;
        identity.keyVersion = decoded.value().keyVersion;
        identity.terminalId = decoded.value().terminalId;
        identity.tampered = decoded.value().tampered;
        identity.firmwareVersion = decoded.value().firmwareVersion;
        return identity;
    }

    StationResult<Bytes> relay(const Bytes& commandApdu) override
    {
        auto command = CommandApdu::decode(commandApdu);
        if (!command)
            return stationError(StationErrorKind::TerminalProtocol, QStringLiteral("relayed APDU does not decode"));
        auto answer = send(command.value());
        if (!answer)
            return answer.error();
        const SecureBytes encoded = answer.value().encode();
        return Bytes(encoded.begin(), encoded.end());
    }

    StationResult<SecureBytes> dataKey() override
    {
        auto answer = send(tt::terminalCommand(tc::ins::kGetDataKey));
        if (!answer)
            return answer.error();
        if (answer.value().sw() != sw::kSuccess)
            return swError(answer.value().sw(), "GET DATA KEY");
        return answer.value().data();
    }

    StationResult<Bytes> readCardIdentity() override
    {
        auto current = status();
        if (!current)
            return current.error();
        if (current.value().slot != SlotContent::CustomerCard)
            return stationError(StationErrorKind::CardMissing, QStringLiteral("no customer card in the slot"));
        auto answer = send(tt::terminalCommand(tc::ins::kReadCardIdentity));
        if (!answer)
            return answer.error();
        if (answer.value().sw() != sw::kSuccess || answer.value().data().size() != 10)
            return stationError(StationErrorKind::CardUnreadable, QStringLiteral("EF.ICCID unreadable"));
        return Bytes(answer.value().data().begin(), answer.value().data().end());
    }

    StationResult<std::uint16_t> loadPackage(const Bytes& package) override
    {
        applyQueued();
        const ResponseApdu answer = tt::loadPackage(firmware(), package);
        if (answer.sw() == tc::sw::kIncorrectSecureMessaging)
            return stationError(StationErrorKind::PersonalisationFailed, QStringLiteral("channel closed (6988)"));
        if (answer.sw() != sw::kSuccess)
            return swError(answer.sw(), "LOAD PACKAGE");
        auto total = tc::decodeLoadPackageAnswer(view(answer.data()));
        if (!total)
            return stationError(StationErrorKind::TerminalProtocol, QStringLiteral("LOAD PACKAGE answer"));
        m_step = 0;
        return total.value();
    }

    StationResult<StepProgress> runStep() override
    {
        std::function<void(int, terminal::SecureTerminal&)> hook;
        {
            QMutexLocker lock(&m_mutex);
            hook = m_beforeStep;
        }
        applyQueued();
        if (hook)
            hook(m_step, firmware());
        terminal::SecureTerminal& t = firmware();
        QSignalSpy spy(&t, &terminal::SecureTerminal::responseReady);
        t.handleCommand(tt::terminalCommand(tc::ins::kRunStep));
        if (spy.isEmpty()) // a PIN ENTRY step: the keypad is open
            keypad(t, spy);
        if (spy.isEmpty())
            return stationError(StationErrorKind::TerminalUnresponsive, QStringLiteral("RUN STEP did not answer"));
        const auto answer = spy.takeFirst().at(0).value<ResponseApdu>();
        auto progress = stepOf(answer, "RUN STEP");
        if (progress)
            m_step = progress.value().index + 1;
        return progress;
    }

    StationResult<StepProgress> abort() override
    {
        auto answer = send(tt::terminalCommand(tc::ins::kAbort, {}, 0));
        if (!answer)
            return answer.error();
        return stepOf(answer.value(), "ABORT");
    }

    StationResult<Bytes> result() override
    {
        applyQueued();
        std::uint16_t last = 0;
        Bytes sealed = tt::getResult(firmware(), &last);
        if (last != sw::kSuccess || sealed.empty())
            return swError(last, "GET RESULT");
        return sealed;
    }

    StationStatus endSession() override
    {
        ++m_endSessions;
        auto answer = send(tt::terminalCommand(tc::ins::kEndSession, {}, 0));
        if (!answer)
            return answer.error();
        return Ok{};
    }

private:
    terminal::SecureTerminal& firmware()
    {
        if (!m_terminal)
            m_terminal = std::make_unique<terminal::SecureTerminal>(m_config);
        return *m_terminal;
    }

    void queue(std::function<void(terminal::SecureTerminal&)> action)
    {
        QMutexLocker lock(&m_mutex);
        m_queued.push_back(std::move(action));
    }

    void applyQueued()
    {
        std::vector<std::function<void(terminal::SecureTerminal&)>> actions;
        {
            QMutexLocker lock(&m_mutex);
            actions.swap(m_queued);
        }
        for (auto& action : actions)
            action(firmware());
    }

    StationResult<ResponseApdu> send(const CommandApdu& command)
    {
        if (!m_present.load())
            return stationError(StationErrorKind::TerminalMissing, QStringLiteral("no terminal reader"));
        applyQueued();
        auto answer = tt::send(firmware(), command);
        if (!answer)
            return stationError(StationErrorKind::TerminalUnresponsive, QStringLiteral("no answer"));
        return *answer;
    }

    StationResult<ResponseApdu> sendTyping(const CommandApdu& command, const std::vector<std::string>& entries)
    {
        applyQueued();
        std::vector<const char*> typed;
        for (const auto& entry : entries)
            typed.push_back(entry.c_str());
        auto answer = tt::sendWithKeys(firmware(), command, typed);
        if (!answer)
            return stationError(StationErrorKind::TerminalUnresponsive, QStringLiteral("no answer"));
        return *answer;
    }

    void keypad(terminal::SecureTerminal& t, QSignalSpy& spy)
    {
        KeypadAction action = m_keypad.load();
        if (action == KeypadAction::Hold) {
            m_holding.store(true);
            QMutexLocker lock(&m_mutex);
            m_released.reset();
            while (!m_released)
                m_wake.wait(&m_mutex, 10000);
            action = *m_released;
            m_holding.store(false);
        }
        if (action == KeypadAction::Cancel) {
            t.keyPressed(terminal::Key::Cancel);
            return;
        }
        for (int i = 0; i < 2 && spy.isEmpty(); ++i)
            tt::type(t, kCustomerPin);
    }

    static StationError swError(std::uint16_t code, const char* what)
    {
        const QString name = QStringLiteral("%1").arg(code, 4, 16, QLatin1Char('0'));
        if (code == 0x6985)
            return stationError(StationErrorKind::TerminalBusy, QStringLiteral("%1: 6985").arg(QLatin1String(what)),
                                name);
        if (code == 0x6401)
            return stationError(StationErrorKind::KeypadCancelled, QStringLiteral("Cancel pressed"), name);
        if (code == 0x6400)
            return stationError(StationErrorKind::KeypadTimeout, QStringLiteral("keypad timeout"), name);
        if (code == 0x6A82 || code == 0x6A88)
            return stationError(StationErrorKind::RetailerCardMissing, QStringLiteral("no retailer card"), name);
        return stationError(StationErrorKind::TerminalProtocol, QStringLiteral("%1: %2").arg(QLatin1String(what), name),
                            name);
    }

    static StationResult<StepProgress> stepOf(const ResponseApdu& answer, const char* what)
    {
        if (answer.sw() != sw::kSuccess)
            return swError(answer.sw(), what);
        auto decoded = tc::decodeStepAnswer(view(answer.data()));
        if (!decoded)
            return stationError(StationErrorKind::TerminalProtocol, QStringLiteral("step answer does not decode"));
        return StepProgress{decoded.value().index, decoded.value().total, decoded.value().cardStatus,
                            decoded.value().runState};
    }

    terminal::TerminalConfig m_config;
    std::shared_ptr<cards::RetailerCard> m_retailerCard;
    std::unique_ptr<terminal::SecureTerminal> m_terminal;
    QMutex m_mutex;
    QWaitCondition m_wake;
    std::optional<KeypadAction> m_released;
    std::vector<std::function<void(terminal::SecureTerminal&)>> m_queued;
    std::function<void(int, terminal::SecureTerminal&)> m_beforeStep;
    std::string m_retailerPin = tt::kRetailerPin;
    std::atomic<KeypadAction> m_keypad{KeypadAction::TypePins};
    std::atomic<bool> m_holding{false};
    std::atomic<bool> m_present{true};
    std::atomic<int> m_endSessions{0};
    int m_step = 0;
};

} // namespace perso::station::test
