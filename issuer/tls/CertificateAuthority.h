// SPDX-License-Identifier: Apache-2.0
#pragma once

// The issuer's own certificate authority: an ECDSA P-256 key and a self-signed CA certificate
// (CA:true, pathlen 0, keyCertSign|cRLSign, 10 years), created by `perso-admin init` and pinned
// by every shop station. It signs the issuer server's TLS certificate and nothing else.
//
// Files in the CA directory: ca.key.pem (PKCS#8 PEM, 0600) and ca.cert.pem (0644).

#include "issuer/common/IssuerError.h"

#include <QString>
#include <QStringList>

#include <botan/pk_keys.h>
#include <botan/x509cert.h>

#include <memory>

namespace perso::issuer {

inline constexpr auto kCaKeyFileName = "ca.key.pem";
inline constexpr auto kCaCertificateFileName = "ca.cert.pem";
inline constexpr int kCaValidityDays = 3653; // 10 years

class CertificateAuthority
{
public:
    // Creates the directory if needed (0700) and both files; AlreadyExists if either file exists.
    static IssuerResult<CertificateAuthority> create(const QString& dir, const QString& commonName);
    // KeyUnavailable for a missing, badly protected or malformed key; InvalidInput for a malformed
    // certificate, one that is not a CA, or one whose public key is not the key's.
    static IssuerResult<CertificateAuthority> load(const QString& dir);

    const Botan::X509_Certificate& certificate() const { return m_certificate; }
    const Botan::Private_Key& privateKey() const { return *m_key; }
    QString certificatePem() const;
    QString certificateFile() const;

private:
    CertificateAuthority(QString dir, std::shared_ptr<const Botan::Private_Key> key,
                         Botan::X509_Certificate certificate);

    QString m_dir;
    std::shared_ptr<const Botan::Private_Key> m_key;
    Botan::X509_Certificate m_certificate;
};

inline constexpr auto kServerKeyFileName = "server.key.pem";
inline constexpr auto kServerCertificateFileName = "server.cert.pem";
inline constexpr auto kServerChainFileName = "server.chain.pem"; // server certificate, then the CA's

struct ServerCertificateFiles
{
    QString privateKeyFile;
    QString certificateFile;
    QString certificateChainFile;
};

// A server key (P-256, PKCS#8 PEM, 0600) and certificate signed by `ca`: serverAuth EKU,
// digitalSignature, not a CA, the first name as common name and every name in the subject
// alternative names (IPv4 addresses as IP entries, anything else as a DNS name; IPv6 addresses
// are refused: Botan 2 cannot encode them). InvalidInput for no name, a malformed name or a
// validity outside 1..3653 days; AlreadyExists if a file exists in outDir.
IssuerResult<ServerCertificateFiles> issueServerCertificate(const CertificateAuthority& ca, const QStringList& names,
                                                            int validityDays, const QString& outDir);

} // namespace perso::issuer
