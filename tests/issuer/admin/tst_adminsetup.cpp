// SPDX-License-Identifier: Apache-2.0
// perso-admin init, the registry commands (retailer, shop, terminal, deny list), pools and the
// command line's own errors, through the real executable.

#include "AdminProcess.h"
#include "issuer/assessment/Assessment.h"
#include "issuer/daemon/DaemonConfig.h"
#include "issuer/sim/SimPlan.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace perso::issuer;
using namespace perso::issuer::admin::test;

namespace {

QByteArray fileHash(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

} // namespace

class TestAdminSetup : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_home;

    AdminRun admin(const QStringList& args) { return runAdminProcess(m_home, args); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_home = m_dir.filePath(QStringLiteral("home"));
        const AdminRun run =
            admin({QStringLiteral("init"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:17443")});
        QVERIFY2(run.finished && run.exitCode == 0, qPrintable(run.err));
        QVERIFY(run.out.contains(QDir(m_home).filePath(QStringLiteral("ca/ca.cert.pem"))));
    }

    void initWritesProtectedFiles_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<unsigned>("mode");
        QTest::newRow("home") << QString() << 0700u;
        QTest::newRow("config") << QStringLiteral("issuerd.json") << 0600u;
        QTest::newRow("keys dir") << QStringLiteral("keys") << 0700u;
        QTest::newRow("master key") << QStringLiteral("keys/master-v1.key") << 0600u;
        QTest::newRow("signing key") << QStringLiteral("keys/receipt-signing.pem") << 0600u;
        QTest::newRow("ca key") << QStringLiteral("ca/ca.key.pem") << 0600u;
        QTest::newRow("ca certificate") << QStringLiteral("ca/ca.cert.pem") << 0644u;
        QTest::newRow("server key") << QStringLiteral("tls/server.key.pem") << 0600u;
        QTest::newRow("database") << QStringLiteral("issuer.db") << 0600u;
    }

    void initWritesProtectedFiles()
    {
        QFETCH(QString, path);
        QFETCH(unsigned, mode);
        const QString full = path.isEmpty() ? m_home : QDir(m_home).filePath(path);
        QVERIFY2(QFileInfo::exists(full), qPrintable(full));
        QCOMPARE(fileMode(full), mode);
    }

    void initConfigParses()
    {
        const IssuerResult<DaemonConfig> config =
            DaemonConfig::load(QDir(m_home).filePath(QStringLiteral("issuerd.json")));
        QVERIFY2(config.ok(), config.ok() ? "" : qPrintable(config.error().message));
        QCOMPARE(int(config.value().listenPort), 17443);
        QCOMPARE(config.value().engine, DaemonConfig::Engine::Sqlite);
        QCOMPARE(config.value().sqlitePath, QDir(m_home).filePath(QStringLiteral("issuer.db")));
        QCOMPARE(config.value().keyDirectory, QDir(m_home).filePath(QStringLiteral("keys")));
        QVERIFY(QFileInfo::exists(config.value().certificateChainFile));
        QVERIFY(QFileInfo::exists(config.value().privateKeyFile));
        const QJsonObject op = QJsonDocument::fromJson(config.value().operatorProfileJson).object();
        QCOMPARE(op.value(QStringLiteral("mcc")).toString(), QStringLiteral("001"));
        QCOMPARE(op.value(QStringLiteral("mnc")).toString(), QStringLiteral("01"));
        QCOMPARE(op.value(QStringLiteral("spn")).toString(), QStringLiteral("Retail Perso"));
        const QJsonObject policy = QJsonDocument::fromJson(config.value().assessmentPolicyJson).object();
        QCOMPARE(policy.value(QStringLiteral("minimumAge")).toInt(), 18);
        // perso-issuerd's own parsers accept both objects.
        const IssuerResult<AssessmentPolicy> parsedPolicy =
            AssessmentPolicy::fromJson(config.value().assessmentPolicyJson);
        QVERIFY(parsedPolicy.ok());
        QCOMPARE(parsedPolicy.value().windowDays, 30);
        const IssuerResult<OperatorProfile> parsedProfile =
            OperatorProfile::fromJson(config.value().operatorProfileJson);
        QVERIFY(parsedProfile.ok());
        QCOMPARE(parsedProfile.value().mcc, QStringLiteral("001"));
        QCOMPARE(parsedProfile.value().spn, QStringLiteral("Retail Perso"));
        // Relative paths: the home can be moved.
        QFile file(QDir(m_home).filePath(QStringLiteral("issuerd.json")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains(m_home.toUtf8()));
    }

    void initTwiceIsRefused()
    {
        const QString config = QDir(m_home).filePath(QStringLiteral("issuerd.json"));
        const QByteArray before = fileHash(config);
        const QByteArray keyBefore = fileHash(QDir(m_home).filePath(QStringLiteral("keys/master-v1.key")));
        const AdminRun run = admin({QStringLiteral("init")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(isOneLine(run.err), qPrintable(run.err));
        QCOMPARE(fileHash(config), before);
        QCOMPARE(fileHash(QDir(m_home).filePath(QStringLiteral("keys/master-v1.key"))), keyBefore);
    }

    void initBadOptionsWriteNothing_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::newRow("listen without port")
            << QStringList{QStringLiteral("--listen"), QStringLiteral("127.0.0.1")} << 2;
        QTest::newRow("listen bad address") << QStringList{QStringLiteral("--listen"), QStringLiteral("x.y:80")} << 2;
        QTest::newRow("listen port range")
            << QStringList{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:70000")} << 2;
        QTest::newRow("postgres unknown key")
            << QStringList{QStringLiteral("--postgres"), QStringLiteral("db=a,usr=b")} << 2;
        QTest::newRow("postgres no user") << QStringList{QStringLiteral("--postgres"), QStringLiteral("db=a")} << 2;
        QTest::newRow("unknown option") << QStringList{QStringLiteral("--force")} << 2;
        QTest::newRow("stray argument") << QStringList{QStringLiteral("now")} << 2;
        QTest::newRow("ipv6 server name") << QStringList{QStringLiteral("--server-name"), QStringLiteral("::1")} << 1;
    }

    void initBadOptionsWriteNothing()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        const QString home = m_dir.filePath(QStringLiteral("bad-init"));
        const AdminRun run = runAdminProcess(home, QStringList{QStringLiteral("init")} + args);
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY2(isOneLine(run.err), qPrintable(run.err));
        QVERIFY(!QFileInfo::exists(home));
    }

    void commandLineErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("no command") << QStringList{};
        QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")};
        QTest::newRow("unknown subcommand") << QStringList{QStringLiteral("retailer"), QStringLiteral("remove")};
        QTest::newRow("unknown global option") << QStringList{QStringLiteral("--verbose"), QStringLiteral("pool")};
        QTest::newRow("missing --id") << QStringList{QStringLiteral("retailer"), QStringLiteral("add"),
                                                     QStringLiteral("--name"), QStringLiteral("X")};
        QTest::newRow("bad token") << QStringList{QStringLiteral("retailer"), QStringLiteral("add"),
                                                  QStringLiteral("--id"),     QStringLiteral("a b"),
                                                  QStringLiteral("--name"),   QStringLiteral("X")};
        QTest::newRow("option without value")
            << QStringList{QStringLiteral("shop"), QStringLiteral("add"), QStringLiteral("--id")};
    }

    void commandLineErrors()
    {
        QFETCH(QStringList, args);
        const AdminRun run = admin(args);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(isOneLine(run.err), qPrintable(run.err));
    }

    void helpOnEveryCommand()
    {
        const AdminRun top = admin({QStringLiteral("--help")});
        QCOMPARE(top.exitCode, 0);
        QVERIFY(top.out.contains(QStringLiteral("retailer-card issue")));
        const AdminRun batch = admin({QStringLiteral("batch"), QStringLiteral("create"), QStringLiteral("--help")});
        QCOMPARE(batch.exitCode, 0);
        QVERIFY(batch.out.contains(QStringLiteral("--iccid-prefix")));
        QVERIFY(batch.out.startsWith(QStringLiteral("Usage: perso-admin batch create [options]")));
    }

    void homeWithoutInitFails()
    {
        const QString empty = m_dir.filePath(QStringLiteral("empty"));
        QVERIFY(QDir().mkpath(empty));
        const AdminRun run = runAdminProcess(empty, {QStringLiteral("pool"), QStringLiteral("status")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.err.contains(QStringLiteral("perso-admin init")));
        QVERIFY(QDir(empty).isEmpty());
    }

    void registryFlow()
    {
        QCOMPARE(admin({QStringLiteral("retailer"), QStringLiteral("add"), QStringLiteral("--id"),
                        QStringLiteral("acme"), QStringLiteral("--name"), QStringLiteral("Acme Phones")})
                     .exitCode,
                 0);
        QCOMPARE(admin({QStringLiteral("shop"), QStringLiteral("add"), QStringLiteral("--id"), QStringLiteral("acme-1"),
                        QStringLiteral("--retailer"), QStringLiteral("acme"), QStringLiteral("--address"),
                        QStringLiteral("1 Main Street")})
                     .exitCode,
                 0);
        QCOMPARE(admin({QStringLiteral("terminal"), QStringLiteral("register"), QStringLiteral("--id"),
                        QStringLiteral("T-1"), QStringLiteral("--shop"), QStringLiteral("acme-1")})
                     .exitCode,
                 0);
        QCOMPARE(admin({QStringLiteral("terminal"), QStringLiteral("clear-tamper"), QStringLiteral("--id"),
                        QStringLiteral("T-1")})
                     .exitCode,
                 0);
        QCOMPARE(admin({QStringLiteral("deny"), QStringLiteral("add"), QStringLiteral("--id-type"), QStringLiteral("1"),
                        QStringLiteral("--id-number"), QStringLiteral("X1234567")})
                     .exitCode,
                 0);
    }

    void registryErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::newRow("duplicate retailer")
            << QStringList{QStringLiteral("retailer"), QStringLiteral("add"),    QStringLiteral("--id"),
                           QStringLiteral("acme"),     QStringLiteral("--name"), QStringLiteral("Again")}
            << 1;
        QTest::newRow("shop of unknown retailer")
            << QStringList{QStringLiteral("shop"), QStringLiteral("add"),        QStringLiteral("--id"),
                           QStringLiteral("s9"),   QStringLiteral("--retailer"), QStringLiteral("nobody")}
            << 1;
        QTest::newRow("duplicate shop") << QStringList{QStringLiteral("shop"),       QStringLiteral("add"),
                                                       QStringLiteral("--id"),       QStringLiteral("acme-1"),
                                                       QStringLiteral("--retailer"), QStringLiteral("acme")}
                                        << 1;
        QTest::newRow("terminal of unknown shop")
            << QStringList{QStringLiteral("terminal"), QStringLiteral("register"), QStringLiteral("--id"),
                           QStringLiteral("T-9"),      QStringLiteral("--shop"),   QStringLiteral("nowhere")}
            << 1;
        QTest::newRow("clear tamper of unknown terminal")
            << QStringList{QStringLiteral("terminal"), QStringLiteral("clear-tamper"), QStringLiteral("--id"),
                           QStringLiteral("T-404")}
            << 1;
        QTest::newRow("deny bad type") << QStringList{QStringLiteral("deny"),        QStringLiteral("add"),
                                                      QStringLiteral("--id-type"),   QStringLiteral("9"),
                                                      QStringLiteral("--id-number"), QStringLiteral("X1")}
                                       << 2;
        QTest::newRow("deny bad number") << QStringList{QStringLiteral("deny"),        QStringLiteral("add"),
                                                        QStringLiteral("--id-type"),   QStringLiteral("1"),
                                                        QStringLiteral("--id-number"), QStringLiteral("x-1")}
                                         << 2;
        QTest::newRow("deny passport number too short")
            << QStringList{QStringLiteral("deny"), QStringLiteral("add"),         QStringLiteral("--id-type"),
                           QStringLiteral("1"),    QStringLiteral("--id-number"), QStringLiteral("X12")}
            << 2;
        QTest::newRow("name too long") << QStringList{QStringLiteral("retailer"), QStringLiteral("add"),
                                                      QStringLiteral("--id"),     QStringLiteral("r2"),
                                                      QStringLiteral("--name"),   QString(65, u'n')}
                                       << 2;
    }

    void registryErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        const AdminRun run = admin(args);
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY2(isOneLine(run.err), qPrintable(run.err));
        QVERIFY(run.out.isEmpty());
    }

    void badlyProtectedMasterKeyRefused()
    {
        const QString key = QDir(m_home).filePath(QStringLiteral("keys/master-v1.key"));
        QVERIFY(QFile::setPermissions(key, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup));
        const AdminRun run = admin({QStringLiteral("deny"), QStringLiteral("add"), QStringLiteral("--id-type"),
                                    QStringLiteral("2"), QStringLiteral("--id-number"), QStringLiteral("ZZ9999")});
        QVERIFY(QFile::setPermissions(key, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(isOneLine(run.err), qPrintable(run.err));
        QVERIFY(run.err.contains(QStringLiteral("key-unavailable")));
    }

    void pools()
    {
        QCOMPARE(admin({QStringLiteral("pool"), QStringLiteral("add"), QStringLiteral("--kind"), QStringLiteral("imsi"),
                        QStringLiteral("--first"), QStringLiteral("001010000000001"), QStringLiteral("--count"),
                        QStringLiteral("50")})
                     .exitCode,
                 0);
        QCOMPARE(admin({QStringLiteral("pool"), QStringLiteral("add"), QStringLiteral("--kind"),
                        QStringLiteral("msisdn"), QStringLiteral("--first"), QStringLiteral("447700900000"),
                        QStringLiteral("--count"), QStringLiteral("20")})
                     .exitCode,
                 0);
        const AdminRun status = admin({QStringLiteral("pool"), QStringLiteral("status"), QStringLiteral("--json")});
        QCOMPARE(status.exitCode, 0);
        const QJsonArray pools = QJsonDocument::fromJson(status.out.toUtf8()).array();
        QCOMPARE(pools.size(), 2);
        int checked = 0;
        for (const QJsonValue& pool : pools) {
            const QJsonObject object = pool.toObject();
            const bool imsi = object.value(QStringLiteral("kind")).toString() == QLatin1String("imsi");
            QCOMPARE(object.value(QStringLiteral("free")).toInteger(), qint64(imsi ? 50 : 20));
            QCOMPARE(object.value(QStringLiteral("used")).toInteger(), qint64(0));
            ++checked;
        }
        QCOMPARE(checked, 2);
        const AdminRun table = admin({QStringLiteral("pool"), QStringLiteral("status")});
        QVERIFY(table.out.startsWith(QStringLiteral("kind    free  used\n")));
    }

    void poolErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        const QStringList base{QStringLiteral("pool"), QStringLiteral("add"), QStringLiteral("--kind")};
        QTest::newRow("bad kind") << base + QStringList{QStringLiteral("iccid"), QStringLiteral("--first"),
                                                        QStringLiteral("001010000000001"), QStringLiteral("--count"),
                                                        QStringLiteral("1")}
                                  << 2;
        QTest::newRow("short imsi") << base + QStringList{QStringLiteral("imsi"), QStringLiteral("--first"),
                                                          QStringLiteral("00101"), QStringLiteral("--count"),
                                                          QStringLiteral("1")}
                                    << 2;
        QTest::newRow("letters") << base + QStringList{QStringLiteral("msisdn"), QStringLiteral("--first"),
                                                       QStringLiteral("44770090000A"), QStringLiteral("--count"),
                                                       QStringLiteral("1")}
                                 << 2;
        QTest::newRow("count zero") << base + QStringList{QStringLiteral("msisdn"), QStringLiteral("--first"),
                                                          QStringLiteral("447700900100"), QStringLiteral("--count"),
                                                          QStringLiteral("0")}
                                    << 2;
        QTest::newRow("past the last number")
            << base + QStringList{QStringLiteral("msisdn"), QStringLiteral("--first"), QStringLiteral("999999"),
                                  QStringLiteral("--count"), QStringLiteral("2")}
            << 2;
        QTest::newRow("overlapping range")
            << base + QStringList{QStringLiteral("imsi"), QStringLiteral("--first"), QStringLiteral("001010000000040"),
                                  QStringLiteral("--count"), QStringLiteral("20")}
            << 1;
    }

    void poolErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        const AdminRun run = admin(args);
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY2(isOneLine(run.err), qPrintable(run.err));
        // Nothing was added.
        const AdminRun status = admin({QStringLiteral("pool"), QStringLiteral("status"), QStringLiteral("--json")});
        qint64 free = 0;
        for (const QJsonValue& pool : QJsonDocument::fromJson(status.out.toUtf8()).array())
            free += pool.toObject().value(QStringLiteral("free")).toInteger();
        QCOMPARE(free, qint64(70));
    }
};

QTEST_GUILESS_MAIN(TestAdminSetup)
#include "tst_adminsetup.moc"
