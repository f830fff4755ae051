// SPDX-License-Identifier: Apache-2.0
#include "terminal/firmware/PinPad.h"

#include "protocol/package/Instruction.h"

namespace perso::terminal {

PinPad::PinPad(std::chrono::milliseconds timeout, QObject* parent) : QObject(parent)
{
    // A child, so that moving the pad (or the terminal owning it) to another thread moves the timer too.
    m_timer.setParent(this);
    m_timer.setSingleShot(true);
    m_timer.setInterval(timeout);
    connect(&m_timer, &QTimer::timeout, this, [this] { finish(Outcome::TimedOut, {}); });
}

PinPad::~PinPad()
{
    scrub();
}

void PinPad::start(Request request, Completion completion)
{
    abort();
    m_request = std::move(request);
    m_completion = std::move(completion);
    m_attempts = 0;
    showPrompt();
    m_timer.start();
}

void PinPad::abort()
{
    m_completion = nullptr;
    scrub();
}

void PinPad::keyPressed(Key key)
{
    if (!isActive())
        return;
    m_timer.start(); // inter-key timeout
    if (const auto digit = digitOf(key)) {
        if (m_digits.size() < m_request.maxDigits)
            m_digits.push_back(static_cast<std::uint8_t>(*digit));
        showPrompt();
        return;
    }
    switch (key) {
    case Key::Cancel:
        finish(Outcome::Cancelled, {});
        return;
    case Key::Clear:
        m_digits.clear();
        showPrompt();
        return;
    case Key::Ok:
        submit();
        return;
    default:
        return;
    }
}

void PinPad::submit()
{
    if (m_digits.size() < m_request.minDigits) {
        showPrompt(); // too short: keep typing
        return;
    }
    if (m_request.refuseTrivial && package::isTrivialPin(view(m_digits))) {
        retryOrFail(DisplayTexts::trivialPinRefused(), Outcome::Refused);
        return;
    }
    if (!m_request.confirm) {
        SecureBytes pin = std::move(m_digits);
        m_digits.clear();
        finish(Outcome::Entered, std::move(pin));
        return;
    }
    if (!m_confirming) {
        m_first = std::move(m_digits);
        m_digits.clear();
        m_confirming = true;
        showPrompt();
        return;
    }
    if (!constantTimeEqual(view(m_first), view(m_digits))) {
        retryOrFail(DisplayTexts::pinsDiffer(), Outcome::Mismatch);
        return;
    }
    SecureBytes pin = std::move(m_first);
    m_first.clear();
    finish(Outcome::Entered, std::move(pin));
}

void PinPad::retryOrFail(const DisplayLines& message, Outcome failure)
{
    ++m_attempts;
    if (m_attempts >= m_request.maxAttempts) {
        finish(failure, {});
        return;
    }
    m_digits.clear();
    m_first.clear();
    m_confirming = false;
    // The refusal stays on the first line; the second shows the (empty) entry to start again.
    show({message.line1, message.line2});
}

void PinPad::showPrompt()
{
    const QString stars(static_cast<qsizetype>(m_digits.size()), QLatin1Char('*'));
    if (m_request.prompt)
        show(m_request.prompt(m_confirming, stars));
    else
        show({QString(), stars});
}

void PinPad::show(const DisplayLines& lines)
{
    emit displayChanged(lines.line1, lines.line2);
}

void PinPad::finish(Outcome outcome, SecureBytes pin)
{
    Completion completion = std::move(m_completion);
    m_completion = nullptr;
    scrub();
    if (completion)
        completion(outcome, std::move(pin));
}

void PinPad::scrub()
{
    m_timer.stop();
    m_digits.clear();
    m_digits.shrink_to_fit(); // secure_vector: the released buffer is zeroised
    m_first.clear();
    m_first.shrink_to_fit();
    m_confirming = false;
}

} // namespace perso::terminal
