// SPDX-License-Identifier: Apache-2.0
#pragma once

// perso-issuerd as an object: loads the keys, opens the store, settles what a previous run left
// outstanding, and serves the protocol over TLS until stop(). main.cpp adds the process around it.

#include "issuer/common/IssuerError.h"
#include "issuer/daemon/DaemonConfig.h"

#include <QObject>

#include <memory>

namespace perso::issuer {

class Daemon : public QObject
{
    Q_OBJECT
public:
    ~Daemon() override;

    // Everything or nothing: on any error what was opened is closed again and the error names the
    // part (key directory, database, certificate) without secrets.
    static IssuerResult<std::unique_ptr<Daemon>> start(const DaemonConfig& config);

    quint16 port() const;
    // Transactions a previous run left with a package issued and no result: failed-unverified now.
    int reconciledAtStart() const { return m_reconciled; }
    // Graceful: stop accepting, let in-flight messages finish, close connections, settle sessions.
    void stop(int timeoutMs);

private:
    struct Parts;
    explicit Daemon(std::unique_ptr<Parts> parts);

    std::unique_ptr<Parts> m_parts;
    int m_reconciled = 0;
};

} // namespace perso::issuer
