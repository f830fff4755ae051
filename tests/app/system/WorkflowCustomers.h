// SPDX-License-Identifier: Apache-2.0
#pragma once

// Customers for the workflow suite and the station benchmark: valid details, one passport number per
// customer number (the issuer's customer key is derived from the ID document).

#include "protocol/wire/CustomerDetails.h"

#include <QDate>

namespace perso::station::test {

inline wire::CustomerDetails workflowCustomer(std::uint32_t n)
{
    wire::CustomerDetails details;
    details.givenNames = QStringLiteral("Grace");
    details.familyName = QStringLiteral("Hopper");
    details.dateOfBirth = QDate(1986, 12, 9);
    details.address.lines = {QStringLiteral("7 Harbour Road")};
    details.address.city = QStringLiteral("Leeds");
    details.address.country = QStringLiteral("GB");
    details.idDocument = {wire::IdDocumentType::Passport, QStringLiteral("P%1").arg(n, 8, 10, QLatin1Char('0'))};
    details.email = QStringLiteral("grace@example.org");
    details.planCode = QStringLiteral("PAYG");
    return details;
}

// Ten years old: the issuer declines (101 underage).
inline wire::CustomerDetails underageCustomer(std::uint32_t n)
{
    wire::CustomerDetails details = workflowCustomer(n);
    details.dateOfBirth = QDate::currentDate().addYears(-10);
    return details;
}

} // namespace perso::station::test
