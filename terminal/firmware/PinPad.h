// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/core/Bytes.h"
#include "terminal/firmware/DisplayTexts.h"
#include "terminal/firmware/Key.h"

#include <QObject>
#include <QTimer>

#include <chrono>
#include <cstddef>
#include <functional>

namespace perso::terminal {

// Collects one PIN on the keypad, the way a PC/SC part 10 PIN pad does for VERIFY/MODIFY PIN DIRECT:
// digits show as '*', Clear erases what was typed, Cancel stops (6401), OK submits, no key within the
// timeout stops (6400; the timer restarts at every key). Optionally refuses trivial PINs
// (package::isTrivialPin) and asks for the PIN twice. The digits live only in SecureBytes inside
// this object and in the completion call; they are scrubbed on every exit path.
class PinPad : public QObject
{
    Q_OBJECT
public:
    enum class Outcome
    {
        Entered,
        Cancelled,
        TimedOut,
        Mismatch, // the confirmation differed on the last allowed attempt
        Refused   // a trivial PIN was insisted on until the attempts ran out
    };

    struct Request
    {
        std::size_t minDigits = 4;
        std::size_t maxDigits = 8;
        bool confirm = false;
        bool refuseTrivial = false;
        int maxAttempts = 3; // trivial or mismatching entries allowed before the entry fails
        // The prompt for the first entry (false) and the confirmation (true), with the stars typed.
        std::function<DisplayLines(bool confirmation, const QString& stars)> prompt;
    };
    // Called once when the entry ends (never after abort()); the PIN is empty unless Entered.
    using Completion = std::function<void(Outcome, SecureBytes pin)>;

    explicit PinPad(std::chrono::milliseconds timeout, QObject* parent = nullptr);
    ~PinPad() override;

    void setTimeout(std::chrono::milliseconds timeout) { m_timer.setInterval(timeout); }
    std::chrono::milliseconds timeout() const { return m_timer.intervalAsDuration(); }

    // Starts an entry; an entry already running is aborted first.
    void start(Request request, Completion completion);
    // Stops the entry without calling the completion (card removed, tamper, session end); scrubs.
    void abort();
    bool isActive() const { return static_cast<bool>(m_completion); }

public slots:
    // Keys pressed while no entry runs are ignored.
    void keyPressed(perso::terminal::Key key);

signals:
    void displayChanged(const QString& line1, const QString& line2);

private:
    void showPrompt();
    void show(const DisplayLines& lines);
    void submit();
    void retryOrFail(const DisplayLines& message, Outcome failure);
    void finish(Outcome outcome, SecureBytes pin);
    void scrub();

    QTimer m_timer;
    Request m_request;
    Completion m_completion;
    SecureBytes m_digits;
    SecureBytes m_first; // first entry while the confirmation is typed
    bool m_confirming = false;
    int m_attempts = 0;
};

} // namespace perso::terminal
