// SPDX-License-Identifier: Apache-2.0
#pragma once

// Input checks shared by the store's writes and its admin API.

#include "issuer/common/IssuerError.h"

#include <QString>

namespace perso::issuer::storage {

// 1..maxLength of [A-Za-z0-9._-].
bool isToken(const QString& value, int maxLength);
// minLength..maxLength decimal digits.
bool isDigits(const QString& value, int minLength, int maxLength);
bool isIccid(const QString& value);  // 18..20 digits
bool isImsi(const QString& value);   // 15 digits
bool isMsisdn(const QString& value); // E.164: 6..15 digits, no leading zero

IssuerError invalid(const QString& message);
IssuerError notFound(const QString& message);
IssuerError alreadyExists(const QString& message);

} // namespace perso::issuer::storage
