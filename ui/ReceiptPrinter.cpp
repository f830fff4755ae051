// SPDX-License-Identifier: Apache-2.0
#include "ui/ReceiptPrinter.h"

#include <QPrintDialog>
#include <QPrinter>
#include <QTextDocument>

namespace perso::station::ui {

ReceiptData ReceiptPrinter::receiptData(const CompletionInfo& completion, const QString& retailerDisplayName)
{
    ReceiptData data;
    data.receipt = completion.receipt;
    data.retailerDisplayName = retailerDisplayName;
    data.customerName = completion.customerName;
    data.maskedCustomerName = completion.maskedCustomerName;
    data.planCode = completion.planCode;
    data.modification = completion.modification;
    data.transactionId = completion.transactionId;
    return data;
}

StationStatus ReceiptPrinter::print(const ReceiptData& data, QPrinter& printer)
{
    for (const ReceiptCopy copy : {ReceiptCopy::Customer, ReceiptCopy::Shop}) {
        auto document = receiptDocument(data, copy);
        if (!document)
            return document.error();
        document.value()->print(&printer);
        if (printer.printerState() == QPrinter::Error)
            return stationError(StationErrorKind::Internal, QStringLiteral("the printer reported an error"));
    }
    return Ok{};
}

StationResult<bool> ReceiptPrinter::printWithDialog(const ReceiptData& data, const QString& printerName,
                                                    QWidget* parent)
{
    QPrinter printer(QPrinter::HighResolution);
    if (!printerName.isEmpty() && printerName != QLatin1String("pdf"))
        printer.setPrinterName(printerName);
    QPrintDialog dialog(&printer, parent);
    dialog.setWindowTitle(QObject::tr("Print the receipt (customer and shop copies)"));
    if (dialog.exec() != QDialog::Accepted)
        return false;
    const StationStatus printed = print(data, printer);
    if (!printed)
        return printed.error();
    return true;
}

StationStatus ReceiptPrinter::savePdf(const ReceiptData& data, const QString& path)
{
    return writeReceiptPdf(data, path);
}

} // namespace perso::station::ui
