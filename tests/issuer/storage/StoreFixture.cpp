// SPDX-License-Identifier: Apache-2.0
#include "StoreFixture.h"

#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace perso::issuer::test {

bool usesPostgres()
{
    return qEnvironmentVariable("PERSO_STORE_ENGINE") == QLatin1String("postgres");
}

StoreConfig testConfig(const QString& sqliteDir)
{
    StoreConfig config;
    if (usesPostgres()) {
        config.engine = StoreConfig::Postgres;
        config.pgHost = QStringLiteral("127.0.0.1");
        config.pgPort = qEnvironmentVariableIntValue("PERSO_PG_PORT");
        if (config.pgPort == 0) {
            config.pgPort = 55432;
        }
        config.pgDatabase = QStringLiteral("perso_test");
        config.pgUser = QStringLiteral("postgres");
    } else {
        config.engine = StoreConfig::Sqlite;
        config.sqlitePath = sqliteDir + QStringLiteral("/issuer.db");
    }
    return config;
}

namespace {

template <typename F> bool withConnection(const StoreConfig& config, QString* error, F body)
{
    const QString name = QStringLiteral("raw-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(
            config.engine == StoreConfig::Postgres ? QStringLiteral("QPSQL") : QStringLiteral("QSQLITE"), name);
        if (config.engine == StoreConfig::Postgres) {
            db.setHostName(config.pgHost);
            db.setPort(config.pgPort);
            db.setDatabaseName(config.pgDatabase);
            db.setUserName(config.pgUser);
        } else {
            db.setDatabaseName(config.sqlitePath);
        }
        if (!db.open()) {
            if (error) {
                *error = db.lastError().text();
            }
        } else {
            ok = body(db);
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

} // namespace

bool wipe(const StoreConfig& config, QString* error)
{
    if (config.engine == StoreConfig::Sqlite) {
        for (const auto* suffix : {"", "-wal", "-shm"}) {
            QFile::remove(config.sqlitePath + QLatin1String(suffix));
        }
        return true;
    }
    return rawExec(config,
                   {QStringLiteral("SET client_min_messages = warning"), QStringLiteral("DROP SCHEMA public CASCADE"),
                    QStringLiteral("CREATE SCHEMA public")},
                   error);
}

bool rawExec(const StoreConfig& config, const QStringList& statements, QString* error)
{
    return withConnection(config, error, [&](QSqlDatabase& db) {
        for (const auto& statement : statements) {
            QSqlQuery query(db);
            if (!query.exec(statement)) {
                if (error) {
                    *error = statement + QStringLiteral(": ") + query.lastError().text();
                }
                return false;
            }
        }
        return true;
    });
}

QString rawScalar(const StoreConfig& config, const QString& statement)
{
    QString out;
    withConnection(config, nullptr, [&](QSqlDatabase& db) {
        QSqlQuery query(db);
        if (query.exec(statement) && query.next()) {
            out = query.value(0).toString();
        }
        return true;
    });
    return out;
}

QString iccid(int index)
{
    return QStringLiteral("894400000000%1").arg(index, 8, 10, QLatin1Char('0'));
}

static Bytes idBytes(std::uint8_t tag, int index)
{
    Bytes out(16, 0);
    out[0] = tag;
    for (int i = 0; i < 4; ++i) {
        out[15 - static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(index >> (8 * i));
    }
    return out;
}

Bytes transactionId(int index)
{
    return idBytes(0x7A, index);
}

Bytes sessionId(int index)
{
    return idBytes(0x5E, index);
}

bool seed(SqlStore& store, const Seed& s, QString* error)
{
    auto check = [&](const IssuerStatus& status, const char* what) {
        if (!status && error) {
            *error = QLatin1String(what) + QStringLiteral(": ") + status.error().message;
        }
        return status.ok();
    };
    QStringList iccids;
    for (int i = 0; i < s.cards; ++i) {
        iccids << iccid(i);
    }
    SubscriberRecord customer;
    customer.customerReference = QStringLiteral("c1");
    customer.customerKey = Bytes{0xC1};
    customer.sealedDetails = Bytes{0x01, 0x02};
    customer.planCode = QStringLiteral("basic");
    customer.decision = wire::Decision::Approved;
    customer.shopId = QStringLiteral("s1");
    customer.createdAt = 1000;
    BatchRecord batch{QStringLiteral("b1"), Bytes(40, 0xBB), 1, QStringLiteral("acme"), 1000};
    return check(store.addRetailer({QStringLiteral("r1"), QStringLiteral("Retailer One")}), "retailer") &&
           check(store.addShop({QStringLiteral("s1"), QStringLiteral("r1"), QStringLiteral("High Street 1")}),
                 "shop") &&
           check(store.addRetailerCard(
                     {Bytes{1, 2, 3, 4}, 1, QStringLiteral("r1"), QStringLiteral("s1"), RetailerCardState::Active}),
                 "retailer card") &&
           check(store.registerTerminal({QStringLiteral("t1"), QStringLiteral("s1"), false}), "terminal") &&
           check(store.addBatch(batch, iccids), "batch") &&
           (s.imsis == 0 || check(store.addNumberRange(NumberKind::Imsi, kImsiBase, s.imsis), "imsi")) &&
           (s.msisdns == 0 || check(store.addNumberRange(NumberKind::Msisdn, kMsisdnBase, s.msisdns), "msisdn")) &&
           check(store.addSubscriber(customer), "subscriber");
}

AllocationRequest newRequest(int tx, int card, int session, const QString& customer)
{
    AllocationRequest r;
    r.transactionId = transactionId(tx);
    r.sessionId = sessionId(session);
    r.operation = wire::Operation::New;
    r.iccid = iccid(card);
    r.customerReference = customer;
    r.shopId = QStringLiteral("s1");
    r.terminalId = QStringLiteral("t1");
    r.now = 2000 + tx;
    return r;
}

CardProfileRecord profileFor(const Allocation& a)
{
    CardProfileRecord p;
    p.iccid = a.card.iccid;
    p.imsi = a.transaction.imsi;
    p.msisdn = a.transaction.msisdn;
    p.spn = QStringLiteral("Operator");
    p.planCode = QStringLiteral("basic");
    p.wrappedSecrets = Bytes(48, 0x5C);
    p.keyVersion = 1;
    p.sqn = 32;
    p.writtenAt = a.transaction.createdAt;
    return p;
}

} // namespace perso::issuer::test
