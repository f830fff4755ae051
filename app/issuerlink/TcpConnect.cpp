// SPDX-License-Identifier: Apache-2.0
#include "app/issuerlink/TcpConnect.h"

#include <QHostAddress>
#include <QHostInfo>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace perso::station {

namespace {

constexpr int kSliceMs = 50;

QString connectErrorText(int error)
{
    switch (error) {
    case ECONNREFUSED:
        return QStringLiteral("connection refused");
    case ENETUNREACH:
        return QStringLiteral("network unreachable");
    case EHOSTUNREACH:
        return QStringLiteral("no route to the issuer");
    case ETIMEDOUT:
        return QStringLiteral("timed out connecting");
    default:
        return QStringLiteral("cannot connect (%1)").arg(QString::fromLocal8Bit(std::strerror(error)));
    }
}

// Fills `storage` for `address`:`port`; 0 when the address family is not IP.
socklen_t socketAddress(const QHostAddress& address, quint16 port, sockaddr_storage& storage)
{
    std::memset(&storage, 0, sizeof storage);
    if (address.protocol() == QAbstractSocket::IPv4Protocol) {
        auto* in = reinterpret_cast<sockaddr_in*>(&storage);
        in->sin_family = AF_INET;
        in->sin_port = htons(port);
        in->sin_addr.s_addr = htonl(address.toIPv4Address());
        return sizeof(sockaddr_in);
    }
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        auto* in6 = reinterpret_cast<sockaddr_in6*>(&storage);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port);
        const Q_IPV6ADDR bytes = address.toIPv6Address();
        std::memcpy(&in6->sin6_addr, bytes.c, sizeof bytes.c);
        return sizeof(sockaddr_in6);
    }
    return 0;
}

} // namespace

void closeTcpDescriptor(qintptr descriptor)
{
    if (descriptor >= 0)
        ::close(static_cast<int>(descriptor));
}

StationResult<qintptr> tcpConnect(const QString& host, quint16 port, QDeadlineTimer deadline, const CancelToken& cancel)
{
    QList<QHostAddress> addresses;
    if (QHostAddress literal; literal.setAddress(host)) {
        addresses.append(literal);
    } else {
        const QHostInfo info = QHostInfo::fromName(host);
        if (info.error() != QHostInfo::NoError || info.addresses().isEmpty())
            return stationError(StationErrorKind::IssuerOffline, QStringLiteral("cannot resolve %1").arg(host));
        addresses = info.addresses();
    }

    int lastError = ECONNREFUSED;
    for (const QHostAddress& address : addresses) {
        sockaddr_storage storage;
        const socklen_t length = socketAddress(address, port, storage);
        if (length == 0)
            continue;
        const int fd = ::socket(storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            lastError = errno;
            continue;
        }
        if (::connect(fd, reinterpret_cast<const sockaddr*>(&storage), length) == 0)
            return qintptr(fd);
        if (errno != EINPROGRESS) {
            lastError = errno;
            ::close(fd);
            continue;
        }
        for (;;) {
            if (cancel.isCancelled()) {
                ::close(fd);
                return stationError(StationErrorKind::Cancelled, QStringLiteral("cancelled while connecting"));
            }
            if (deadline.hasExpired()) {
                ::close(fd);
                return stationError(StationErrorKind::IssuerOffline, QStringLiteral("timed out connecting"));
            }
            pollfd entry{fd, POLLOUT, 0};
            const int wait = static_cast<int>(std::clamp<qint64>(deadline.remainingTime(), 0, kSliceMs));
            const int ready = ::poll(&entry, 1, wait);
            if (ready < 0 && errno != EINTR) {
                lastError = errno;
                ::close(fd);
                break;
            }
            if (ready <= 0)
                continue;
            int error = 0;
            socklen_t errorLength = sizeof error;
            if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &errorLength) != 0)
                error = errno;
            if (error == 0)
                return qintptr(fd);
            lastError = error;
            ::close(fd);
            break;
        }
    }
    return stationError(StationErrorKind::IssuerOffline, connectErrorText(lastError));
}

} // namespace perso::station
