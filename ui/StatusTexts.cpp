// SPDX-License-Identifier: Apache-2.0
#include "ui/StatusTexts.h"

#include <QCoreApplication>

namespace perso::station::ui {

namespace {
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(StatusTexts)
};
} // namespace

QString issuerLinkText(LinkState state, const QString& detail)
{
    QString text;
    switch (state) {
    case LinkState::Online:
        text = Text::tr("Issuer: online");
        break;
    case LinkState::Connecting:
        text = Text::tr("Issuer: connecting…");
        break;
    case LinkState::Offline:
        text = Text::tr("Issuer: offline");
        break;
    }
    return detail.isEmpty() ? text : Text::tr("%1 (%2)").arg(text, detail);
}

QString terminalText(const TerminalInfo& info)
{
    if (info.tampered)
        return Text::tr("Terminal: TAMPERED, do not use");
    if (!info.present)
        return Text::tr("Terminal: not connected");
    switch (info.slot) {
    case SlotContent::Empty:
        return Text::tr("Terminal: ready, slot empty");
    case SlotContent::RetailerCard:
        return Text::tr("Terminal: ready, retailer card in the slot");
    case SlotContent::CustomerCard:
        return Text::tr("Terminal: ready, customer card in the slot");
    }
    return Text::tr("Terminal: ready");
}

QString retailerText(const std::optional<SignOnInfo>& info)
{
    if (!info)
        return Text::tr("Retailer: not signed on");
    const QString name = info->retailerDisplayName.isEmpty() ? info->retailerId : info->retailerDisplayName;
    return Text::tr("Retailer: %1 signed on (shop %2)").arg(name, info->shopId);
}

QString decisionReasonText(int reasonCode)
{
    switch (reasonCode) {
    case 0:
        return {};
    case 101:
        return Text::tr("The customer is under the minimum age for a contract.");
    case 102:
        return Text::tr("The ID document is not valid for this purpose (type or number).");
    case 103:
        return Text::tr("The issuer cannot serve this customer (deny list). Do not discuss the details.");
    case 104:
        return Text::tr("The customer already holds the maximum number of cards.");
    case 105:
        return Text::tr("The plan is not offered; choose another plan.");
    case 106:
        return Text::tr("The date of birth is not plausible; check the ID document.");
    case 201:
        return Text::tr(
            "Referred: the customer is near the card limit. The issuer's back office decides; no card now.");
    default:
        return Text::tr("Reason code %1.").arg(reasonCode);
    }
}

QString decisionText(wire::Decision decision)
{
    switch (decision) {
    case wire::Decision::Approved:
        return Text::tr("Approved");
    case wire::Decision::Declined:
        return Text::tr("Declined");
    case wire::Decision::Referred:
        return Text::tr("Referred");
    }
    return {};
}

QString startHint(LinkState link, const TerminalInfo& terminal, bool signedOn)
{
    if (terminal.tampered)
        return Text::tr("The terminal reports tampering. Do not use it; call the issuer's help desk.");
    if (!terminal.present)
        return Text::tr("Connect the terminal (USB) and wait until it shows as ready.");
    if (link != LinkState::Online)
        return Text::tr("Waiting for the issuer link; check the shop's network if it stays offline.");
    if (!signedOn)
        return Text::tr("Press Next and sign on with your retailer card.");
    return Text::tr("Press Next to serve a customer.");
}

} // namespace perso::station::ui
