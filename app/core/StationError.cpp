// SPDX-License-Identifier: Apache-2.0
#include "app/core/StationError.h"

#include "app/core/IssuerLink.h"

#include <QCoreApplication>

namespace perso::station {

namespace {

// The texts are marked with QT_TRANSLATE_NOOP so that lupdate files them under "StationError", the
// context they are looked up in.
QString translated(const char* text)
{
    return QCoreApplication::translate("StationError", text);
}

} // namespace

QString stationErrorName(StationErrorKind kind)
{
    switch (kind) {
    case StationErrorKind::IssuerOffline:
        return QStringLiteral("issuer-offline");
    case StationErrorKind::IssuerCertificate:
        return QStringLiteral("issuer-certificate");
    case StationErrorKind::IssuerRefused:
        return QStringLiteral("issuer-refused");
    case StationErrorKind::IssuerProtocol:
        return QStringLiteral("issuer-protocol");
    case StationErrorKind::TerminalMissing:
        return QStringLiteral("terminal-missing");
    case StationErrorKind::TerminalUnresponsive:
        return QStringLiteral("terminal-unresponsive");
    case StationErrorKind::TerminalBusy:
        return QStringLiteral("terminal-busy");
    case StationErrorKind::TerminalProtocol:
        return QStringLiteral("terminal-protocol");
    case StationErrorKind::TerminalTampered:
        return QStringLiteral("terminal-tampered");
    case StationErrorKind::RetailerCardMissing:
        return QStringLiteral("retailer-card-missing");
    case StationErrorKind::RetailerPinWrong:
        return QStringLiteral("retailer-pin-wrong");
    case StationErrorKind::RetailerCardBlocked:
        return QStringLiteral("retailer-card-blocked");
    case StationErrorKind::IssuerAuthentication:
        return QStringLiteral("issuer-authentication");
    case StationErrorKind::SignOnRefused:
        return QStringLiteral("sign-on-refused");
    case StationErrorKind::KeypadCancelled:
        return QStringLiteral("keypad-cancelled");
    case StationErrorKind::KeypadTimeout:
        return QStringLiteral("keypad-timeout");
    case StationErrorKind::KeypadPinRefused:
        return QStringLiteral("keypad-pin-refused");
    case StationErrorKind::CardMissing:
        return QStringLiteral("card-missing");
    case StationErrorKind::CardUnreadable:
        return QStringLiteral("card-unreadable");
    case StationErrorKind::CardPulled:
        return QStringLiteral("card-pulled");
    case StationErrorKind::WrongCard:
        return QStringLiteral("wrong-card");
    case StationErrorKind::PersonalisationFailed:
        return QStringLiteral("personalisation-failed");
    case StationErrorKind::Declined:
        return QStringLiteral("declined");
    case StationErrorKind::NotSignedOn:
        return QStringLiteral("not-signed-on");
    case StationErrorKind::Cancelled:
        return QStringLiteral("cancelled");
    case StationErrorKind::InvalidInput:
        return QStringLiteral("invalid-input");
    case StationErrorKind::Journal:
        return QStringLiteral("journal");
    case StationErrorKind::Internal:
        return QStringLiteral("internal");
    }
    return QStringLiteral("internal");
}

QString errorHeadline(const StationError& error)
{
    switch (error.kind) {
    case StationErrorKind::IssuerOffline:
        return translated(QT_TRANSLATE_NOOP("StationError", "The issuer cannot be reached."));
    case StationErrorKind::IssuerCertificate:
        return translated(
            QT_TRANSLATE_NOOP("StationError", "The issuer's certificate is not the one this shop trusts."));
    case StationErrorKind::IssuerRefused:
        return translated(QT_TRANSLATE_NOOP("StationError", "The issuer refused the request."));
    case StationErrorKind::IssuerProtocol:
        return translated(
            QT_TRANSLATE_NOOP("StationError", "The issuer sent an answer the station does not understand."));
    case StationErrorKind::TerminalMissing:
        return translated(QT_TRANSLATE_NOOP("StationError", "The secure terminal is not connected."));
    case StationErrorKind::TerminalUnresponsive:
        return translated(QT_TRANSLATE_NOOP("StationError", "The secure terminal does not answer."));
    case StationErrorKind::TerminalBusy:
        return translated(QT_TRANSLATE_NOOP("StationError", "The secure terminal is busy."));
    case StationErrorKind::TerminalProtocol:
        return translated(QT_TRANSLATE_NOOP("StationError", "The secure terminal sent an unexpected answer."));
    case StationErrorKind::TerminalTampered:
        return translated(QT_TRANSLATE_NOOP("StationError", "The secure terminal reports that it was tampered with."));
    case StationErrorKind::RetailerCardMissing:
        return translated(QT_TRANSLATE_NOOP("StationError", "There is no retailer card in the terminal."));
    case StationErrorKind::RetailerPinWrong:
        if (error.triesLeft >= 0)
            return QCoreApplication::translate("StationError", "Wrong retailer PIN (%n tries left).", nullptr,
                                               error.triesLeft);
        return translated(QT_TRANSLATE_NOOP("StationError", "Wrong retailer PIN."));
    case StationErrorKind::RetailerCardBlocked:
        return translated(QT_TRANSLATE_NOOP("StationError", "The retailer card is blocked."));
    case StationErrorKind::IssuerAuthentication:
        return translated(QT_TRANSLATE_NOOP("StationError", "Security alert: the issuer could not be authenticated."));
    case StationErrorKind::SignOnRefused:
        return translated(QT_TRANSLATE_NOOP("StationError", "The issuer refused this retailer card or terminal."));
    case StationErrorKind::KeypadCancelled:
        return translated(QT_TRANSLATE_NOOP("StationError", "Cancel was pressed on the keypad."));
    case StationErrorKind::KeypadTimeout:
        return translated(QT_TRANSLATE_NOOP("StationError", "Nothing was typed on the keypad in time."));
    case StationErrorKind::KeypadPinRefused:
        return translated(
            QT_TRANSLATE_NOOP("StationError", "The keypad refused the PIN (entries differed or too simple)."));
    case StationErrorKind::CardMissing:
        return translated(QT_TRANSLATE_NOOP("StationError", "There is no customer card in the terminal."));
    case StationErrorKind::CardUnreadable:
        return translated(QT_TRANSLATE_NOOP("StationError", "The card in the terminal cannot be read."));
    case StationErrorKind::CardPulled:
        return translated(QT_TRANSLATE_NOOP("StationError", "The card was removed during personalisation."));
    case StationErrorKind::WrongCard:
        return translated(
            QT_TRANSLATE_NOOP("StationError", "This is not the card the personalisation was prepared for."));
    case StationErrorKind::PersonalisationFailed:
        return translated(QT_TRANSLATE_NOOP("StationError", "The card could not be personalised."));
    case StationErrorKind::Declined:
        return translated(QT_TRANSLATE_NOOP("StationError", "The issuer did not approve this customer."));
    case StationErrorKind::NotSignedOn:
        return translated(QT_TRANSLATE_NOOP("StationError", "No retailer is signed on."));
    case StationErrorKind::Cancelled:
        return translated(QT_TRANSLATE_NOOP("StationError", "Cancelled."));
    case StationErrorKind::InvalidInput:
        return translated(QT_TRANSLATE_NOOP("StationError", "Some information is missing or not valid."));
    case StationErrorKind::Journal:
        return translated(QT_TRANSLATE_NOOP("StationError", "The transaction journal cannot be written."));
    case StationErrorKind::Internal:
        return translated(QT_TRANSLATE_NOOP("StationError", "Something went wrong inside the station."));
    }
    return translated(QT_TRANSLATE_NOOP("StationError", "Something went wrong inside the station."));
}

QString nextStep(const StationError& error)
{
    switch (error.kind) {
    case StationErrorKind::IssuerOffline:
        return translated(QT_TRANSLATE_NOOP(
            "StationError", "Check the shop's internet connection; the station keeps retrying. Then sign on again."));
    case StationErrorKind::IssuerCertificate:
        return translated(QT_TRANSLATE_NOOP(
            "StationError", "Do not continue. Call the issuer's help desk: the connection may be intercepted."));
    case StationErrorKind::IssuerRefused:
    case StationErrorKind::IssuerProtocol:
        return translated(
            QT_TRANSLATE_NOOP("StationError", "Sign on again. If it happens again, call the issuer's help desk."));
    case StationErrorKind::TerminalMissing:
        return translated(QT_TRANSLATE_NOOP(
            "StationError", "Connect the secure terminal and check that the smart card service (pcscd) is running."));
    case StationErrorKind::TerminalUnresponsive:
    case StationErrorKind::TerminalBusy:
    case StationErrorKind::TerminalProtocol:
        return translated(QT_TRANSLATE_NOOP(
            "StationError", "Wait a moment and try again. If it persists, unplug the terminal and plug it in again."));
    case StationErrorKind::TerminalTampered:
        return translated(
            QT_TRANSLATE_NOOP("StationError", "Stop using this terminal and call the issuer's help desk."));
    case StationErrorKind::RetailerCardMissing:
        return translated(
            QT_TRANSLATE_NOOP("StationError", "Insert your retailer card into the terminal, then sign on."));
    case StationErrorKind::RetailerPinWrong:
        return translated(
            QT_TRANSLATE_NOOP("StationError", "Sign on again and type the PIN carefully on the terminal's keypad."));
    case StationErrorKind::RetailerCardBlocked:
        return translated(QT_TRANSLATE_NOOP(
            "StationError", "Ask the issuer to unblock the retailer card; use another retailer card meanwhile."));
    case StationErrorKind::IssuerAuthentication:
        return translated(QT_TRANSLATE_NOOP(
            "StationError", "Do not personalise cards. Call the issuer's security desk and report this alert."));
    case StationErrorKind::SignOnRefused:
        return translated(QT_TRANSLATE_NOOP(
            "StationError", "Call the issuer's help desk with the shop and terminal id shown in Diagnostics."));
    case StationErrorKind::KeypadCancelled:
    case StationErrorKind::KeypadTimeout:
    case StationErrorKind::KeypadPinRefused:
        return translated(
            QT_TRANSLATE_NOOP("StationError", "Start again; type on the terminal's keypad and press OK."));
    case StationErrorKind::CardMissing:
        return translated(QT_TRANSLATE_NOOP(
            "StationError", "Remove the retailer card and insert a card from stock into the terminal."));
    case StationErrorKind::CardUnreadable:
        return translated(QT_TRANSLATE_NOOP("StationError", "Put this card aside and insert another card from stock."));
    case StationErrorKind::CardPulled:
    case StationErrorKind::PersonalisationFailed:
        return translated(
            QT_TRANSLATE_NOOP("StationError", "Put this card aside as void and personalise a new card from stock."));
    case StationErrorKind::WrongCard:
        return translated(QT_TRANSLATE_NOOP("StationError",
                                            "Insert the card that was detected first, or start again with this card."));
    case StationErrorKind::Declined:
        return translated(QT_TRANSLATE_NOOP(
            "StationError", "Tell the customer that no card can be issued today; the reason is shown above."));
    case StationErrorKind::NotSignedOn:
        return translated(QT_TRANSLATE_NOOP("StationError", "Sign on with your retailer card first."));
    case StationErrorKind::Cancelled:
        return translated(QT_TRANSLATE_NOOP("StationError", "Continue with the next customer."));
    case StationErrorKind::InvalidInput:
        return translated(QT_TRANSLATE_NOOP("StationError", "Correct the highlighted fields."));
    case StationErrorKind::Journal:
        return translated(QT_TRANSLATE_NOOP("StationError", "Check the free disk space, then restart the station."));
    case StationErrorKind::Internal:
        return translated(QT_TRANSLATE_NOOP(
            "StationError", "Restart the station. If it happens again, send the diagnostics to support."));
    }
    return {};
}

bool isSecurityAlert(const StationError& error)
{
    return error.kind == StationErrorKind::IssuerAuthentication || error.kind == StationErrorKind::IssuerCertificate ||
           error.kind == StationErrorKind::TerminalTampered;
}

QString linkStateName(LinkState state)
{
    switch (state) {
    case LinkState::Offline:
        return QStringLiteral("offline");
    case LinkState::Connecting:
        return QStringLiteral("connecting");
    case LinkState::Online:
        return QStringLiteral("online");
    }
    return QStringLiteral("offline");
}

} // namespace perso::station
