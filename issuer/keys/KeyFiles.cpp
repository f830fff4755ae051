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

IssuerStatus checkFileMode(const QString& path, const struct stat& st)
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

IssuerResult<SecureBytes> readProtectedFile(const QString& path)
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
    if (auto ok = checkFileMode(path, st); !ok)
        return ok.error();
    if (st.st_size < 0 || static_cast<std::size_t>(st.st_size) > kMaxKeyFileBytes)
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

IssuerStatus writeNewProtectedFile(const QString& path, ByteView content)
{
    const QByteArray native = QFile::encodeName(path);
    FileDescriptor fd(::open(native.constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (fd.get() < 0) {
        const int error = errno;
        if (error == EEXIST)
            return makeIssuerError(IssuerErrorCode::AlreadyExists, QStringLiteral("%1: already exists").arg(path));
        return unavailable(path, systemReason(error));
    }
    bool written = ::fchmod(fd.get(), 0600) == 0;
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
