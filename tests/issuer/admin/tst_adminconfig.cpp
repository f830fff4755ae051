// SPDX-License-Identifier: Apache-2.0
// perso-admin init --config FILE: the daemon's configuration outside the home (the packaged
// /etc/perso-issuer/issuerd.json layout), with absolute paths, never overwritten, nothing left behind
// when refused.

#include "AdminProcess.h"
#include "issuer/daemon/DaemonConfig.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace perso::issuer;
using namespace perso::issuer::admin::test;

namespace {

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeText(const QString& path, const QByteArray& text)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(text) == text.size();
}

} // namespace

class TestAdminConfig : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_home;   // absolute, as QTemporaryDir gives it
    QString m_config; // the --config FILE of the home

    QString inDir(const QString& relative) const { return m_dir.filePath(relative); }
    QString inHome(const QString& relative) const { return QDir(m_home).filePath(relative); }

    AdminRun initWithConfig(const QString& home, const QString& config)
    {
        return runAdminProcess(home, {QStringLiteral("init"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                      QStringLiteral("--config"), config});
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_home = inDir(QStringLiteral("home"));
        QVERIFY(QDir().mkpath(inDir(QStringLiteral("etc"))));
        m_config = inDir(QStringLiteral("etc/issuerd.json"));
        const AdminRun run = initWithConfig(m_home, m_config);
        QVERIFY2(run.finished && run.exitCode == 0, qPrintable(run.err));
        QVERIFY2(run.out.contains(m_config), qPrintable(run.out));
    }

    void configWrittenToFile()
    {
        QVERIFY(QFileInfo(m_config).isFile());
        QCOMPARE(fileMode(m_config), 0640u);
        // The home's issuerd.json is a symlink to it: the other commands read what the daemon reads.
        const QFileInfo link(inHome(QStringLiteral("issuerd.json")));
        QVERIFY(link.isSymLink());
        QCOMPARE(link.symLinkTarget(), m_config);
        QVERIFY(QFileInfo::exists(inHome(QStringLiteral("keys/master-v1.key"))));
        QVERIFY(QFileInfo::exists(inHome(QStringLiteral("issuer.db"))));
    }

    void pathsAreAbsoluteIntoTheHome()
    {
        const QJsonObject root = QJsonDocument::fromJson(readAll(m_config)).object();
        const QJsonObject tls = root.value(QStringLiteral("tls")).toObject();
        const QJsonObject storage = root.value(QStringLiteral("storage")).toObject();
        QCOMPARE(root.value(QStringLiteral("keys")).toString(), inHome(QStringLiteral("keys")));
        QCOMPARE(storage.value(QStringLiteral("engine")).toString(), QStringLiteral("sqlite"));
        QCOMPARE(storage.value(QStringLiteral("path")).toString(), inHome(QStringLiteral("issuer.db")));
        QCOMPARE(tls.value(QStringLiteral("certificateChain")).toString(),
                 inHome(QStringLiteral("tls/server.chain.pem")));
        QCOMPARE(tls.value(QStringLiteral("privateKey")).toString(), inHome(QStringLiteral("tls/server.key.pem")));
        for (const QString& path : {tls.value(QStringLiteral("certificateChain")).toString(),
                                    tls.value(QStringLiteral("privateKey")).toString()})
            QVERIFY2(QFileInfo(path).isFile(), qPrintable(path));
    }

    void loaderResolvesTheSamePathsAnywhere()
    {
        // Absolute paths do not depend on the file's folder: a copy elsewhere loads the same.
        const QString copy = inDir(QStringLiteral("copy.json"));
        QVERIFY(QFile::copy(m_config, copy));
        for (const QString& file : {m_config, copy}) {
            const IssuerResult<DaemonConfig> config = DaemonConfig::load(file);
            QVERIFY2(config.ok(), config.ok() ? "" : qPrintable(config.error().message));
            QCOMPARE(config.value().engine, DaemonConfig::Engine::Sqlite);
            QCOMPARE(config.value().sqlitePath, inHome(QStringLiteral("issuer.db")));
            QCOMPARE(config.value().keyDirectory, inHome(QStringLiteral("keys")));
            QCOMPARE(config.value().certificateChainFile, inHome(QStringLiteral("tls/server.chain.pem")));
            QCOMPARE(config.value().privateKeyFile, inHome(QStringLiteral("tls/server.key.pem")));
            QCOMPARE(int(config.value().listenPort), 0);
        }
    }

    void daemonAcceptsIt()
    {
        QProcess daemon;
        daemon.start(QStringLiteral(PERSO_ISSUERD_BINARY),
                     {QStringLiteral("--check-config"), QStringLiteral("--config"), m_config});
        QVERIFY(daemon.waitForFinished(60'000));
        QCOMPARE(daemon.exitStatus(), QProcess::NormalExit);
        QVERIFY2(daemon.exitCode() == 0, daemon.readAllStandardError().constData());
    }

    void laterCommandsUseTheHome()
    {
        const AdminRun add = runAdminProcess(m_home, {QStringLiteral("retailer"), QStringLiteral("add"),
                                                      QStringLiteral("--id"), QStringLiteral("shopchain"),
                                                      QStringLiteral("--name"), QStringLiteral("Shop Chain")});
        QVERIFY2(add.exitCode == 0, qPrintable(add.err));
        const AdminRun audit = runAdminProcess(m_home, {QStringLiteral("audit"), QStringLiteral("show")});
        QVERIFY2(audit.exitCode == 0, qPrintable(audit.err));
        QVERIFY(audit.out.contains(QStringLiteral("issuer-initialised")));
        QVERIFY(audit.out.contains(QStringLiteral("shopchain")));
    }

    void existingFileIsRefused()
    {
        const QString existing = inDir(QStringLiteral("etc/existing.json"));
        QVERIFY(writeText(existing, "{\"keep\": true}\n"));
        const QString home = inDir(QStringLiteral("home-existing"));
        const AdminRun run = initWithConfig(home, existing);
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(isOneLine(run.err) && run.err.contains(QStringLiteral("already exists")), qPrintable(run.err));
        QCOMPARE(readAll(existing), QByteArray("{\"keep\": true}\n"));
        QVERIFY(!QFileInfo::exists(home));
        // The home's own config file again: refused, the first home untouched.
        const AdminRun again = initWithConfig(m_home, m_config);
        QCOMPARE(again.exitCode, 1);
        QVERIFY(QFileInfo(inHome(QStringLiteral("issuerd.json"))).isSymLink());
    }

    void missingFolderLeavesNothing_data()
    {
        QTest::addColumn<bool>("homeExists");
        QTest::newRow("new home") << false;
        QTest::newRow("empty home") << true;
    }

    void missingFolderLeavesNothing()
    {
        QFETCH(bool, homeExists);
        const QString home = inDir(homeExists ? QStringLiteral("home-empty") : QStringLiteral("home-new"));
        if (homeExists)
            QVERIFY(QDir().mkpath(home));
        const QString config = inDir(QStringLiteral("no-such-folder/issuerd.json"));
        const AdminRun run = initWithConfig(home, config);
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(isOneLine(run.err) && run.err.contains(QStringLiteral("does not exist")), qPrintable(run.err));
        QVERIFY(!QFileInfo::exists(inDir(QStringLiteral("no-such-folder"))));
        if (homeExists)
            QVERIFY(QDir(home).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System));
        else
            QVERIFY(!QFileInfo::exists(home));
    }

    void helpSaysIt()
    {
        const AdminRun run = runAdminProcess(m_home, {QStringLiteral("init"), QStringLiteral("--help")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.contains(QStringLiteral("--config <FILE>")));
    }
};

QTEST_GUILESS_MAIN(TestAdminConfig)
#include "tst_adminconfig.moc"
