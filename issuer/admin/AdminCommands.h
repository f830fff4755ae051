// SPDX-License-Identifier: Apache-2.0
#pragma once

// perso-admin, the issuer's administration command line, as a library so that it can be tested:
// `perso-admin [--home DIR] <command> [options]` (docs/issuer.md "perso-admin").

#include <QStringList>
#include <QTextStream>

namespace perso::issuer::admin {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1; // the command was valid but could not be done
inline constexpr int kExitUsage = 2;   // the command line is malformed

// Runs one command line (`arguments` without the program name). `defaultHome` is used without
// --home (the executable passes $PERSO_ISSUER_HOME or /var/lib/perso-issuer). Results go to `out`,
// one clear line per error to `err`. Returns the process exit code.
int runAdmin(const QStringList& arguments, const QString& defaultHome, QTextStream& out, QTextStream& err);

} // namespace perso::issuer::admin
