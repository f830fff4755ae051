// SPDX-License-Identifier: Apache-2.0
#include "KeypadPlayer.h"

#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>

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
        return fail(m_control.lastError);
    return true;
}

bool KeypadPlayer::loadRetailerPin(const QString& letterPath)
{
    QFile letter(letterPath);
    if (!letter.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read the PIN letter %1: %2").arg(letterPath, letter.errorString()));
    SecureBytes text(static_cast<std::size_t>(std::min<qint64>(letter.size(), 4096)));
    const qint64 read = letter.read(reinterpret_cast<char*>(text.data()), static_cast<qint64>(text.size()));
    text.resize(read < 0 ? 0 : static_cast<std::size_t>(read));
    static constexpr char kLabel[] = "Retailer PIN:";
    const std::string_view view(reinterpret_cast<const char*>(text.data()), text.size());
    const auto at = view.find(kLabel);
    m_retailerPin.clear();
    if (at != std::string_view::npos) {
        std::size_t i = at + sizeof(kLabel) - 1;
        while (i < view.size() && view[i] == ' ')
            ++i;
        while (i < view.size() && view[i] >= '0' && view[i] <= '9')
            m_retailerPin.push_back(static_cast<std::uint8_t>(view[i++]));
    }
    if (m_retailerPin.size() < 4)
        return fail(QStringLiteral("the PIN letter %1 has no \"Retailer PIN:\" line").arg(letterPath));
    return true;
}

bool KeypadPlayer::emptySlot()
{
    const auto snapshot = m_control.state();
    if (!snapshot)
        return fail(QStringLiteral("terminal state: ") + m_control.lastError);
    if (!snapshot->slot.isEmpty() && !m_control.remove())
        return fail(QStringLiteral("remove: ") + m_control.lastError);
    return true;
}

bool KeypadPlayer::insertFirst(const QString& kind)
{
    const auto answer = m_control.command("list");
    if (!answer || !answer->value(QLatin1String("ok")).toBool())
        return fail(QStringLiteral("list: ") + m_control.lastError);
    const QJsonArray cards = answer->value(QLatin1String("cards")).toArray();
    for (const auto& entry : cards) {
        const QJsonObject card = entry.toObject();
        if (card.value(QLatin1String("kind")).toString() == kind && !card.contains(QLatin1String("problem"))) {
            if (!m_control.insert(card.value(QLatin1String("path")).toString()))
                return fail(QStringLiteral("insert: ") + m_control.lastError);
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
        return fail(QStringLiteral("insert %1: %2").arg(cardFile, m_control.lastError));
    return true;
}

std::optional<TerminalSnapshot> KeypadPlayer::state()
{
    auto snapshot = m_control.state();
    if (!snapshot)
        m_error = QStringLiteral("terminal state: ") + m_control.lastError;
    return snapshot;
}

bool KeypadPlayer::waitsForRetailerPin(const TerminalSnapshot& snapshot)
{
    return snapshot.state == QLatin1String("retailer-pin") && snapshot.line2.isEmpty();
}

bool KeypadPlayer::waitsForCustomerEntry(const TerminalSnapshot& snapshot, bool* puk)
{
    static const QRegularExpression prompt(QStringLiteral("^(New|Repeat) (PIN|PUK)2?:$"));
    const auto match = prompt.match(snapshot.line1);
    if (!match.hasMatch() || !snapshot.line2.isEmpty())
        return false;
    *puk = match.captured(2) == QLatin1String("PUK");
    return true;
}

bool KeypadPlayer::typeDigits(const SecureBytes& digits)
{
    for (const std::uint8_t digit : digits) {
        const char key[] = {'k', 'e', 'y', ' ', static_cast<char>(digit), '\0'};
        if (!m_control.ok(QByteArray(key)))
            return fail(QStringLiteral("keypad: ") + m_control.lastError);
    }
    if (!m_control.key(QStringLiteral("ok")))
        return fail(QStringLiteral("keypad OK: ") + m_control.lastError);
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
