// SPDX-License-Identifier: Apache-2.0
#include "issuer/admin/AdminCommands.h"

#include "issuer/admin/Command.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <array>

namespace perso::issuer::admin {

namespace {

struct CommandEntry
{
    const char* name; // one or two words
    const char* summary;
    AdminStatus (*run)(const CommandContext&);
};

const std::array<CommandEntry, 20> kCommands{{
    {"init", "create the issuer home: keys, CA, server certificate, database, issuerd.json", &runInit},
    {"retailer add", "add a retailer", &runRetailerAdd},
    {"shop add", "add a shop of a retailer", &runShopAdd},
    {"retailer-card issue", "record a retailer card, write its card file and PIN letter", &runRetailerCardIssue},
    {"retailer-card unlock", "unlock a retailer card locked after failed authentications", &runRetailerCardUnlock},
    {"retailer-card revoke", "revoke a retailer card for good", &runRetailerCardRevoke},
    {"terminal register", "register a secure terminal to a shop", &runTerminalRegister},
    {"terminal clear-tamper", "clear a terminal's tamper flag", &runTerminalClearTamper},
    {"batch create", "create a batch of blank SIMs (records and card files)", &runBatchCreate},
    {"pool add", "add a range of IMSIs or MSISDNs", &runPoolAdd},
    {"pool status", "free and used numbers per pool", &runPoolStatus},
    {"cards list", "list cards", &runCardsList},
    {"card show", "show one card and its profile", &runCardShow},
    {"transactions list", "list personalisation transactions", &runTransactionsList},
    {"transaction show", "show one transaction", &runTransactionShow},
    {"audit verify", "verify the audit log's hash chain", &runAuditVerify},
    {"audit show", "print the audit log", &runAuditShow},
    {"receipt verify", "verify a receipt's signature and print it", &runReceiptVerify},
    {"export subscribers", "export verified subscribers for an HLR/HSS (CSV)", &runExportSubscribers},
    {"deny add", "put a customer's ID document on the deny list", &runDenyAdd},
}};

void printUsage(QTextStream& out)
{
    out << "Usage: perso-admin [--home DIR] <command> [options]\n"
           "DIR defaults to $PERSO_ISSUER_HOME or /var/lib/perso-issuer. `<command> --help` for its options.\n\n"
           "Commands:\n";
    for (const CommandEntry& entry : kCommands)
        out << "  " << QString::fromLatin1(entry.name).leftJustified(24) << QString::fromLatin1(entry.summary) << '\n';
}

} // namespace

AdminError usageError(const QString& message)
{
    return AdminError{kExitUsage, message};
}

AdminError failure(const QString& message)
{
    return AdminError{kExitFailure, message};
}

AdminError failure(const IssuerError& error)
{
    return AdminError{kExitFailure, QStringLiteral("%1 (%2)").arg(error.message, issuerErrorName(error.code))};
}

AdminResult<bool> parseCommandLine(QCommandLineParser& parser, const CommandContext& ctx, int positionals,
                                   const QString& positionalName)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.setApplicationDescription(QStringLiteral("perso-admin %1").arg(ctx.name));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    parser.addOption(help);
    if (positionals > 0)
        parser.addPositionalArgument(positionalName, QStringLiteral("required"));
    QStringList argv{QStringLiteral("perso-admin %1").arg(ctx.name)};
    argv += ctx.args;
    if (!parser.parse(argv))
        return usageError(QStringLiteral("%1: %2").arg(ctx.name, parser.errorText()));
    if (parser.isSet(help)) {
        // The usage line names the command, not the executable's path.
        QString text = parser.helpText();
        const QString program = QCoreApplication::arguments().value(0);
        const qsizetype at = program.isEmpty() ? -1 : text.indexOf(program);
        if (at >= 0 && at < text.indexOf(u'\n'))
            text.replace(at, program.size(), QStringLiteral("perso-admin %1").arg(ctx.name));
        ctx.out << text;
        return false;
    }
    if (positionals >= 0 && parser.positionalArguments().size() != positionals) {
        if (positionals == 0)
            return usageError(
                QStringLiteral("%1: unexpected argument \"%2\"").arg(ctx.name, parser.positionalArguments().front()));
        return usageError(QStringLiteral("%1: expected exactly one %2").arg(ctx.name, positionalName));
    }
    return true;
}

AdminResult<QString> requiredValue(const QCommandLineParser& parser, const QString& name)
{
    if (!parser.isSet(name))
        return usageError(QStringLiteral("missing --%1").arg(name));
    const QStringList values = parser.values(name);
    if (values.size() != 1)
        return usageError(QStringLiteral("--%1 given more than once").arg(name));
    if (values.front().isEmpty())
        return usageError(QStringLiteral("--%1 must not be empty").arg(name));
    return values.front();
}

AdminResult<qint64> integerValue(const QCommandLineParser& parser, const QString& name, qint64 min, qint64 max,
                                 std::optional<qint64> fallback)
{
    if (!parser.isSet(name) && fallback)
        return *fallback;
    AdminResult<QString> text = requiredValue(parser, name);
    if (!text)
        return text.error();
    bool ok = false;
    const qint64 value = text.value().toLongLong(&ok);
    if (!ok || !isDigits(text.value(), 1, 18) || value < min || value > max)
        return usageError(QStringLiteral("--%1 must be an integer in %2..%3").arg(name).arg(min).arg(max));
    return value;
}

bool isToken(const QString& value, int maxLength)
{
    static const QRegularExpression token(QStringLiteral("^[A-Za-z0-9._-]+$"));
    return !value.isEmpty() && value.size() <= maxLength && token.match(value).hasMatch();
}

bool isDigits(const QString& value, int minLength, int maxLength)
{
    if (value.size() < minLength || value.size() > maxLength)
        return false;
    for (const QChar c : value)
        if (c < u'0' || c > u'9')
            return false;
    return true;
}

AdminResult<QString> tokenValue(const QCommandLineParser& parser, const QString& name, int maxLength)
{
    AdminResult<QString> text = requiredValue(parser, name);
    if (!text)
        return text;
    if (!isToken(text.value(), maxLength))
        return usageError(
            QStringLiteral("--%1 must be 1..%2 characters of A-Z a-z 0-9 . _ -").arg(name).arg(maxLength));
    return text;
}

int runAdmin(const QStringList& arguments, const QString& defaultHome, QTextStream& out, QTextStream& err)
{
    QString home = defaultHome;
    int index = 0;
    while (index < arguments.size() && arguments.at(index).startsWith(u'-')) {
        const QString& arg = arguments.at(index);
        if (arg == QLatin1String("--help") || arg == QLatin1String("-h")) {
            printUsage(out);
            return kExitOk;
        }
        if (arg == QLatin1String("--home") && index + 1 < arguments.size()) {
            home = arguments.at(index + 1);
            index += 2;
        } else if (arg.startsWith(QLatin1String("--home="))) {
            home = arg.mid(7);
            ++index;
        } else {
            err << "perso-admin: unknown or incomplete option \"" << arg << "\" (perso-admin --help)\n";
            return kExitUsage;
        }
    }
    if (home.isEmpty()) {
        err << "perso-admin: the home directory must not be empty\n";
        return kExitUsage;
    }
    if (index >= arguments.size()) {
        err << "perso-admin: missing command (perso-admin --help)\n";
        return kExitUsage;
    }

    const CommandEntry* found = nullptr;
    int words = 0;
    for (const CommandEntry& entry : kCommands) {
        const QStringList parts = QString::fromLatin1(entry.name).split(u' ');
        if (index + parts.size() > arguments.size())
            continue;
        if (arguments.mid(index, parts.size()) == parts) {
            found = &entry;
            words = static_cast<int>(parts.size());
            break;
        }
    }
    if (!found) {
        QString given = arguments.at(index);
        if (index + 1 < arguments.size() && !arguments.at(index + 1).startsWith(u'-'))
            given += u' ' + arguments.at(index + 1);
        err << "perso-admin: unknown command \"" << given << "\" (perso-admin --help)\n";
        return kExitUsage;
    }

    const CommandContext ctx{home, QString::fromLatin1(found->name), arguments.mid(index + words), out, err};
    const AdminStatus status = found->run(ctx);
    out.flush();
    if (!status) {
        QString message = status.error().message;
        message.replace(u'\n', u' ');
        err << "perso-admin " << ctx.name << ": " << message << '\n';
        err.flush();
        return status.error().code;
    }
    return kExitOk;
}

} // namespace perso::issuer::admin
