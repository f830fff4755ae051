// SPDX-License-Identifier: Apache-2.0
// perso-admin init: a new issuer home with its keys, CA, server certificate, database and issuerd.json
// (or, with --config FILE, the daemon's configuration in FILE with absolute paths and issuerd.json a
// symlink to it, so that the later commands read what the daemon reads).

#include "issuer/admin/AdminHome.h"
#include "issuer/assessment/Assessment.h"
#include "issuer/common/ProtectedFiles.h"
#include "issuer/sim/SimPlan.h"
#include "issuer/tls/CertificateAuthority.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace perso::issuer::admin {

namespace {

constexpr int kServerCertificateDays = 825;

struct ListenSpec
{
    QString address = QStringLiteral("127.0.0.1");
    int port = 7443;
};

AdminResult<ListenSpec> parseListen(const QString& text)
{
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon <= 0)
        return usageError(QStringLiteral("--listen must be ADDRESS:PORT"));
    QString address = text.left(colon);
    if (address.startsWith(u'[') && address.endsWith(u']'))
        address = address.mid(1, address.size() - 2);
    const QString portText = text.mid(colon + 1);
    const QHostAddress parsed(address);
    bool ok = false;
    const int port = portText.toInt(&ok);
    if (parsed.isNull() || !ok || !isDigits(portText, 1, 5) || port > 65535)
        return usageError(QStringLiteral("--listen must be an IP address and a port 0..65535, as 127.0.0.1:7443"));
    return ListenSpec{parsed.toString(), port};
}

AdminResult<QJsonObject> parsePostgres(const QString& text)
{
    QJsonObject storage{{QStringLiteral("engine"), QStringLiteral("postgres")}};
    const QHash<QString, QString> keys{{QStringLiteral("host"), QStringLiteral("host")},
                                       {QStringLiteral("port"), QStringLiteral("port")},
                                       {QStringLiteral("db"), QStringLiteral("database")},
                                       {QStringLiteral("user"), QStringLiteral("user")},
                                       {QStringLiteral("password-file"), QStringLiteral("passwordFile")}};
    for (const QString& item : text.split(u',')) {
        const qsizetype eq = item.indexOf(u'=');
        const QString key = item.left(eq).trimmed();
        const QString value = eq < 0 ? QString() : item.mid(eq + 1).trimmed();
        if (eq < 0 || !keys.contains(key) || value.isEmpty())
            return usageError(
                QStringLiteral("--postgres takes host=..,port=..,db=..,user=..,password-file=..; bad item "
                               "\"%1\"")
                    .arg(item));
        const QString jsonKey = keys.value(key);
        if (storage.contains(jsonKey))
            return usageError(QStringLiteral("--postgres: \"%1\" given twice").arg(key));
        if (key == QLatin1String("port")) {
            bool ok = false;
            const int port = value.toInt(&ok);
            if (!ok || !isDigits(value, 1, 5) || port < 1 || port > 65535)
                return usageError(QStringLiteral("--postgres: port must be 1..65535"));
            storage.insert(jsonKey, port);
        } else if (key == QLatin1String("password-file")) {
            storage.insert(jsonKey, QFileInfo(value).absoluteFilePath());
        } else {
            storage.insert(jsonKey, value);
        }
    }
    if (!storage.contains(QStringLiteral("database")) || !storage.contains(QStringLiteral("user")))
        return usageError(QStringLiteral("--postgres needs at least db=.. and user=.."));
    return storage;
}

QJsonObject defaultAssessment()
{
    return QJsonObject{{QStringLiteral("minimumAge"), 18},
                       {QStringLiteral("maxCardsPerWindow"), 3},
                       {QStringLiteral("windowDays"), 30},
                       {QStringLiteral("referAtLimit"), false},
                       {QStringLiteral("planCodes"), QJsonArray{}}};
}

QJsonObject defaultOperator()
{
    // MCC 001 / MNC 01: the ITU test network, never a live operator.
    return QJsonObject{{QStringLiteral("mcc"), QStringLiteral("001")},
                       {QStringLiteral("mnc"), QStringLiteral("01")},
                       {QStringLiteral("spn"), QStringLiteral("Retail Perso")},
                       {QStringLiteral("spnDisplayCondition"), 1},
                       {QStringLiteral("plmnSelector"), QJsonArray{QStringLiteral("00101")}}};
}

// Removes what a failed init created, so that a retry starts from the same empty home.
class InitRollback
{
public:
    InitRollback(QString home, bool homeCreated) : m_home(std::move(home)), m_homeCreated(homeCreated) {}
    ~InitRollback()
    {
        if (m_committed)
            return;
        if (!m_configFile.isEmpty())
            QFile::remove(m_configFile);
        QDir dir(m_home);
        if (m_homeCreated) {
            dir.removeRecursively();
            return;
        }
        for (const char* name : {kKeysDirName, kCaDirName, kTlsDirName})
            QDir(dir.filePath(QString::fromLatin1(name))).removeRecursively();
        for (const char* name : {kDatabaseFileName, "issuer.db-wal", "issuer.db-shm", kConfigFileName})
            QFile::remove(dir.filePath(QString::fromLatin1(name)));
    }
    InitRollback(const InitRollback&) = delete;
    InitRollback& operator=(const InitRollback&) = delete;
    void commit() { m_committed = true; }
    // A configuration file outside the home that this init wrote.
    void wroteConfigFile(const QString& path) { m_configFile = path; }

private:
    QString m_configFile;
    QString m_home;
    bool m_homeCreated;
    bool m_committed = false;
};

// --config FILE: an absolute path that does not exist yet, in an existing writable folder, checked
// before anything is created.
AdminResult<QString> checkConfigTarget(const QString& given, const QString& home)
{
    const QFileInfo file(given);
    const QString path = QDir::cleanPath(file.absoluteFilePath());
    if (file.exists() || file.isSymLink())
        return failure(QStringLiteral("%1 already exists: refusing to overwrite it").arg(path));
    const QFileInfo folder(file.absolutePath());
    if (!folder.isDir())
        return failure(QStringLiteral("the folder of --config %1 does not exist").arg(path));
    if (!folder.isWritable())
        return failure(QStringLiteral("cannot write in %1 (the folder of --config)").arg(folder.absoluteFilePath()));
    if (path ==
        QDir::cleanPath(QDir(QFileInfo(home).absoluteFilePath()).filePath(QString::fromLatin1(kConfigFileName))))
        return usageError(QStringLiteral("--config names the home's own %1: leave --config out")
                              .arg(QString::fromLatin1(kConfigFileName)));
    return path;
}

IssuerStatus writeConfig(const QString& path, const QByteArray& bytes, unsigned mode)
{
    return writeNewFile(
        path,
        ByteView(reinterpret_cast<const std::uint8_t*>(bytes.constData()), static_cast<std::size_t>(bytes.size())),
        mode);
}

} // namespace

AdminStatus runInit(const CommandContext& ctx)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("server-name"),
                      QStringLiteral("A name of the server certificate (repeatable; default localhost and 127.0.0.1)."),
                      QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("listen"), QStringLiteral("Address perso-issuerd listens on (127.0.0.1:7443)."),
                      QStringLiteral("ADDR:PORT")});
    parser.addOption({QStringLiteral("postgres"),
                      QStringLiteral("Use PostgreSQL: host=..,port=..,db=..,user=..,password-file=.."),
                      QStringLiteral("SPEC")});
    parser.addOption({QStringLiteral("config"),
                      QStringLiteral("Write the daemon's configuration to FILE (mode 0640, absolute paths into the "
                                     "home; never overwritten) instead of <home>/issuerd.json, which becomes a "
                                     "symlink to FILE."),
                      QStringLiteral("FILE")});
    AdminResult<bool> parsed = parseCommandLine(parser, ctx);
    if (!parsed || !parsed.value())
        return parsed ? AdminStatus(Ok{}) : AdminStatus(parsed.error());

    QStringList names = parser.values(QStringLiteral("server-name"));
    if (names.isEmpty())
        names = {QStringLiteral("localhost"), QStringLiteral("127.0.0.1")};
    for (const QString& name : names)
        if (name.isEmpty() || name.size() > 253 || name.contains(u' '))
            return usageError(QStringLiteral("--server-name must be a DNS name or an IPv4 address"));
    ListenSpec listen;
    if (parser.isSet(QStringLiteral("listen"))) {
        AdminResult<QString> text = requiredValue(parser, QStringLiteral("listen"));
        if (!text)
            return text.error();
        AdminResult<ListenSpec> spec = parseListen(text.value());
        if (!spec)
            return spec.error();
        listen = spec.value();
    }
    QJsonObject storage{{QStringLiteral("engine"), QStringLiteral("sqlite")},
                        {QStringLiteral("path"), QString::fromLatin1(kDatabaseFileName)}};
    if (parser.isSet(QStringLiteral("postgres"))) {
        AdminResult<QString> text = requiredValue(parser, QStringLiteral("postgres"));
        if (!text)
            return text.error();
        AdminResult<QJsonObject> pg = parsePostgres(text.value());
        if (!pg)
            return pg.error();
        storage = pg.value();
    }

    QString configFile; // empty: <home>/issuerd.json with paths relative to the home
    if (parser.isSet(QStringLiteral("config"))) {
        AdminResult<QString> text = requiredValue(parser, QStringLiteral("config"));
        if (!text)
            return text.error();
        AdminResult<QString> target = checkConfigTarget(text.value(), ctx.home);
        if (!target)
            return target.error();
        configFile = target.value();
    }
    // The paths the configuration names: relative to the home, or absolute when it lives elsewhere.
    const QString homePrefix =
        configFile.isEmpty() ? QString() : QDir::cleanPath(QFileInfo(ctx.home).absoluteFilePath()) + u'/';
    const auto inHome = [&homePrefix](const QString& relative) { return homePrefix + relative; };
    if (storage.value(QStringLiteral("engine")).toString() == QLatin1String("sqlite"))
        storage.insert(QStringLiteral("path"), inHome(QString::fromLatin1(kDatabaseFileName)));

    const QDir homeDir(ctx.home);
    const bool existed = homeDir.exists();
    if (existed && !homeDir.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System))
        return failure(QStringLiteral("%1 exists and is not empty: refusing to initialise it again").arg(ctx.home));
    if (!existed && !QDir().mkpath(ctx.home))
        return failure(QStringLiteral("cannot create %1").arg(ctx.home));
    QFile::setPermissions(ctx.home, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    InitRollback rollback(ctx.home, !existed);
    const AdminHome home(ctx.home);

    if (IssuerStatus keys = KeyRing::create(KeyRingPaths{home.path(kKeysDirName)}); !keys)
        return failure(keys.error());
    IssuerResult<CertificateAuthority> ca =
        CertificateAuthority::create(home.path(kCaDirName), QStringLiteral("Retail Perso Issuer CA"));
    if (!ca)
        return failure(ca.error());
    IssuerResult<ServerCertificateFiles> server =
        issueServerCertificate(ca.value(), names, kServerCertificateDays, home.path(kTlsDirName));
    if (!server)
        return failure(server.error());

    const QJsonObject config{
        {QStringLiteral("listen"),
         QJsonObject{{QStringLiteral("address"), listen.address}, {QStringLiteral("port"), listen.port}}},
        {QStringLiteral("tls"),
         QJsonObject{
             {QStringLiteral("certificateChain"),
              inHome(QStringLiteral("%1/%2").arg(QLatin1String(kTlsDirName), QLatin1String(kServerChainFileName)))},
             {QStringLiteral("privateKey"),
              inHome(QStringLiteral("%1/%2").arg(QLatin1String(kTlsDirName), QLatin1String(kServerKeyFileName)))}}},
        {QStringLiteral("keys"), inHome(QString::fromLatin1(kKeysDirName))},
        {QStringLiteral("storage"), storage},
        {QStringLiteral("assessment"), defaultAssessment()},
        {QStringLiteral("operator"), defaultOperator()}};
    const QByteArray json = QJsonDocument(config).toJson(QJsonDocument::Indented);

    // Check the file perso-issuerd will read, then create the database it names.
    IssuerResult<DaemonConfig> daemon = DaemonConfig::parse(json, ctx.home);
    if (!daemon)
        return failure(daemon.error());
    if (IssuerResult<AssessmentPolicy> policy = AssessmentPolicy::fromJson(daemon.value().assessmentPolicyJson);
        !policy)
        return failure(policy.error());
    if (IssuerResult<OperatorProfile> profile = OperatorProfile::fromJson(daemon.value().operatorProfileJson); !profile)
        return failure(profile.error());
    AdminResult<StoreConfig> storeConfig = adminStoreConfig(daemon.value());
    if (!storeConfig)
        return storeConfig.error();
    {
        IssuerResult<std::unique_ptr<SqlStore>> store = SqlStore::open(storeConfig.value());
        if (!store)
            return failure(store.error());
        if (AdminStatus audited = auditAdminAction(*store.value(), QStringLiteral("issuer-initialised"), ctx.home);
            !audited)
            return audited;
    }
    if (configFile.isEmpty()) {
        if (IssuerStatus written = writeConfig(home.path(kConfigFileName), json, 0600); !written)
            return failure(written.error());
    } else {
        // 0640: no secret in it (paths only), and the daemon's group reads it where root owns it.
        if (IssuerStatus written = writeConfig(configFile, json, 0640); !written)
            return failure(written.error());
        rollback.wroteConfigFile(configFile);
        if (!QFile::link(configFile, home.path(kConfigFileName)))
            return failure(QStringLiteral("cannot create the symlink %1").arg(home.path(kConfigFileName)));
    }
    rollback.commit();

    ctx.out << "Issuer home initialised: " << ctx.home << '\n';
    if (!configFile.isEmpty())
        ctx.out << "perso-issuerd configuration: " << configFile << '\n';
    ctx.out << "CA certificate (pin it on every station): " << ca.value().certificateFile() << '\n';
    return Ok{};
}

} // namespace perso::issuer::admin
