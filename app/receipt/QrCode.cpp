// SPDX-License-Identifier: Apache-2.0
#include "app/receipt/QrCode.h"

#include <qrencode.h>

#include <cerrno>
#include <memory>

namespace perso::station {

StationResult<QrMatrix> encodeQr(const QByteArray& payload)
{
    if (payload.isEmpty() || payload.contains('\0')) {
        return stationError(StationErrorKind::InvalidInput, QStringLiteral("a QR payload must be non-empty text"));
    }
    errno = 0;
    // Version 0: the smallest that fits; case-sensitive 8-bit data.
    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeString(payload.constData(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
    if (!code) {
        return stationError(errno == ERANGE ? StationErrorKind::InvalidInput : StationErrorKind::Internal,
                            errno == ERANGE ? QStringLiteral("the QR payload is too long")
                                            : QStringLiteral("the QR encoder failed"));
    }
    QrMatrix matrix;
    matrix.version = code->version;
    matrix.width = code->width;
    if (matrix.width <= 0 || matrix.width > 177) {
        return stationError(StationErrorKind::Internal, QStringLiteral("the QR encoder returned a bad size"));
    }
    const auto count = static_cast<std::size_t>(matrix.width) * static_cast<std::size_t>(matrix.width);
    matrix.modules.resize(count);
    for (std::size_t i = 0; i < count; ++i) {
        matrix.modules[i] = (code->data[i] & 1) != 0; // bit 0: dark module
    }
    return matrix;
}

} // namespace perso::station
