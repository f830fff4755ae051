// SPDX-License-Identifier: Apache-2.0
#pragma once

// Output of the list and show commands: aligned columns for people, JSON (--json) for scripts.

#include "issuer/common/Records.h"

#include <QJsonObject>
#include <QStringList>
#include <QTextStream>

#include <vector>

namespace perso::issuer::admin {

struct Listing
{
    QStringList columns; // JSON keys, also the table's headers
    std::vector<QJsonObject> rows;
};

void printTable(QTextStream& out, const Listing& listing);
void printJson(QTextStream& out, const Listing& listing);
// One record as "key: value" lines, or as a JSON object.
void printRecord(QTextStream& out, const QStringList& keys, const QJsonObject& record, bool json);

QString cardStateName(CardState state);
std::optional<CardState> cardStateFromName(const QString& name);
QString transactionStateName(wire::TransactionState state);
std::optional<wire::TransactionState> transactionStateFromName(const QString& name);
QString operationName(wire::Operation operation);
QString retailerCardStateName(RetailerCardState state);
QString timeText(Timestamp at); // ISO 8601 UTC
QString hexText(ByteView bytes);

} // namespace perso::issuer::admin
