// SPDX-License-Identifier: Apache-2.0
#include "KeypadPlayer.h"

#include "app/demo/KeypadPrompt.h"
#include "app/demo/PinLetter.h"

namespace perso::station::screenshots {

namespace {

// The demo customer's choices: the terminal refuses trivial PINs, and a PUK has eight digits.
constexpr char kDemoCustomerPin[] = "4826";
constexpr char kDemoCustomerPuk[] = "73915048";

SecureBytes digitsOf(const char* text)
{
    SecureBytes digits;
    for (const char* c = text; *c != '\0'; ++c)
        digits.push_back(static_cast<std::uint8_t>(*c));
    return digits;
}

} // namespace

bool KeypadPlayer::fail(const QString& message)
{
    m_error = message;
    return false;
}

bool KeypadPlayer::connectTo(const QString& controlPath)
{
    m_customerPin = digitsOf(kDemoCustomerPin);
    m_customerPuk = digitsOf(kDemoCustomerPuk);
    if (!m_control.connectTo(controlPath))
        return fail(m_control.lastError());
    return true;
}

bool KeypadPlayer::loadRetailerPin(const QString& letterPath)
{
    auto letter = demo::readRetailerPin(letterPath);
    if (!letter.pin)
        return fail(letter.problem);
    m_retailerPin = std::move(*letter.pin);
    return true;
}

bool KeypadPlayer::emptySlot()
{
    const auto snapshot = m_control.state();
    if (!snapshot)
        return fail(QStringLiteral("terminal state: ") + m_control.lastError());
    if (!snapshot->slotKind.isEmpty() && !m_control.remove())
        return fail(QStringLiteral("remove: ") + m_control.lastError());
    return true;
}

bool KeypadPlayer::insertFirst(const QString& kind)
{
    const auto tray = m_control.tray();
    if (!tray)
        return fail(QStringLiteral("list: ") + m_control.lastError());
    for (const auto& card : *tray) {
        if (card.kind == kind && card.usable) {
            if (!m_control.insert(card.path))
                return fail(QStringLiteral("insert: ") + m_control.lastError());
            return true;
        }
    }
    return fail(QStringLiteral("the terminal's stock has no %1 card").arg(kind));
}

bool KeypadPlayer::insertRetailerCard()
{
    return emptySlot() && insertFirst(QStringLiteral("retailer"));
}

bool KeypadPlayer::insertSim(const QString& cardFile)
{
    if (!emptySlot())
        return false;
    if (cardFile.isEmpty())
        return insertFirst(QStringLiteral("sim"));
    if (!m_control.insert(cardFile))
        return fail(QStringLiteral("insert %1: %2").arg(cardFile, m_control.lastError()));
    return true;
}

std::optional<TerminalSnapshot> KeypadPlayer::state()
{
    auto snapshot = m_control.state();
    if (!snapshot)
        m_error = QStringLiteral("terminal state: ") + m_control.lastError();
    return snapshot;
}

bool KeypadPlayer::waitsForRetailerPin(const TerminalSnapshot& snapshot)
{
    return demo::freshKeypadPrompt(snapshot) == demo::KeypadPrompt::RetailerPin;
}

bool KeypadPlayer::waitsForCustomerEntry(const TerminalSnapshot& snapshot, bool* puk)
{
    const demo::KeypadPrompt prompt = demo::freshKeypadPrompt(snapshot);
    *puk = prompt == demo::KeypadPrompt::CustomerPuk;
    return *puk || prompt == demo::KeypadPrompt::CustomerPin;
}

bool KeypadPlayer::typeDigits(const SecureBytes& digits)
{
    if (!m_control.typeSecret(digits))
        return fail(QStringLiteral("keypad: ") + m_control.lastError());
    if (!m_control.key(QStringLiteral("ok")))
        return fail(QStringLiteral("keypad OK: ") + m_control.lastError());
    return true;
}

bool KeypadPlayer::typeRetailerPin()
{
    return typeDigits(m_retailerPin);
}

bool KeypadPlayer::typeCustomerEntry(bool puk)
{
    return typeDigits(puk ? m_customerPuk : m_customerPin);
}

} // namespace perso::station::screenshots
