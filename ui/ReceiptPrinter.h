// SPDX-License-Identifier: Apache-2.0
#pragma once

// Prints and saves the hand-over receipt (app/receipt): both copies, the customer's then the shop's.
// print() opens QPrintDialog on a QPrinter preset to the configured printer; savePdf() writes both
// copies, one per page, to a PDF file.

#include "app/receipt/ReceiptDocument.h"
#include "app/session/Station.h"

class QPrinter;
class QWidget;

namespace perso::station::ui {

class ReceiptPrinter
{
public:
    static ReceiptData receiptData(const CompletionInfo& completion, const QString& retailerDisplayName);
    // Both copies to `printer` (already set up); each copy is a print job of its own.
    static StationStatus print(const ReceiptData& data, QPrinter& printer);
    // QPrintDialog, then print(). False when the operator cancelled the dialog.
    static StationResult<bool> printWithDialog(const ReceiptData& data, const QString& printerName, QWidget* parent);
    static StationStatus savePdf(const ReceiptData& data, const QString& path);
};

} // namespace perso::station::ui
