// SPDX-License-Identifier: Apache-2.0
#pragma once

// A synchronous client of perso-terminal's control socket (docs/terminal-emulator.md, "Headless mode
// and the control socket"): one command line out, its one JSON line back, bounded by a timeout. One
// instance per thread (QLocalSocket has thread affinity).
//
// The same protocol is spoken by tests/app/system/TerminalControl.h (the test rig's header-only
// client); this is the demo's own small class, kept separate so the tests stay untouched.

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
    QString slotKind; // "sim", "retailer", or empty
    bool vpcd = false;
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

    // A command whose answer says ok:true; lastError() holds the emulator's error otherwise.
    bool ok(const QByteArray& line);
    bool insert(const QString& path);
    bool remove();
    bool key(const QString& name); // 0-9, ok, cancel, clear
    // Types secret digits; the line buffer is scrubbed afterwards.
    bool typeSecret(const SecureBytes& digits);

    std::optional<TerminalState> state();
    std::optional<std::vector<TrayCard>> tray();

    QString lastError() const { return m_lastError; }

private:
    std::optional<QJsonObject> command(const QByteArray& line);

    int m_timeoutMs;
    QLocalSocket m_socket;
    QString m_lastError;
};

} // namespace perso::station::demo
