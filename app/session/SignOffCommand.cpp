// SPDX-License-Identifier: Apache-2.0
#include "app/session/Commands.h"

namespace perso::station {

StationStatus SignOffCommand::run(Context& context, const CancelToken& cancel)
{
    Q_UNUSED(cancel);
    context.sink->setPhase(StationPhase::SigningOff);
    if (context.signOn && !context.sessionLost()) {
        CancelToken never; // a sign-off is not cancellable: it only ever shortens the session
        auto ack = context.ask<wire::SignOffAck>(wire::SignOff{context.signOn->sessionId}, never);
        Q_UNUSED(ack); // best effort: the terminal's END SESSION below ends the sign-on anyway
        // The issuer closes the connection after its SignOffAck: close our end first, so the link reads
        // "disconnected" (the idle loop reconnects) rather than "the issuer closed the connection".
        context.issuer->disconnectFromIssuer();
    }
    (void)context.terminal->endSession();
    const StationStatus recorded =
        context.signOn ? context.record(JournalEvent::SignOff, {}, QJsonObject{}) : StationStatus(Ok{});
    context.signOn.reset();
    context.customer.reset();
    context.sink->setPhase(StationPhase::SignedOff);
    return recorded;
}

} // namespace perso::station
