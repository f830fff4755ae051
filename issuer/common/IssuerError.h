// SPDX-License-Identifier: Apache-2.0
#pragma once

// Failures of the issuer's own logic (storage, keys, business rules). Protocol failures keep using
// perso::ErrorCode; both reach the station as an ErrorReport whose code is the stable name below.
// Messages carry public context only (ids, counts, states), never keys, codes or personal data.

#include "protocol/core/Result.h"

#include <QString>

namespace perso::issuer {

enum class IssuerErrorCode
{
    UnknownRetailerCard, // no retailer card with this serial / key version
    RetailerCardLocked,  // locked after failed authentications, or revoked
    UnknownTerminal,     // terminal id not registered, or registered to another shop
    TerminalTampered,    // the terminal reported a tamper event
    UnknownCard,         // ICCID not in any batch
    CardNotAvailable,    // wrong card state for the operation (not in stock, void, not verified)
    PoolExhausted,       // no IMSI or MSISDN left
    UnknownCustomer,     // customer reference unknown or not approved in this session
    TransactionConflict, // transaction id reused for another session, card or operation
    UnknownTransaction,
    NotFound,           // any other record looked up by an admin command
    AlreadyExists,      // unique key taken (admin commands)
    InvalidInput,       // a value an admin or a config file gave is malformed
    KeyUnavailable,     // master or signing key missing, unreadable or badly protected
    StorageUnavailable, // database cannot be opened or reached
    StorageCorrupt,     // schema version unknown, audit chain broken, constraint violated
    Internal            // a bug: reported, never detailed to the peer
};

struct IssuerError
{
    IssuerErrorCode code;
    QString message;
};

// Stable lowercase names ("unknown-retailer-card", "pool-exhausted", ...), used in ErrorReport.code
// (docs/protocol.md: a receiver accepts names it does not know) and in logs.
QString issuerErrorName(IssuerErrorCode code);

inline IssuerError makeIssuerError(IssuerErrorCode code, QString message)
{
    return IssuerError{code, std::move(message)};
}

template <typename T> using IssuerResult = BasicResult<T, IssuerError>;
using IssuerStatus = IssuerResult<Ok>;

} // namespace perso::issuer
