// SPDX-License-Identifier: Apache-2.0
#include "issuer/storage/Validation.h"

namespace perso::issuer::storage {

bool isToken(const QString& value, int maxLength)
{
    if (value.isEmpty() || value.size() > maxLength) {
        return false;
    }
    for (const QChar c : value) {
        const char16_t u = c.unicode();
        const bool ok = (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') || u == u'.' ||
                        u == u'_' || u == u'-';
        if (!ok) {
            return false;
        }
    }
    return true;
}

bool isDigits(const QString& value, int minLength, int maxLength)
{
    if (value.size() < minLength || value.size() > maxLength) {
        return false;
    }
    for (const QChar c : value) {
        if (c.unicode() < u'0' || c.unicode() > u'9') {
            return false;
        }
    }
    return true;
}

bool isIccid(const QString& value)
{
    return isDigits(value, 18, 20);
}

bool isImsi(const QString& value)
{
    return isDigits(value, 15, 15);
}

bool isMsisdn(const QString& value)
{
    return isDigits(value, 6, 15) && value.front() != QLatin1Char('0');
}

IssuerError invalid(const QString& message)
{
    return makeIssuerError(IssuerErrorCode::InvalidInput, message);
}

IssuerError notFound(const QString& message)
{
    return makeIssuerError(IssuerErrorCode::NotFound, message);
}

IssuerError alreadyExists(const QString& message)
{
    return makeIssuerError(IssuerErrorCode::AlreadyExists, message);
}

} // namespace perso::issuer::storage
