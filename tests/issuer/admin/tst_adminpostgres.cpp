// SPDX-License-Identifier: Apache-2.0
// perso-admin on PostgreSQL: init --postgres writes a configuration without the password, and the
// commands work against the throwaway cluster of the storage tests (scripts/postgres.sh).

#include "AdminProcess.h"
#include "issuer/daemon/DaemonConfig.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace perso::issuer;
using namespace perso::issuer::admin::test;

class TestAdminPostgres : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_home;
    QString m_suffix = QString::number(QDateTime::currentMSecsSinceEpoch() % 100'000'000);

    AdminRun admin(const QStringList& args) { return runAdminProcess(m_home, args); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const int port = qEnvironmentVariableIntValue("PERSO_PG_PORT");
        if (port == 0)
            QSKIP("PERSO_PG_PORT is not set: run through ctest with the postgres fixture");
        m_home = m_dir.filePath(QStringLiteral("home"));
        const QString password = m_dir.filePath(QStringLiteral("pg.password"));
        QFile file(password);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not-needed-with-trust\n");
        file.close();
        QVERIFY(file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        const QString spec = QStringLiteral("host=127.0.0.1,port=%1,db=perso_test,user=postgres,password-file=%2")
                                 .arg(port)
                                 .arg(password);
        const AdminRun run = admin({QStringLiteral("init"), QStringLiteral("--postgres"), spec});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    }

    void configNamesThePasswordFileOnly()
    {
        const QString path = QDir(m_home).filePath(QStringLiteral("issuerd.json"));
        const IssuerResult<DaemonConfig> config = DaemonConfig::load(path);
        QVERIFY(config.ok());
        QCOMPARE(config.value().engine, DaemonConfig::Engine::Postgres);
        QCOMPARE(config.value().pgDatabase, QStringLiteral("perso_test"));
        QVERIFY(config.value().pgPasswordFile.endsWith(QStringLiteral("pg.password")));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains("not-needed-with-trust"));
        QVERIFY(!QFile::exists(QDir(m_home).filePath(QStringLiteral("issuer.db"))));
    }

    void commandsReachTheDatabase()
    {
        const QString retailer = QStringLiteral("pg-r") + m_suffix;
        const QString shop = QStringLiteral("pg-s") + m_suffix;
        const QString batch = QStringLiteral("pg-b") + m_suffix;
        QCOMPARE(admin({QStringLiteral("retailer"), QStringLiteral("add"), QStringLiteral("--id"), retailer,
                        QStringLiteral("--name"), QStringLiteral("PG")})
                     .exitCode,
                 0);
        QCOMPARE(admin({QStringLiteral("shop"), QStringLiteral("add"), QStringLiteral("--id"), shop,
                        QStringLiteral("--retailer"), retailer})
                     .exitCode,
                 0);
        const AdminRun duplicate = admin({QStringLiteral("shop"), QStringLiteral("add"), QStringLiteral("--id"), shop,
                                          QStringLiteral("--retailer"), retailer});
        QCOMPARE(duplicate.exitCode, 1);
        QVERIFY2(isOneLine(duplicate.err), qPrintable(duplicate.err));
        const AdminRun created =
            admin({QStringLiteral("batch"), QStringLiteral("create"), QStringLiteral("--id"), batch,
                   QStringLiteral("--count"), QStringLiteral("3"), QStringLiteral("--iccid-prefix"),
                   QStringLiteral("8900177"), QStringLiteral("--out"), m_dir.filePath(QStringLiteral("sims"))});
        QVERIFY2(created.exitCode == 0, qPrintable(created.err));
        const AdminRun listed = admin({QStringLiteral("cards"), QStringLiteral("list"), QStringLiteral("--batch"),
                                       batch, QStringLiteral("--json")});
        QCOMPARE(listed.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(listed.out.toUtf8()).array().size(), 3);
    }
};

QTEST_GUILESS_MAIN(TestAdminPostgres)
#include "tst_adminpostgres.moc"
