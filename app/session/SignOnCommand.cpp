// SPDX-License-Identifier: Apache-2.0
#include "app/session/Commands.h"

#include "protocol/terminal/TerminalCommands.h"

namespace perso::station {

namespace {

std::uint16_t statusWordOf(const Bytes& response)
{
    if (response.size() < 2)
        return 0;
    return static_cast<std::uint16_t>(response[response.size() - 2] << 8 | response[response.size() - 1]);
}

// The issuer refused the retailer card, the terminal or the shop: a sign-on refusal, not a link problem.
StationError signOnRefusal(StationError error)
{
    if (error.kind == StationErrorKind::IssuerRefused) {
        error.kind = StationErrorKind::SignOnRefused;
        error.detail = QStringLiteral("the issuer refused the sign-on (%1)").arg(error.code);
    }
    return error;
}

// GET STATUS states in which RETAILER SIGN-ON is accepted (docs/terminal.md): Locked, ChannelClosed, Tampered.
bool acceptsSignOn(std::uint8_t state)
{
    return state == 0x00 || state == 0x07 || state == 0x08;
}

} // namespace

StationStatus SignOnCommand::run(Context& context, const CancelToken& cancel)
{
    context.sink->setPhase(StationPhase::SigningOn);
    if (auto opened = context.terminal->open(); !opened)
        return opened.error();
    // A terminal left in a session (a station killed mid-personalisation, a lost link) refuses RETAILER
    // SIGN-ON with 6985 until the session is ended. A GET STATUS that fails (6985 while the keypad is open)
    // leaves it to the sign-on to report.
    if (auto status = context.terminal->status(); status && !acceptsSignOn(status.value().state)) {
        if (auto ended = context.terminal->endSession(); !ended)
            return ended.error();
    }

    auto identity = context.terminal->retailerSignOn(cancel);
    if (!identity)
        return identity.error();
    if (cancel.isCancelled())
        return stationError(StationErrorKind::Cancelled, QStringLiteral("sign-on cancelled"));
    const RetailerIdentity& who = identity.value();
    if (!context.config.retailerId.isEmpty() && !who.retailerId.isEmpty() &&
        who.retailerId != context.config.retailerId)
        return stationError(StationErrorKind::SignOnRefused,
                            QStringLiteral("this station is set up for another retailer"));

    if (context.issuer->state() != LinkState::Online) {
        if (auto connected = context.issuer->connectToIssuer(context.issuerDeadline(), cancel); !connected)
            return connected.error();
    }
    const quint64 connection = context.issuer->connectionNumber();

    wire::SignOnRequest request;
    request.retailerCardSerial = who.serial;
    request.terminalId = who.terminalId;
    request.terminalStatus = wire::TerminalStatus{who.tampered, who.firmwareVersion};
    request.keyVersion = who.keyVersion;
    auto challenge = context.ask<wire::SignOnChallenge>(request, cancel);
    if (!challenge)
        return signOnRefusal(challenge.error());

    auto initializeUpdate = context.terminal->relay(challenge.value().initializeUpdate);
    if (!initializeUpdate)
        return initializeUpdate.error();
    auto accepted = context.ask<wire::SignOnAccepted>(
        wire::SignOnProof{challenge.value().sessionId, initializeUpdate.value()}, cancel);
    if (!accepted)
        return signOnRefusal(accepted.error());

    auto externalAuthenticate = context.terminal->relay(accepted.value().externalAuthenticate);
    if (!externalAuthenticate)
        return externalAuthenticate.error();
    const std::uint16_t sw = statusWordOf(externalAuthenticate.value());
    if (sw == terminal::cmd::sw::kHostCryptogramFailed)
        return stationError(StationErrorKind::IssuerAuthentication,
                            QStringLiteral("the terminal refused the issuer's host cryptogram (6300)"),
                            QStringLiteral("6300"));
    if (sw != 0x9000)
        return stationError(StationErrorKind::TerminalProtocol,
                            QStringLiteral("EXTERNAL AUTHENTICATE answered %1").arg(sw, 4, 16, QLatin1Char('0')));

    auto dataKey = context.terminal->dataKey();
    if (!dataKey)
        return dataKey.error();
    auto box = wire::SealedBox::forStation(dataKey.value(), view(challenge.value().sessionId));
    if (!box)
        return stationError(StationErrorKind::TerminalProtocol, QStringLiteral("the station data key is not usable"));

    SignOnState state;
    state.sessionId = challenge.value().sessionId;
    state.connection = connection;
    state.info.retailerId = who.retailerId;
    state.info.retailerDisplayName = accepted.value().retailerDisplayName;
    state.info.shopId = accepted.value().shopId;
    state.info.terminalId = who.terminalId;
    state.info.sessionId = hexOf(state.sessionId);
    state.box.emplace(std::move(box).value());
    state.externalAuthenticateResponse = externalAuthenticate.value();
    context.signOn = std::move(state);

    const SignOnInfo& info = context.signOn->info;
    if (auto recorded = context.record(JournalEvent::SignOn, {},
                                       QJsonObject{{QStringLiteral("retailerId"), info.retailerId},
                                                   {QStringLiteral("shopId"), info.shopId},
                                                   {QStringLiteral("terminalId"), info.terminalId},
                                                   {QStringLiteral("displayName"), info.retailerDisplayName}});
        !recorded)
        return recorded.error();
    context.sink->reportSignedOn(info);
    return Ok{};
}

} // namespace perso::station
