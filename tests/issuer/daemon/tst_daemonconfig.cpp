// SPDX-License-Identifier: Apache-2.0
#include "issuer/daemon/DaemonConfig.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using perso::issuer::DaemonConfig;
using perso::issuer::IssuerErrorCode;

namespace {

QJsonObject minimalConfig()
{
    return QJsonDocument::fromJson(R"({
        "tls": {"certificateChain": "tls/chain.pem", "privateKey": "tls/server.key"},
        "keys": "keys",
        "storage": {"engine": "sqlite", "path": "data/issuer.db"},
        "assessment": {"minimumAge": 18},
        "operator": {"mcc": "001", "mnc": "01", "spn": "Retail Perso"}
    })")
        .object();
}

QByteArray json(const QJsonObject& object)
{
    return QJsonDocument(object).toJson();
}

} // namespace

class TestDaemonConfig : public QObject
{
    Q_OBJECT

private slots:
    void minimalConfigGetsDefaults()
    {
        const auto config = DaemonConfig::parse(json(minimalConfig()), QStringLiteral("/etc/perso"));
        QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().message));
        QCOMPARE(config.value().listenAddress, QHostAddress(QHostAddress::LocalHost));
        QCOMPARE(config.value().listenPort, 7443);
        QCOMPARE(config.value().certificateChainFile, QStringLiteral("/etc/perso/tls/chain.pem"));
        QCOMPARE(config.value().keyDirectory, QStringLiteral("/etc/perso/keys"));
        QCOMPARE(config.value().sqlitePath, QStringLiteral("/etc/perso/data/issuer.db"));
        QVERIFY(config.value().engine == DaemonConfig::Engine::Sqlite);
        QCOMPARE(config.value().maxFailedAuthPerHour, 5);
        const auto op = QJsonDocument::fromJson(config.value().operatorProfileJson).object();
        QCOMPARE(op.value(QStringLiteral("spn")).toString(), QStringLiteral("Retail Perso"));
    }

    void absolutePathsStay()
    {
        auto root = minimalConfig();
        root[QStringLiteral("keys")] = QStringLiteral("/var/lib/perso/keys");
        const auto config = DaemonConfig::parse(json(root), QStringLiteral("/etc/perso"));
        QVERIFY(config.ok());
        QCOMPARE(config.value().keyDirectory, QStringLiteral("/var/lib/perso/keys"));
    }

    void postgresEngine()
    {
        auto root = minimalConfig();
        root[QStringLiteral("storage")] = QJsonObject{{QStringLiteral("engine"), QStringLiteral("postgres")},
                                                      {QStringLiteral("host"), QStringLiteral("db.example")},
                                                      {QStringLiteral("port"), 6543},
                                                      {QStringLiteral("database"), QStringLiteral("perso")},
                                                      {QStringLiteral("user"), QStringLiteral("issuer")},
                                                      {QStringLiteral("passwordFile"), QStringLiteral("pg.pass")}};
        root[QStringLiteral("listen")] =
            QJsonObject{{QStringLiteral("address"), QStringLiteral("0.0.0.0")}, {QStringLiteral("port"), 0}};
        root[QStringLiteral("limits")] =
            QJsonObject{{QStringLiteral("workerThreads"), 16}, {QStringLiteral("maxConnections"), 1500}};
        const auto config = DaemonConfig::parse(json(root), QStringLiteral("/etc/perso"));
        QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().message));
        QVERIFY(config.value().engine == DaemonConfig::Engine::Postgres);
        QCOMPARE(config.value().pgHost, QStringLiteral("db.example"));
        QCOMPARE(config.value().pgPort, 6543);
        QCOMPARE(config.value().pgPasswordFile, QStringLiteral("/etc/perso/pg.pass"));
        QCOMPARE(config.value().listenAddress, QHostAddress(QHostAddress::AnyIPv4));
        QCOMPARE(config.value().listenPort, 0);
        QCOMPARE(config.value().workerThreads, 16);
        QCOMPARE(config.value().maxConnections, 1500);
    }

    void refusesBadInput_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("expected"); // part of the error message

        const auto with = [](const QString& key, const QJsonValue& value) {
            auto root = minimalConfig();
            root[key] = value;
            return json(root);
        };
        const auto without = [](const QString& key) {
            auto root = minimalConfig();
            root.remove(key);
            return json(root);
        };
        const auto storage = [&](const QJsonObject& object) { return with(QStringLiteral("storage"), object); };

        QTest::newRow("not json") << QByteArray("{\"tls\":") << QStringLiteral("not valid JSON");
        QTest::newRow("array") << QByteArray("[]") << QStringLiteral("must be a JSON object");
        QTest::newRow("unknown top key") << with(QStringLiteral("listne"), QJsonObject{})
                                         << QStringLiteral("unknown key \"listne\"");
        QTest::newRow("missing tls") << without(QStringLiteral("tls")) << QStringLiteral("missing \"tls\"");
        QTest::newRow("missing keys") << without(QStringLiteral("keys")) << QStringLiteral("missing \"keys\"");
        QTest::newRow("keys not string") << with(QStringLiteral("keys"), 5) << QStringLiteral("non-empty string");
        QTest::newRow("unknown listen key")
            << with(QStringLiteral("listen"), QJsonObject{{QStringLiteral("adress"), QStringLiteral("::1")}})
            << QStringLiteral("unknown key \"listen.adress\"");
        QTest::newRow("port range") << with(QStringLiteral("listen"), QJsonObject{{QStringLiteral("port"), 70000}})
                                    << QStringLiteral("listen.port");
        QTest::newRow("port fraction") << with(QStringLiteral("listen"), QJsonObject{{QStringLiteral("port"), 7.5}})
                                       << QStringLiteral("listen.port");
        QTest::newRow("port string") << with(QStringLiteral("listen"),
                                             QJsonObject{{QStringLiteral("port"), QStringLiteral("7443")}})
                                     << QStringLiteral("listen.port");
        QTest::newRow("bad address") << with(QStringLiteral("listen"),
                                             QJsonObject{{QStringLiteral("address"), QStringLiteral("localhost")}})
                                     << QStringLiteral("not an IP address");
        QTest::newRow("engine") << storage({{QStringLiteral("engine"), QStringLiteral("mysql")}})
                                << QStringLiteral("\"sqlite\" or \"postgres\"");
        QTest::newRow("sqlite without path")
            << storage({{QStringLiteral("engine"), QStringLiteral("sqlite")}}) << QStringLiteral("storage.path");
        QTest::newRow("sqlite with pg key") << storage({{QStringLiteral("engine"), QStringLiteral("sqlite")},
                                                        {QStringLiteral("path"), QStringLiteral("x.db")},
                                                        {QStringLiteral("host"), QStringLiteral("db")}})
                                            << QStringLiteral("storage.host");
        QTest::newRow("postgres without database") << storage({{QStringLiteral("engine"), QStringLiteral("postgres")},
                                                               {QStringLiteral("user"), QStringLiteral("u")}})
                                                   << QStringLiteral("storage.database");
        QTest::newRow("password in config") << storage({{QStringLiteral("engine"), QStringLiteral("postgres")},
                                                        {QStringLiteral("database"), QStringLiteral("d")},
                                                        {QStringLiteral("user"), QStringLiteral("u")},
                                                        {QStringLiteral("password"), QStringLiteral("hunter2")}})
                                            << QStringLiteral("unknown key \"storage.password\"");
        QTest::newRow("limits range") << with(QStringLiteral("limits"),
                                              QJsonObject{{QStringLiteral("maxFailedAuthPerHour"), 0}})
                                      << QStringLiteral("limits.maxFailedAuthPerHour");
        // Found by fuzz_issuerconfig: numbers beyond long long's range were cast before the range check.
        QTest::newRow("huge limit") << with(QStringLiteral("limits"),
                                            QJsonObject{{QStringLiteral("idleTimeoutSeconds"), 1e300}})
                                    << QStringLiteral("limits.idleTimeoutSeconds");
        QTest::newRow("huge negative port")
            << with(QStringLiteral("listen"), QJsonObject{{QStringLiteral("port"), -1e300}})
            << QStringLiteral("listen.port");
        QTest::newRow("operator not object") << with(QStringLiteral("operator"), QStringLiteral("x"))
                                             << QStringLiteral("\"operator\" must be an object");
    }

    void refusesBadInput()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, expected);
        const auto config = DaemonConfig::parse(text, QStringLiteral("/etc/perso"));
        QVERIFY(!config.ok());
        QCOMPARE(config.error().code, IssuerErrorCode::InvalidInput);
        QVERIFY2(config.error().message.contains(expected), qPrintable(config.error().message));
        QVERIFY(!config.error().message.contains(QStringLiteral("hunter2")));
    }

    void loadNamesTheFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("issuerd.json"));
        const auto missing = DaemonConfig::load(path);
        QVERIFY(!missing.ok());
        QVERIFY(missing.error().message.contains(path));

        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(json(minimalConfig()));
        file.close();
        const auto config = DaemonConfig::load(path);
        QVERIFY(config.ok());
        QCOMPARE(config.value().keyDirectory, dir.filePath(QStringLiteral("keys")));
    }
};

QTEST_GUILESS_MAIN(TestDaemonConfig)
#include "tst_daemonconfig.moc"
