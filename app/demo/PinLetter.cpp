// SPDX-License-Identifier: Apache-2.0
#include "app/demo/PinLetter.h"

#include <QFile>

namespace perso::station::demo {

namespace {

constexpr qint64 kMaxLetterBytes = 16 * 1024;
constexpr char kPinLabel[] = "Retailer PIN:";

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

} // namespace

PinLetterResult readRetailerPin(const QString& letterPath)
{
    QFile file(letterPath);
    if (!file.open(QIODevice::ReadOnly))
        return {std::nullopt, QStringLiteral("cannot read the PIN letter %1: %2").arg(letterPath, file.errorString())};
    QByteArray text = file.read(kMaxLetterBytes);
    PinLetterResult result;
    const qsizetype label = text.indexOf(kPinLabel);
    if (label >= 0) {
        qsizetype at = label + static_cast<qsizetype>(sizeof(kPinLabel) - 1);
        while (at < text.size() && text.at(at) == ' ')
            ++at;
        SecureBytes pin;
        while (at < text.size() && isDigit(text.at(at)))
            pin.push_back(static_cast<std::uint8_t>(text.at(at++)));
        if (pin.size() >= 4 && pin.size() <= 12)
            result.pin = std::move(pin);
    }
    text.fill('\0');
    if (!result.pin)
        result.problem = QStringLiteral("no \"Retailer PIN:\" line in the PIN letter %1").arg(letterPath);
    return result;
}

bool isCustomerPin(const QString& digits)
{
    if (digits.size() < 4 || digits.size() > 8)
        return false;
    for (const QChar c : digits) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
    }
    return true;
}

} // namespace perso::station::demo
