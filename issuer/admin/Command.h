// SPDX-License-Identifier: Apache-2.0
#pragma once

// What every perso-admin command shares: its context, its errors and its option parsing.

#include "issuer/admin/AdminCommands.h"
#include "issuer/common/IssuerError.h"

#include <QCommandLineParser>
#include <QString>
#include <QStringList>
#include <QTextStream>

#include <optional>

namespace perso::issuer::admin {

struct AdminError
{
    int code = kExitFailure; // the exit code
    QString message;         // one line, no secret
};

template <typename T> using AdminResult = BasicResult<T, AdminError>;
using AdminStatus = AdminResult<Ok>;

AdminError usageError(const QString& message);
AdminError failure(const QString& message);
AdminError failure(const IssuerError& error);

struct CommandContext
{
    QString home;     // the issuer home directory
    QString name;     // "retailer add", for messages and help
    QStringList args; // the command's own arguments
    QTextStream& out;
    QTextStream& err;
};

// Returns the error of `expr` (an AdminResult) from the calling command, or names its value `var`.
#define PERSO_ADMIN_TRY(var, expr)                                                                                     \
    auto var = (expr);                                                                                                 \
    if (!var)                                                                                                          \
        return var.error();

template <typename T> AdminResult<T> fromIssuer(IssuerResult<T> result)
{
    if (!result)
        return failure(result.error());
    return std::move(result).value();
}

// Parses ctx.args with `parser` (which gets --help added). Returns false when the command only has to
// print its help (done here); a usage error for unknown options, a missing value or a wrong number
// of positional arguments (`positionals` exactly; -1: any, the caller checks).
AdminResult<bool> parseCommandLine(QCommandLineParser& parser, const CommandContext& ctx, int positionals = 0,
                                   const QString& positionalName = {});

AdminResult<QString> requiredValue(const QCommandLineParser& parser, const QString& name);
// An integer option in min..max; `fallback` when absent (a usage error when absent without one).
AdminResult<qint64> integerValue(const QCommandLineParser& parser, const QString& name, qint64 min, qint64 max,
                                 std::optional<qint64> fallback = std::nullopt);

// Input checks (the same rules as the store, so a bad value is refused before anything is touched).
bool isToken(const QString& value, int maxLength); // 1..maxLength of [A-Za-z0-9._-]
bool isDigits(const QString& value, int minLength, int maxLength);
AdminResult<QString> tokenValue(const QCommandLineParser& parser, const QString& name, int maxLength = 32);

// The commands, one function each.
AdminStatus runInit(const CommandContext& ctx);
AdminStatus runRetailerAdd(const CommandContext& ctx);
AdminStatus runShopAdd(const CommandContext& ctx);
AdminStatus runTerminalRegister(const CommandContext& ctx);
AdminStatus runTerminalClearTamper(const CommandContext& ctx);
AdminStatus runDenyAdd(const CommandContext& ctx);
AdminStatus runPoolAdd(const CommandContext& ctx);
AdminStatus runPoolStatus(const CommandContext& ctx);
AdminStatus runRetailerCardIssue(const CommandContext& ctx);
AdminStatus runRetailerCardUnlock(const CommandContext& ctx);
AdminStatus runRetailerCardRevoke(const CommandContext& ctx);
AdminStatus runBatchCreate(const CommandContext& ctx);
AdminStatus runCardsList(const CommandContext& ctx);
AdminStatus runCardShow(const CommandContext& ctx);
AdminStatus runTransactionsList(const CommandContext& ctx);
AdminStatus runTransactionShow(const CommandContext& ctx);
AdminStatus runAuditVerify(const CommandContext& ctx);
AdminStatus runAuditShow(const CommandContext& ctx);
AdminStatus runReceiptVerify(const CommandContext& ctx);
AdminStatus runExportSubscribers(const CommandContext& ctx);

} // namespace perso::issuer::admin
