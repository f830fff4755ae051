// SPDX-License-Identifier: Apache-2.0
#pragma once

// QSslServer that closes a new TCP connection right after accept when the server is full, before
// any TLS work is spent on it.

#include <QSslServer>

#include <functional>

namespace perso::issuer {

class TlsListener : public QSslServer
{
    Q_OBJECT
public:
    // `admit` is asked on the network thread for each accepted connection.
    explicit TlsListener(std::function<bool()> admit, QObject* parent = nullptr);

signals:
    void refused();

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    std::function<bool()> m_admit;
};

} // namespace perso::issuer
