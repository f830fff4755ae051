// SPDX-License-Identifier: Apache-2.0
#pragma once

// The seam between the issuer's network layer (IssuerServer: TLS, framing, threads) and its
// protocol logic (issuer/session: one IssuerSession per connection).
//
// The server decodes each frame with wire::decodeMessage and calls handle() with the message, on a
// worker thread, never on the network thread, and never concurrently for one connection (messages
// of one connection are handled in arrival order). The server assigns the sequence numbers of the
// replies it sends. A message that fails to decode never reaches the handler: the server answers it
// with an ErrorReport itself.

#include "protocol/wire/Messages.h"

#include <QString>

#include <cstdint>
#include <memory>
#include <vector>

namespace perso::issuer {

struct ConnectionInfo
{
    std::uint64_t connectionId = 0; // unique per server run
    QString peer;                   // "address:port", for logs
};

struct HandlerReply
{
    std::vector<wire::MessageBody> messages; // sent in order (normally exactly one)
    bool closeAfterSending = false;          // e.g. after SignOffAck or an unrecoverable error
};

class ConnectionHandler
{
public:
    virtual ~ConnectionHandler() = default;
    virtual HandlerReply handle(const wire::Message& message) = 0;
    // The connection is gone (peer closed, error, server shutdown): erase session keys and settle
    // what is outstanding. Called once, on a worker thread, after the last handle().
    virtual void connectionClosed() = 0;
};

class ConnectionHandlerFactory
{
public:
    virtual ~ConnectionHandlerFactory() = default;
    // Called on a worker thread; must be thread-safe.
    virtual std::unique_ptr<ConnectionHandler> create(const ConnectionInfo& info) = 0;
};

} // namespace perso::issuer
