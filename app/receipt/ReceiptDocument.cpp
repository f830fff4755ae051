// SPDX-License-Identifier: Apache-2.0
#include "app/receipt/ReceiptDocument.h"

#include "app/receipt/QrCode.h"
#include "protocol/wire/Iccid.h"

#include <QCoreApplication>
#include <QFile>
#include <QLocale>
#include <QPainter>
#include <QRegularExpression>
#include <QTextDocument>
#include <QUrl>

#include <botan/hash.h>

#include <map>

namespace perso::station {
namespace {

const QString kQrPrefix = QStringLiteral("RPR1:");
constexpr qsizetype kMaxPayloadChars = 4096;
constexpr int kMaxModuleSize = 64;
constexpr int kQuietZone = 4;

// Every text below is marked with QT_TRANSLATE_NOOP("Receipt", ...) so that lupdate finds it.
QString translated(const char* text)
{
    return QCoreApplication::translate("Receipt", text);
}

QByteArray asBytes(const Bytes& bytes)
{
    return QByteArray(reinterpret_cast<const char*>(bytes.data()), static_cast<qsizetype>(bytes.size()));
}

// First 8 bytes of SHA-256 over the signature, in hex: short enough to read out, enough to compare.
QString signatureFingerprint(const Bytes& signature)
{
    auto sha = Botan::HashFunction::create_or_throw("SHA-256");
    sha->update(signature.data(), signature.size());
    const auto digest = sha->final();
    return QString::fromStdString(toHex(ByteView(digest.data(), 8))).toLower();
}

QString fillTemplate(QString html, const std::map<QString, QString>& values)
{
    for (const auto& [name, value] : values) {
        html.replace(QStringLiteral("{{%1}}").arg(name), value.toHtmlEscaped());
    }
    return html;
}

} // namespace

QString receiptQrPayload(const wire::Receipt& receipt)
{
    auto encoded = wire::encodeReceipt(receipt);
    if (!encoded) {
        return {};
    }
    const QByteArray text =
        asBytes(encoded.value()).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    return kQrPrefix + QString::fromLatin1(text);
}

StationResult<wire::Receipt> receiptFromQrPayload(const QString& payload)
{
    auto invalid = [](const QString& why) { return stationError(StationErrorKind::InvalidInput, why); };
    if (!payload.startsWith(kQrPrefix)) {
        return invalid(QStringLiteral("not a receipt QR code"));
    }
    const QString body = payload.mid(kQrPrefix.size());
    static const QRegularExpression base64url(QStringLiteral("^[A-Za-z0-9_-]+$"));
    if (body.size() > kMaxPayloadChars || !base64url.match(body).hasMatch()) {
        return invalid(QStringLiteral("the receipt QR code is not base64url"));
    }
    const auto decoded =
        QByteArray::fromBase64Encoding(body.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals |
                                                            QByteArray::AbortOnBase64DecodingErrors);
    if (decoded.decodingStatus != QByteArray::Base64DecodingStatus::Ok || decoded.decoded.isEmpty()) {
        return invalid(QStringLiteral("the receipt QR code is not base64url"));
    }
    const Bytes bytes(decoded.decoded.begin(), decoded.decoded.end());
    auto receipt = wire::decodeReceipt(view(bytes));
    if (!receipt) {
        return invalid(QStringLiteral("the receipt QR code does not hold a valid receipt"));
    }
    // One text per receipt: refuse another encoding of the same fields (and stray base64 bits).
    if (receiptQrPayload(receipt.value()) != payload) {
        return invalid(QStringLiteral("the receipt QR code is not in its canonical form"));
    }
    return receipt.value();
}

StationResult<QImage> qrImage(const QString& payload, int moduleSize)
{
    if (moduleSize < 1 || moduleSize > kMaxModuleSize) {
        return stationError(StationErrorKind::InvalidInput, QStringLiteral("QR module size out of range"));
    }
    auto matrix = encodeQr(payload.toUtf8());
    if (!matrix) {
        return matrix.error();
    }
    const QrMatrix& qr = matrix.value();
    const int side = (qr.width + 2 * kQuietZone) * moduleSize;
    QImage image(side, side, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setPen(Qt::NoPen);
    painter.setRenderHint(QPainter::Antialiasing, false);
    for (int y = 0; y < qr.width; ++y) {
        for (int x = 0; x < qr.width; ++x) {
            if (qr.dark(x, y)) {
                painter.fillRect((x + kQuietZone) * moduleSize, (y + kQuietZone) * moduleSize, moduleSize, moduleSize,
                                 Qt::black);
            }
        }
    }
    painter.end();
    return image;
}

StationResult<std::unique_ptr<QTextDocument>> receiptDocument(const ReceiptData& data, ReceiptCopy copy)
{
    const wire::Receipt& receipt = data.receipt;
    const QString payload = receiptQrPayload(receipt);
    if (payload.isEmpty()) {
        return stationError(StationErrorKind::InvalidInput, QStringLiteral("the receipt does not encode"));
    }
    auto image = qrImage(payload, 3);
    if (!image) {
        return image.error();
    }
    QFile file(QStringLiteral(":/receipt/receipt.html"));
    if (!file.open(QIODevice::ReadOnly)) {
        return stationError(StationErrorKind::Internal, QStringLiteral("the receipt template is missing"));
    }
    const QString html = QString::fromUtf8(file.readAll());

    const bool customer = copy == ReceiptCopy::Customer;
    const QDateTime issued =
        QDateTime::fromSecsSinceEpoch(static_cast<qint64>(receipt.issuedAt), Qt::UTC).toLocalTime();
    const std::map<QString, QString> values{
        {QStringLiteral("heading"), translated(QT_TRANSLATE_NOOP("Receipt", "SIM card hand-over receipt"))},
        {QStringLiteral("copyTitle"), customer ? translated(QT_TRANSLATE_NOOP("Receipt", "Customer copy"))
                                               : translated(QT_TRANSLATE_NOOP("Receipt", "Shop copy"))},
        {QStringLiteral("labelOperation"), translated(QT_TRANSLATE_NOOP("Receipt", "Operation"))},
        {QStringLiteral("operation"), data.modification
                                          ? translated(QT_TRANSLATE_NOOP("Receipt", "Modification of an existing card"))
                                          : translated(QT_TRANSLATE_NOOP("Receipt", "New card"))},
        {QStringLiteral("labelRetailer"), translated(QT_TRANSLATE_NOOP("Receipt", "Retailer"))},
        {QStringLiteral("retailer"), data.retailerDisplayName},
        {QStringLiteral("labelShop"), translated(QT_TRANSLATE_NOOP("Receipt", "Shop"))},
        {QStringLiteral("shopId"), receipt.shopId},
        {QStringLiteral("labelIssuedAt"), translated(QT_TRANSLATE_NOOP("Receipt", "Date and time"))},
        {QStringLiteral("issuedAt"), QLocale().toString(issued, QLocale::ShortFormat)},
        {QStringLiteral("labelCustomer"), translated(QT_TRANSLATE_NOOP("Receipt", "Customer"))},
        {QStringLiteral("customer"), customer ? data.customerName : data.maskedCustomerName},
        {QStringLiteral("labelPlan"), translated(QT_TRANSLATE_NOOP("Receipt", "Plan"))},
        {QStringLiteral("plan"), data.planCode},
        {QStringLiteral("labelMsisdn"), translated(QT_TRANSLATE_NOOP("Receipt", "Phone number"))},
        {QStringLiteral("msisdn"), QStringLiteral("+") + receipt.msisdn},
        {QStringLiteral("labelIccid"), translated(QT_TRANSLATE_NOOP("Receipt", "SIM card number (ICCID)"))},
        {QStringLiteral("iccid"), wire::iccidDigits(view(receipt.iccid))},
        {QStringLiteral("labelTransaction"), translated(QT_TRANSLATE_NOOP("Receipt", "Transaction"))},
        {QStringLiteral("transactionId"), data.transactionId},
        {QStringLiteral("labelReceipt"), translated(QT_TRANSLATE_NOOP("Receipt", "Receipt"))},
        {QStringLiteral("receiptId"), QString::fromStdString(toHex(view(receipt.receiptId))).toLower()},
        {QStringLiteral("labelSigned"), translated(QT_TRANSLATE_NOOP("Receipt", "Signed by the issuer"))},
        {QStringLiteral("fingerprint"), signatureFingerprint(receipt.signature)},
        {QStringLiteral("qrAlt"), translated(QT_TRANSLATE_NOOP("Receipt", "QR code of the signed receipt"))},
        {QStringLiteral("verifyHint"),
         translated(QT_TRANSLATE_NOOP("Receipt", "The QR code holds the receipt as the issuer signed it."))},
    };
    auto document = std::make_unique<QTextDocument>();
    document->addResource(QTextDocument::ImageResource, QUrl(QStringLiteral("qr://receipt")), image.value());
    document->setHtml(fillTemplate(html, values));
    return document;
}

} // namespace perso::station
