// SPDX-License-Identifier: Apache-2.0
// Fuzz target for the journal's and the receipt's text inputs. The first byte picks the input:
// 0: a receipt QR payload (anyone can hold a printed code to the scanner): whatever decodes must be the
//    canonical payload of what it decodes to; 1: a JSON object to journal: whatever the guard accepts
//    must survive its canonical text unchanged; 2: a family name to mask: nothing but its first
//    character may show.
#include "app/journal/Journal.h"
#include "app/journal/JournalStore.h"
#include "app/receipt/ReceiptDocument.h"

#include <QJsonDocument>
#include <QTextBoundaryFinder>

#include <cstdlib>

using namespace perso::station;

namespace {

void require(bool condition)
{
    if (!condition) {
        std::abort();
    }
}

void fuzzPayload(const QString& text)
{
    auto receipt = receiptFromQrPayload(text);
    if (receipt.ok()) {
        require(receiptQrPayload(receipt.value()) == text);
    }
}

void fuzzData(const QByteArray& bytes)
{
    const QJsonDocument document = QJsonDocument::fromJson(bytes);
    if (!document.isObject()) {
        return;
    }
    const QJsonObject data = document.object();
    if (journal::checkPublicData(data).ok()) {
        const QString text = journal::canonicalJson(data);
        require(QJsonDocument::fromJson(text.toUtf8()).object() == data);
        require(journal::canonicalJson(QJsonDocument::fromJson(text.toUtf8()).object()) == text);
    }
}

void fuzzName(const QString& family)
{
    const QString masked = maskedName(QString(), family);
    const QString simplified = family.simplified();
    QTextBoundaryFinder finder(QTextBoundaryFinder::Grapheme, simplified);
    const qsizetype first = finder.toNextBoundary();
    if (simplified.isEmpty()) {
        require(masked.isEmpty());
        return;
    }
    require(first > 0 && masked.left(first) == simplified.left(first));
    for (qsizetype i = first; i < masked.size(); ++i) {
        const QChar c = masked.at(i);
        require(c == QLatin1Char('*') || c == QLatin1Char(' ') || c == QLatin1Char('-'));
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0 || size > 8192) {
        return 0;
    }
    const QByteArray rest(reinterpret_cast<const char*>(data + 1), static_cast<qsizetype>(size - 1));
    switch (data[0] % 3) {
    case 0:
        fuzzPayload(QString::fromUtf8(rest));
        break;
    case 1:
        fuzzData(rest);
        break;
    default:
        fuzzName(QString::fromUtf8(rest));
        break;
    }
    return 0;
}
