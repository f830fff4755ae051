// SPDX-License-Identifier: Apache-2.0
#pragma once

// TLS 1.3-only configurations for the link between shop station and issuer.
//   server: the certificate chain (server certificate first) and the key, no client certificate
//           (stations authenticate through SCP03 with the retailer card).
//   client: trusts the issuer CA alone (no system CAs), verifies the peer and its host name.

#include "issuer/common/IssuerError.h"

#include <QSslCertificate>
#include <QSslConfiguration>
#include <QString>

namespace perso::issuer {

// The key file passes the private-file checks (ProtectedFiles.h); the chain holds 1..8 certificates
// and its first one matches the key. KeyUnavailable / InvalidInput / NotFound otherwise.
IssuerResult<QSslConfiguration> serverSslConfiguration(const QString& certificateChainFile,
                                                       const QString& privateKeyFile);

// Pins `issuerCa`. Connect with QSslSocket::connectToHostEncrypted(host, port[, peerName]): the
// server's certificate must chain to the CA and name the host.
QSslConfiguration pinnedClientSslConfiguration(const QSslCertificate& issuerCa);
// The same from a PEM file holding exactly one CA certificate.
IssuerResult<QSslConfiguration> pinnedClientSslConfiguration(const QString& caCertificateFile);

} // namespace perso::issuer
