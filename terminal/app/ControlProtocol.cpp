// SPDX-License-Identifier: Apache-2.0
#include "terminal/app/ControlProtocol.h"

#include <QJsonDocument>
#include <QStringDecoder>

#include <optional>

namespace perso::terminal::app::ControlProtocol {

namespace {

Error bad(const char* text)
{
    return makeError(ErrorCode::InvalidParameter, QString::fromLatin1(text));
}

std::optional<Key> namedKey(const QString& name)
{
    if (name.size() == 1)
        return keyForDigit(name.at(0).toLatin1());
    if (name == QLatin1String("ok"))
        return Key::Ok;
    if (name == QLatin1String("cancel"))
        return Key::Cancel;
    if (name == QLatin1String("clear"))
        return Key::Clear;
    return std::nullopt;
}

struct Verbs
{
    const char* name;
    ControlCommand::Verb verb;
    bool takesArgument;
};

constexpr Verbs kVerbs[] = {
    {"list", ControlCommand::Verb::List, false},     {"insert", ControlCommand::Verb::Insert, true},
    {"remove", ControlCommand::Verb::Remove, false}, {"key", ControlCommand::Verb::Key, true},
    {"type", ControlCommand::Verb::Type, true},      {"tamper", ControlCommand::Verb::Tamper, false},
    {"state", ControlCommand::Verb::State, false},   {"quit", ControlCommand::Verb::Quit, false},
};

} // namespace

Result<ControlCommand> parse(QByteArrayView line)
{
    if (line.size() > kMaxLineBytes)
        return makeError(ErrorCode::InvalidLength, QStringLiteral("line too long"));
    if (line.endsWith('\r'))
        line.chop(1);
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(line);
    if (decoder.hasError())
        return makeError(ErrorCode::InvalidEncoding, QStringLiteral("line is not UTF-8"));
    for (const QChar c : text) {
        if (c.category() == QChar::Other_Control)
            return makeError(ErrorCode::InvalidEncoding, QStringLiteral("control character in line"));
    }
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return bad("empty command");
    const qsizetype space = trimmed.indexOf(QLatin1Char(' '));
    const QString verbText = space < 0 ? trimmed : trimmed.left(space);
    const QString argument = space < 0 ? QString() : trimmed.mid(space + 1).trimmed();

    const Verbs* found = nullptr;
    for (const Verbs& entry : kVerbs) {
        if (verbText == QLatin1String(entry.name))
            found = &entry;
    }
    if (found == nullptr)
        return bad("unknown command");
    if (found->takesArgument && argument.isEmpty())
        return bad("missing argument");
    if (!found->takesArgument && !argument.isEmpty())
        return bad("unexpected argument");

    ControlCommand command;
    command.verb = found->verb;
    switch (command.verb) {
    case ControlCommand::Verb::Insert:
        command.argument = argument;
        break;
    case ControlCommand::Verb::Key: {
        const auto key = namedKey(argument);
        if (!key)
            return bad("key must be 0-9, ok, cancel or clear");
        command.keys.push_back(*key);
        break;
    }
    case ControlCommand::Verb::Type:
        if (argument.size() > kMaxTypedDigits)
            return bad("too many digits");
        for (const QChar c : argument) {
            const auto key = keyForDigit(c.toLatin1());
            if (!key || c.unicode() > 0x7F) {
                command.keys.clear();
                return bad("type takes decimal digits only");
            }
            command.keys.push_back(*key);
        }
        break;
    default:
        break;
    }
    return command;
}

QByteArray success(QJsonObject fields)
{
    fields.insert(QStringLiteral("ok"), true);
    return QJsonDocument(fields).toJson(QJsonDocument::Compact) + '\n';
}

QByteArray failure(const QString& error)
{
    QJsonObject fields;
    fields.insert(QStringLiteral("ok"), false);
    fields.insert(QStringLiteral("error"), error);
    return QJsonDocument(fields).toJson(QJsonDocument::Compact) + '\n';
}

} // namespace perso::terminal::app::ControlProtocol
