// SPDX-License-Identifier: Apache-2.0
#pragma once

// A synchronous client of perso-terminal's control socket (docs/terminal-emulator.md, "Headless mode
// and the control socket"): one command line out, its one JSON line back, bounded by a timeout. One
// instance per thread (QLocalSocket has thread affinity).
//
// The project's only client of that protocol: perso-demo, perso-screenshots, the station system tests'
// rig and keypad robot (tests/app/system) and perso-bench-station all use this class.

#include "protocol/core/Bytes.h"

#include <QJsonObject>
#include <QLocalSocket>
#include <QString>

#include <optional>
#include <vector>

namespace perso::station::demo {

// The public state dump of `state`.
struct TerminalState
{
    QString state; // "locked", "retailer-pin", "executing", …
    QString line1;
    QString line2;
    QString slot;     // the card's label, empty when the slot is empty
    QString slotKind; // "sim", "retailer", or empty
    bool tampered = false;
    bool busy = false;
    bool vpcd = false; // the vpcd link is up
};

// One card of `list`.
struct TrayCard
{
    QString path;
    QString kind; // "sim" or "retailer"
    QString label;
    bool inSlot = false;
    bool usable = true; // false when the emulator reports a problem with the file
};

class ControlClient
{
public:
    explicit ControlClient(int timeoutMs = 15000);

    // Connects, retrying (bounded by `timeoutMs`, default the command timeout) while the socket file
    // does not exist yet.
    bool connectTo(const QString& path, int timeoutMs = 0);
    bool isConnected() const;
    void disconnect();

    // One command and its answer, whatever its "ok" says; nullopt (lastError()) on a socket failure,
    // a timeout or an answer that is not a JSON object.
    std::optional<QJsonObject> command(const QByteArray& line);
    // A command whose answer says ok:true; lastError() holds the emulator's error otherwise.
    bool ok(const QByteArray& line);
    bool insert(const QString& pathOrLabel);
    bool remove();
    bool key(const QString& name); // 0-9, ok, cancel, clear
    // Types secret digits; the line buffer is scrubbed afterwards.
    bool typeSecret(const SecureBytes& digits);
    // Types digits that are no secret (a test fixture's PINs, a deliberately wrong entry).
    bool type(const QString& digits);
    bool quit(); // the emulator answers, then stops

    std::optional<TerminalState> state();
    std::optional<std::vector<TrayCard>> tray();

    QString lastError() const { return m_lastError; }

private:
    int m_timeoutMs;
    QLocalSocket m_socket;
    QString m_lastError;
};

} // namespace perso::station::demo
