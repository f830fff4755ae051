// SPDX-License-Identifier: Apache-2.0
#include "terminal/firmware/DisplayTexts.h"

#include <QCoreApplication>

namespace perso::terminal::DisplayTexts {

namespace {

QString translated(const char* text)
{
    return QCoreApplication::translate("SecureTerminal", text);
}

DisplayLines lines(const char* line1, const char* line2)
{
    return {translated(line1), *line2 == 0 ? QString() : translated(line2)};
}

} // namespace

DisplayLines welcome()
{
    return lines(QT_TRANSLATE_NOOP("SecureTerminal", "Retail perso"),
                 QT_TRANSLATE_NOOP("SecureTerminal", "Insert retailer card"));
}
DisplayLines insertRetailerCard()
{
    return lines(QT_TRANSLATE_NOOP("SecureTerminal", "Sign-on"),
                 QT_TRANSLATE_NOOP("SecureTerminal", "Insert retailer card"));
}
DisplayLines enterRetailerPin(const QString& stars)
{
    return {translated(QT_TRANSLATE_NOOP("SecureTerminal", "Retailer PIN:")), stars};
}
DisplayLines wrongPin(int triesLeft)
{
    return {translated(QT_TRANSLATE_NOOP("SecureTerminal", "Wrong PIN")),
            QCoreApplication::translate("SecureTerminal", "%n tries left", nullptr, triesLeft)};
}
DisplayLines cardBlocked()
{
    return lines(QT_TRANSLATE_NOOP("SecureTerminal", "Card blocked"),
                 QT_TRANSLATE_NOOP("SecureTerminal", "Call the issuer"));
}
DisplayLines cardError()
{
    return lines(QT_TRANSLATE_NOOP("SecureTerminal", "Card error"),
                 QT_TRANSLATE_NOOP("SecureTerminal", "Check the card"));
}
DisplayLines authenticating()
{
    return lines(QT_TRANSLATE_NOOP("SecureTerminal", "Signing on"), QT_TRANSLATE_NOOP("SecureTerminal", "Please wait"));
}
DisplayLines signedOn()
{
    return lines(QT_TRANSLATE_NOOP("SecureTerminal", "Signed on"),
                 QT_TRANSLATE_NOOP("SecureTerminal", "Remove retailer card"));
}
DisplayLines insertCustomerCard()
{
    return lines(QT_TRANSLATE_NOOP("SecureTerminal", "Signed on"),
                 QT_TRANSLATE_NOOP("SecureTerminal", "Insert customer card"));
}
DisplayLines customerCardReady()
{
    return lines(QT_TRANSLATE_NOOP("SecureTerminal", "Card ready"), QT_TRANSLATE_NOOP("SecureTerminal", "Please wait"));
}
DisplayLines personalising(int step, int total)
{
    return {translated(QT_TRANSLATE_NOOP("SecureTerminal", "Personalising")),
            QCoreApplication::translate("SecureTerminal", "Step %1 of %2").arg(step).arg(total)};
}
DisplayLines enterCustomerPin(std::uint8_t purpose, bool confirmation, const QString& stars)
{
    const bool puk = purpose == 0x02 || purpose == 0x04;
    const bool second = purpose == 0x03 || purpose == 0x04;
    if (confirmation)
        return {puk ? (second ? translated(QT_TRANSLATE_NOOP("SecureTerminal", "Repeat PUK2:"))
                              : translated(QT_TRANSLATE_NOOP("SecureTerminal", "Repeat PUK:")))
                    : (second ? translated(QT_TRANSLATE_NOOP("SecureTerminal", "Repeat PIN2:"))
                              : translated(QT_TRANSLATE_NOOP("SecureTerminal", "Repeat PIN:"))),
                stars};
    return {puk ? (second ? translated(QT_TRANSLATE_NOOP("SecureTerminal", "New PUK2:"))
                          : translated(QT_TRANSLATE_NOOP("SecureTerminal", "New PUK:")))
                : (second ? translated(QT_TRANSLATE_NOOP("SecureTerminal", "New PIN2:"))
                          : translated(QT_TRANSLATE_NOOP("SecureTerminal", "New PIN:"))),
            stars};
}
DisplayLines trivialPinRefused()
{
    return lines(QT_TRANSLATE_NOOP("SecureTerminal", "PIN too simple"),
                 QT_TRANSLATE_NOOP("SecureTerminal", "Choose another"));
}
DisplayLines pinsDiffer()
{
    return lines(QT_TRANSLATE_NOOP("SecureTerminal", "PINs differ"), QT_TRANSLATE_NOOP("SecureTerminal", "Try again"));
}
DisplayLines pinTimeout()
{
    return lines(QT_TRANSLATE_NOOP("SecureTerminal", "Time out"), QT_TRANSLATE_NOOP("SecureTerminal", "Entry stopped"));
}
DisplayLines cancelled()
{
    return lines(QT_TRANSLATE_NOOP("SecureTerminal", "Cancelled"), "");
}
DisplayLines finished(bool completed)
{
    return completed ? lines(")Card done", QT_TRANSLATE_NOOP("SecureTerminal", "Remove the card"))
                     : lines(QT_TRANSLATE_NOOP("SecureTerminal", "Stopped"),
                             QT_TRANSLATE_NOOP("SecureTerminal", "Remove the card"));
}
DisplayLines cardRemoved()
{
    return lines(QT_TRANSLATE_NOOP("SecureTerminal", "Card removed"), "");
}
DisplayLines sessionEnded()
{
    return lines(")Session ended", QT_TRANSLATE_NOOP("SecureTerminal", "Keys erased"));
}
DisplayLines channelClosed()
{
    return lines(QT_TRANSLATE_NOOP("SecureTerminal", "Security error"),
                 QT_TRANSLATE_NOOP("SecureTerminal", "Sign on again"));
}
DisplayLines tampered()
{
    return lines(QT_TRANSLATE_NOOP("SecureTerminal", "TAMPER DETECTED"),
                 QT_TRANSLATE_NOOP("SecureTerminal", "Keys erased"));
}

} // namespace perso::terminal::DisplayTexts
