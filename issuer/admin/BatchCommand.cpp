// SPDX-License-Identifier: Apache-2.0
// perso-admin batch create: the admin acts as the SIM manufacturer. A fresh batch key, wrapped
// under the master key, is stored with the batch's cards; the blank SIM files carry ICCIDs and the
// ADM codes derived from that key, as a manufacturer would program them.

#include "issuer/admin/AdminHome.h"
#include "terminal/cards/Batch.h"

#include <QDir>
#include <QFileInfo>

namespace perso::issuer::admin {

namespace {

constexpr int kIccidBodyDigits = 18; // ICCIDs of 19 digits: 18 and the Luhn check digit

// The first serial after every ICCID of the store that starts with `prefix`, so that batches of one
// prefix follow each other.
AdminResult<qint64> nextSerial(SqlStore& store, const QString& prefix)
{
    CardFilter filter;
    filter.limit = 100'000;
    PERSO_ADMIN_TRY(cards, fromIssuer(store.listCards(filter)));
    qint64 next = 1;
    for (const CardRecord& card : cards.value())
        if (card.iccid.size() == kIccidBodyDigits + 1 && card.iccid.startsWith(prefix))
            next = std::max(next, card.iccid.mid(prefix.size(), kIccidBodyDigits - prefix.size()).toLongLong() + 1);
    return next;
}

} // namespace

AdminStatus runBatchCreate(const CommandContext& ctx)
{
    QCommandLineParser parser;
    parser.addOption(
        {QStringLiteral("id"), QStringLiteral("Batch id (1..32 of A-Z a-z 0-9 . _ -)."), QStringLiteral("ID")});
    parser.addOption(
        {QStringLiteral("count"), QStringLiteral("Number of blank SIMs (1..10000)."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("iccid-prefix"),
                      QStringLiteral("First digits of the ICCIDs (2..14 digits, e.g. 8900101)."),
                      QStringLiteral("DIGITS")});
    parser.addOption(
        {QStringLiteral("manufacturer"), QStringLiteral("Manufacturer name (0..64)."), QStringLiteral("NAME")});
    parser.addOption(
        {QStringLiteral("out"), QStringLiteral("Folder of blank SIM files to create."), QStringLiteral("DIR")});
    PERSO_ADMIN_TRY(parsed, parseCommandLine(parser, ctx));
    if (!parsed.value())
        return Ok{};
    PERSO_ADMIN_TRY(id, tokenValue(parser, QStringLiteral("id")));
    PERSO_ADMIN_TRY(count, integerValue(parser, QStringLiteral("count"), 1, cards::Batch::kMaxCards));
    PERSO_ADMIN_TRY(prefix, requiredValue(parser, QStringLiteral("iccid-prefix")));
    if (!isDigits(prefix.value(), 2, 14))
        return usageError(QStringLiteral("--iccid-prefix must be 2..14 digits"));
    const QString manufacturer = parser.value(QStringLiteral("manufacturer"));
    if (manufacturer.size() > 64)
        return usageError(QStringLiteral("--manufacturer must be at most 64 characters"));
    PERSO_ADMIN_TRY(outDir, requiredValue(parser, QStringLiteral("out")));
    const QDir folder(outDir.value());
    const bool existed = QFileInfo::exists(outDir.value());
    if (existed && (!QFileInfo(outDir.value()).isDir() ||
                    !folder.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System)))
        return failure(QStringLiteral("%1 exists and is not an empty folder").arg(outDir.value()));

    PERSO_ADMIN_TRY(keys, AdminHome(ctx.home).openKeys());
    PERSO_ADMIN_TRY(store, AdminHome(ctx.home).openStore());
    PERSO_ADMIN_TRY(serial, nextSerial(*store.value(), prefix.value()));
    const int serialDigits = kIccidBodyDigits - static_cast<int>(prefix.value().size());
    const QString firstBody = prefix.value() + QString::number(serial.value()).rightJustified(serialDigits, u'0');
    const QString lastSerial = QString::number(serial.value() + count.value() - 1);
    if (lastSerial.size() > serialDigits)
        return failure(
            QStringLiteral("no room left for %1 ICCIDs after prefix %2").arg(count.value()).arg(prefix.value()));
    const QString firstIccid = firstBody + QString::number(cards::Iccids::luhnCheckDigit(firstBody));
    PERSO_ADMIN_TRY(iccids, fromIssuer([&]() -> IssuerResult<std::vector<QString>> {
                        Result<std::vector<QString>> list =
                            cards::Iccids::consecutive(firstIccid, static_cast<int>(count.value()));
                        if (!list)
                            return makeIssuerError(IssuerErrorCode::InvalidInput, list.error().message);
                        return std::move(list).value();
                    }()));

    PERSO_ADMIN_TRY(batchKey, fromIssuer(KeyRing::generateBatchKey()));
    PERSO_ADMIN_TRY(wrapped, fromIssuer(keys.value().wrapBatchKey(batchKey.value())));
    const BatchRecord record{id.value(), wrapped.value(), keys.value().currentMasterKeyVersion(), manufacturer, now()};

    // The files first (Batch::create removes its card files on failure), then the records in one
    // transaction; if those fail, the folder goes too.
    if (const Status written = cards::Batch::create(outDir.value(), id.value(), firstIccid,
                                                    static_cast<int>(count.value()), batchKey.value());
        !written) {
        if (!existed)
            QDir(outDir.value()).removeRecursively();
        return failure(QStringLiteral("cannot write the batch folder: %1").arg(written.error().message));
    }
    const QStringList iccidList(iccids.value().begin(), iccids.value().end());
    if (const IssuerStatus added = store.value()->addBatch(record, iccidList); !added) {
        QDir dir(outDir.value());
        if (existed) {
            for (const QString& name : dir.entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot))
                dir.remove(name);
        } else {
            dir.removeRecursively();
        }
        return failure(added.error());
    }
    ctx.out << "Batch " << id.value() << ": " << count.value() << " blank SIMs " << iccids.value().front() << ".."
            << iccids.value().back() << " in " << outDir.value() << '\n';
    return auditAdminAction(
        *store.value(), QStringLiteral("batch-created"), id.value(),
        QStringLiteral("%1 cards %2..%3").arg(count.value()).arg(iccids.value().front(), iccids.value().back()));
}

} // namespace perso::issuer::admin
