// SPDX-License-Identifier: Apache-2.0
#pragma once

// Runs the real perso-admin executable against one issuer home; small file checks the suites share.

#include <QFile>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <sys/stat.h>

namespace perso::issuer::admin::test {

struct AdminRun
{
    int exitCode = -1;
    QString out;
    QString err;
    bool finished = false;
};

inline AdminRun runAdminProcess(const QString& home, const QStringList& arguments)
{
    QProcess process;
    QStringList args{QStringLiteral("--home"), home};
    args += arguments;
    process.start(QStringLiteral(PERSO_ADMIN_BINARY), args);
    AdminRun run;
    run.finished = process.waitForFinished(120'000) && process.exitStatus() == QProcess::NormalExit;
    run.exitCode = process.exitCode();
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

// The permission bits of a file (not following a symlink), 0xFFFF when it does not exist.
inline unsigned fileMode(const QString& path)
{
    struct stat st
    {};
    if (::lstat(QFile::encodeName(path).constData(), &st) != 0)
        return 0xFFFF;
    return st.st_mode & 0777;
}

// One clear line on stderr, nothing else.
inline bool isOneLine(const QString& text)
{
    return text.endsWith(u'\n') && text.count(u'\n') == 1 && text.size() > 10;
}

} // namespace perso::issuer::admin::test
