// SPDX-License-Identifier: Apache-2.0
// The issuer CA and server certificates (issuer/tls): files, permissions, X.509 contents, path
// validation, and the TLS configurations built from them.

#include "issuer/tls/CertificateAuthority.h"
#include "issuer/tls/SslConfigurations.h"

#include <QFile>
#include <QSslKey>
#include <QTemporaryDir>
#include <QTest>

#include <botan/certstor.h>
#include <botan/data_src.h>
#include <botan/x509path.h>

#include <sys/stat.h>

using namespace perso;
using namespace perso::issuer;

Q_DECLARE_METATYPE(perso::issuer::IssuerErrorCode)

namespace {

unsigned modeOf(const QString& path)
{
    struct stat info
    {};
    if (::lstat(QFile::encodeName(path).constData(), &info) != 0)
        return 0xFFFF;
    return info.st_mode & 0777;
}

Botan::X509_Certificate certificateFromFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw std::runtime_error("cannot open");
    const QByteArray pem = file.readAll();
    Botan::DataSource_Memory source(reinterpret_cast<const std::uint8_t*>(pem.constData()),
                                    static_cast<std::size_t>(pem.size()));
    return Botan::X509_Certificate(source);
}

bool verifies(const Botan::X509_Certificate& leaf, const Botan::X509_Certificate& root, const std::string& host)
{
    Botan::Certificate_Store_In_Memory store;
    store.add_certificate(root);
    const Botan::Path_Validation_Restrictions restrictions(false, 110);
    const Botan::Path_Validation_Result result =
        Botan::x509_path_validate(leaf, restrictions, store, host, Botan::Usage_Type::TLS_SERVER_AUTH);
    return result.successful_validation();
}

void writeFile(const QString& path, const QByteArray& content)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(content), content.size());
}

} // namespace

class TestCertificateAuthority : public QObject
{
    Q_OBJECT

private slots:
    void createsCaFilesAndCertificate();
    void loadGivesTheSameCa();
    void createRefusesToOverwrite();
    void loadRefusesBadKeyFiles_data();
    void loadRefusesBadKeyFiles();
    void serverCertificateContents();
    void serverCertificateVerifiesOnlyAgainstItsCa();
    void serverCertificateRefusesBadRequests_data();
    void serverCertificateRefusesBadRequests();
    void sslConfigurations();
    void serverConfigurationRefusesMismatchedKey();
};

void TestCertificateAuthority::createsCaFilesAndCertificate()
{
    QTemporaryDir dir;
    const QString caDir = dir.filePath(QStringLiteral("ca"));
    auto ca = CertificateAuthority::create(caDir, QStringLiteral("Example Issuer CA"));
    QVERIFY2(ca.ok(), qPrintable(ca.ok() ? QString() : ca.error().message));
    QCOMPARE(modeOf(caDir + QStringLiteral("/ca.key.pem")), 0600u);
    QCOMPARE(modeOf(caDir), 0700u);
    QVERIFY(QFile::exists(ca.value().certificateFile()));

    const Botan::X509_Certificate& cert = ca.value().certificate();
    QVERIFY(cert.is_CA_cert());
    QVERIFY(cert.is_self_signed());
    QCOMPARE(cert.path_limit(), std::size_t{0});
    QVERIFY(cert.constraints() & Botan::KEY_CERT_SIGN);
    QVERIFY(cert.constraints() & Botan::CRL_SIGN);
    QVERIFY(!(cert.constraints() & Botan::DIGITAL_SIGNATURE));
    QCOMPARE(QString::fromStdString(cert.subject_info("X520.CommonName").front()), QStringLiteral("Example Issuer CA"));
    const std::unique_ptr<Botan::Public_Key> key(cert.subject_public_key());
    QCOMPARE(QString::fromStdString(key->algo_name()), QStringLiteral("ECDSA"));
    QCOMPARE(key->key_length(), std::size_t{256});
    // 10 years, give or take a day
    const auto lifetime = cert.not_after().time_since_epoch() - cert.not_before().time_since_epoch();
    QVERIFY(lifetime >= 3652ull * 86400 && lifetime <= 3654ull * 86400);
}

void TestCertificateAuthority::loadGivesTheSameCa()
{
    QTemporaryDir dir;
    auto created = CertificateAuthority::create(dir.path(), QStringLiteral("CA"));
    QVERIFY(created.ok());
    auto loaded = CertificateAuthority::load(dir.path());
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().message));
    QVERIFY(loaded.value().certificate() == created.value().certificate());
    QCOMPARE(loaded.value().privateKey().public_key_bits(), created.value().privateKey().public_key_bits());
}

void TestCertificateAuthority::createRefusesToOverwrite()
{
    QTemporaryDir dir;
    QVERIFY(CertificateAuthority::create(dir.path(), QStringLiteral("First")).ok());
    const QByteArray before = [&] {
        QFile f(dir.filePath(QStringLiteral("ca.key.pem")));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }();
    auto second = CertificateAuthority::create(dir.path(), QStringLiteral("Second"));
    QVERIFY(!second.ok());
    QCOMPARE(second.code(), IssuerErrorCode::AlreadyExists);
    QFile f(dir.filePath(QStringLiteral("ca.key.pem")));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), before);
    QVERIFY(!CertificateAuthority::create(dir.filePath(QStringLiteral("x")), QString()).ok());
}

void TestCertificateAuthority::loadRefusesBadKeyFiles_data()
{
    QTest::addColumn<QString>("damage");
    QTest::addColumn<IssuerErrorCode>("expected");
    QTest::newRow("key readable by group") << QStringLiteral("mode-0640") << IssuerErrorCode::KeyUnavailable;
    QTest::newRow("key readable by others") << QStringLiteral("mode-0604") << IssuerErrorCode::KeyUnavailable;
    QTest::newRow("key writable by group") << QStringLiteral("mode-0620") << IssuerErrorCode::KeyUnavailable;
    QTest::newRow("key is a symlink") << QStringLiteral("symlink") << IssuerErrorCode::KeyUnavailable;
    QTest::newRow("key missing") << QStringLiteral("no-key") << IssuerErrorCode::KeyUnavailable;
    QTest::newRow("key not PEM") << QStringLiteral("garbage-key") << IssuerErrorCode::KeyUnavailable;
    QTest::newRow("key truncated") << QStringLiteral("truncated-key") << IssuerErrorCode::KeyUnavailable;
    QTest::newRow("certificate not PEM") << QStringLiteral("garbage-cert") << IssuerErrorCode::InvalidInput;
    QTest::newRow("certificate missing") << QStringLiteral("no-cert") << IssuerErrorCode::NotFound;
    QTest::newRow("certificate of another CA") << QStringLiteral("other-cert") << IssuerErrorCode::InvalidInput;
}

void TestCertificateAuthority::loadRefusesBadKeyFiles()
{
    QFETCH(QString, damage);
    QFETCH(IssuerErrorCode, expected);
    QTemporaryDir dir;
    const QString caDir = dir.filePath(QStringLiteral("ca"));
    QVERIFY(CertificateAuthority::create(caDir, QStringLiteral("CA")).ok());
    const QString keyFile = caDir + QStringLiteral("/ca.key.pem");
    const QString certFile = caDir + QStringLiteral("/ca.cert.pem");
    QVERIFY(CertificateAuthority::load(caDir).ok());

    if (damage.startsWith(QStringLiteral("mode-"))) {
        QVERIFY(::chmod(QFile::encodeName(keyFile).constData(), damage.mid(5).toUInt(nullptr, 8)) == 0);
    } else if (damage == QStringLiteral("symlink")) {
        const QString real = dir.filePath(QStringLiteral("real.key.pem"));
        QVERIFY(QFile::rename(keyFile, real));
        QVERIFY(QFile::link(real, keyFile));
    } else if (damage == QStringLiteral("no-key")) {
        QVERIFY(QFile::remove(keyFile));
    } else if (damage == QStringLiteral("garbage-key")) {
        writeFile(keyFile, "-----BEGIN PRIVATE KEY-----\nnot base64 at all\n-----END PRIVATE KEY-----\n");
    } else if (damage == QStringLiteral("truncated-key")) {
        QFile f(keyFile);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray pem = f.readAll();
        f.close();
        writeFile(keyFile, pem.left(pem.size() / 2));
    } else if (damage == QStringLiteral("garbage-cert")) {
        writeFile(certFile, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    } else if (damage == QStringLiteral("no-cert")) {
        QVERIFY(QFile::remove(certFile));
    } else if (damage == QStringLiteral("other-cert")) {
        const QString otherDir = dir.filePath(QStringLiteral("other"));
        QVERIFY(CertificateAuthority::create(otherDir, QStringLiteral("Other")).ok());
        QVERIFY(QFile::remove(certFile));
        QVERIFY(QFile::copy(otherDir + QStringLiteral("/ca.cert.pem"), certFile));
    }
    auto loaded = CertificateAuthority::load(caDir);
    QVERIFY(!loaded.ok());
    QCOMPARE(loaded.code(), expected);
}

void TestCertificateAuthority::serverCertificateContents()
{
    QTemporaryDir dir;
    auto ca = CertificateAuthority::create(dir.filePath(QStringLiteral("ca")), QStringLiteral("CA"));
    QVERIFY(ca.ok());
    const QString out = dir.filePath(QStringLiteral("server"));
    auto files = issueServerCertificate(
        ca.value(), {QStringLiteral("issuer.example"), QStringLiteral("LocalHost"), QStringLiteral("10.1.2.3")}, 90,
        out);
    QVERIFY2(files.ok(), qPrintable(files.ok() ? QString() : files.error().message));
    QCOMPARE(modeOf(files.value().privateKeyFile), 0600u);

    const Botan::X509_Certificate cert = certificateFromFile(files.value().certificateFile);
    QVERIFY(!cert.is_CA_cert());
    QVERIFY(cert.constraints() & Botan::DIGITAL_SIGNATURE);
    QVERIFY(!(cert.constraints() & Botan::KEY_CERT_SIGN));
    QVERIFY(cert.allowed_extended_usage("PKIX.ServerAuth"));
    QVERIFY(!cert.allowed_extended_usage("PKIX.ClientAuth"));
    const auto dns = cert.subject_alt_name().get_attribute("DNS");
    QCOMPARE(dns, (std::vector<std::string>{"issuer.example", "localhost"}));
    QCOMPARE(cert.subject_alt_name().get_attribute("IP"), std::vector<std::string>{"10.1.2.3"});
    QCOMPARE(QString::fromStdString(cert.subject_info("X520.CommonName").front()), QStringLiteral("issuer.example"));
    QVERIFY(cert.issuer_dn() == ca.value().certificate().subject_dn());
    const auto lifetime = cert.not_after().time_since_epoch() - cert.not_before().time_since_epoch();
    QVERIFY(lifetime >= 90ull * 86400 && lifetime <= 91ull * 86400);

    // The chain: the server certificate, then the CA's.
    QFile chainFile(files.value().certificateChainFile);
    QVERIFY(chainFile.open(QIODevice::ReadOnly));
    const QList<QSslCertificate> chain = QSslCertificate::fromData(chainFile.readAll());
    QCOMPARE(chain.size(), 2);
    QCOMPARE(chain[1].toPem(), ca.value().certificatePem().toLatin1());

    // Refuses to overwrite what it made.
    auto again = issueServerCertificate(ca.value(), {QStringLiteral("localhost")}, 90, out);
    QVERIFY(!again.ok());
    QCOMPARE(again.code(), IssuerErrorCode::AlreadyExists);
}

void TestCertificateAuthority::serverCertificateVerifiesOnlyAgainstItsCa()
{
    QTemporaryDir dir;
    auto ca = CertificateAuthority::create(dir.filePath(QStringLiteral("ca")), QStringLiteral("CA"));
    auto other = CertificateAuthority::create(dir.filePath(QStringLiteral("other")), QStringLiteral("CA"));
    QVERIFY(ca.ok() && other.ok());
    auto files =
        issueServerCertificate(ca.value(), {QStringLiteral("localhost")}, 30, dir.filePath(QStringLiteral("server")));
    QVERIFY(files.ok());
    const Botan::X509_Certificate cert = certificateFromFile(files.value().certificateFile);
    QVERIFY(verifies(cert, ca.value().certificate(), "localhost"));
    QVERIFY(!verifies(cert, other.value().certificate(), "localhost")); // same name, other key
    QVERIFY(!verifies(cert, ca.value().certificate(), "issuer.example"));
}

void TestCertificateAuthority::serverCertificateRefusesBadRequests_data()
{
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<int>("days");
    QTest::newRow("no name") << QStringList{} << 30;
    QTest::newRow("space in name") << QStringList{QStringLiteral("bad name")} << 30;
    QTest::newRow("empty label") << QStringList{QStringLiteral("a..example")} << 30;
    QTest::newRow("IPv6") << QStringList{QStringLiteral("::1")} << 30;
    QTest::newRow("zero days") << QStringList{QStringLiteral("localhost")} << 0;
    QTest::newRow("beyond the CA") << QStringList{QStringLiteral("localhost")} << 4000;
}

void TestCertificateAuthority::serverCertificateRefusesBadRequests()
{
    QFETCH(QStringList, names);
    QFETCH(int, days);
    QTemporaryDir dir;
    auto ca = CertificateAuthority::create(dir.filePath(QStringLiteral("ca")), QStringLiteral("CA"));
    QVERIFY(ca.ok());
    const QString out = dir.filePath(QStringLiteral("server"));
    auto files = issueServerCertificate(ca.value(), names, days, out);
    QVERIFY(!files.ok());
    QCOMPARE(files.code(), IssuerErrorCode::InvalidInput);
    QVERIFY(!QFile::exists(out + QStringLiteral("/server.key.pem")));
}

void TestCertificateAuthority::sslConfigurations()
{
    QTemporaryDir dir;
    auto ca = CertificateAuthority::create(dir.filePath(QStringLiteral("ca")), QStringLiteral("CA"));
    QVERIFY(ca.ok());
    auto files =
        issueServerCertificate(ca.value(), {QStringLiteral("localhost")}, 30, dir.filePath(QStringLiteral("server")));
    QVERIFY(files.ok());
    auto server = serverSslConfiguration(files.value().certificateChainFile, files.value().privateKeyFile);
    QVERIFY2(server.ok(), qPrintable(server.ok() ? QString() : server.error().message));
    QCOMPARE(server.value().protocol(), QSsl::TlsV1_3);
    QCOMPARE(server.value().localCertificateChain().size(), 2);
    QVERIFY(!server.value().privateKey().isNull());

    auto client = pinnedClientSslConfiguration(ca.value().certificateFile());
    QVERIFY(client.ok());
    QCOMPARE(client.value().protocol(), QSsl::TlsV1_3);
    QCOMPARE(client.value().peerVerifyMode(), QSslSocket::VerifyPeer);
    QCOMPARE(client.value().caCertificates().size(), 1);
    QCOMPARE(client.value().caCertificates().front().toPem(), ca.value().certificatePem().toLatin1());

    // The server key is held to the same permission rule as the CA key.
    QVERIFY(::chmod(QFile::encodeName(files.value().privateKeyFile).constData(), 0644) == 0);
    auto exposed = serverSslConfiguration(files.value().certificateChainFile, files.value().privateKeyFile);
    QVERIFY(!exposed.ok());
    QCOMPARE(exposed.code(), IssuerErrorCode::KeyUnavailable);
}

void TestCertificateAuthority::serverConfigurationRefusesMismatchedKey()
{
    QTemporaryDir dir;
    auto ca = CertificateAuthority::create(dir.filePath(QStringLiteral("ca")), QStringLiteral("CA"));
    QVERIFY(ca.ok());
    auto files =
        issueServerCertificate(ca.value(), {QStringLiteral("localhost")}, 30, dir.filePath(QStringLiteral("server")));
    QVERIFY(files.ok());
    // The CA's key with the server's chain.
    auto mixed =
        serverSslConfiguration(files.value().certificateChainFile, dir.filePath(QStringLiteral("ca/ca.key.pem")));
    QVERIFY(!mixed.ok());
    QCOMPARE(mixed.code(), IssuerErrorCode::InvalidInput);
}

QTEST_GUILESS_MAIN(TestCertificateAuthority)
#include "tst_certificateauthority.moc"
