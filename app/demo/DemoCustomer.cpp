// SPDX-License-Identifier: Apache-2.0
#include "app/demo/DemoCustomer.h"

namespace perso::station::demo {

wire::CustomerDetails demoCustomer(const QDateTime& now)
{
    wire::CustomerDetails details;
    details.givenNames = QStringLiteral("Ada");
    details.familyName = QStringLiteral("Lovelace");
    details.dateOfBirth = QDate(1990, 12, 10);
    details.address.lines = {QStringLiteral("12 St James's Square")};
    details.address.city = QStringLiteral("London");
    details.address.country = QStringLiteral("GB");
    const qint64 serial = now.toSecsSinceEpoch() % 100000000;
    details.idDocument = {wire::IdDocumentType::Passport, QStringLiteral("D%1").arg(serial, 8, 10, QLatin1Char('0'))};
    details.email = QStringLiteral("ada@example.org");
    details.planCode = QStringLiteral("PAYG");
    return details;
}

} // namespace perso::station::demo
