// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/core/Result.h"
#include "terminal/firmware/Key.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QString>

#include <vector>

namespace perso::terminal::app {

// One line of the control socket's protocol (docs/terminal-emulator.md), parsed:
//   list | insert <card file or stock label> | remove | key <0-9|ok|cancel|clear> | type <digits>
//   | tamper | state | quit
// Words are separated by one or more spaces; a trailing CR is ignored; verbs are lower case.
struct ControlCommand
{
    enum class Verb
    {
        List,
        Insert,
        Remove,
        Key,
        Type,
        Tamper,
        State,
        Quit
    };
    Verb verb = Verb::State;
    QString argument;      // insert: the card file or label (may hold spaces)
    std::vector<Key> keys; // key: one key; type: one digit key per character
};

namespace ControlProtocol {

constexpr qsizetype kMaxLineBytes = 4096;
constexpr qsizetype kMaxTypedDigits = 64;

// Parses one line without its LF. Errors (InvalidEncoding, InvalidLength, InvalidParameter) carry a
// short public text that never repeats the line (it may hold typed digits).
Result<ControlCommand> parse(QByteArrayView line);

// The one-line answers: {"ok":true,...fields} and {"ok":false,"error":text}, each ending in LF.
QByteArray success(QJsonObject fields = {});
QByteArray failure(const QString& error);

} // namespace ControlProtocol

} // namespace perso::terminal::app
