// SPDX-License-Identifier: Apache-2.0
// SqlStore's sign-on, assessment and admin methods, their errors, and schema migrations, on the
// engine PERSO_STORE_ENGINE names.
#include "StoreFixture.h"

#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace perso;
using namespace perso::issuer;
using namespace perso::issuer::test;

class TestSqlStore : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    StoreConfig m_config;
    std::unique_ptr<SqlStore> m_store;

    void openFresh()
    {
        m_store.reset();
        m_config = testConfig(m_dir.path());
        QString error;
        QVERIFY2(wipe(m_config, &error), qPrintable(error));
        auto opened = SqlStore::open(m_config);
        QVERIFY2(opened.ok(), opened.ok() ? "" : qPrintable(opened.error().message));
        m_store = std::move(opened.value());
    }

private slots:
    void init()
    {
        openFresh();
        QString error;
        QVERIFY2(seed(*m_store, Seed{}, &error), qPrintable(error));
    }
    void cleanup() { m_store.reset(); }

    void migratesAnEmptyDatabaseOnce()
    {
        QCOMPARE(rawScalar(m_config, QStringLiteral("SELECT MAX(version) FROM schema_version")), QStringLiteral("1"));
        m_store.reset();
        auto reopened = SqlStore::open(m_config); // already at v1: nothing applied twice
        QVERIFY(reopened.ok());
        QCOMPARE(rawScalar(m_config, QStringLiteral("SELECT COUNT(*) FROM schema_version")), QStringLiteral("1"));
        QVERIFY(reopened.value()->retailer(QStringLiteral("r1")).value().has_value());
    }

    void refusesANewerSchema()
    {
        m_store.reset();
        QString error;
        QVERIFY2(rawExec(m_config, {QStringLiteral("INSERT INTO schema_version (version) VALUES (7)")}, &error),
                 qPrintable(error));
        auto opened = SqlStore::open(m_config);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.code(), IssuerErrorCode::StorageCorrupt);
        QCOMPARE(opened.error().message, QStringLiteral("database schema v7 is newer than this build (v1)"));
    }

    void sqliteFileIsPrivate()
    {
        if (usesPostgres()) {
            QSKIP("SQLite only");
        }
        const auto permissions = QFileInfo(m_config.sqlitePath).permissions();
        QCOMPARE(permissions & (QFile::ReadGroup | QFile::WriteGroup | QFile::ReadOther | QFile::WriteOther),
                 QFile::Permissions());
        QCOMPARE(rawScalar(m_config, QStringLiteral("PRAGMA journal_mode")), QStringLiteral("wal"));
    }

    void unreachableDatabaseIsUnavailable()
    {
        StoreConfig bad = m_config;
        if (usesPostgres()) {
            bad.pgPort = 1; // nothing listens there
        } else {
            bad.sqlitePath = m_dir.path() + QStringLiteral("/missing-dir/x.db");
        }
        auto opened = SqlStore::open(bad);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.code(), IssuerErrorCode::StorageUnavailable);
    }

    void survivesLostConnections()
    {
        if (!usesPostgres()) {
            QSKIP("PostgreSQL only: a server that drops its clients");
        }
        QVERIFY(m_store->retailer(QStringLiteral("r1")).value().has_value()); // opens this thread's reader
        QString error;
        QVERIFY2(rawExec(m_config,
                         {QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname ="
                                         " 'perso_test' AND pid <> pg_backend_pid()")},
                         &error),
                 qPrintable(error));
        QVERIFY(m_store->addRetailer({QStringLiteral("r2"), QStringLiteral("After restart")}).ok());
        auto r2 = m_store->retailer(QStringLiteral("r2"));
        QVERIFY2(r2.ok(), r2.ok() ? "" : qPrintable(r2.error().message));
        QVERIFY(r2.value().has_value());
    }

    void signOnRecords()
    {
        auto card = m_store->retailerCard(view(Bytes{1, 2, 3, 4}));
        QVERIFY(card.ok() && card.value());
        QCOMPARE(card.value()->shopId, QStringLiteral("s1"));
        QCOMPARE(card.value()->state, RetailerCardState::Active);
        QVERIFY(!m_store->retailerCard(view(Bytes{9})).value().has_value());
        QCOMPARE(m_store->retailer(QStringLiteral("r1")).value()->displayName, QStringLiteral("Retailer One"));
        QVERIFY(!m_store->retailer(QStringLiteral("nobody")).value().has_value());
        QCOMPARE(m_store->terminal(QStringLiteral("t1")).value()->shopId, QStringLiteral("s1"));
        QVERIFY(!m_store->terminal(QStringLiteral("t9")).value().has_value());
    }

    void failedAuthenticationsCountWithinTheWindow()
    {
        const Bytes serial{1, 2, 3, 4};
        QCOMPARE(m_store->recordFailedAuthentication(view(serial), 100, 60).value(), 1);
        QCOMPARE(m_store->recordFailedAuthentication(view(serial), 130, 60).value(), 2);
        QCOMPARE(m_store->recordFailedAuthentication(view(serial), 150, 60).value(), 3);
        QCOMPARE(m_store->recordFailedAuthentication(view(serial), 200, 60).value(), 2); // 100 and 130 fell out
        QCOMPARE(m_store->recordFailedAuthentication(view(Bytes{9}), 200, 60).code(),
                 IssuerErrorCode::UnknownRetailerCard);
    }

    void retailerCardLockUnlockRevoke()
    {
        const Bytes serial{1, 2, 3, 4};
        QVERIFY(m_store->setRetailerCardState(view(serial), RetailerCardState::Locked).ok());
        QCOMPARE(m_store->retailerCard(view(serial)).value()->state, RetailerCardState::Locked);
        QVERIFY(m_store->recordFailedAuthentication(view(serial), 100, 60).ok());
        QVERIFY(m_store->unlockRetailerCard(view(serial)).ok());
        QCOMPARE(m_store->retailerCard(view(serial)).value()->state, RetailerCardState::Active);
        QCOMPARE(m_store->recordFailedAuthentication(view(serial), 101, 60).value(), 1); // failures forgotten
        QVERIFY(m_store->revokeRetailerCard(view(serial)).ok());
        QCOMPARE(m_store->unlockRetailerCard(view(serial)).code(), IssuerErrorCode::RetailerCardLocked);
        QCOMPARE(m_store->retailerCard(view(serial)).value()->state, RetailerCardState::Revoked);
        QCOMPARE(m_store->revokeRetailerCard(view(Bytes{9})).code(), IssuerErrorCode::UnknownRetailerCard);
    }

    void terminalTamperAndClear()
    {
        QVERIFY(m_store->setTerminalTampered(QStringLiteral("t1"), true).ok());
        QVERIFY(m_store->terminal(QStringLiteral("t1")).value()->tampered);
        QVERIFY(m_store->clearTamper(QStringLiteral("t1")).ok());
        QVERIFY(!m_store->terminal(QStringLiteral("t1")).value()->tampered);
        QCOMPARE(m_store->setTerminalTampered(QStringLiteral("t9"), true).code(), IssuerErrorCode::UnknownTerminal);
    }

    void subscribersAndDenyList()
    {
        auto c1 = m_store->subscriber(QStringLiteral("c1"));
        QVERIFY(c1.ok() && c1.value());
        QCOMPARE(c1.value()->customerKey, Bytes{0xC1});
        QCOMPARE(c1.value()->decision, wire::Decision::Approved);
        QCOMPARE(c1.value()->sealedDetails, (Bytes{0x01, 0x02}));
        QCOMPARE(m_store->addSubscriber(*c1.value()).code(), IssuerErrorCode::AlreadyExists);
        SubscriberRecord bad = *c1.value();
        bad.customerReference = QStringLiteral("has space");
        QCOMPARE(m_store->addSubscriber(bad).code(), IssuerErrorCode::InvalidInput);
        QVERIFY(!m_store->subscriber(QStringLiteral("c2")).value().has_value());
        QVERIFY(!m_store->isDenied(view(Bytes{0xC1})).value());
        QVERIFY(m_store->addToDenyList(view(Bytes{0xC1}), 5).ok());
        QVERIFY(m_store->isDenied(view(Bytes{0xC1})).value());
        QCOMPARE(m_store->addToDenyList(view(Bytes{0xC1}), 6).code(), IssuerErrorCode::AlreadyExists);
        QCOMPARE(m_store->addToDenyList(view(Bytes{}), 6).code(), IssuerErrorCode::InvalidInput);
    }

    void countsCardsPerCustomer()
    {
        QCOMPARE(m_store->countCardsForCustomer(view(Bytes{0xC1}), 0).value(), 0);
        QVERIFY(m_store->allocate(newRequest(1, 0)).ok());
        QVERIFY(m_store->allocate(newRequest(2, 1)).ok());
        QCOMPARE(m_store->countCardsForCustomer(view(Bytes{0xC1}), 0).value(), 2);
        QCOMPARE(m_store->countCardsForCustomer(view(Bytes{0xC1}), 2002).value(), 1); // since the second
        TransactionOutcome failed{
            transactionId(2), wire::TransactionState::Failed, 7, std::nullopt, std::nullopt, 3000};
        QVERIFY(m_store->finishTransaction(failed).ok());
        QCOMPARE(m_store->countCardsForCustomer(view(Bytes{0xC1}), 0).value(), 1); // a void card does not count
        QCOMPARE(m_store->countCardsForCustomer(view(Bytes{0xC2}), 0).value(), 0);
    }

    void adminRegistryErrors_data()
    {
        QTest::addColumn<int>("which");
        QTest::addColumn<int>("expected");
        const int invalidInput = static_cast<int>(IssuerErrorCode::InvalidInput);
        const int exists = static_cast<int>(IssuerErrorCode::AlreadyExists);
        const int missing = static_cast<int>(IssuerErrorCode::NotFound);
        QTest::newRow("retailer bad id") << 0 << invalidInput;
        QTest::newRow("retailer duplicate") << 1 << exists;
        QTest::newRow("shop of unknown retailer") << 2 << missing;
        QTest::newRow("shop duplicate") << 3 << exists;
        QTest::newRow("retailer card duplicate") << 4 << exists;
        QTest::newRow("retailer card unknown shop") << 5 << missing;
        QTest::newRow("retailer card kvn 0") << 6 << invalidInput;
        QTest::newRow("terminal duplicate") << 7 << exists;
        QTest::newRow("terminal unknown shop") << 8 << missing;
        QTest::newRow("batch duplicate") << 9 << exists;
        QTest::newRow("batch bad iccid") << 10 << invalidInput;
        QTest::newRow("batch card already in another batch") << 11 << exists;
        QTest::newRow("imsi of 14 digits") << 12 << invalidInput;
        QTest::newRow("imsi range overlaps") << 13 << exists;
        QTest::newRow("msisdn leading zero") << 14 << invalidInput;
        QTest::newRow("msisdn range overflows digits") << 15 << invalidInput;
        QTest::newRow("range count 0") << 16 << invalidInput;
    }

    void adminRegistryErrors()
    {
        QFETCH(int, which);
        QFETCH(int, expected);
        const BatchRecord b2{QStringLiteral("b2"), Bytes(40, 1), 1, QString(), 0};
        IssuerStatus status = Ok{};
        switch (which) {
        case 0:
            status = m_store->addRetailer({QStringLiteral("bad id"), QStringLiteral("x")});
            break;
        case 1:
            status = m_store->addRetailer({QStringLiteral("r1"), QStringLiteral("x")});
            break;
        case 2:
            status = m_store->addShop({QStringLiteral("s2"), QStringLiteral("r9"), QString()});
            break;
        case 3:
            status = m_store->addShop({QStringLiteral("s1"), QStringLiteral("r1"), QString()});
            break;
        case 4:
            status = m_store->addRetailerCard({Bytes{1, 2, 3, 4}, 1, QStringLiteral("r1"), QStringLiteral("s1")});
            break;
        case 5:
            status = m_store->addRetailerCard({Bytes{5}, 1, QStringLiteral("r1"), QStringLiteral("s9")});
            break;
        case 6:
            status = m_store->addRetailerCard({Bytes{5}, 0, QStringLiteral("r1"), QStringLiteral("s1")});
            break;
        case 7:
            status = m_store->registerTerminal({QStringLiteral("t1"), QStringLiteral("s1"), false});
            break;
        case 8:
            status = m_store->registerTerminal({QStringLiteral("t2"), QStringLiteral("s9"), false});
            break;
        case 9:
            status = m_store->addBatch({QStringLiteral("b1"), Bytes(40, 1), 1, QString(), 0}, {iccid(50)});
            break;
        case 10:
            status = m_store->addBatch(b2, {QStringLiteral("12345")});
            break;
        case 11:
            status = m_store->addBatch(b2, {iccid(60), iccid(0)});
            break;
        case 12:
            status = m_store->addNumberRange(NumberKind::Imsi, QStringLiteral("00101000000000"), 5);
            break;
        case 13:
            status = m_store->addNumberRange(NumberKind::Imsi, QStringLiteral("001010000000005"), 10);
            break;
        case 14:
            status = m_store->addNumberRange(NumberKind::Msisdn, QStringLiteral("0447700"), 5);
            break;
        case 15:
            status = m_store->addNumberRange(NumberKind::Msisdn, QStringLiteral("999998"), 5);
            break;
        case 16:
            status = m_store->addNumberRange(NumberKind::Msisdn, QStringLiteral("447711"), 0);
            break;
        }
        QVERIFY(!status.ok());
        QCOMPARE(static_cast<int>(status.code()), expected);
        // Nothing of a refused write remains.
        QVERIFY(!m_store->card(iccid(60)).value().has_value());
        QCOMPARE(m_store->poolStatus().value()[0].free, 10);
    }

    void adminListings()
    {
        QVERIFY(m_store->addNumberRange(NumberKind::Msisdn, QStringLiteral("447700901000"), 5).ok());
        auto pools = m_store->poolStatus();
        QVERIFY(pools.ok());
        QCOMPARE(pools.value().size(), std::size_t(2));
        QCOMPARE(pools.value()[0].kind, NumberKind::Imsi);
        QCOMPARE(pools.value()[0].free, 10);
        QCOMPARE(pools.value()[1].free, 15);
        QVERIFY(m_store->allocate(newRequest(1, 3)).ok());
        QCOMPARE(m_store->poolStatus().value()[1].used, 1);
        CardFilter all;
        QCOMPARE(m_store->listCards(all).value().size(), std::size_t(10));
        CardFilter allocated;
        allocated.state = CardState::Allocated;
        auto cards = m_store->listCards(allocated).value();
        QCOMPARE(cards.size(), std::size_t(1));
        QCOMPARE(cards[0].iccid, iccid(3));
        CardFilter otherBatch;
        otherBatch.batchId = QStringLiteral("b9");
        QVERIFY(m_store->listCards(otherBatch).value().empty());
        CardFilter badLimit;
        badLimit.limit = 0;
        QCOMPARE(m_store->listCards(badLimit).code(), IssuerErrorCode::InvalidInput);
        TransactionFilter inShop;
        inShop.shopId = QStringLiteral("s1");
        QCOMPARE(m_store->listTransactions(inShop).value().size(), std::size_t(1));
        TransactionFilter later;
        later.since = 999999;
        QVERIFY(m_store->listTransactions(later).value().empty());
    }

    void exportsVerifiedCardsOnly()
    {
        auto a = m_store->allocate(newRequest(1, 0));
        auto b = m_store->allocate(newRequest(2, 1));
        QVERIFY(a.ok() && b.ok());
        QVERIFY(m_store->recordPackage(view(transactionId(1)), view(Bytes{1}), profileFor(a.value()), 2100).ok());
        QVERIFY(m_store->recordPackage(view(transactionId(2)), view(Bytes{2}), profileFor(b.value()), 2100).ok());
        TransactionOutcome ok{transactionId(1), wire::TransactionState::Verified, {}, {}, Bytes{0xEE}, 2200};
        QVERIFY(m_store->finishTransaction(ok).ok());
        auto rows = m_store->subscribersForExport();
        QVERIFY(rows.ok());
        QCOMPARE(rows.value().size(), std::size_t(1));
        QCOMPARE(rows.value()[0].iccid, iccid(0));
        QCOMPARE(rows.value()[0].imsi, a.value().transaction.imsi);
        QCOMPARE(rows.value()[0].wrappedSecrets, Bytes(48, 0x5C));
    }
};

QTEST_GUILESS_MAIN(TestSqlStore)
#include "tst_sqlstore.moc"
