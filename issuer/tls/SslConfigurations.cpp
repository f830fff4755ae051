// SPDX-License-Identifier: Apache-2.0
#include "issuer/tls/SslConfigurations.h"

#include "issuer/common/ProtectedFiles.h"

#include <QSslKey>

#include <botan/data_src.h>
#include <botan/pkcs8.h>
#include <botan/x509cert.h>

namespace perso::issuer {

namespace {

constexpr qsizetype kMaxChainLength = 8;

bool keyMatchesCertificate(const SecureBytes& keyPem, const QSslCertificate& certificate)
{
    try {
        Botan::DataSource_Memory keySource(keyPem);
        const std::unique_ptr<Botan::Private_Key> key = Botan::PKCS8::load_key(keySource);
        const QByteArray der = certificate.toDer();
        const Botan::X509_Certificate parsed(reinterpret_cast<const std::uint8_t*>(der.constData()),
                                             static_cast<std::size_t>(der.size()));
        const std::unique_ptr<Botan::Public_Key> certificateKey(parsed.subject_public_key());
        return certificateKey->public_key_bits() == key->public_key_bits();
    } catch (const std::exception&) {
        return false;
    }
}

} // namespace

IssuerResult<QSslConfiguration> serverSslConfiguration(const QString& certificateChainFile,
                                                       const QString& privateKeyFile)
{
    auto keyBytes = readPrivateFile(privateKeyFile);
    if (!keyBytes)
        return keyBytes.error();
    QByteArray keyPem(reinterpret_cast<const char*>(keyBytes.value().data()),
                      static_cast<qsizetype>(keyBytes.value().size()));
    const QSslKey key(keyPem, QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
    std::fill(keyPem.begin(), keyPem.end(), '\0');
    if (key.isNull())
        return makeIssuerError(IssuerErrorCode::KeyUnavailable,
                               QStringLiteral("%1 is not an EC private key").arg(privateKeyFile));

    auto chainPem = readPublicFile(certificateChainFile);
    if (!chainPem)
        return chainPem.error();
    const QList<QSslCertificate> chain = QSslCertificate::fromData(chainPem.value(), QSsl::Pem);
    if (chain.isEmpty() || chain.size() > kMaxChainLength)
        return makeIssuerError(IssuerErrorCode::InvalidInput,
                               QStringLiteral("%1 holds no usable certificate chain").arg(certificateChainFile));
    if (!keyMatchesCertificate(keyBytes.value(), chain.front()))
        return makeIssuerError(IssuerErrorCode::InvalidInput,
                               QStringLiteral("%1: the first certificate is not the key's").arg(certificateChainFile));

    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setProtocol(QSsl::TlsV1_3);
    config.setLocalCertificateChain(chain);
    config.setPrivateKey(key);
    // Stations present no certificate: they are authenticated inside the channel, by SCP03 through
    // the retailer card (docs/protocol.md). The station pins this server's CA (below).
    config.setPeerVerifyMode(QSslSocket::VerifyNone);
    config.setCaCertificates({});
    return config;
}

QSslConfiguration pinnedClientSslConfiguration(const QSslCertificate& issuerCa)
{
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setProtocol(QSsl::TlsV1_3);
    config.setCaCertificates({issuerCa});
    config.setPeerVerifyMode(QSslSocket::VerifyPeer);
    return config;
}

IssuerResult<QSslConfiguration> pinnedClientSslConfiguration(const QString& caCertificateFile)
{
    auto pem = readPublicFile(caCertificateFile);
    if (!pem)
        return pem.error();
    const QList<QSslCertificate> certificates = QSslCertificate::fromData(pem.value(), QSsl::Pem);
    if (certificates.size() != 1)
        return makeIssuerError(IssuerErrorCode::InvalidInput,
                               QStringLiteral("%1 must hold exactly one CA certificate").arg(caCertificateFile));
    return pinnedClientSslConfiguration(certificates.front());
}

} // namespace perso::issuer
