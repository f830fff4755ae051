// SPDX-License-Identifier: Apache-2.0
#pragma once

// The retailer's PIN letter as `perso-admin retailer-card issue --pin-letter` writes it: the line
// "Retailer PIN: <digits>" holds the PIN. Read into SecureBytes; the file's text is scrubbed.

#include "protocol/core/Bytes.h"

#include <QString>

#include <optional>

namespace perso::station::demo {

struct PinLetterResult
{
    std::optional<SecureBytes> pin; // ASCII digits
    QString problem;                // why there is no PIN (never quotes the letter)
};

PinLetterResult readRetailerPin(const QString& letterPath);

// True for 4..8 ASCII digits (a customer PIN the SIM accepts).
bool isCustomerPin(const QString& digits);

} // namespace perso::station::demo
