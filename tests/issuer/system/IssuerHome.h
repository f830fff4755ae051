// SPDX-License-Identifier: Apache-2.0
#pragma once

// An issuer home made through the APIs (no perso-admin process): key ring, CA and server
// certificate, the database with N shops (retailer, shop, retailer card, terminal), one batch of
// blank SIMs and IMSI/MSISDN pools, the retailer card files, and perso-issuerd's JSON config with
// port 0. Shared by the system suites and perso-bench-issuer.

#include "issuer/keys/KeyRing.h"
#include "issuer/storage/SqlStore.h"
#include "issuer/tls/CertificateAuthority.h"
#include "protocol/wire/Iccid.h"
#include "terminal/cards/Batch.h"
#include "terminal/cards/RetailerCard.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSslCertificate>

#include <algorithm>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace perso::issuer::test {

inline constexpr const char* kHomeRetailerPin = "2580"; // tests/firmware's kRetailerPin
inline constexpr const char* kHomeRetailerPuk = "13572468";
inline const QString kHomeBatch = QStringLiteral("B1");

struct HomeOptions
{
    int shops = 1;
    int cards = 8;                       // blank SIMs in the batch
    int numbers = 8;                     // IMSIs and MSISDNs
    QString cardDirectory;               // retailer/SIM card files and terminal state (default: <home>/cards)
    std::optional<StoreConfig> postgres; // else SQLite in <home>/issuer.db
    int workerThreads = 0;
    int maxConnections = 2000;
    int idleTimeoutSeconds = 600;
    int setupThreads = 1; // threads registering the shops (group commit)
};

struct HomeShop
{
    QString retailerId;
    QString shopId;
    QString terminalId;
    Bytes serial;
    QString retailerCardPath;
    QString terminalStatePath;
};

// 19 digits then the Luhn check digit.
inline QString homeIccid(int n)
{
    const QString body = QStringLiteral("8944990%1").arg(n, 12, 10, QLatin1Char('0'));
    return body + QString::number(cards::Iccids::luhnCheckDigit(body));
}

inline Bytes homeIccidBytes(int n)
{
    return wire::iccidFromDigits(homeIccid(n)).value();
}

class IssuerHome
{
public:
    IssuerHome(QString directory, HomeOptions options) : m_dir(std::move(directory)), m_options(std::move(options))
    {
        if (m_options.cardDirectory.isEmpty())
            m_options.cardDirectory = m_dir + QStringLiteral("/cards");
    }

    // Everything; the error names the part that failed.
    std::optional<QString> create()
    {
        QDir().mkpath(m_dir);
        QDir().mkpath(m_options.cardDirectory);
        const KeyRingPaths paths{keyDirectory()};
        if (auto created = KeyRing::create(paths); !created)
            return QStringLiteral("keys: ") + created.error().message;
        auto loaded = KeyRing::load(paths);
        if (!loaded)
            return QStringLiteral("keys: ") + loaded.error().message;
        keys.emplace(std::move(loaded).value());

        auto ca = CertificateAuthority::create(m_dir + QStringLiteral("/ca"), QStringLiteral("System Test Issuer CA"));
        if (!ca)
            return QStringLiteral("CA: ") + ca.error().message;
        auto server = issueServerCertificate(ca.value(), {QStringLiteral("localhost"), QStringLiteral("127.0.0.1")}, 30,
                                             m_dir + QStringLiteral("/server"));
        if (!server)
            return QStringLiteral("server certificate: ") + server.error().message;
        serverFiles = server.value();
        caCertificate = QSslCertificate(ca.value().certificatePem().toLatin1(), QSsl::Pem);

        if (auto filled = fillStore())
            return filled;
        if (auto cards = makeRetailerCards())
            return cards;
        return writeConfig();
    }

    StoreConfig storeConfig() const
    {
        if (m_options.postgres)
            return *m_options.postgres;
        StoreConfig config;
        config.engine = StoreConfig::Sqlite;
        config.sqlitePath = m_dir + QStringLiteral("/issuer.db");
        return config;
    }

    IssuerResult<std::unique_ptr<SqlStore>> openStore() const { return SqlStore::open(storeConfig()); }

    QString directory() const { return m_dir; }
    QString keyDirectory() const { return m_dir + QStringLiteral("/keys"); }
    QString configPath() const { return m_dir + QStringLiteral("/issuerd.json"); }
    QString cardDirectory() const { return m_options.cardDirectory; }
    const HomeOptions& options() const { return m_options; }

    SecureBytes admOf(int n) const { return keys->admCode(wrappedBatchKey, homeIccid(n)).value(); }
    static QString imsiOf(int n) { return QStringLiteral("00101%1").arg(n, 10, 10, QLatin1Char('0')); }
    static QString msisdnOf(int n) { return QStringLiteral("447700%1").arg(n, 7, 10, QLatin1Char('0')); }

    std::optional<KeyRing> keys;
    ServerCertificateFiles serverFiles;
    QSslCertificate caCertificate;
    std::vector<HomeShop> shops;
    Bytes wrappedBatchKey;

private:
    std::optional<QString> fillStore()
    {
        auto opened = openStore();
        if (!opened)
            return QStringLiteral("database: ") + opened.error().message;
        SqlStore& store = *opened.value();
        for (int i = 1; i <= m_options.shops; ++i) {
            HomeShop shop;
            shop.retailerId = QStringLiteral("R%1").arg(i);
            shop.shopId = QStringLiteral("SHOP-%1").arg(i);
            shop.terminalId = QStringLiteral("T-%1").arg(i);
            shop.serial = fromHex("5250000000000000");
            shop.serial[4] = static_cast<std::uint8_t>(i >> 24);
            shop.serial[5] = static_cast<std::uint8_t>(i >> 16);
            shop.serial[6] = static_cast<std::uint8_t>(i >> 8);
            shop.serial[7] = static_cast<std::uint8_t>(i);
            shop.retailerCardPath = m_options.cardDirectory + QStringLiteral("/retailer-%1.card").arg(i);
            shop.terminalStatePath = m_options.cardDirectory + QStringLiteral("/terminal-%1.state").arg(i);
            shops.push_back(shop);
        }
        // Several threads so that the store's writer group-commits the registrations.
        std::mutex failedLock;
        std::optional<QString> failed;
        const int threads = std::max(1, std::min(m_options.setupThreads, m_options.shops));
        std::vector<std::thread> workers;
        for (int t = 0; t < threads; ++t) {
            workers.emplace_back([&, t] {
                for (std::size_t i = static_cast<std::size_t>(t); i < shops.size();
                     i += static_cast<std::size_t>(threads)) {
                    const HomeShop& shop = shops[i];
                    IssuerStatus status =
                        store.addRetailer(RetailerRecord{shop.retailerId, QStringLiteral("Shop ") + shop.shopId});
                    if (status)
                        status = store.addShop(ShopRecord{shop.shopId, shop.retailerId, QStringLiteral("High St")});
                    if (status)
                        status = store.addRetailerCard(RetailerCardRecord{shop.serial, 1, shop.retailerId, shop.shopId,
                                                                          RetailerCardState::Active});
                    if (status)
                        status = store.registerTerminal(TerminalRecord{shop.terminalId, shop.shopId, false});
                    if (!status) {
                        const std::lock_guard<std::mutex> guard(failedLock);
                        failed = shop.shopId + QStringLiteral(": ") + status.error().message;
                        return;
                    }
                }
            });
        }
        for (auto& worker : workers)
            worker.join();
        if (failed)
            return failed;
        auto batchKey = KeyRing::generateBatchKey();
        if (!batchKey)
            return batchKey.error().message;
        auto wrapped = keys->wrapBatchKey(batchKey.value());
        if (!wrapped)
            return wrapped.error().message;
        wrappedBatchKey = wrapped.value();
        QStringList iccids;
        iccids.reserve(m_options.cards);
        for (int n = 1; n <= m_options.cards; ++n)
            iccids.push_back(homeIccid(n));
        if (auto added = store.addBatch(BatchRecord{kHomeBatch, wrappedBatchKey, keys->currentMasterKeyVersion(),
                                                    QStringLiteral("Maker"), 1'790'000'000},
                                        iccids);
            !added)
            return QStringLiteral("batch: ") + added.error().message;
        if (auto added = store.addNumberRange(NumberKind::Imsi, imsiOf(1), m_options.numbers); !added)
            return QStringLiteral("IMSIs: ") + added.error().message;
        if (auto added = store.addNumberRange(NumberKind::Msisdn, msisdnOf(1), m_options.numbers); !added)
            return QStringLiteral("MSISDNs: ") + added.error().message;
        return std::nullopt;
    }

    std::optional<QString> makeRetailerCards()
    {
        const auto ascii = [](const char* digits) {
            const std::string text(digits);
            return SecureBytes(text.begin(), text.end());
        };
        std::mutex failedLock;
        std::optional<QString> failed;
        const int threads = std::max(1, std::min({m_options.setupThreads, m_options.shops,
                                                  static_cast<int>(std::thread::hardware_concurrency())}));
        std::vector<std::thread> workers;
        for (int t = 0; t < threads; ++t) {
            workers.emplace_back([&, t] {
                for (std::size_t i = static_cast<std::size_t>(t); i < shops.size();
                     i += static_cast<std::size_t>(threads)) {
                    const HomeShop& shop = shops[i];
                    auto keysOfCard = keys->retailerCardKeys(shop.serial, 1);
                    if (!keysOfCard) {
                        const std::lock_guard<std::mutex> guard(failedLock);
                        failed = QStringLiteral("retailer card keys: ") + keysOfCard.error().message;
                        return;
                    }
                    const Status created = cards::RetailerCard::create(shop.retailerCardPath, shop.serial,
                                                                       shop.retailerId, ascii(kHomeRetailerPin),
                                                                       ascii(kHomeRetailerPuk), keysOfCard.value());
                    if (!created) {
                        const std::lock_guard<std::mutex> guard(failedLock);
                        failed = QStringLiteral("retailer card: ") + created.error().message;
                        return;
                    }
                }
            });
        }
        for (auto& worker : workers)
            worker.join();
        return failed;
    }

    std::optional<QString> writeConfig()
    {
        QJsonObject storage;
        if (m_options.postgres) {
            storage = QJsonObject{{QStringLiteral("engine"), QStringLiteral("postgres")},
                                  {QStringLiteral("host"), m_options.postgres->pgHost},
                                  {QStringLiteral("port"), m_options.postgres->pgPort},
                                  {QStringLiteral("database"), m_options.postgres->pgDatabase},
                                  {QStringLiteral("user"), m_options.postgres->pgUser}};
        } else {
            storage = QJsonObject{{QStringLiteral("engine"), QStringLiteral("sqlite")},
                                  {QStringLiteral("path"), storeConfig().sqlitePath}};
        }
        QJsonObject limits{{QStringLiteral("maxConnections"), m_options.maxConnections},
                           {QStringLiteral("idleTimeoutSeconds"), m_options.idleTimeoutSeconds}};
        if (m_options.workerThreads > 0)
            limits.insert(QStringLiteral("workerThreads"), m_options.workerThreads);
        const QJsonObject root{
            {QStringLiteral("listen"),
             QJsonObject{{QStringLiteral("address"), QStringLiteral("127.0.0.1")}, {QStringLiteral("port"), 0}}},
            {QStringLiteral("tls"), QJsonObject{{QStringLiteral("certificateChain"), serverFiles.certificateChainFile},
                                                {QStringLiteral("privateKey"), serverFiles.privateKeyFile}}},
            {QStringLiteral("keys"), keyDirectory()},
            {QStringLiteral("storage"), storage},
            {QStringLiteral("assessment"), QJsonObject{{QStringLiteral("maxCardsPerWindow"), 100}}},
            {QStringLiteral("operator"),
             QJsonObject{{QStringLiteral("mcc"), QStringLiteral("001")},
                         {QStringLiteral("mnc"), QStringLiteral("01")},
                         {QStringLiteral("spn"), QStringLiteral("Retail")},
                         {QStringLiteral("plmnSelector"), QJsonArray{QStringLiteral("00101")}}}},
            {QStringLiteral("limits"), limits}};
        QFile file(configPath());
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return QStringLiteral("cannot write ") + configPath();
        file.write(QJsonDocument(root).toJson());
        return std::nullopt;
    }

    QString m_dir;
    HomeOptions m_options;
};

} // namespace perso::issuer::test
