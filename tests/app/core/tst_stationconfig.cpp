// SPDX-License-Identifier: Apache-2.0
// StationConfig: the strict reader of the baked config file and the user settings file, defaults,
// "~/" expansion, the pinned CA file check, and saving the user settings (atomic, 0600).

#include "app/core/StationConfig.h"
#include "issuer/tls/CertificateAuthority.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace perso;
using namespace perso::station;

namespace {

QString field(const StationConfig& c, const QString& name)
{
    if (name == QLatin1String("host"))
        return c.issuer.host;
    if (name == QLatin1String("port"))
        return QString::number(c.issuer.port);
    if (name == QLatin1String("caFile"))
        return c.issuer.caFile;
    if (name == QLatin1String("serverName"))
        return c.issuer.serverName;
    if (name == QLatin1String("retailerId"))
        return c.retailerId;
    if (name == QLatin1String("terminalReader"))
        return c.terminalReader;
    if (name == QLatin1String("journal"))
        return c.journalPath;
    if (name == QLatin1String("receipts"))
        return c.receiptDirectory;
    if (name == QLatin1String("printer"))
        return c.printer;
    if (name == QLatin1String("language"))
        return c.language;
    if (name == QLatin1String("issuerSeconds"))
        return QString::number(c.issuerTimeoutSeconds);
    if (name == QLatin1String("keypadSeconds"))
        return QString::number(c.keypadTimeoutSeconds);
    return QStringLiteral("<no such field>");
}

} // namespace

class TestStationConfig : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void defaultsWithoutFiles();
    void missingDefaultFileIsNotAnError();
    void missingExplicitFileIsAnError();
    void acceptsEveryKey_data();
    void acceptsEveryKey();
    void refusesBadInput_data();
    void refusesBadInput();
    void refusesOversizedFile();
    void caFileMustExistAndParse();
    void configWithoutIssuerLoads();
    void userSettingsOverride();
    void userSettingsRefuseBakedOnlyKeys_data();
    void userSettingsRefuseBakedOnlyKeys();
    void missingUserSettingsAreNotAnError();
    void saveAndLoadRoundTrip();
    void saveRefusesBadValues();
    void errorTextsStayShort();

private:
    QString write(const QString& name, const QByteArray& content);

    QTemporaryDir m_home;
    QTemporaryDir m_dir;
    QString m_caFile;
};

void TestStationConfig::initTestCase()
{
    QVERIFY(m_home.isValid());
    QVERIFY(m_dir.isValid());
    // "~/" and the default locations resolve inside a temporary home.
    qputenv("HOME", m_home.path().toLocal8Bit());
    qunsetenv("XDG_DATA_HOME");
    qunsetenv("XDG_CONFIG_HOME");
    QCOMPARE(QDir::homePath(), m_home.path());
    auto ca = issuer::CertificateAuthority::create(m_dir.filePath(QStringLiteral("ca")), QStringLiteral("Test CA"));
    QVERIFY(ca.ok());
    m_caFile = ca.value().certificateFile();
    QVERIFY(QFileInfo::exists(m_caFile));
}

QString TestStationConfig::write(const QString& name, const QByteArray& content)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    file.write(content);
    return path;
}

void TestStationConfig::defaultsWithoutFiles()
{
    const auto config = StationConfig::load(QString());
    QVERIFY(config.ok());
    const StationConfig& c = config.value();
    QCOMPARE(c.journalPath, m_home.path() + QStringLiteral("/.local/share/retail-perso/journal.sqlite"));
    QCOMPARE(c.receiptDirectory, m_home.path() + QStringLiteral("/.local/share/retail-perso/receipts"));
    QCOMPARE(c.issuerTimeoutSeconds, 30);
    QCOMPARE(c.keypadTimeoutSeconds, 300);
    QCOMPARE(c.issuer.port, quint16(7443));
    QVERIFY(c.issuer.host.isEmpty());
    QVERIFY(c.issuer.caFile.isEmpty());
    QVERIFY(c.language.isEmpty());
    QCOMPARE(StationConfig::defaultConfigPath(), QStringLiteral("/etc/retail-perso/station.json"));
    QCOMPARE(StationConfig::defaultUserSettingsPath(),
             m_home.path() + QStringLiteral("/.config/retail-perso/station-user.json"));
}

void TestStationConfig::missingDefaultFileIsNotAnError()
{
    if (QFileInfo::exists(StationConfig::defaultConfigPath()))
        QSKIP("this machine has a station config at the default path");
    const auto config = StationConfig::load(StationConfig::defaultConfigPath());
    QVERIFY(config.ok());
    QCOMPARE(config.value().issuerTimeoutSeconds, 30);
}

void TestStationConfig::missingExplicitFileIsAnError()
{
    const auto config = StationConfig::load(m_dir.filePath(QStringLiteral("nowhere.json")));
    QVERIFY(!config.ok());
    QCOMPARE(config.error().kind, StationErrorKind::InvalidInput);
    QVERIFY2(config.error().detail.contains(QStringLiteral("nowhere.json")), qPrintable(config.error().detail));
}

void TestStationConfig::acceptsEveryKey_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("expected");
    const QString home = m_home.path();
    QTest::newRow("issuer.host") << QByteArray(R"({"issuer":{"host":"issuer.example.net"}})") << "host"
                                 << "issuer.example.net";
    QTest::newRow("issuer.host address") << QByteArray(R"({"issuer":{"host":"192.0.2.7"}})") << "host"
                                         << "192.0.2.7";
    QTest::newRow("issuer.port") << QByteArray(R"({"issuer":{"port":443}})") << "port"
                                 << "443";
    QTest::newRow("issuer.port min") << QByteArray(R"({"issuer":{"port":1}})") << "port"
                                     << "1";
    QTest::newRow("issuer.port max") << QByteArray(R"({"issuer":{"port":65535}})") << "port"
                                     << "65535";
    QTest::newRow("issuer.serverName") << QByteArray(R"({"issuer":{"serverName":"tls.example.net"}})") << "serverName"
                                       << "tls.example.net";
    QTest::newRow("retailerId") << QByteArray(R"({"retailerId":"R-1001"})") << "retailerId"
                                << "R-1001";
    QTest::newRow("terminalReader") << QByteArray(R"({"terminalReader":"Virtual PCD 00 00"})") << "terminalReader"
                                    << "Virtual PCD 00 00";
    QTest::newRow("journal absolute") << QByteArray(R"({"journal":"/var/lib/perso/j.sqlite"})") << "journal"
                                      << "/var/lib/perso/j.sqlite";
    QTest::newRow("journal home") << QByteArray(R"({"journal":"~/j/journal.sqlite"})") << "journal"
                                  << home + QStringLiteral("/j/journal.sqlite");
    QTest::newRow("journal relative") << QByteArray(R"({"journal":"data/j.sqlite"})") << "journal"
                                      << m_dir.path() + QStringLiteral("/data/j.sqlite");
    QTest::newRow("receipts home") << QByteArray(R"({"receipts":"~/Documents/receipts"})") << "receipts"
                                   << home + QStringLiteral("/Documents/receipts");
    QTest::newRow("printer") << QByteArray(R"({"printer":"pdf"})") << "printer"
                             << "pdf";
    QTest::newRow("language de") << QByteArray(R"({"language":"de"})") << "language"
                                 << "de";
    QTest::newRow("language empty") << QByteArray(R"({"language":""})") << "language"
                                    << "";
    QTest::newRow("issuerSeconds") << QByteArray(R"({"timeouts":{"issuerSeconds":5}})") << "issuerSeconds"
                                   << "5";
    QTest::newRow("keypadSeconds") << QByteArray(R"({"timeouts":{"keypadSeconds":120}})") << "keypadSeconds"
                                   << "120";
    QTest::newRow("empty object keeps defaults") << QByteArray("{}") << "keypadSeconds"
                                                 << "300";
}

void TestStationConfig::acceptsEveryKey()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, field);
    QFETCH(QString, expected);
    const QString path = write(QStringLiteral("good.json"), json);
    const auto config = StationConfig::load(path);
    QVERIFY2(config.ok(), config.ok() ? "" : qPrintable(config.error().detail));
    QCOMPARE(::field(config.value(), field), expected);
}

void TestStationConfig::refusesBadInput_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("named"); // the text the error must name
    // Not JSON / not an object
    QTest::newRow("garbage") << QByteArray("{nope") << "not valid JSON";
    QTest::newRow("empty file") << QByteArray("") << "not valid JSON";
    QTest::newRow("array") << QByteArray("[1,2]") << "top level";
    QTest::newRow("trailing") << QByteArray("{} {}") << "not valid JSON";
    // Unknown keys
    QTest::newRow("unknown top") << QByteArray(R"({"colour":"red"})") << "colour";
    QTest::newRow("unknown in issuer") << QByteArray(R"({"issuer":{"hots":"x"}})") << "issuer.hots";
    QTest::newRow("unknown in timeouts") << QByteArray(R"({"timeouts":{"pinSeconds":3}})") << "timeouts.pinSeconds";
    // Wrong types, every key
    QTest::newRow("issuer type") << QByteArray(R"({"issuer":"issuer.example"})") << "issuer";
    QTest::newRow("issuer.host type") << QByteArray(R"({"issuer":{"host":7}})") << "issuer.host";
    QTest::newRow("issuer.port type") << QByteArray(R"({"issuer":{"port":"7443"}})") << "issuer.port";
    QTest::newRow("issuer.caFile type") << QByteArray(R"({"issuer":{"caFile":true}})") << "issuer.caFile";
    QTest::newRow("issuer.serverName type") << QByteArray(R"({"issuer":{"serverName":null}})") << "issuer.serverName";
    QTest::newRow("retailerId type") << QByteArray(R"({"retailerId":1001})") << "retailerId";
    QTest::newRow("terminalReader type") << QByteArray(R"({"terminalReader":[]})") << "terminalReader";
    QTest::newRow("journal type") << QByteArray(R"({"journal":{}})") << "journal";
    QTest::newRow("receipts type") << QByteArray(R"({"receipts":false})") << "receipts";
    QTest::newRow("printer type") << QByteArray(R"({"printer":0})") << "printer";
    QTest::newRow("language type") << QByteArray(R"({"language":null})") << "language";
    QTest::newRow("timeouts type") << QByteArray(R"({"timeouts":30})") << "timeouts";
    QTest::newRow("issuerSeconds type") << QByteArray(R"({"timeouts":{"issuerSeconds":"30"}})")
                                        << "timeouts.issuerSeconds";
    QTest::newRow("keypadSeconds type") << QByteArray(R"({"timeouts":{"keypadSeconds":[300]}})")
                                        << "timeouts.keypadSeconds";
    // Ranges and formats
    QTest::newRow("port 0") << QByteArray(R"({"issuer":{"port":0}})") << "issuer.port";
    QTest::newRow("port 65536") << QByteArray(R"({"issuer":{"port":65536}})") << "issuer.port";
    QTest::newRow("port negative") << QByteArray(R"({"issuer":{"port":-1}})") << "issuer.port";
    QTest::newRow("port fraction") << QByteArray(R"({"issuer":{"port":7443.5}})") << "issuer.port";
    QTest::newRow("issuerSeconds 0") << QByteArray(R"({"timeouts":{"issuerSeconds":0}})") << "timeouts.issuerSeconds";
    QTest::newRow("issuerSeconds 601") << QByteArray(R"({"timeouts":{"issuerSeconds":601}})")
                                       << "timeouts.issuerSeconds";
    QTest::newRow("keypadSeconds 0") << QByteArray(R"({"timeouts":{"keypadSeconds":0}})") << "timeouts.keypadSeconds";
    QTest::newRow("keypadSeconds 3601") << QByteArray(R"({"timeouts":{"keypadSeconds":3601}})")
                                        << "timeouts.keypadSeconds";
    QTest::newRow("keypadSeconds huge") << QByteArray(R"({"timeouts":{"keypadSeconds":1e300}})")
                                        << "timeouts.keypadSeconds";
    QTest::newRow("host empty") << QByteArray(R"({"issuer":{"host":""}})") << "issuer.host";
    QTest::newRow("host with space") << QByteArray(R"({"issuer":{"host":"a b"}})") << "issuer.host";
    QTest::newRow("host with slash") << QByteArray(R"({"issuer":{"host":"https://x"}})") << "issuer.host";
    QTest::newRow("host too long") << QByteArray("{\"issuer\":{\"host\":\"" + QByteArray(254, 'a') + "\"}}")
                                   << "issuer.host";
    QTest::newRow("serverName bad") << QByteArray(R"({"issuer":{"serverName":"*"}})") << "issuer.serverName";
    QTest::newRow("retailerId bad") << QByteArray(R"({"retailerId":"R 1001"})") << "retailerId";
    QTest::newRow("retailerId long") << QByteArray("{\"retailerId\":\"" + QByteArray(33, 'R') + "\"}") << "retailerId";
    QTest::newRow("language xx") << QByteArray(R"({"language":"xx"})") << "language";
    QTest::newRow("language long") << QByteArray(R"({"language":"english"})") << "language";
    QTest::newRow("journal empty") << QByteArray(R"({"journal":""})") << "journal";
    QTest::newRow("receipts empty") << QByteArray(R"({"receipts":""})") << "receipts";
    QTest::newRow("caFile empty") << QByteArray(R"({"issuer":{"caFile":""}})") << "issuer.caFile";
    QTest::newRow("printer control") << QByteArray(R"({"printer":"a\u0007b"})") << "printer";
    QTest::newRow("reader too long") << QByteArray("{\"terminalReader\":\"" + QByteArray(257, 'r') + "\"}")
                                     << "terminalReader";
}

void TestStationConfig::refusesBadInput()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, named);
    const QString path = write(QStringLiteral("bad.json"), json);
    const auto config = StationConfig::load(path);
    QVERIFY(!config.ok());
    QCOMPARE(config.error().kind, StationErrorKind::InvalidInput);
    QVERIFY2(config.error().detail.contains(named), qPrintable(config.error().detail));
    QVERIFY2(config.error().detail.contains(QStringLiteral("bad.json")), qPrintable(config.error().detail));
}

void TestStationConfig::refusesOversizedFile()
{
    QByteArray json = R"({"printer":")" + QByteArray(64 * 1024, ' ') + R"("})";
    const auto config = StationConfig::load(write(QStringLiteral("big.json"), json));
    QVERIFY(!config.ok());
    QVERIFY2(config.error().detail.contains(QStringLiteral("larger than 65536")), qPrintable(config.error().detail));
    // Exactly at the bound is read (and then judged on its content).
    QByteArray atBound = R"({"printer":"x"})";
    atBound.append(QByteArray(64 * 1024 - atBound.size(), ' '));
    QCOMPARE(atBound.size(), 64 * 1024);
    QVERIFY(StationConfig::load(write(QStringLiteral("bound.json"), atBound)).ok());
}

void TestStationConfig::caFileMustExistAndParse()
{
    const QByteArray good =
        QJsonDocument(
            QJsonObject{{QStringLiteral("issuer"), QJsonObject{{QStringLiteral("host"), QStringLiteral("localhost")},
                                                               {QStringLiteral("caFile"), m_caFile}}}})
            .toJson();
    const auto ok = StationConfig::load(write(QStringLiteral("ca-good.json"), good));
    QVERIFY2(ok.ok(), ok.ok() ? "" : qPrintable(ok.error().detail));
    QCOMPARE(ok.value().issuer.caFile, m_caFile);

    const auto missing = StationConfig::load(
        write(QStringLiteral("ca-missing.json"), R"({"issuer":{"caFile":"/nonexistent/retail-perso/ca.pem"}})"));
    QVERIFY(!missing.ok());
    QVERIFY(missing.error().detail.contains(QStringLiteral("issuer.caFile")));
    QVERIFY(missing.error().detail.contains(QStringLiteral("no such file")));

    write(QStringLiteral("not-a-cert.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    const auto garbage =
        StationConfig::load(write(QStringLiteral("ca-garbage.json"), R"({"issuer":{"caFile":"not-a-cert.pem"}})"));
    QVERIFY(!garbage.ok());
    QVERIFY2(garbage.error().detail.contains(QStringLiteral("issuer.caFile")), qPrintable(garbage.error().detail));
}

void TestStationConfig::configWithoutIssuerLoads()
{
    // The UI asks for the issuer's address: a config without one is not refused here.
    const auto config = StationConfig::load(write(QStringLiteral("no-issuer.json"), R"({"printer":"pdf"})"));
    QVERIFY(config.ok());
    QVERIFY(config.value().issuer.host.isEmpty());
}

void TestStationConfig::userSettingsOverride()
{
    const QString main =
        write(QStringLiteral("main.json"),
              R"({"issuer":{"host":"baked.example","port":7443,"serverName":"tls.example"},"printer":"Office",)"
              R"("language":"en","terminalReader":"A","timeouts":{"issuerSeconds":20}})");
    const QString user = write(QStringLiteral("user.json"), R"({"issuer":{"host":"shop.example","port":8443},)"
                                                            R"("printer":"pdf","language":"fr","terminalReader":"B"})");
    const auto config = StationConfig::load(main, user);
    QVERIFY2(config.ok(), config.ok() ? "" : qPrintable(config.error().detail));
    QCOMPARE(config.value().issuer.host, QStringLiteral("shop.example"));
    QCOMPARE(config.value().issuer.port, quint16(8443));
    QCOMPARE(config.value().issuer.serverName, QStringLiteral("tls.example")); // baked only
    QCOMPARE(config.value().printer, QStringLiteral("pdf"));
    QCOMPARE(config.value().language, QStringLiteral("fr"));
    QCOMPARE(config.value().terminalReader, QStringLiteral("B"));
    QCOMPARE(config.value().issuerTimeoutSeconds, 20);

    // Only what the user file holds overrides.
    const QString partial = write(QStringLiteral("partial.json"), R"({"language":"de"})");
    const auto merged = StationConfig::load(main, partial);
    QVERIFY(merged.ok());
    QCOMPARE(merged.value().issuer.host, QStringLiteral("baked.example"));
    QCOMPARE(merged.value().printer, QStringLiteral("Office"));
    QCOMPARE(merged.value().language, QStringLiteral("de"));
}

void TestStationConfig::userSettingsRefuseBakedOnlyKeys_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("named");
    QTest::newRow("journal") << QByteArray(R"({"journal":"/tmp/j.sqlite"})") << "journal";
    QTest::newRow("receipts") << QByteArray(R"({"receipts":"/tmp/r"})") << "receipts";
    QTest::newRow("retailerId") << QByteArray(R"({"retailerId":"R-1"})") << "retailerId";
    QTest::newRow("timeouts") << QByteArray(R"({"timeouts":{"issuerSeconds":3}})") << "timeouts";
    QTest::newRow("issuer.caFile") << QByteArray(R"({"issuer":{"caFile":"/tmp/ca.pem"}})") << "issuer.caFile";
    QTest::newRow("issuer.serverName") << QByteArray(R"({"issuer":{"serverName":"x"}})") << "issuer.serverName";
    QTest::newRow("port type") << QByteArray(R"({"issuer":{"port":"1"}})") << "issuer.port";
    QTest::newRow("language") << QByteArray(R"({"language":"it"})") << "language";
    QTest::newRow("not json") << QByteArray("language=de") << "not valid JSON";
}

void TestStationConfig::userSettingsRefuseBakedOnlyKeys()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, named);
    const QString user = write(QStringLiteral("user-bad.json"), json);
    const auto config = StationConfig::load(QString(), user);
    QVERIFY(!config.ok());
    QCOMPARE(config.error().kind, StationErrorKind::InvalidInput);
    QVERIFY2(config.error().detail.contains(named), qPrintable(config.error().detail));
    QVERIFY2(config.error().detail.contains(QStringLiteral("user-bad.json")), qPrintable(config.error().detail));
}

void TestStationConfig::missingUserSettingsAreNotAnError()
{
    const auto config = StationConfig::load(QString(), m_dir.filePath(QStringLiteral("no-user.json")));
    QVERIFY(config.ok());
}

void TestStationConfig::saveAndLoadRoundTrip()
{
    StationConfig config;
    config.issuer.host = QStringLiteral("issuer.shop.example");
    config.issuer.port = 9443;
    config.issuer.caFile = QStringLiteral("/not/saved.pem");
    config.terminalReader = QStringLiteral("Virtual PCD 00 00");
    config.printer = QStringLiteral("pdf");
    config.language = QStringLiteral("de");
    config.issuerTimeoutSeconds = 7; // not a user setting: not saved
    const QString path = m_home.filePath(QStringLiteral(".config/retail-perso/station-user.json"));
    QVERIFY(!QFileInfo::exists(path));
    const auto saved = config.saveUserSettings(QStringLiteral("~/.config/retail-perso/station-user.json"));
    QVERIFY2(saved.ok(), saved.ok() ? "" : qPrintable(saved.error().detail));
    QVERIFY(QFileInfo::exists(path));
    QVERIFY(QFile::permissions(path).testFlags(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    QCOMPARE(QFile::permissions(path) & (QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther |
                                         QFileDevice::WriteOther | QFileDevice::ExeOwner),
             QFileDevice::Permissions());
    // Nothing but the file in its folder: the write went through a renamed temporary file.
    QCOMPARE(QFileInfo(path).dir().entryList(QDir::Files | QDir::Hidden).size(), 1);

    const auto loaded = StationConfig::load(QString(), StationConfig::defaultUserSettingsPath());
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : qPrintable(loaded.error().detail));
    QCOMPARE(loaded.value().issuer.host, config.issuer.host);
    QCOMPARE(loaded.value().issuer.port, config.issuer.port);
    QCOMPARE(loaded.value().terminalReader, config.terminalReader);
    QCOMPARE(loaded.value().printer, config.printer);
    QCOMPARE(loaded.value().language, config.language);
    QVERIFY(loaded.value().issuer.caFile.isEmpty());
    QCOMPARE(loaded.value().issuerTimeoutSeconds, 30);

    // Saving again replaces the file whole.
    config.printer.clear();
    QVERIFY(config.saveUserSettings(path).ok());
    QVERIFY(StationConfig::load(QString(), path).value().printer.isEmpty());
    QCOMPARE(QFileInfo(path).dir().entryList(QDir::Files | QDir::Hidden).size(), 1);
}

void TestStationConfig::saveRefusesBadValues()
{
    StationConfig config;
    config.language = QStringLiteral("xx");
    const QString path = m_dir.filePath(QStringLiteral("refused-user.json"));
    const auto saved = config.saveUserSettings(path);
    QVERIFY(!saved.ok());
    QVERIFY(saved.error().detail.contains(QStringLiteral("language")));
    QVERIFY(!QFileInfo::exists(path));
    config.language.clear();
    config.issuer.host = QStringLiteral("not a host");
    QVERIFY(!config.saveUserSettings(path).ok());
    QVERIFY(!QFileInfo::exists(path));
}

void TestStationConfig::errorTextsStayShort()
{
    const QByteArray longKey(5000, 'k');
    const auto config = StationConfig::load(write(QStringLiteral("long-key.json"), "{\"" + longKey + "\":1}"));
    QVERIFY(!config.ok());
    QVERIFY(config.error().detail.size() <= 300);
    QVERIFY(config.error().detail.contains(QStringLiteral("unknown key")));
}

QTEST_GUILESS_MAIN(TestStationConfig)
#include "tst_stationconfig.moc"
