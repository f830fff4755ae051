// SPDX-License-Identifier: Apache-2.0
#include "issuer/tls/CertificateAuthority.h"

#include "issuer/common/ProtectedFiles.h"

#include <QDir>
#include <QHostAddress>
#include <QRegularExpression>

#include <botan/auto_rng.h>
#include <botan/data_src.h>
#include <botan/ecdsa.h>
#include <botan/pem.h>
#include <botan/pk_keys.h>
#include <botan/pkcs8.h>
#include <botan/x509_ca.h>
#include <botan/x509_ext.h>
#include <botan/x509self.h>

#include <chrono>

namespace perso::issuer {

namespace {

constexpr std::uint32_t kSecondsPerDay = 24 * 60 * 60;
constexpr auto kHash = "SHA-256";

QString inDir(const QString& dir, const char* name)
{
    return QDir(dir).filePath(QLatin1String(name));
}

ByteView asBytes(const std::string& text)
{
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

std::unique_ptr<Botan::Private_Key> newP256Key(Botan::RandomNumberGenerator& rng)
{
    return std::make_unique<Botan::ECDSA_PrivateKey>(rng, Botan::EC_Group("secp256r1"));
}

// PKCS#8 PEM, written 0600; the PEM text is scrubbed whatever happens.
IssuerStatus writePrivateKey(const QString& path, const Botan::Private_Key& key)
{
    const SecureBytes der = Botan::PKCS8::BER_encode(key);
    std::string pem = Botan::PEM_Code::encode(der, "PRIVATE KEY");
    IssuerStatus status = writeNewFile(path, asBytes(pem), 0600);
    Botan::secure_scrub_memory(pem.data(), pem.size());
    return status;
}

IssuerResult<std::unique_ptr<Botan::Private_Key>> readPrivateKey(const QString& path)
{
    auto content = readPrivateFile(path);
    if (!content)
        return content.error();
    try {
        Botan::DataSource_Memory source(content.value());
        std::unique_ptr<Botan::Private_Key> key = Botan::PKCS8::load_key(source);
        if (key->algo_name() != "ECDSA")
            return makeIssuerError(IssuerErrorCode::KeyUnavailable, QStringLiteral("%1 is not an ECDSA key").arg(path));
        return key;
    } catch (const std::exception&) {
        return makeIssuerError(IssuerErrorCode::KeyUnavailable,
                               QStringLiteral("%1 is not a PKCS#8 PEM private key").arg(path));
    }
}

bool isDnsName(const QString& name)
{
    static const QRegularExpression pattern(QStringLiteral("^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)"
                                                           "(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$"));
    return pattern.match(name).hasMatch();
}

IssuerResult<Botan::AlternativeName> alternativeNames(const QStringList& names)
{
    Botan::AlternativeName alt;
    for (const QString& name : names) {
        QHostAddress address;
        if (address.setAddress(name)) {
            if (address.protocol() != QAbstractSocket::IPv4Protocol)
                return makeIssuerError(IssuerErrorCode::InvalidInput,
                                       QStringLiteral("only IPv4 addresses are supported: %1").arg(name));
            alt.add_attribute("IP", address.toString().toStdString());
        } else if (isDnsName(name)) {
            alt.add_attribute("DNS", name.toLower().toStdString());
        } else {
            return makeIssuerError(IssuerErrorCode::InvalidInput, QStringLiteral("not a host name: %1").arg(name));
        }
    }
    return alt;
}

} // namespace

CertificateAuthority::CertificateAuthority(QString dir, std::shared_ptr<const Botan::Private_Key> key,
                                           Botan::X509_Certificate certificate)
    : m_dir(std::move(dir)), m_key(std::move(key)), m_certificate(std::move(certificate))
{}

IssuerResult<CertificateAuthority> CertificateAuthority::create(const QString& dir, const QString& commonName)
{
    if (commonName.trimmed().isEmpty() || commonName.size() > 64)
        return makeIssuerError(IssuerErrorCode::InvalidInput, QStringLiteral("the CA name must have 1..64 characters"));
    const QString keyFile = inDir(dir, kCaKeyFileName);
    const QString certFile = inDir(dir, kCaCertificateFileName);
    if (QFileInfo::exists(keyFile) || QFileInfo::exists(certFile))
        return makeIssuerError(IssuerErrorCode::AlreadyExists, QStringLiteral("a CA exists in %1").arg(dir));
    if (!QDir().mkpath(dir) ||
        !QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner))
        return makeIssuerError(IssuerErrorCode::InvalidInput, QStringLiteral("cannot create %1").arg(dir));
    try {
        Botan::AutoSeeded_RNG rng;
        std::shared_ptr<Botan::Private_Key> key = newP256Key(rng);
        Botan::X509_Cert_Options options(std::string{}, kCaValidityDays * kSecondsPerDay);
        options.common_name = commonName.toStdString();
        options.CA_key(0);
        options.constraints = Botan::Key_Constraints(Botan::KEY_CERT_SIGN | Botan::CRL_SIGN);
        Botan::X509_Certificate certificate = Botan::X509::create_self_signed_cert(options, *key, kHash, rng);

        if (auto written = writePrivateKey(keyFile, *key); !written)
            return written.error();
        const std::string pem = certificate.PEM_encode();
        if (auto written = writeNewFile(certFile, asBytes(pem), 0644); !written) {
            QFile::remove(keyFile);
            return written.error();
        }
        return CertificateAuthority(dir, std::move(key), std::move(certificate));
    } catch (const std::exception&) {
        return makeIssuerError(IssuerErrorCode::Internal, QStringLiteral("cannot create the CA certificate"));
    }
}

IssuerResult<CertificateAuthority> CertificateAuthority::load(const QString& dir)
{
    auto key = readPrivateKey(inDir(dir, kCaKeyFileName));
    if (!key)
        return key.error();
    const QString certFile = inDir(dir, kCaCertificateFileName);
    auto pem = readPublicFile(certFile);
    if (!pem)
        return pem.error();
    try {
        Botan::DataSource_Memory source(reinterpret_cast<const std::uint8_t*>(pem.value().constData()),
                                        static_cast<std::size_t>(pem.value().size()));
        Botan::X509_Certificate certificate(source);
        if (!certificate.is_CA_cert() || !certificate.is_self_signed())
            return makeIssuerError(IssuerErrorCode::InvalidInput,
                                   QStringLiteral("%1 is not a self-signed CA certificate").arg(certFile));
        const std::unique_ptr<Botan::Public_Key> certKey(certificate.subject_public_key());
        if (certKey->public_key_bits() != key.value()->public_key_bits())
            return makeIssuerError(IssuerErrorCode::InvalidInput,
                                   QStringLiteral("%1 does not match the CA key").arg(certFile));
        std::shared_ptr<const Botan::Private_Key> shared(std::move(key.value()));
        return CertificateAuthority(dir, std::move(shared), std::move(certificate));
    } catch (const std::exception&) {
        return makeIssuerError(IssuerErrorCode::InvalidInput,
                               QStringLiteral("%1 is not a PEM certificate").arg(certFile));
    }
}

QString CertificateAuthority::certificatePem() const
{
    return QString::fromStdString(m_certificate.PEM_encode());
}

QString CertificateAuthority::certificateFile() const
{
    return inDir(m_dir, kCaCertificateFileName);
}

IssuerResult<ServerCertificateFiles> issueServerCertificate(const CertificateAuthority& ca, const QStringList& names,
                                                            int validityDays, const QString& outDir)
{
    if (names.isEmpty())
        return makeIssuerError(IssuerErrorCode::InvalidInput, QStringLiteral("a server certificate needs a name"));
    if (validityDays < 1 || validityDays > kCaValidityDays)
        return makeIssuerError(IssuerErrorCode::InvalidInput, QStringLiteral("validity must be 1..3653 days"));
    auto alt = alternativeNames(names);
    if (!alt)
        return alt.error();
    const ServerCertificateFiles files{inDir(outDir, kServerKeyFileName), inDir(outDir, kServerCertificateFileName),
                                       inDir(outDir, kServerChainFileName)};
    for (const QString& file : {files.privateKeyFile, files.certificateFile, files.certificateChainFile}) {
        if (QFileInfo::exists(file))
            return makeIssuerError(IssuerErrorCode::AlreadyExists, QStringLiteral("%1 exists").arg(file));
    }
    if (!QDir().mkpath(outDir))
        return makeIssuerError(IssuerErrorCode::InvalidInput, QStringLiteral("cannot create %1").arg(outDir));
    try {
        Botan::AutoSeeded_RNG rng;
        const std::unique_ptr<Botan::Private_Key> key = newP256Key(rng);
        Botan::X509_Cert_Options options;
        options.common_name = names.front().toStdString();
        options.constraints = Botan::Key_Constraints(Botan::DIGITAL_SIGNATURE);
        options.add_ex_constraint("PKIX.ServerAuth");
        // Our own SAN extension takes precedence over the one built from options.dns/ip.
        options.extensions.add(new Botan::Cert_Extension::Subject_Alternative_Name(alt.value()));
        const Botan::PKCS10_Request request = Botan::X509::create_cert_req(options, *key, kHash, rng);

        Botan::X509_CA signer(ca.certificate(), ca.privateKey(), kHash, rng);
        const auto now = std::chrono::system_clock::now();
        const Botan::X509_Time notBefore(now - std::chrono::minutes(5));
        const Botan::X509_Time notAfter(now + std::chrono::hours(24) * validityDays);
        const Botan::X509_Certificate certificate = signer.sign_request(request, rng, notBefore, notAfter);

        if (auto written = writePrivateKey(files.privateKeyFile, *key); !written)
            return written.error();
        const std::string certPem = certificate.PEM_encode();
        const std::string chainPem = certPem + ca.certificate().PEM_encode();
        if (auto written = writeNewFile(files.certificateFile, asBytes(certPem), 0644); !written) {
            QFile::remove(files.privateKeyFile);
            return written.error();
        }
        if (auto written = writeNewFile(files.certificateChainFile, asBytes(chainPem), 0644); !written) {
            QFile::remove(files.privateKeyFile);
            QFile::remove(files.certificateFile);
            return written.error();
        }
        return files;
    } catch (const std::exception&) {
        return makeIssuerError(IssuerErrorCode::Internal, QStringLiteral("cannot issue the server certificate"));
    }
}

} // namespace perso::issuer
