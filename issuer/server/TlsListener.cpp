// SPDX-License-Identifier: Apache-2.0
#include "issuer/server/TlsListener.h"

#include <unistd.h>

namespace perso::issuer {

TlsListener::TlsListener(std::function<bool()> admit, QObject* parent) : QSslServer(parent), m_admit(std::move(admit))
{}

void TlsListener::incomingConnection(qintptr socketDescriptor)
{
    if (!m_admit()) {
        ::close(static_cast<int>(socketDescriptor));
        emit refused();
        return;
    }
    QSslServer::incomingConnection(socketDescriptor);
}

} // namespace perso::issuer
