// SPDX-License-Identifier: Apache-2.0
#pragma once

// The station's side of the TLS link to perso-issuerd, as the session engine uses it. Blocking with a
// deadline, called from the engine thread only (app/session/Engine). Implemented by
// app/issuerlink/IssuerClient; unit tests use fakes.

#include "app/core/CancelToken.h"
#include "app/core/StationError.h"
#include "protocol/wire/Messages.h"

#include <QDeadlineTimer>

#include <functional>

namespace perso::station {

enum class LinkState
{
    Offline,    // not connected; `reconnect` retries with backoff (1, 2, 4 … 30 s)
    Connecting, // TCP + TLS 1.3 handshake in progress
    Online      // TLS up, the issuer's certificate verified against the pinned CA
};

QString linkStateName(LinkState state); // "offline", "connecting", "online"

class IssuerLink
{
public:
    virtual ~IssuerLink() = default;

    // One request, its one reply (the next message from the issuer), or an error:
    // IssuerOffline (could not connect before the deadline, or the link dropped while waiting),
    // IssuerCertificate, IssuerProtocol (undecodable frame, wrong sequence), Cancelled.
    // Connects first when offline (one attempt per call, bounded by the deadline). An ErrorReport from
    // the issuer is a *reply* (returned as a value): the caller decides what it means.
    // A link that dropped loses the issuer session: the caller must sign on again (sessionLost()).
    virtual StationResult<wire::Message> exchange(wire::MessageBody request, QDeadlineTimer deadline,
                                                  const CancelToken& cancel) = 0;

    // Connects now if offline (TCP + TLS 1.3 + pinned-CA check), bounded by the deadline. The engine's
    // reconnect timer calls it with backoff while no sign-on runs, so the UI shows the link's state.
    virtual StationStatus connectToIssuer(QDeadlineTimer deadline, const CancelToken& cancel) = 0;

    virtual LinkState state() const = 0;

    // Called on the engine thread whenever the state changes, including a drop noticed while idle (the
    // link's socket lives in the engine thread, whose event loop runs between commands). `detail` is
    // public: "TLS 1.3 TLS_AES_256_GCM_SHA384", "connection refused", "certificate not issued by the
    // pinned CA", …
    using StateListener = std::function<void(LinkState state, const QString& detail)>;
    virtual void setStateListener(StateListener listener) = 0;

    // Increases every time a new TLS connection is made: a session id from an older connection is dead.
    virtual quint64 connectionNumber() const = 0;

    // Closes the link (sign-off done, settings changed). Idempotent.
    virtual void disconnectFromIssuer() = 0;
};

} // namespace perso::station
