// SPDX-License-Identifier: Apache-2.0
#pragma once

// QR symbols through libqrencode: the module matrix, and the version the encoder chose.

#include "app/core/StationError.h"

#include <QByteArray>

#include <vector>

namespace perso::station {

struct QrMatrix
{
    int version = 0;
    int width = 0;             // modules per side, 17 + 4 * version
    std::vector<bool> modules; // row-major, true = dark
    bool dark(int x, int y) const { return modules[static_cast<std::size_t>(y * width + x)]; }
};

// Level M, 8-bit mode. InvalidInput for an empty or over-long payload.
StationResult<QrMatrix> encodeQr(const QByteArray& payload);

} // namespace perso::station
