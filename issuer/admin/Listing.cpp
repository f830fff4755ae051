// SPDX-License-Identifier: Apache-2.0
#include "issuer/admin/Listing.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

#include <array>
#include <utility>

namespace perso::issuer::admin {

namespace {

QString cellText(const QJsonValue& value)
{
    if (value.isNull() || value.isUndefined())
        return QStringLiteral("-");
    if (value.isBool())
        return value.toBool() ? QStringLiteral("yes") : QStringLiteral("no");
    if (value.isDouble())
        return QString::number(value.toInteger());
    return value.toString();
}

constexpr std::array<std::pair<CardState, const char*>, 5> kCardStates{{{CardState::InStock, "in-stock"},
                                                                        {CardState::Allocated, "allocated"},
                                                                        {CardState::Personalised, "personalised"},
                                                                        {CardState::Verified, "verified"},
                                                                        {CardState::Void, "void"}}};

constexpr std::array<std::pair<wire::TransactionState, const char*>, 6> kTransactionStates{
    {{wire::TransactionState::Unknown, "unknown"},
     {wire::TransactionState::PackageIssued, "package-issued"},
     {wire::TransactionState::Verified, "verified"},
     {wire::TransactionState::Failed, "failed"},
     {wire::TransactionState::FailedUnverified, "failed-unverified"},
     {wire::TransactionState::Voided, "voided"}}};

} // namespace

void printTable(QTextStream& out, const Listing& listing)
{
    std::vector<qsizetype> widths;
    for (const QString& column : listing.columns)
        widths.push_back(column.size());
    std::vector<QStringList> cells;
    for (const QJsonObject& row : listing.rows) {
        QStringList line;
        for (std::size_t i = 0; i < widths.size(); ++i) {
            line << cellText(row.value(listing.columns.at(static_cast<qsizetype>(i))));
            widths[i] = std::max(widths[i], line.back().size());
        }
        cells.push_back(line);
    }
    const auto printLine = [&](const QStringList& line) {
        QString text;
        for (qsizetype i = 0; i < line.size(); ++i)
            text +=
                i + 1 < line.size() ? line.at(i).leftJustified(widths[static_cast<std::size_t>(i)] + 2) : line.at(i);
        out << text << '\n';
    };
    printLine(listing.columns);
    for (const QStringList& line : cells)
        printLine(line);
}

void printJson(QTextStream& out, const Listing& listing)
{
    QJsonArray array;
    for (const QJsonObject& row : listing.rows)
        array.append(row);
    out << QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Indented));
}

void printRecord(QTextStream& out, const QStringList& keys, const QJsonObject& record, bool json)
{
    if (json) {
        out << QString::fromUtf8(QJsonDocument(record).toJson(QJsonDocument::Indented));
        return;
    }
    qsizetype width = 0;
    for (const QString& key : keys)
        width = std::max(width, key.size());
    for (const QString& key : keys)
        out << (key + u':').leftJustified(width + 2) << cellText(record.value(key)) << '\n';
}

QString cardStateName(CardState state)
{
    for (const auto& [value, name] : kCardStates)
        if (value == state)
            return QString::fromLatin1(name);
    return QStringLiteral("state-%1").arg(static_cast<int>(state));
}

std::optional<CardState> cardStateFromName(const QString& name)
{
    for (const auto& [value, text] : kCardStates)
        if (name == QLatin1String(text))
            return value;
    return std::nullopt;
}

QString transactionStateName(wire::TransactionState state)
{
    for (const auto& [value, name] : kTransactionStates)
        if (value == state)
            return QString::fromLatin1(name);
    return QStringLiteral("state-%1").arg(static_cast<int>(state));
}

std::optional<wire::TransactionState> transactionStateFromName(const QString& name)
{
    for (const auto& [value, text] : kTransactionStates)
        if (name == QLatin1String(text))
            return value;
    return std::nullopt;
}

QString operationName(wire::Operation operation)
{
    return operation == wire::Operation::Modify ? QStringLiteral("modify") : QStringLiteral("new");
}

QString retailerCardStateName(RetailerCardState state)
{
    switch (state) {
    case RetailerCardState::Active:
        return QStringLiteral("active");
    case RetailerCardState::Locked:
        return QStringLiteral("locked");
    case RetailerCardState::Revoked:
        return QStringLiteral("revoked");
    }
    return QStringLiteral("unknown");
}

QString timeText(Timestamp at)
{
    return QDateTime::fromSecsSinceEpoch(at, Qt::UTC).toString(Qt::ISODate);
}

QString hexText(ByteView bytes)
{
    return QString::fromStdString(toHex(bytes)).toLower();
}

} // namespace perso::issuer::admin
