// SPDX-License-Identifier: Apache-2.0
#include "issuer/common/ProtectedFiles.h"

#include <QFile>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace perso::issuer {

namespace {

IssuerError unavailable(const QString& path, const QString& problem)
{
    return makeIssuerError(IssuerErrorCode::KeyUnavailable, QStringLiteral("%1: %2").arg(path, problem));
}

QString systemReason(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

// Closes the descriptor on every exit path.
class FileDescriptor
{
public:
    explicit FileDescriptor(int fd) : m_fd(fd) {}
    ~FileDescriptor()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    int get() const { return m_fd; }
    int release()
    {
        const int fd = m_fd;
        m_fd = -1;
        return fd;
    }

private:
    int m_fd;
};

IssuerStatus checkPrivateMode(const QString& path, const struct stat& st)
{
    if (!S_ISREG(st.st_mode))
        return unavailable(path, QStringLiteral("not a regular file"));
    if (st.st_uid != ::geteuid())
        return unavailable(path, QStringLiteral("not owned by the issuer's user"));
    if ((st.st_mode & 077) != 0)
        return unavailable(path, QStringLiteral("accessible by group or others (mode %1, must be 0600 or stricter)")
                                     .arg(st.st_mode & 0777, 4, 8, QLatin1Char('0')));
    return Ok{};
}

} // namespace

IssuerStatus writeNewFile(const QString& path, ByteView content, unsigned mode)
{
    const QByteArray native = QFile::encodeName(path);
    FileDescriptor fd(::open(native.constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode));
    if (fd.get() < 0) {
        const int error = errno;
        if (error == EEXIST)
            return makeIssuerError(IssuerErrorCode::AlreadyExists, QStringLiteral("%1: already exists").arg(path));
        return unavailable(path, QStringLiteral("cannot be created: %1").arg(systemReason(error)));
    }
    bool written = ::fchmod(fd.get(), mode) == 0; // the umask may have removed bits; never adds any
    std::size_t total = 0;
    while (written && total < content.size()) {
        const ssize_t n = ::write(fd.get(), content.data() + total, content.size() - total);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            written = false;
        else
            total += static_cast<std::size_t>(n);
    }
    written = written && ::fsync(fd.get()) == 0;
    const int closed = ::close(fd.release());
    if (!written || closed != 0) {
        const int error = errno;
        ::unlink(native.constData());
        return unavailable(path, QStringLiteral("cannot be written: %1").arg(systemReason(error)));
    }
    return Ok{};
}

IssuerResult<SecureBytes> readPrivateFile(const QString& path, std::size_t maxBytes)
{
    const QByteArray native = QFile::encodeName(path);
    FileDescriptor fd(::open(native.constData(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
    if (fd.get() < 0) {
        const int error = errno;
        if (error == ELOOP)
            return unavailable(path, QStringLiteral("is a symbolic link"));
        if (error == ENOENT)
            return unavailable(path, QStringLiteral("missing"));
        return unavailable(path, systemReason(error));
    }
    struct stat st
    {};
    if (::fstat(fd.get(), &st) != 0)
        return unavailable(path, systemReason(errno));
    if (auto ok = checkPrivateMode(path, st); !ok)
        return ok.error();
    if (st.st_size < 0 || static_cast<std::size_t>(st.st_size) > maxBytes)
        return unavailable(path, QStringLiteral("too large (%1 bytes)").arg(st.st_size));

    SecureBytes content(static_cast<std::size_t>(st.st_size) + 1);
    std::size_t total = 0;
    while (total < content.size()) {
        const ssize_t n = ::read(fd.get(), content.data() + total, content.size() - total);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return unavailable(path, systemReason(errno));
        }
        if (n == 0)
            break;
        total += static_cast<std::size_t>(n);
    }
    if (total != static_cast<std::size_t>(st.st_size))
        return unavailable(path, QStringLiteral("changed while being read"));
    content.resize(total);
    return content;
}

IssuerResult<QByteArray> readPublicFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeIssuerError(IssuerErrorCode::NotFound, QStringLiteral("cannot open %1").arg(path));
    if (file.size() > static_cast<qint64>(kMaxProtectedFileBytes))
        return makeIssuerError(IssuerErrorCode::InvalidInput, QStringLiteral("%1 is too large").arg(path));
    return file.read(static_cast<qint64>(kMaxProtectedFileBytes) + 1);
}

} // namespace perso::issuer
