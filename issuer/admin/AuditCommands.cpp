// SPDX-License-Identifier: Apache-2.0
// perso-admin audit verify|show and receipt verify.

#include "issuer/admin/AdminHome.h"
#include "issuer/admin/Listing.h"
#include "protocol/wire/Iccid.h"
#include "protocol/wire/Receipt.h"

#include <QFile>
#include <QFileInfo>

namespace perso::issuer::admin {

namespace {

constexpr qint64 kMaxReceiptFileSize = 64 * 1024;

AdminResult<Bytes> receiptBytes(const QCommandLineParser& parser)
{
    const bool hasHex = parser.isSet(QStringLiteral("hex"));
    const bool hasFile = parser.positionalArguments().size() == 1;
    if (hasHex == hasFile)
        return usageError(QStringLiteral("give either a receipt FILE or --hex HEX"));
    if (hasHex) {
        PERSO_ADMIN_TRY(text, requiredValue(parser, QStringLiteral("hex")));
        Bytes bytes = fromHex(text.value().toStdString());
        if (bytes.empty())
            return usageError(QStringLiteral("--hex is not hexadecimal"));
        return bytes;
    }
    const QString path = parser.positionalArguments().front();
    QFile file(path);
    if (QFileInfo(path).size() > kMaxReceiptFileSize)
        return failure(QStringLiteral("%1 is too large for a receipt").arg(path));
    if (!file.open(QIODevice::ReadOnly))
        return failure(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    const QByteArray content = file.read(kMaxReceiptFileSize);
    // The file holds the encoded receipt, or the same in hex text.
    const Bytes asHex = fromHex(content.trimmed().toStdString());
    if (!asHex.empty())
        return asHex;
    return Bytes(content.begin(), content.end());
}

} // namespace

AdminStatus runAuditVerify(const CommandContext& ctx)
{
    QCommandLineParser parser;
    PERSO_ADMIN_TRY(parsed, parseCommandLine(parser, ctx));
    if (!parsed.value())
        return Ok{};
    PERSO_ADMIN_TRY(store, AdminHome(ctx.home).openStore());
    PERSO_ADMIN_TRY(verdict, fromIssuer(store.value()->verifyAuditChain()));
    if (verdict.value())
        return failure(QStringLiteral("the audit chain is broken at sequence %1").arg(*verdict.value()));
    ctx.out << "Audit chain intact\n";
    return Ok{};
}

AdminStatus runAuditShow(const CommandContext& ctx)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("from"), QStringLiteral("First sequence (1)."), QStringLiteral("N")});
    parser.addOption(
        {QStringLiteral("count"), QStringLiteral("At most N entries (1000, up to 100000)."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    PERSO_ADMIN_TRY(parsed, parseCommandLine(parser, ctx));
    if (!parsed.value())
        return Ok{};
    PERSO_ADMIN_TRY(from, integerValue(parser, QStringLiteral("from"), 1, 1'000'000'000'000, 1));
    PERSO_ADMIN_TRY(count, integerValue(parser, QStringLiteral("count"), 1, 100'000, 1000));
    PERSO_ADMIN_TRY(store, AdminHome(ctx.home).openStore());
    PERSO_ADMIN_TRY(records, fromIssuer(store.value()->auditLog(from.value(), from.value() + count.value() - 1)));
    Listing listing{{QStringLiteral("sequence"), QStringLiteral("at"), QStringLiteral("kind"), QStringLiteral("actor"),
                     QStringLiteral("subject"), QStringLiteral("detail")},
                    {}};
    const bool json = parser.isSet(QStringLiteral("json"));
    if (json)
        listing.columns << QStringLiteral("hash");
    for (const AuditRecord& record : records.value())
        listing.rows.push_back(QJsonObject{{QStringLiteral("sequence"), static_cast<qint64>(record.sequence)},
                                           {QStringLiteral("at"), timeText(record.entry.at)},
                                           {QStringLiteral("kind"), record.entry.kind},
                                           {QStringLiteral("actor"), record.entry.actor},
                                           {QStringLiteral("subject"), record.entry.subject},
                                           {QStringLiteral("detail"), record.entry.detail},
                                           {QStringLiteral("hash"), hexText(view(record.hash))}});
    json ? printJson(ctx.out, listing) : printTable(ctx.out, listing);
    return Ok{};
}

AdminStatus runReceiptVerify(const CommandContext& ctx)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("hex"), QStringLiteral("The encoded receipt in hex."), QStringLiteral("HEX")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("A file holding the encoded receipt."));
    PERSO_ADMIN_TRY(parsed, parseCommandLine(parser, ctx, -1));
    if (!parsed.value())
        return Ok{};
    if (parser.positionalArguments().size() > 1)
        return usageError(QStringLiteral("give one receipt FILE"));
    PERSO_ADMIN_TRY(bytes, receiptBytes(parser));
    const Result<wire::Receipt> receipt = wire::decodeReceipt(view(bytes.value()));
    if (!receipt)
        return failure(QStringLiteral("not a receipt: %1").arg(receipt.error().message));
    const Result<Bytes> signedBytes = wire::receiptSignedBytes(receipt.value());
    if (!signedBytes)
        return failure(QStringLiteral("not a receipt: %1").arg(signedBytes.error().message));
    PERSO_ADMIN_TRY(keys, AdminHome(ctx.home).openKeys());
    const bool valid = KeyRing::verifySignature(keys.value().signingPublicKeyPem(), view(signedBytes.value()),
                                                view(receipt.value().signature));
    const wire::Receipt& r = receipt.value();
    const QJsonObject record{
        {QStringLiteral("receipt"), hexText(view(r.receiptId))},
        {QStringLiteral("iccid"), wire::iccidDigits(view(r.iccid))},
        {QStringLiteral("msisdn"), r.msisdn},
        {QStringLiteral("issued"), timeText(static_cast<Timestamp>(r.issuedAt))},
        {QStringLiteral("shop"), r.shopId},
        {QStringLiteral("signature"), valid ? QStringLiteral("valid") : QStringLiteral("INVALID")}};
    printRecord(ctx.out,
                {QStringLiteral("receipt"), QStringLiteral("iccid"), QStringLiteral("msisdn"), QStringLiteral("issued"),
                 QStringLiteral("shop"), QStringLiteral("signature")},
                record, parser.isSet(QStringLiteral("json")));
    if (!valid)
        return failure(QStringLiteral("the receipt's signature is not the issuer's"));
    return Ok{};
}

} // namespace perso::issuer::admin
