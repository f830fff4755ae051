// SPDX-License-Identifier: Apache-2.0
#include "issuer/tls/ProtectedFiles.h"

#include <QFile>

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace perso::issuer {

namespace {

constexpr qint64 kMaxFileSize = 1024 * 1024;

} // namespace

IssuerStatus writeNewFile(const QString& path, ByteView content, unsigned mode)
{
    const QByteArray native = QFile::encodeName(path);
    const int fd = ::open(native.constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd < 0) {
        if (errno == EEXIST)
            return makeIssuerError(IssuerErrorCode::AlreadyExists, QStringLiteral("%1 exists").arg(path));
        return makeIssuerError(IssuerErrorCode::InvalidInput, QStringLiteral("cannot create %1").arg(path));
    }
    ::fchmod(fd, mode); // the umask may have removed bits; never adds any beyond `mode`
    std::size_t written = 0;
    while (written < content.size()) {
        const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            ::close(fd);
            ::unlink(native.constData());
            return makeIssuerError(IssuerErrorCode::InvalidInput, QStringLiteral("cannot write %1").arg(path));
        }
        written += static_cast<std::size_t>(n);
    }
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    if (!synced) {
        ::unlink(native.constData());
        return makeIssuerError(IssuerErrorCode::InvalidInput, QStringLiteral("cannot write %1").arg(path));
    }
    return Ok{};
}

IssuerResult<SecureBytes> readPrivateFile(const QString& path)
{
    const QByteArray native = QFile::encodeName(path);
    struct stat info
    {};
    if (::lstat(native.constData(), &info) != 0)
        return makeIssuerError(IssuerErrorCode::KeyUnavailable, QStringLiteral("%1 is missing").arg(path));
    if (!S_ISREG(info.st_mode))
        return makeIssuerError(IssuerErrorCode::KeyUnavailable,
                               QStringLiteral("%1 is not a regular file (symlinks are refused)").arg(path));
    if ((info.st_mode & 077) != 0)
        return makeIssuerError(IssuerErrorCode::KeyUnavailable,
                               QStringLiteral("%1 is accessible to group or others (mode %2)")
                                   .arg(path)
                                   .arg(info.st_mode & 0777, 3, 8, QLatin1Char('0')));
    if (info.st_size > kMaxFileSize)
        return makeIssuerError(IssuerErrorCode::KeyUnavailable, QStringLiteral("%1 is too large").arg(path));
    const int fd = ::open(native.constData(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return makeIssuerError(IssuerErrorCode::KeyUnavailable, QStringLiteral("cannot open %1").arg(path));
    SecureBytes content(static_cast<std::size_t>(info.st_size));
    std::size_t done = 0;
    while (done < content.size()) {
        const ssize_t n = ::read(fd, content.data() + done, content.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        done += static_cast<std::size_t>(n);
    }
    ::close(fd);
    if (done != content.size())
        return makeIssuerError(IssuerErrorCode::KeyUnavailable, QStringLiteral("cannot read %1").arg(path));
    return content;
}

IssuerResult<QByteArray> readPublicFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeIssuerError(IssuerErrorCode::NotFound, QStringLiteral("cannot open %1").arg(path));
    if (file.size() > kMaxFileSize)
        return makeIssuerError(IssuerErrorCode::InvalidInput, QStringLiteral("%1 is too large").arg(path));
    return file.readAll();
}

} // namespace perso::issuer
