// SPDX-License-Identifier: Apache-2.0
#include "app/journal/Journal.h"
#include "app/receipt/QrCode.h"
#include "app/receipt/ReceiptDocument.h"
#include "protocol/wire/Iccid.h"

#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>

using namespace perso;
using namespace perso::station;

namespace {

wire::Receipt sampleReceipt()
{
    wire::Receipt receipt;
    receipt.receiptId = fromHex("0123456789abcdef0123456789abcdef");
    receipt.iccid = wire::iccidFromDigits(QStringLiteral("8944500102030405067")).value();
    receipt.msisdn = QStringLiteral("447700900123");
    receipt.issuedAt = 1767225600; // 2026-01-01T00:00:00Z
    receipt.shopId = QStringLiteral("SHOP-0042");
    receipt.signature.assign(64, 0);
    for (std::size_t i = 0; i < receipt.signature.size(); ++i) {
        receipt.signature[i] = static_cast<std::uint8_t>(i * 7 + 1);
    }
    return receipt;
}

ReceiptData sampleData()
{
    ReceiptData data;
    data.receipt = sampleReceipt();
    data.retailerDisplayName = QStringLiteral("Corner Phones & Co");
    data.customerName = QStringLiteral("Anna Lindqvist");
    data.maskedCustomerName = maskedName(QStringLiteral("Anna"), QStringLiteral("Lindqvist"));
    data.planCode = QStringLiteral("PLAN-S");
    data.transactionId = QStringLiteral("00112233445566778899aabbccddeeff");
    return data;
}

QString base64url(const QByteArray& bytes)
{
    return QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

} // namespace

class TestReceipt : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private slots:
    void payloadRoundTrip()
    {
        const wire::Receipt receipt = sampleReceipt();
        const QString payload = receiptQrPayload(receipt);
        QVERIFY(payload.startsWith(QStringLiteral("RPR1:")));
        QVERIFY(!payload.contains(QLatin1Char('=')));
        QVERIFY(!payload.contains(QLatin1Char('+')) && !payload.contains(QLatin1Char('/')));
        const auto encoded = wire::encodeReceipt(receipt).value();
        QCOMPARE(payload.mid(5), base64url(QByteArray(reinterpret_cast<const char*>(encoded.data()),
                                                      static_cast<qsizetype>(encoded.size()))));
        // Known answer: the deterministic CBOR map {0: id, 1: ICCID, 2: MSISDN, 3: issuedAt, 4: shop,
        // 5: signature}, written out by hand (also the fuzz_journal corpus entry payload_valid).
        QCOMPARE(payload, QStringLiteral(
                              "RPR1:"
                              "pgBQASNFZ4mrze8BI0VniavN7wFKmEQFECAwQFBg9wJsNDQ3NzAwOTAwMTIzAxppVbkABGlTSE9QLTAwNDIFWEAB"
                              "CA8WHSQrMjlAR05VXGNqcXh_ho2Um6KpsLe-xczT2uHo7_b9BAsSGSAnLjU8Q0pRWF9mbXR7gomQl56lrLO6"));
        auto decoded = receiptFromQrPayload(payload);
        QVERIFY(decoded);
        QVERIFY(decoded.value() == receipt);
    }

    void badPayloadsRefused_data()
    {
        QTest::addColumn<QString>("payload");
        const QString good = receiptQrPayload(sampleReceipt());
        QTest::newRow("empty") << QString();
        QTest::newRow("prefix only") << QStringLiteral("RPR1:");
        QTest::newRow("other prefix") << QStringLiteral("RPR2:") + good.mid(5);
        QTest::newRow("lower-case prefix") << QStringLiteral("rpr1:") + good.mid(5);
        QTest::newRow("no prefix") << good.mid(5);
        QTest::newRow("padding") << good + QStringLiteral("==");
        QTest::newRow("standard alphabet") << QStringLiteral("RPR1:ab+/cd");
        QTest::newRow("space") << QStringLiteral("RPR1:ab cd");
        QTest::newRow("truncated") << good.left(good.size() - 4);
        QTest::newRow("stray character") << good + QStringLiteral("A");
        QTest::newRow("not cbor") << QStringLiteral("RPR1:") + base64url("hello, receipt");
        QTest::newRow("cbor array") << QStringLiteral("RPR1:") + base64url(QByteArray::fromHex("83010203"));
        QTest::newRow("empty map") << QStringLiteral("RPR1:") + base64url(QByteArray::fromHex("a0"));
        QTest::newRow("huge") << QStringLiteral("RPR1:") + QString(5000, QLatin1Char('A'));
    }

    void badPayloadsRefused()
    {
        QFETCH(QString, payload);
        auto decoded = receiptFromQrPayload(payload);
        QVERIFY(!decoded);
        QCOMPARE(decoded.error().kind, StationErrorKind::InvalidInput);
    }

    void qrImageFollowsVersion_data()
    {
        QTest::addColumn<int>("moduleSize");
        QTest::addColumn<QString>("payload");
        QTest::newRow("receipt, 4") << 4 << receiptQrPayload(sampleReceipt());
        QTest::newRow("receipt, 1") << 1 << receiptQrPayload(sampleReceipt());
        QTest::newRow("short, 3") << 3 << QStringLiteral("RPR1:x");
        QTest::newRow("long, 2") << 2 << QString(600, QLatin1Char('z'));
    }

    void qrImageFollowsVersion()
    {
        QFETCH(int, moduleSize);
        QFETCH(QString, payload);
        auto matrix = encodeQr(payload.toUtf8());
        QVERIFY(matrix);
        QCOMPARE(matrix.value().width, 17 + 4 * matrix.value().version);
        auto image = qrImage(payload, moduleSize);
        QVERIFY(image);
        const QImage& qr = image.value();
        QCOMPARE(qr.width(), (matrix.value().width + 8) * moduleSize);
        QCOMPARE(qr.height(), qr.width());
        int dark = 0;
        for (int y = 0; y < qr.height(); ++y) {
            for (int x = 0; x < qr.width(); ++x) {
                const QRgb pixel = qr.pixel(x, y) & 0xffffff;
                QVERIFY(pixel == 0x000000 || pixel == 0xffffff);
                dark += pixel == 0 ? 1 : 0;
                const bool inQuietZone = x < 4 * moduleSize || y < 4 * moduleSize || x >= qr.width() - 4 * moduleSize ||
                                         y >= qr.height() - 4 * moduleSize;
                if (inQuietZone) {
                    QCOMPARE(pixel, QRgb(0xffffff));
                } else {
                    const int mx = x / moduleSize - 4;
                    const int my = y / moduleSize - 4;
                    QCOMPARE(pixel == 0, matrix.value().dark(mx, my));
                }
            }
        }
        QVERIFY(dark > 0);
        // The finder pattern's corner module is dark.
        QCOMPARE(qr.pixel(4 * moduleSize, 4 * moduleSize) & 0xffffff, QRgb(0));
    }

    void qrImageRefusesBadInput()
    {
        QCOMPARE(qrImage(QStringLiteral("x"), 0).error().kind, StationErrorKind::InvalidInput);
        QCOMPARE(qrImage(QStringLiteral("x"), 65).error().kind, StationErrorKind::InvalidInput);
        QCOMPARE(qrImage(QString(), 4).error().kind, StationErrorKind::InvalidInput);
        QCOMPARE(qrImage(QString(8000, QLatin1Char('z')), 4).error().kind, StationErrorKind::InvalidInput);
    }

    void customerCopyHasTheFields()
    {
        auto document = receiptDocument(sampleData(), ReceiptCopy::Customer);
        QVERIFY(document);
        const QString text = document.value()->toPlainText();
        for (const QString& expected :
             {QStringLiteral("Customer copy"), QStringLiteral("SHOP-0042"), QStringLiteral("Corner Phones & Co"),
              QStringLiteral("Anna Lindqvist"), QStringLiteral("PLAN-S"), QStringLiteral("+447700900123"),
              QStringLiteral("8944500102030405067"), QStringLiteral("00112233445566778899aabbccddeeff"),
              QStringLiteral("0123456789abcdef0123456789abcdef"), QStringLiteral("Signed by the issuer"),
              QStringLiteral("New card")}) {
            QVERIFY2(text.contains(expected), qPrintable(expected));
        }
        QVERIFY(!text.contains(QStringLiteral("Shop copy")));
        QVERIFY(!text.contains(QStringLiteral("{{")));
        const QDateTime issued = QDateTime::fromSecsSinceEpoch(1767225600, Qt::UTC).toLocalTime();
        QVERIFY(text.contains(QLocale().toString(issued, QLocale::ShortFormat)));

        // Fingerprint: first 8 bytes of SHA-256 of the signature, in hex.
        static const QRegularExpression fingerprint(QStringLiteral("Signed by the issuer\\s+([0-9a-f]{16})\\b"));
        QVERIFY2(fingerprint.match(text).hasMatch(), qPrintable(text));

        const QVariant qr =
            document.value()->resource(QTextDocument::ImageResource, QUrl(QStringLiteral("qr://receipt")));
        QVERIFY(qr.canConvert<QImage>());
        QVERIFY(!qr.value<QImage>().isNull());
    }

    void shopCopyIsMasked()
    {
        ReceiptData data = sampleData();
        data.modification = true;
        auto document = receiptDocument(data, ReceiptCopy::Shop);
        QVERIFY(document);
        const QString text = document.value()->toPlainText();
        QVERIFY(text.contains(QStringLiteral("Shop copy")));
        QVERIFY(text.contains(QStringLiteral("A. L********")));
        QVERIFY(!text.contains(QStringLiteral("Anna")));
        QVERIFY(!text.contains(QStringLiteral("Lindqvist")));
        QVERIFY(text.contains(QStringLiteral("Modification of an existing card")));
    }

    void valuesAreEscaped()
    {
        ReceiptData data = sampleData();
        data.customerName = QStringLiteral("<script>alert('x')</script><b>Bold</b>");
        data.retailerDisplayName = QStringLiteral("<img src=\"qr://receipt\">Evil & Co");
        auto document = receiptDocument(data, ReceiptCopy::Customer);
        QVERIFY(document);
        const QString text = document.value()->toPlainText();
        QVERIFY(text.contains(data.customerName)); // shown as text, not markup
        QVERIFY(text.contains(data.retailerDisplayName));
        const QString html = document.value()->toHtml();
        QVERIFY(!html.contains(QStringLiteral("<script>")));
        QVERIFY(!html.contains(QStringLiteral("<b>Bold")));
        QCOMPARE(html.count(QStringLiteral("<img")), 1); // the QR code alone
    }

    void invalidReceiptRefused()
    {
        ReceiptData data = sampleData();
        data.receipt.signature.resize(10);
        auto document = receiptDocument(data, ReceiptCopy::Customer);
        QVERIFY(!document);
        QCOMPARE(document.error().kind, StationErrorKind::InvalidInput);
        QVERIFY(!writeReceiptPdf(data, m_dir.filePath(QStringLiteral("bad.pdf"))));
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("bad.pdf"))));
    }

    void noSecretLookingText()
    {
        for (const ReceiptCopy copy : {ReceiptCopy::Customer, ReceiptCopy::Shop}) {
            auto document = receiptDocument(sampleData(), copy);
            QVERIFY(document);
            static const QRegularExpression secret(QStringLiteral("\\b(pin|puk|ki|opc|adm|key|password|secret)\\b"),
                                                   QRegularExpression::CaseInsensitiveOption);
            const QString text = document.value()->toPlainText();
            QVERIFY2(!secret.match(text).hasMatch(), qPrintable(secret.match(text).captured()));
        }
    }

    // Each copy fits one A5 page inside 12 mm margins (124 x 186 mm at the document's 96 dpi), even
    // with long names.
    void copyFitsOnePage()
    {
        ReceiptData data = sampleData();
        data.customerName = QString(60, QLatin1Char('W'));
        data.retailerDisplayName = QString(60, QLatin1Char('M'));
        for (const ReceiptCopy copy : {ReceiptCopy::Customer, ReceiptCopy::Shop}) {
            auto document = receiptDocument(data, copy);
            QVERIFY(document);
            document.value()->setPageSize(QSizeF(124 / 25.4 * 96, 186 / 25.4 * 96));
            QCOMPARE(document.value()->pageCount(), 1);
        }
    }

    void pdfHasTwoPages()
    {
        QVERIFY(m_dir.isValid());
        const QString path = m_dir.filePath(QStringLiteral("receipt.pdf"));
        QVERIFY(writeReceiptPdf(sampleData(), path));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray pdf = file.readAll();
        QVERIFY(pdf.startsWith("%PDF-"));
        static const QRegularExpression page(QStringLiteral("/Type\\s*/Page(?!s)"));
        QCOMPARE(QString::fromLatin1(pdf).count(page), 2);
        QVERIFY(pdf.size() > 2000);
        // Written through a temporary file: nothing else is left in the folder.
        QCOMPARE(QDir(m_dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("receipt.pdf")});

        QVERIFY(!writeReceiptPdf(sampleData(), m_dir.filePath(QStringLiteral("no/such/folder/r.pdf"))));
    }
};

QTEST_MAIN(TestReceipt)
#include "tst_receipt.moc"
