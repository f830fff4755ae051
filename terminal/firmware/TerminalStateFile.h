// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/core/Result.h"

#include <QString>

namespace perso::terminal {

// What the terminal keeps across power cycles: only the tamper flag (no key is ever stored). One
// small CBOR map {"format": "retail-perso-terminal", "version": 1, "tampered": bool}, written
// atomically (QSaveFile: temporary file, flush, fsync, rename) with owner-only permissions.
struct PersistentState
{
    bool tampered = false;
};

namespace TerminalStateFile {

constexpr qint64 kMaxFileBytes = 4096;

// A missing file is a fresh terminal (not tampered). A file that exists but cannot be read or does
// not decode strictly is an error: the caller treats it as tampered (fail secure).
Result<PersistentState> load(const QString& path);
Status save(const QString& path, const PersistentState& state);

} // namespace TerminalStateFile

} // namespace perso::terminal
