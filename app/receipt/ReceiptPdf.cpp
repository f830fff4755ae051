// SPDX-License-Identifier: Apache-2.0
// The receipt's PDF: both copies, one per A5 page, written to a temporary file then renamed (QSaveFile).
#include "app/receipt/ReceiptDocument.h"

#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextDocument>

namespace perso::station {
namespace {

constexpr int kResolution = 300;
constexpr qreal kDocumentDpi = 96.0; // QTextDocument lays out in these units when it has no paint device

} // namespace

StationStatus writeReceiptPdf(const ReceiptData& data, const QString& path)
{
    std::unique_ptr<QTextDocument> copies[2];
    const ReceiptCopy kinds[2] = {ReceiptCopy::Customer, ReceiptCopy::Shop};
    for (int i = 0; i < 2; ++i) {
        auto document = receiptDocument(data, kinds[i]);
        if (!document) {
            return document.error();
        }
        copies[i] = std::move(document).value();
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return stationError(StationErrorKind::InvalidInput,
                            QStringLiteral("cannot write the receipt PDF %1").arg(path));
    }
    {
        QPdfWriter writer(&file);
        writer.setResolution(kResolution);
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A5), QPageLayout::Portrait, QMarginsF(12, 12, 12, 12),
                                         QPageLayout::Millimeter));
        writer.setTitle(QStringLiteral("Receipt"));
        writer.setCreator(QStringLiteral("perso-station"));
        QPainter painter;
        if (!painter.begin(&writer)) {
            file.cancelWriting();
            return stationError(StationErrorKind::Internal, QStringLiteral("cannot start the receipt PDF"));
        }
        const qreal scale = writer.resolution() / kDocumentDpi;
        const QSizeF page(writer.width() / scale, writer.height() / scale);
        for (int i = 0; i < 2; ++i) {
            if (i > 0 && !writer.newPage()) {
                painter.end();
                file.cancelWriting();
                return stationError(StationErrorKind::Internal, QStringLiteral("cannot add a page to the receipt PDF"));
            }
            copies[i]->setPageSize(page);
            painter.save();
            painter.scale(scale, scale);
            copies[i]->drawContents(&painter, QRectF(QPointF(0, 0), page));
            painter.restore();
        }
        painter.end();
    }
    if (!file.commit()) {
        return stationError(StationErrorKind::InvalidInput,
                            QStringLiteral("cannot write the receipt PDF %1").arg(path));
    }
    return Ok{};
}

} // namespace perso::station
