// SPDX-License-Identifier: Apache-2.0
#include "issuer/common/IssuerError.h"

namespace perso::issuer {

QString issuerErrorName(IssuerErrorCode code)
{
    switch (code) {
    case IssuerErrorCode::UnknownRetailerCard:
        return QStringLiteral("unknown-retailer-card");
    case IssuerErrorCode::RetailerCardLocked:
        return QStringLiteral("retailer-card-locked");
    case IssuerErrorCode::UnknownTerminal:
        return QStringLiteral("unknown-terminal");
    case IssuerErrorCode::TerminalTampered:
        return QStringLiteral("terminal-tampered");
    case IssuerErrorCode::UnknownCard:
        return QStringLiteral("unknown-card");
    case IssuerErrorCode::CardNotAvailable:
        return QStringLiteral("card-not-available");
    case IssuerErrorCode::PoolExhausted:
        return QStringLiteral("pool-exhausted");
    case IssuerErrorCode::UnknownCustomer:
        return QStringLiteral("unknown-customer");
    case IssuerErrorCode::TransactionConflict:
        return QStringLiteral("transaction-conflict");
    case IssuerErrorCode::UnknownTransaction:
        return QStringLiteral("unknown-transaction");
    case IssuerErrorCode::NotFound:
        return QStringLiteral("not-found");
    case IssuerErrorCode::AlreadyExists:
        return QStringLiteral("already-exists");
    case IssuerErrorCode::InvalidInput:
        return QStringLiteral("invalid-input");
    case IssuerErrorCode::KeyUnavailable:
        return QStringLiteral("key-unavailable");
    case IssuerErrorCode::StorageUnavailable:
        return QStringLiteral("storage-unavailable");
    case IssuerErrorCode::StorageCorrupt:
        return QStringLiteral("storage-corrupt");
    case IssuerErrorCode::Internal:
        return QStringLiteral("internal-error");
    }
    return QStringLiteral("internal-error");
}

} // namespace perso::issuer
