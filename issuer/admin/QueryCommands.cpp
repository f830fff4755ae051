// SPDX-License-Identifier: Apache-2.0
// perso-admin cards list, card show, transactions list, transaction show.

#include "issuer/admin/AdminHome.h"
#include "issuer/admin/Listing.h"
#include "protocol/wire/Limits.h"

#include <QDateTime>

namespace perso::issuer::admin {

namespace {

QJsonValue optionalText(const std::optional<QString>& value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

QJsonObject cardJson(const CardRecord& card)
{
    return QJsonObject{{QStringLiteral("iccid"), card.iccid},
                       {QStringLiteral("batch"), card.batchId},
                       {QStringLiteral("state"), cardStateName(card.state)},
                       {QStringLiteral("imsi"), optionalText(card.imsi)},
                       {QStringLiteral("msisdn"), optionalText(card.msisdn)},
                       {QStringLiteral("customer"), optionalText(card.customerReference)},
                       {QStringLiteral("transaction"), card.transactionId
                                                           ? QJsonValue(hexText(view(*card.transactionId)))
                                                           : QJsonValue(QJsonValue::Null)}};
}

QJsonObject transactionJson(const TransactionRecord& t)
{
    return QJsonObject{{QStringLiteral("transaction"), hexText(view(t.transactionId))},
                       {QStringLiteral("session"), hexText(view(t.sessionId))},
                       {QStringLiteral("operation"), operationName(t.operation)},
                       {QStringLiteral("state"), transactionStateName(t.state)},
                       {QStringLiteral("iccid"), t.iccid},
                       {QStringLiteral("customer"), t.customerReference},
                       {QStringLiteral("shop"), t.shopId},
                       {QStringLiteral("terminal"), t.terminalId},
                       {QStringLiteral("imsi"), t.imsi},
                       {QStringLiteral("msisdn"), t.msisdn},
                       {QStringLiteral("packageBytes"), static_cast<qint64>(t.package.size())},
                       {QStringLiteral("failingStep"), t.failingStep ? QJsonValue(*t.failingStep) : QJsonValue()},
                       {QStringLiteral("reasonCode"), t.reasonCode ? QJsonValue(*t.reasonCode) : QJsonValue()},
                       {QStringLiteral("receipt"), t.receipt ? QJsonValue(hexText(view(*t.receipt))) : QJsonValue()},
                       {QStringLiteral("created"), timeText(t.createdAt)},
                       {QStringLiteral("updated"), timeText(t.updatedAt)}};
}

AdminResult<int> limitValue(const QCommandLineParser& parser)
{
    PERSO_ADMIN_TRY(limit, integerValue(parser, QStringLiteral("limit"), 1, 100'000, 1000));
    return static_cast<int>(limit.value());
}

} // namespace

AdminStatus runCardsList(const CommandContext& ctx)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("state"),
                      QStringLiteral("Only cards in state S: in-stock, allocated, personalised, verified, void."),
                      QStringLiteral("S")});
    parser.addOption({QStringLiteral("batch"), QStringLiteral("Only cards of this batch."), QStringLiteral("ID")});
    parser.addOption({QStringLiteral("limit"), QStringLiteral("At most N cards (1000)."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    PERSO_ADMIN_TRY(parsed, parseCommandLine(parser, ctx));
    if (!parsed.value())
        return Ok{};
    CardFilter filter;
    if (parser.isSet(QStringLiteral("state"))) {
        PERSO_ADMIN_TRY(text, requiredValue(parser, QStringLiteral("state")));
        filter.state = cardStateFromName(text.value());
        if (!filter.state)
            return usageError(QStringLiteral("--state must be in-stock, allocated, personalised, verified or void"));
    }
    if (parser.isSet(QStringLiteral("batch"))) {
        PERSO_ADMIN_TRY(batch, tokenValue(parser, QStringLiteral("batch")));
        filter.batchId = batch.value();
    }
    PERSO_ADMIN_TRY(limit, limitValue(parser));
    filter.limit = limit.value();
    PERSO_ADMIN_TRY(store, AdminHome(ctx.home).openStore());
    PERSO_ADMIN_TRY(cards, fromIssuer(store.value()->listCards(filter)));
    Listing listing{{QStringLiteral("iccid"), QStringLiteral("batch"), QStringLiteral("state"), QStringLiteral("imsi"),
                     QStringLiteral("msisdn"), QStringLiteral("customer")},
                    {}};
    for (const CardRecord& card : cards.value())
        listing.rows.push_back(cardJson(card));
    parser.isSet(QStringLiteral("json")) ? printJson(ctx.out, listing) : printTable(ctx.out, listing);
    return Ok{};
}

AdminStatus runCardShow(const CommandContext& ctx)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    PERSO_ADMIN_TRY(parsed, parseCommandLine(parser, ctx, 1, QStringLiteral("ICCID")));
    if (!parsed.value())
        return Ok{};
    const QString iccid = parser.positionalArguments().front();
    if (!isDigits(iccid, 18, 20))
        return usageError(QStringLiteral("the ICCID must be 18..20 digits"));
    PERSO_ADMIN_TRY(store, AdminHome(ctx.home).openStore());
    PERSO_ADMIN_TRY(card, fromIssuer(store.value()->card(iccid)));
    if (!card.value())
        return failure(QStringLiteral("no card %1").arg(iccid));
    PERSO_ADMIN_TRY(profile, fromIssuer(store.value()->cardProfile(iccid)));
    QJsonObject record = cardJson(*card.value());
    QStringList keys{QStringLiteral("iccid"),      QStringLiteral("batch"),  QStringLiteral("state"),
                     QStringLiteral("imsi"),       QStringLiteral("msisdn"), QStringLiteral("customer"),
                     QStringLiteral("transaction")};
    if (const std::optional<CardProfileRecord>& p = profile.value()) {
        // Ki/OPc stay wrapped and are never printed.
        record.insert(QStringLiteral("spn"), p->spn);
        record.insert(QStringLiteral("plan"), p->planCode);
        record.insert(QStringLiteral("keyVersion"), p->keyVersion);
        record.insert(QStringLiteral("sqn"), static_cast<qint64>(p->sqn));
        record.insert(QStringLiteral("written"), timeText(p->writtenAt));
        keys << QStringLiteral("spn") << QStringLiteral("plan") << QStringLiteral("keyVersion") << QStringLiteral("sqn")
             << QStringLiteral("written");
    }
    printRecord(ctx.out, keys, record, parser.isSet(QStringLiteral("json")));
    return Ok{};
}

AdminStatus runTransactionsList(const CommandContext& ctx)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("state"),
                      QStringLiteral("Only transactions in state S: package-issued, verified, failed, "
                                     "failed-unverified, voided."),
                      QStringLiteral("S")});
    parser.addOption({QStringLiteral("shop"), QStringLiteral("Only transactions of this shop."), QStringLiteral("ID")});
    parser.addOption({QStringLiteral("since"),
                      QStringLiteral("Only transactions created at or after this UTC time "
                                     "(ISO 8601, e.g. 2026-01-31 or 2026-01-31T12:00:00Z)."),
                      QStringLiteral("TIME")});
    parser.addOption({QStringLiteral("limit"), QStringLiteral("At most N transactions (1000)."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    PERSO_ADMIN_TRY(parsed, parseCommandLine(parser, ctx));
    if (!parsed.value())
        return Ok{};
    TransactionFilter filter;
    if (parser.isSet(QStringLiteral("state"))) {
        PERSO_ADMIN_TRY(text, requiredValue(parser, QStringLiteral("state")));
        filter.state = transactionStateFromName(text.value());
        if (!filter.state || *filter.state == wire::TransactionState::Unknown)
            return usageError(
                QStringLiteral("--state must be package-issued, verified, failed, failed-unverified or voided"));
    }
    if (parser.isSet(QStringLiteral("shop"))) {
        PERSO_ADMIN_TRY(shop, tokenValue(parser, QStringLiteral("shop")));
        filter.shopId = shop.value();
    }
    if (parser.isSet(QStringLiteral("since"))) {
        PERSO_ADMIN_TRY(text, requiredValue(parser, QStringLiteral("since")));
        QDateTime since = QDateTime::fromString(text.value(), Qt::ISODate);
        if (!since.isValid()) {
            const QDate day = QDate::fromString(text.value(), Qt::ISODate);
            if (day.isValid())
                since = day.startOfDay(Qt::UTC);
        }
        if (!since.isValid())
            return usageError(QStringLiteral("--since must be an ISO 8601 date or time"));
        if (since.timeSpec() == Qt::LocalTime)
            since.setTimeSpec(Qt::UTC);
        filter.since = since.toSecsSinceEpoch();
    }
    PERSO_ADMIN_TRY(limit, limitValue(parser));
    filter.limit = limit.value();
    PERSO_ADMIN_TRY(store, AdminHome(ctx.home).openStore());
    PERSO_ADMIN_TRY(list, fromIssuer(store.value()->listTransactions(filter)));
    Listing listing{{QStringLiteral("transaction"), QStringLiteral("operation"), QStringLiteral("state"),
                     QStringLiteral("iccid"), QStringLiteral("msisdn"), QStringLiteral("shop"),
                     QStringLiteral("terminal"), QStringLiteral("created")},
                    {}};
    for (const TransactionRecord& t : list.value())
        listing.rows.push_back(transactionJson(t));
    parser.isSet(QStringLiteral("json")) ? printJson(ctx.out, listing) : printTable(ctx.out, listing);
    return Ok{};
}

AdminStatus runTransactionShow(const CommandContext& ctx)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    PERSO_ADMIN_TRY(parsed, parseCommandLine(parser, ctx, 1, QStringLiteral("HEX")));
    if (!parsed.value())
        return Ok{};
    const QString text = parser.positionalArguments().front();
    const Bytes id = fromHex(text.toStdString());
    if (id.size() != wire::limits::kIdLength || text.contains(u' '))
        return usageError(QStringLiteral("the transaction id must be %1 bytes in hex").arg(wire::limits::kIdLength));
    PERSO_ADMIN_TRY(store, AdminHome(ctx.home).openStore());
    PERSO_ADMIN_TRY(record, fromIssuer(store.value()->transaction(view(id))));
    if (!record.value())
        return failure(QStringLiteral("no transaction %1").arg(hexText(view(id))));
    const QJsonObject object = transactionJson(*record.value());
    const QStringList keys{QStringLiteral("transaction"), QStringLiteral("session"),      QStringLiteral("operation"),
                           QStringLiteral("state"),       QStringLiteral("iccid"),        QStringLiteral("customer"),
                           QStringLiteral("shop"),        QStringLiteral("terminal"),     QStringLiteral("imsi"),
                           QStringLiteral("msisdn"),      QStringLiteral("packageBytes"), QStringLiteral("failingStep"),
                           QStringLiteral("reasonCode"),  QStringLiteral("receipt"),      QStringLiteral("created"),
                           QStringLiteral("updated")};
    printRecord(ctx.out, keys, object, parser.isSet(QStringLiteral("json")));
    return Ok{};
}

} // namespace perso::issuer::admin
