// SPDX-License-Identifier: Apache-2.0
#pragma once

// The hand-over receipt (issue 5, "Receipts"): a QTextDocument built from the resources' HTML template
// (:/receipt/receipt.html), a customer copy and a shop copy, and a QR code (libqrencode) carrying
// the issuer-signed receipt so that anyone can verify it with `perso-admin receipt verify`.
// No secret is on a receipt; the shop copy carries the masked name only.

#include "app/core/StationError.h"
#include "protocol/wire/Receipt.h"

#include <QDateTime>
#include <QImage>
#include <QString>

#include <memory>

class QTextDocument;

namespace perso::station {

enum class ReceiptCopy
{
    Customer,
    Shop
};

struct ReceiptData
{
    wire::Receipt receipt;       // as signed by the issuer (id, ICCID, MSISDN, issuedAt, shop, signature)
    QString retailerDisplayName; // from SignOnAccepted
    QString customerName;        // full name on the customer copy, masked on the shop copy
    QString maskedCustomerName;
    QString planCode;
    bool modification = false; // an existing card was modified
    QString transactionId;     // hex
};

// The QR payload: "RPR1:" + base64url(encodeReceipt(receipt)), the signed receipt itself.
QString receiptQrPayload(const wire::Receipt& receipt);
// The receipt in a QR payload; InvalidInput for another prefix, bad base64url, or CBOR that does not
// decode to a valid receipt (or not in its canonical encoding).
StationResult<wire::Receipt> receiptFromQrPayload(const QString& payload);
// A black-on-white QR code, `moduleSize` pixels per module, with a 4-module quiet zone.
StationResult<QImage> qrImage(const QString& payload, int moduleSize = 4);

// Needs a QGuiApplication (fonts); QT_QPA_PLATFORM=offscreen works.
StationResult<std::unique_ptr<QTextDocument>> receiptDocument(const ReceiptData& data, ReceiptCopy copy);
// Both copies, one per page, to a PDF file (QPdfWriter), written atomically.
StationStatus writeReceiptPdf(const ReceiptData& data, const QString& path);

} // namespace perso::station
