// SPDX-License-Identifier: Apache-2.0
// Allocation, packages and the end of transactions: exactly once under concurrency and retries.
#include "StoreFixture.h"

#include <QTemporaryDir>
#include <QTest>

#include <mutex>
#include <set>
#include <thread>

using namespace perso;
using namespace perso::issuer;
using namespace perso::issuer::test;
using wire::TransactionState;

class TestStoreAllocation : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    StoreConfig m_config;
    std::unique_ptr<SqlStore> m_store;

    void openSeeded(const Seed& s)
    {
        m_store.reset();
        m_config = testConfig(m_dir.path());
        QString error;
        QVERIFY2(wipe(m_config, &error), qPrintable(error));
        auto opened = SqlStore::open(m_config);
        QVERIFY2(opened.ok(), opened.ok() ? "" : qPrintable(opened.error().message));
        m_store = std::move(opened.value());
        QVERIFY2(seed(*m_store, s, &error), qPrintable(error));
    }

    TransactionOutcome outcome(int tx, TransactionState state)
    {
        TransactionOutcome o;
        o.transactionId = transactionId(tx);
        o.state = state;
        if (state == TransactionState::Verified) {
            o.receipt = Bytes{0xEE, 0x01};
        } else {
            o.failingStep = 9;
        }
        o.now = 5000;
        return o;
    }

private slots:
    void cleanup() { m_store.reset(); }

    void allocatesAFreshCard()
    {
        openSeeded(Seed{});
        auto a = m_store->allocate(newRequest(1, 2));
        QVERIFY2(a.ok(), a.ok() ? "" : qPrintable(a.error().message));
        QVERIFY(a.value().fresh);
        QCOMPARE(a.value().transaction.state, TransactionState::PackageIssued);
        QVERIFY(a.value().transaction.package.empty());
        QCOMPARE(a.value().transaction.imsi, kImsiBase);
        QCOMPARE(a.value().transaction.msisdn, kMsisdnBase);
        QCOMPARE(a.value().card.state, CardState::Allocated);
        QCOMPARE(a.value().card.imsi, std::optional<QString>(kImsiBase));
        QCOMPARE(a.value().card.transactionId, std::optional<Bytes>(transactionId(1)));
        QCOMPARE(a.value().batch.batchId, QStringLiteral("b1"));
        QCOMPARE(a.value().batch.wrappedBatchKey, Bytes(40, 0xBB));
        auto stored = m_store->transaction(view(transactionId(1)));
        QVERIFY(stored.ok() && stored.value());
        QCOMPARE(stored.value()->iccid, iccid(2));
        QCOMPARE(stored.value()->sessionId, sessionId(1));
        QVERIFY(!m_store->transaction(view(transactionId(99))).value().has_value());
    }

    void repeatedTransactionIdReturnsTheSameAllocation()
    {
        openSeeded(Seed{});
        auto first = m_store->allocate(newRequest(1, 2));
        auto again = m_store->allocate(newRequest(1, 2));
        QVERIFY(first.ok() && again.ok());
        QVERIFY(!again.value().fresh);
        QCOMPARE(again.value().transaction.imsi, first.value().transaction.imsi);
        QCOMPARE(again.value().transaction.msisdn, first.value().transaction.msisdn);
        QCOMPARE(m_store->poolStatus().value()[0].used, 1);
    }

    void conflictingReuseIsRefused_data()
    {
        QTest::addColumn<int>("card");
        QTest::addColumn<int>("session");
        QTest::addColumn<int>("operation");
        QTest::newRow("other card") << 3 << 1 << 1;
        QTest::newRow("other session") << 2 << 2 << 1;
        QTest::newRow("other operation") << 2 << 1 << 2;
    }

    void conflictingReuseIsRefused()
    {
        QFETCH(int, card);
        QFETCH(int, session);
        QFETCH(int, operation);
        openSeeded(Seed{});
        QVERIFY(m_store->allocate(newRequest(1, 2)).ok());
        auto request = newRequest(1, card, session);
        request.operation = static_cast<wire::Operation>(operation);
        QCOMPARE(m_store->allocate(request).code(), IssuerErrorCode::TransactionConflict);
        QCOMPARE(m_store->card(iccid(3)).value()->state, CardState::InStock);
    }

    void allocationErrors()
    {
        openSeeded(Seed{});
        QCOMPARE(m_store->allocate(newRequest(1, 77)).code(), IssuerErrorCode::UnknownCard);
        QCOMPARE(m_store->allocate(newRequest(1, 0, 1, QStringLiteral("nobody"))).code(),
                 IssuerErrorCode::UnknownCustomer);
        QVERIFY(m_store->allocate(newRequest(1, 0)).ok());
        QCOMPARE(m_store->allocate(newRequest(2, 0)).code(), IssuerErrorCode::CardNotAvailable);
        auto bad = newRequest(3, 1);
        bad.transactionId.pop_back();
        QCOMPARE(m_store->allocate(bad).code(), IssuerErrorCode::InvalidInput);
        QCOMPARE(m_store->poolStatus().value()[0].used, 1); // no number leaked by a refusal
    }

    void poolExhausted()
    {
        openSeeded(Seed{5, 2, 5});
        QVERIFY(m_store->allocate(newRequest(1, 0)).ok());
        QVERIFY(m_store->allocate(newRequest(2, 1)).ok());
        QCOMPARE(m_store->allocate(newRequest(3, 2)).code(), IssuerErrorCode::PoolExhausted);
        QCOMPARE(m_store->card(iccid(2)).value()->state, CardState::InStock);
        QCOMPARE(m_store->poolStatus().value()[1].used, 2); // the MSISDN was not taken either
    }

    void packageAndVerifiedEnd()
    {
        openSeeded(Seed{});
        auto a = m_store->allocate(newRequest(1, 0));
        QVERIFY(a.ok());
        const Bytes package{0xA0, 0xA1};
        QCOMPARE(m_store->recordPackage(view(transactionId(2)), view(package), profileFor(a.value()), 1).code(),
                 IssuerErrorCode::UnknownTransaction);
        auto wrongCard = profileFor(a.value());
        wrongCard.iccid = iccid(1);
        QCOMPARE(m_store->recordPackage(view(transactionId(1)), view(package), wrongCard, 1).code(),
                 IssuerErrorCode::InvalidInput);
        QVERIFY(m_store->recordPackage(view(transactionId(1)), view(package), profileFor(a.value()), 2100).ok());
        QVERIFY(m_store->recordPackage(view(transactionId(1)), view(package), profileFor(a.value()), 2100).ok());
        QCOMPARE(m_store->recordPackage(view(transactionId(1)), view(Bytes{1}), profileFor(a.value()), 1).code(),
                 IssuerErrorCode::TransactionConflict);
        QCOMPARE(m_store->transaction(view(transactionId(1))).value()->package, package);
        auto again = m_store->allocate(newRequest(1, 0)); // a repeated PackageRequest gets the package back
        QCOMPARE(again.value().transaction.package, package);
        QCOMPARE(m_store->cardProfile(iccid(0)).value()->imsi, a.value().transaction.imsi);

        auto noReceipt = outcome(1, TransactionState::Verified);
        noReceipt.receipt.reset();
        QCOMPARE(m_store->finishTransaction(noReceipt).code(), IssuerErrorCode::InvalidInput);
        QCOMPARE(m_store->finishTransaction(outcome(1, TransactionState::PackageIssued)).code(),
                 IssuerErrorCode::InvalidInput);
        QVERIFY(m_store->finishTransaction(outcome(1, TransactionState::Verified)).ok());
        QVERIFY(m_store->finishTransaction(outcome(1, TransactionState::Verified)).ok()); // left alone
        QCOMPARE(m_store->finishTransaction(outcome(1, TransactionState::Failed)).code(),
                 IssuerErrorCode::TransactionConflict);
        QCOMPARE(m_store->finishTransaction(outcome(9, TransactionState::Failed)).code(),
                 IssuerErrorCode::UnknownTransaction);
        QCOMPARE(m_store->recordPackage(view(transactionId(1)), view(Bytes{1}), profileFor(a.value()), 1).code(),
                 IssuerErrorCode::TransactionConflict);
        auto t = m_store->transaction(view(transactionId(1))).value();
        QCOMPARE(t->state, TransactionState::Verified);
        QCOMPARE(t->receipt, std::optional<Bytes>(Bytes{0xEE, 0x01}));
        QCOMPARE(m_store->card(iccid(0)).value()->state, CardState::Verified);
    }

    void failedNewCardIsVoidAndItsMsisdnReturns_data()
    {
        QTest::addColumn<int>("state");
        QTest::newRow("failed") << static_cast<int>(TransactionState::Failed);
        QTest::newRow("failed unverified") << static_cast<int>(TransactionState::FailedUnverified);
        QTest::newRow("voided") << static_cast<int>(TransactionState::Voided);
    }

    void failedNewCardIsVoidAndItsMsisdnReturns()
    {
        QFETCH(int, state);
        openSeeded(Seed{});
        auto a = m_store->allocate(newRequest(1, 0));
        QVERIFY(a.ok());
        QVERIFY(m_store->finishTransaction(outcome(1, static_cast<TransactionState>(state))).ok());
        QCOMPARE(m_store->card(iccid(0)).value()->state, CardState::Void);
        auto t = m_store->transaction(view(transactionId(1))).value();
        QCOMPARE(t->failingStep, std::optional<std::uint16_t>(9));
        auto next = m_store->allocate(newRequest(2, 1));
        QVERIFY(next.ok());
        QCOMPARE(next.value().transaction.msisdn, a.value().transaction.msisdn); // back in the pool
        QVERIFY(next.value().transaction.imsi != a.value().transaction.imsi);    // retired
        QCOMPARE(m_store->allocate(newRequest(3, 0)).code(), IssuerErrorCode::CardNotAvailable);
    }

    void modifyKeepsNumbersAndPreviousProfile()
    {
        openSeeded(Seed{});
        auto a = m_store->allocate(newRequest(1, 0));
        QVERIFY(m_store->recordPackage(view(transactionId(1)), view(Bytes{1}), profileFor(a.value()), 2100).ok());
        QVERIFY(m_store->finishTransaction(outcome(1, TransactionState::Verified)).ok());
        auto modify = newRequest(2, 0);
        modify.operation = wire::Operation::Modify;
        auto otherCustomer = modify;
        otherCustomer.customerReference = QStringLiteral("c2");
        QCOMPARE(m_store->allocate(otherCustomer).code(), IssuerErrorCode::UnknownCustomer);
        auto someoneElse = *m_store->subscriber(QStringLiteral("c1")).value();
        someoneElse.customerReference = QStringLiteral("c3");
        someoneElse.customerKey = Bytes{0xC3};
        QVERIFY(m_store->addSubscriber(someoneElse).ok());
        auto notTheirs = modify;
        notTheirs.customerReference = QStringLiteral("c3");
        QCOMPARE(m_store->allocate(notTheirs).code(), IssuerErrorCode::CardNotAvailable);
        auto laterVisit = *m_store->subscriber(QStringLiteral("c1")).value();
        laterVisit.customerReference = QStringLiteral("c1-later"); // same person, assessed again
        QVERIFY(m_store->addSubscriber(laterVisit).ok());
        modify.customerReference = QStringLiteral("c1-later");
        auto m = m_store->allocate(modify);
        QVERIFY2(m.ok(), m.ok() ? "" : qPrintable(m.error().message));
        QCOMPARE(m.value().transaction.imsi, a.value().transaction.imsi);
        QVERIFY(m.value().previousProfile.has_value());
        QCOMPARE(m.value().previousProfile->spn, QStringLiteral("Operator"));
        QCOMPARE(m.value().card.state, CardState::Verified);
        auto second = newRequest(3, 0);
        second.operation = wire::Operation::Modify;
        QCOMPARE(m_store->allocate(second).code(), IssuerErrorCode::CardNotAvailable); // one at a time
        auto changed = profileFor(m.value());
        changed.spn = QStringLiteral("Changed");
        QVERIFY(m_store->recordPackage(view(transactionId(2)), view(Bytes{2}), changed, 2300).ok());
        QCOMPARE(m_store->cardProfile(iccid(0)).value()->spn, QStringLiteral("Operator")); // not yet verified
        QVERIFY(m_store->finishTransaction(outcome(2, TransactionState::Failed)).ok());
        QCOMPARE(m_store->card(iccid(0)).value()->state, CardState::Verified);
        QCOMPARE(m_store->cardProfile(iccid(0)).value()->spn, QStringLiteral("Operator"));
        QCOMPARE(m_store->allocate(newRequest(4, 1)).value().transaction.msisdn,
                 kMsisdnBase.left(11) + QLatin1Char('1'));
    }

    void abandonsOutstandingTransactions()
    {
        openSeeded(Seed{});
        QVERIFY(m_store->allocate(newRequest(1, 0, 1)).ok());
        QVERIFY(m_store->allocate(newRequest(2, 1, 2)).ok());
        QVERIFY(m_store->allocate(newRequest(3, 2, 2)).ok());
        QVERIFY(m_store->finishTransaction(outcome(3, TransactionState::Verified)).ok());
        QCOMPARE(m_store->abandonTransactions({sessionId(2)}, 6000).value(), 1);
        QCOMPARE(m_store->transaction(view(transactionId(2))).value()->state, TransactionState::FailedUnverified);
        QCOMPARE(m_store->transaction(view(transactionId(1))).value()->state, TransactionState::PackageIssued);
        QCOMPARE(m_store->abandonTransactions({}, 6001).value(), 1);
        QCOMPARE(m_store->card(iccid(0)).value()->state, CardState::Void);
        QCOMPARE(m_store->card(iccid(2)).value()->state, CardState::Verified);
        QCOMPARE(m_store->abandonTransactions({}, 6002).value(), 0);
    }

    void concurrentAllocationHandsOutEverythingOnce()
    {
        constexpr int kThreads = 16;
        constexpr int kPerThread = 50;
        constexpr int kTotal = kThreads * kPerThread;
        openSeeded(Seed{kTotal + 20, kTotal + 20, kTotal + 20});
        std::mutex mutex;
        std::set<QString> cards, imsis, msisdns;
        std::vector<QString> failures;
        int successes = 0;
        int contended = 0;
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                for (int i = 0; i < kPerThread; ++i) {
                    const int tx = t * kPerThread + i;
                    // Threads t and t + 8 ask for the same cards at the same time; every third
                    // transaction retries, as a station would after a lost answer.
                    const int card = (t % (kThreads / 2)) * kPerThread + i;
                    auto a = m_store->allocate(newRequest(tx, card, t));
                    std::lock_guard lock(mutex);
                    if (!a.ok()) {
                        if (a.code() == IssuerErrorCode::CardNotAvailable) {
                            ++contended;
                        } else {
                            failures.push_back(a.error().message);
                        }
                        continue;
                    }
                    ++successes;
                    if (i % 3 == 0) {
                        auto retry = m_store->allocate(newRequest(tx, card, t));
                        if (!retry.ok() || retry.value().fresh ||
                            retry.value().transaction.imsi != a.value().transaction.imsi) {
                            failures.push_back(QStringLiteral("a retry did not return the same allocation"));
                        }
                    }
                    if (!cards.insert(a.value().card.iccid).second ||
                        !imsis.insert(a.value().transaction.imsi).second ||
                        !msisdns.insert(a.value().transaction.msisdn).second) {
                        failures.push_back(QStringLiteral("handed out twice: %1").arg(a.value().card.iccid));
                    }
                }
            });
        }
        for (auto& thread : threads) {
            thread.join();
        }
        QVERIFY2(failures.empty(), failures.empty() ? "" : qPrintable(failures.front()));
        QCOMPARE(successes, kTotal / 2); // each card went to exactly one of the two
        QCOMPARE(contended, kTotal / 2);
        QCOMPARE(int(cards.size()), kTotal / 2);
        QCOMPARE(int(imsis.size()), kTotal / 2);
        QCOMPARE(int(msisdns.size()), kTotal / 2);
        QCOMPARE(m_store->poolStatus().value()[0].used, kTotal / 2);
        QCOMPARE(m_store->poolStatus().value()[1].used, kTotal / 2);
        QCOMPARE(rawScalar(m_config, QStringLiteral("SELECT COUNT(DISTINCT imsi) FROM cards WHERE state = 2")),
                 QString::number(kTotal / 2));
        QVERIFY(m_store->commits() < m_store->writes()); // group commit happened
    }
};

QTEST_GUILESS_MAIN(TestStoreAllocation)
#include "tst_storeallocation.moc"
