// SPDX-License-Identifier: Apache-2.0
#include "app/session/Commands.h"

#ifdef PERSO_STATION_HAS_RECEIPT
#include "app/receipt/ReceiptDocument.h"
#endif
#include "protocol/wire/Iccid.h"

#include <QDateTime>
#include <QDir>

namespace perso::station {

QJsonObject receiptRow(const wire::Receipt& receipt)
{
    QJsonObject row{
        {QStringLiteral("receiptId"), hexOf(receipt.receiptId)},
        {QStringLiteral("msisdn"), receipt.msisdn},
        {QStringLiteral("iccid"), wire::iccidDigits(view(receipt.iccid))},
        {QStringLiteral("issuedAt"),
         QDateTime::fromSecsSinceEpoch(static_cast<qint64>(receipt.issuedAt), Qt::UTC).toString(Qt::ISODate)},
        {QStringLiteral("shopId"), receipt.shopId},
        {QStringLiteral("signature"), hexOf(receipt.signature)}};
    if (auto encoded = wire::encodeReceipt(receipt)) {
        const QByteArray raw(reinterpret_cast<const char*>(encoded.value().data()),
                             static_cast<qsizetype>(encoded.value().size()));
        row.insert(QStringLiteral("encoded"), QString::fromLatin1(raw.toBase64()));
    }
    return row;
}

StationResult<QString> writeReceipt(Context& context, const CompletionInfo& completion)
{
#ifndef PERSO_STATION_HAS_RECEIPT
    Q_UNUSED(context);
    Q_UNUSED(completion);
    return QString(); // built without app/receipt
#else
    if (!context.pdfAvailable)
        return QString(); // no QGuiApplication: no fonts, no PDF (CompletionInfo says so with an empty path)
    const QString directory = context.config.receiptDirectory;
    if (directory.isEmpty())
        return QString();
    if (!QDir().mkpath(directory))
        return stationError(StationErrorKind::Internal, QStringLiteral("the receipt directory cannot be created"));
    ReceiptData data;
    data.receipt = completion.receipt;
    data.retailerDisplayName = context.signOn ? context.signOn->info.retailerDisplayName : QString();
    data.customerName = completion.customerName;
    data.maskedCustomerName = completion.maskedCustomerName;
    data.planCode = completion.planCode;
    data.modification = completion.modification;
    data.transactionId = completion.transactionId;
    const QString path = QDir(directory).filePath(QStringLiteral("receipt-%1.pdf").arg(completion.transactionId));
    if (auto written = writeReceiptPdf(data, path); !written)
        return written.error();
    return path;
#endif
}

} // namespace perso::station
