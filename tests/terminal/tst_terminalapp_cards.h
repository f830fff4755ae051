// SPDX-License-Identifier: Apache-2.0
// Card files for the perso-terminal tests: a stock folder with one retailer card and two blank SIMs.
#pragma once

#include "protocol/core/Bytes.h"
#include "protocol/scp03/SessionKeys.h"
#include "terminal/cards/RetailerCard.h"
#include "terminal/cards/SimCard.h"

#include <QDir>
#include <QString>

namespace perso::terminal::app::test {

constexpr const char* kRetailerPin = "2580";

inline SecureBytes asciiSecret(const char* text)
{
    return SecureBytes(text, text + std::char_traits<char>::length(text));
}

// Writes retailer.card and two blank SIMs into `folder`; false when any of them cannot be written.
inline bool writeStock(const QString& folder)
{
    QDir().mkpath(folder);
    const QDir dir(folder);
    scp03::StaticKeys keys;
    keys.enc = secureFromHex("404142434445464748494A4B4C4D4E4F");
    keys.mac = secureFromHex("505152535455565758595A5B5C5D5E5F");
    keys.dek = secureFromHex("606162636465666768696A6B6C6D6E6F");
    keys.keyVersion = 0x30;
    const auto retailer =
        cards::RetailerCard::create(dir.filePath(QStringLiteral("retailer.card")), fromHex("5250000000000007"),
                                    QStringLiteral("Shop 7"), asciiSecret(kRetailerPin), asciiSecret("13572468"), keys);
    const auto sim1 = cards::SimCard::createBlank(dir.filePath(QStringLiteral("sim1.card")),
                                                  fromHex("98941000000000000010"), asciiSecret("11223344"));
    const auto sim2 = cards::SimCard::createBlank(dir.filePath(QStringLiteral("sim2.card")),
                                                  fromHex("98941000000000000020"), asciiSecret("11223344"));
    return retailer.ok() && sim1.ok() && sim2.ok();
}

} // namespace perso::terminal::app::test
