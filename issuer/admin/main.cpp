// SPDX-License-Identifier: Apache-2.0
// perso-admin: the issuer's administration command line (docs/issuer.md "perso-admin").

#include "issuer/admin/AdminCommands.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("perso-admin"));
    QString home = qEnvironmentVariable("PERSO_ISSUER_HOME");
    if (home.isEmpty())
        home = QStringLiteral("/var/lib/perso-issuer");
    QTextStream out(stdout);
    QTextStream err(stderr);
    return perso::issuer::admin::runAdmin(QCoreApplication::arguments().mid(1), home, out, err);
}
