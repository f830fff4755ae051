// SPDX-License-Identifier: Apache-2.0
#pragma once

// The station's configuration: a strict JSON file (unknown keys, wrong types and out-of-range values
// refused with the key's name) that the installer bakes per retailer, and the settings the shop may
// change in the UI (reader, printer, language, issuer address), kept in a user settings file that
// overrides the baked values. See docs/station.md, "Configuration".
//
//   {
//     "issuer": { "host": "issuer.example.net", "port": 7443, "caFile": "/etc/retail-perso/issuer-ca.pem",
//                 "serverName": "issuer.example.net" },          // serverName optional (default host)
//     "retailerId": "R-1001",                                    // optional: expected retailer
//     "terminalReader": "",                                      // "" = the reader whose ATR says PERSO-TERM
//     "journal": "~/.local/share/retail-perso/journal.sqlite",
//     "receipts": "~/Documents/retail-perso-receipts",
//     "printer": "",                                             // "" = ask; "pdf" = PDF files only
//     "language": "",                                            // "", "en", "de", "fr"
//     "timeouts": { "issuerSeconds": 30, "keypadSeconds": 300 }
//   }

#include "app/core/StationError.h"

#include <QString>

namespace perso::station {

struct IssuerEndpoint
{
    QString host;
    quint16 port = 7443;
    QString caFile;     // PEM: the issuer's own CA, pinned (no system CAs)
    QString serverName; // the name the certificate must carry; empty = host
};

struct StationConfig
{
    IssuerEndpoint issuer;
    QString retailerId;
    QString terminalReader;
    QString journalPath;
    QString receiptDirectory;
    QString printer;
    QString language;
    int issuerTimeoutSeconds = 30;  // one request/reply
    int keypadTimeoutSeconds = 300; // a RUN STEP or RETAILER SIGN-ON waiting on the keypad

    // `path` may be empty: then only the defaults and the user settings apply. "~/" is expanded.
    static StationResult<StationConfig> load(const QString& path, const QString& userSettingsPath = {});
    // Writes the user-changeable fields (issuer host/port, reader, printer, language) to the user file.
    StationStatus saveUserSettings(const QString& userSettingsPath) const;

    static QString defaultConfigPath();       // /etc/retail-perso/station.json
    static QString defaultUserSettingsPath(); // ~/.config/retail-perso/station-user.json
};

} // namespace perso::station
