// SPDX-License-Identifier: Apache-2.0
// perso-admin retailer add, shop add, terminal register|clear-tamper, deny add, pool add|status.

#include "issuer/admin/AdminHome.h"
#include "issuer/admin/Listing.h"
#include "issuer/assessment/Assessment.h"
#include "protocol/wire/CustomerDetails.h"

namespace perso::issuer::admin {

namespace {

// Parses the command line; `done` is set when only the help was asked for.
AdminStatus parse(QCommandLineParser& parser, const CommandContext& ctx, bool& done)
{
    AdminResult<bool> parsed = parseCommandLine(parser, ctx);
    if (!parsed)
        return parsed.error();
    done = !parsed.value();
    return Ok{};
}

AdminStatus storeCall(const IssuerStatus& status)
{
    if (!status)
        return failure(status.error());
    return Ok{};
}

QCommandLineOption valueOption(const char* name, const char* description, const char* valueName)
{
    return QCommandLineOption(QString::fromLatin1(name), QString::fromLatin1(description),
                              QString::fromLatin1(valueName));
}

} // namespace

AdminStatus runRetailerAdd(const CommandContext& ctx)
{
    QCommandLineParser parser;
    parser.addOption(valueOption("id", "Retailer id (1..32 of A-Z a-z 0-9 . _ -).", "ID"));
    parser.addOption(valueOption("name", "Display name shown on the station (1..64).", "NAME"));
    bool done = false;
    if (AdminStatus parsed = parse(parser, ctx, done); !parsed || done)
        return parsed;
    PERSO_ADMIN_TRY(id, tokenValue(parser, QStringLiteral("id")));
    PERSO_ADMIN_TRY(name, requiredValue(parser, QStringLiteral("name")));
    if (name.value().size() > 64 || name.value().trimmed().isEmpty())
        return usageError(QStringLiteral("--name must be 1..64 characters"));
    PERSO_ADMIN_TRY(store, AdminHome(ctx.home).openStore());
    if (AdminStatus added = storeCall(store.value()->addRetailer(RetailerRecord{id.value(), name.value()})); !added)
        return added;
    ctx.out << "Retailer " << id.value() << " added\n";
    return auditAdminAction(*store.value(), QStringLiteral("retailer-added"), id.value());
}

AdminStatus runShopAdd(const CommandContext& ctx)
{
    QCommandLineParser parser;
    parser.addOption(valueOption("id", "Shop id (1..32 of A-Z a-z 0-9 . _ -).", "ID"));
    parser.addOption(valueOption("retailer", "The retailer the shop belongs to.", "ID"));
    parser.addOption(valueOption("address", "Address for receipts and listings (0..200).", "TEXT"));
    bool done = false;
    if (AdminStatus parsed = parse(parser, ctx, done); !parsed || done)
        return parsed;
    PERSO_ADMIN_TRY(id, tokenValue(parser, QStringLiteral("id")));
    PERSO_ADMIN_TRY(retailer, tokenValue(parser, QStringLiteral("retailer")));
    const QString address = parser.value(QStringLiteral("address"));
    if (address.size() > 200)
        return usageError(QStringLiteral("--address must be at most 200 characters"));
    PERSO_ADMIN_TRY(store, AdminHome(ctx.home).openStore());
    if (AdminStatus added = storeCall(store.value()->addShop(ShopRecord{id.value(), retailer.value(), address}));
        !added)
        return added;
    ctx.out << "Shop " << id.value() << " added to retailer " << retailer.value() << '\n';
    return auditAdminAction(*store.value(), QStringLiteral("shop-added"), id.value(), retailer.value());
}

AdminStatus runTerminalRegister(const CommandContext& ctx)
{
    QCommandLineParser parser;
    parser.addOption(valueOption("id", "Terminal id (1..32 of A-Z a-z 0-9 . _ -).", "ID"));
    parser.addOption(valueOption("shop", "The shop the terminal is installed in.", "ID"));
    bool done = false;
    if (AdminStatus parsed = parse(parser, ctx, done); !parsed || done)
        return parsed;
    PERSO_ADMIN_TRY(id, tokenValue(parser, QStringLiteral("id")));
    PERSO_ADMIN_TRY(shop, tokenValue(parser, QStringLiteral("shop")));
    PERSO_ADMIN_TRY(store, AdminHome(ctx.home).openStore());
    if (AdminStatus added = storeCall(store.value()->registerTerminal(TerminalRecord{id.value(), shop.value(), false}));
        !added)
        return added;
    ctx.out << "Terminal " << id.value() << " registered to shop " << shop.value() << '\n';
    return auditAdminAction(*store.value(), QStringLiteral("terminal-registered"), id.value(), shop.value());
}

AdminStatus runTerminalClearTamper(const CommandContext& ctx)
{
    QCommandLineParser parser;
    parser.addOption(valueOption("id", "Terminal id.", "ID"));
    bool done = false;
    if (AdminStatus parsed = parse(parser, ctx, done); !parsed || done)
        return parsed;
    PERSO_ADMIN_TRY(id, tokenValue(parser, QStringLiteral("id")));
    PERSO_ADMIN_TRY(store, AdminHome(ctx.home).openStore());
    if (AdminStatus cleared = storeCall(store.value()->clearTamper(id.value())); !cleared)
        return cleared;
    ctx.out << "Terminal " << id.value() << ": tamper flag cleared\n";
    return auditAdminAction(*store.value(), QStringLiteral("terminal-tamper-cleared"), id.value());
}

AdminStatus runDenyAdd(const CommandContext& ctx)
{
    QCommandLineParser parser;
    parser.addOption(valueOption("id-type",
                                 "ID document type: 1 passport, 2 national ID card, 3 driving licence, "
                                 "4 residence permit.",
                                 "N"));
    parser.addOption(valueOption("id-number", "ID document number (upper-case letters and digits).", "X"));
    bool done = false;
    if (AdminStatus parsed = parse(parser, ctx, done); !parsed || done)
        return parsed;
    PERSO_ADMIN_TRY(type, integerValue(parser, QStringLiteral("id-type"), 1, 4));
    PERSO_ADMIN_TRY(number, requiredValue(parser, QStringLiteral("id-number")));
    // The assessment's own format rules: a number it would refuse could never match a customer.
    if (!isValidIdDocumentNumber(static_cast<wire::IdDocumentType>(type.value()), number.value()))
        return usageError(QStringLiteral("--id-number is not a valid number for ID document type %1 "
                                         "(docs/issuer.md, Assessment)")
                              .arg(type.value()));
    PERSO_ADMIN_TRY(keys, AdminHome(ctx.home).openKeys());
    PERSO_ADMIN_TRY(store, AdminHome(ctx.home).openStore());
    const Bytes customerKey = keys.value().customerKey(static_cast<std::uint8_t>(type.value()), number.value());
    if (AdminStatus added = storeCall(store.value()->addToDenyList(view(customerKey), now())); !added)
        return added;
    // The document number is personal data: the audit log keeps only the keyed pseudonym.
    ctx.out << "Customer added to the deny list\n";
    return auditAdminAction(*store.value(), QStringLiteral("deny-listed"), hexText(view(customerKey)).left(16));
}

AdminStatus runPoolAdd(const CommandContext& ctx)
{
    QCommandLineParser parser;
    parser.addOption(valueOption("kind", "imsi or msisdn.", "KIND"));
    parser.addOption(valueOption("first", "First number (IMSI: 15 digits; MSISDN: 6..15 digits, E.164).", "DIGITS"));
    parser.addOption(valueOption("count", "How many consecutive numbers (1..1000000).", "N"));
    bool done = false;
    if (AdminStatus parsed = parse(parser, ctx, done); !parsed || done)
        return parsed;
    PERSO_ADMIN_TRY(kindText, requiredValue(parser, QStringLiteral("kind")));
    PERSO_ADMIN_TRY(first, requiredValue(parser, QStringLiteral("first")));
    PERSO_ADMIN_TRY(count, integerValue(parser, QStringLiteral("count"), 1, 1'000'000));
    NumberKind kind = NumberKind::Imsi;
    if (kindText.value() == QLatin1String("imsi")) {
        if (!isDigits(first.value(), 15, 15))
            return usageError(QStringLiteral("--first must be an IMSI of 15 digits"));
    } else if (kindText.value() == QLatin1String("msisdn")) {
        kind = NumberKind::Msisdn;
        if (!isDigits(first.value(), 6, 15) || first.value().startsWith(u'0'))
            return usageError(QStringLiteral("--first must be an MSISDN of 6..15 digits without a leading 0"));
    } else {
        return usageError(QStringLiteral("--kind must be imsi or msisdn"));
    }
    // The last number must keep the first one's length.
    const QString last =
        QString::number(first.value().toLongLong() + count.value() - 1).rightJustified(first.value().size(), u'0');
    if (last.size() != first.value().size())
        return usageError(QStringLiteral("--count runs past the last %1-digit number").arg(first.value().size()));
    PERSO_ADMIN_TRY(store, AdminHome(ctx.home).openStore());
    if (AdminStatus added = storeCall(store.value()->addNumberRange(kind, first.value(), count.value())); !added)
        return added;
    ctx.out << "Added " << count.value() << ' ' << kindText.value() << " numbers " << first.value() << ".." << last
            << '\n';
    return auditAdminAction(*store.value(), QStringLiteral("pool-added"), first.value(),
                            QStringLiteral("%1 x%2").arg(kindText.value()).arg(count.value()));
}

AdminStatus runPoolStatus(const CommandContext& ctx)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    bool done = false;
    if (AdminStatus parsed = parse(parser, ctx, done); !parsed || done)
        return parsed;
    PERSO_ADMIN_TRY(store, AdminHome(ctx.home).openStore());
    PERSO_ADMIN_TRY(pools, fromIssuer(store.value()->poolStatus()));
    Listing listing{{QStringLiteral("kind"), QStringLiteral("free"), QStringLiteral("used")}, {}};
    for (const PoolStatus& pool : pools.value())
        listing.rows.push_back(QJsonObject{
            {QStringLiteral("kind"), pool.kind == NumberKind::Imsi ? QStringLiteral("imsi") : QStringLiteral("msisdn")},
            {QStringLiteral("free"), static_cast<qint64>(pool.free)},
            {QStringLiteral("used"), static_cast<qint64>(pool.used)}});
    parser.isSet(QStringLiteral("json")) ? printJson(ctx.out, listing) : printTable(ctx.out, listing);
    return Ok{};
}

} // namespace perso::issuer::admin
