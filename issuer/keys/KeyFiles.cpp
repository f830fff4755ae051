// SPDX-License-Identifier: Apache-2.0
#include "issuer/keys/KeyFiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace perso::issuer::keyfiles {

namespace {

IssuerError unavailable(const QString& path, const QString& problem)
{
    return makeIssuerError(IssuerErrorCode::KeyUnavailable, QStringLiteral("%1: %2").arg(path, problem));
}

QString systemReason(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

} // namespace

QString masterKeyFileName(std::uint8_t version)
{
    return QStringLiteral("master-v%1.key").arg(version);
}

QString signingKeyFileName()
{
    return QStringLiteral("receipt-signing.pem");
}

IssuerStatus checkDirectory(const QString& directory)
{
    if (directory.isEmpty())
        return makeIssuerError(IssuerErrorCode::InvalidInput, QStringLiteral("key directory not configured"));
    struct stat st
    {};
    const QByteArray native = QFile::encodeName(directory);
    if (::lstat(native.constData(), &st) != 0)
        return unavailable(directory, systemReason(errno));
    if (S_ISLNK(st.st_mode))
        return unavailable(directory, QStringLiteral("is a symbolic link"));
    if (!S_ISDIR(st.st_mode))
        return unavailable(directory, QStringLiteral("not a directory"));
    if (st.st_uid != ::geteuid())
        return unavailable(directory, QStringLiteral("not owned by the issuer's user"));
    if ((st.st_mode & 022) != 0)
        return unavailable(
            directory,
            QStringLiteral("writable by group or others (mode %1)").arg(st.st_mode & 0777, 4, 8, QLatin1Char('0')));
    return Ok{};
}

IssuerStatus ensureDirectory(const QString& directory)
{
    if (directory.isEmpty())
        return makeIssuerError(IssuerErrorCode::InvalidInput, QStringLiteral("key directory not configured"));
    if (!QFileInfo::exists(directory)) {
        const QFileInfo info(directory);
        if (!QDir().mkpath(info.absolutePath()))
            return unavailable(info.absolutePath(), QStringLiteral("cannot create the parent directory"));
        const QByteArray native = QFile::encodeName(directory);
        if (::mkdir(native.constData(), 0700) != 0 && errno != EEXIST)
            return unavailable(directory, systemReason(errno));
        ::chmod(native.constData(), 0700);
    }
    return checkDirectory(directory);
}

IssuerResult<std::vector<std::uint8_t>> listMasterKeyVersions(const QString& directory)
{
    const QDir dir(directory);
    const QStringList names =
        dir.entryList({QStringLiteral("master-v*.key")},
                      QDir::AllEntries | QDir::System | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
    std::vector<std::uint8_t> versions;
    const QString prefix = QStringLiteral("master-v");
    const QString suffix = QStringLiteral(".key");
    for (const QString& name : names) {
        const QString number = name.mid(prefix.size(), name.size() - prefix.size() - suffix.size());
        bool ok = false;
        const int version = number.toInt(&ok, 10);
        if (!ok || version < 1 || version > 255 || number != QString::number(version))
            return unavailable(dir.filePath(name), QStringLiteral("unexpected master key file name"));
        versions.push_back(static_cast<std::uint8_t>(version));
    }
    std::sort(versions.begin(), versions.end());
    return versions;
}

} // namespace perso::issuer::keyfiles
