// SPDX-License-Identifier: Apache-2.0
#pragma once

// A TCP connect bounded by a deadline and cancellable every 50 ms: QAbstractSocket::waitForConnected
// aborts the attempt when it times out, so it cannot be called in slices. The host name is resolved
// first (blocking; an IP address needs no lookup), then each address is tried with a non-blocking
// socket polled in slices. The connected descriptor goes to QSslSocket::setSocketDescriptor.

#include "app/core/CancelToken.h"
#include "app/core/StationError.h"

#include <QDeadlineTimer>
#include <QString>

namespace perso::station {

// IssuerOffline ("connection refused", "no route to the issuer", "cannot resolve <host>", "timed
// out connecting") or Cancelled; otherwise a connected, non-blocking descriptor the caller owns.
StationResult<qintptr> tcpConnect(const QString& host, quint16 port, QDeadlineTimer deadline,
                                  const CancelToken& cancel);
void closeTcpDescriptor(qintptr descriptor);

} // namespace perso::station
