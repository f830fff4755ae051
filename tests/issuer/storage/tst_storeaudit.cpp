// SPDX-License-Identifier: Apache-2.0
// The hash-chained audit log: appends, reading back, and detection of rows altered, deleted or
// reordered behind the store's back (raw SQL on the database).
#include "StoreFixture.h"

#include "issuer/storage/AuditChain.h"

#include <QTemporaryDir>
#include <QTest>

using namespace perso;
using namespace perso::issuer;
using namespace perso::issuer::test;

class TestStoreAudit : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    StoreConfig m_config;
    std::unique_ptr<SqlStore> m_store;

    static AuditEntry entry(int i)
    {
        return AuditEntry{QStringLiteral("sign-on"), QStringLiteral("t1"), QStringLiteral("0102%1").arg(i),
                          QStringLiteral("entry %1").arg(i), 1000 + i};
    }

private slots:
    void init()
    {
        m_config = testConfig(m_dir.path());
        QString error;
        QVERIFY2(wipe(m_config, &error), qPrintable(error));
        auto opened = SqlStore::open(m_config);
        QVERIFY2(opened.ok(), opened.ok() ? "" : qPrintable(opened.error().message));
        m_store = std::move(opened.value());
        for (int i = 1; i <= 5; ++i) {
            QVERIFY(m_store->audit(entry(i)).ok());
        }
    }
    void cleanup() { m_store.reset(); }

    void canonicalEncodingIsFixed()
    {
        const AuditEntry e{QStringLiteral("k"), QStringLiteral("a"), QString(), QStringLiteral("\u00e9"), 1};
        const Bytes expected = fromHex("0000000000000002"
                                       "000000016b"
                                       "0000000161"
                                       "00000000"
                                       "00000002c3a9"
                                       "0000000000000001");
        QCOMPARE(storage::canonicalAuditEncoding(2, e), expected);
        QCOMPARE(storage::auditHash(view(Bytes(32, 0)), 2, e).size(), std::size_t(32));
    }

    void appendsAndReadsBack()
    {
        QCOMPARE(m_store->verifyAuditChain().value(), AuditVerdict());
        auto records = m_store->auditLog(2, 4);
        QVERIFY(records.ok());
        QCOMPARE(records.value().size(), std::size_t(3));
        QCOMPARE(records.value()[0].sequence, 2);
        QCOMPARE(records.value()[0].entry.detail, QStringLiteral("entry 2"));
        QCOMPARE(records.value()[1].previousHash, records.value()[0].hash);
        auto first = m_store->auditLog(1, 1).value();
        QCOMPARE(first[0].previousHash, Bytes(32, 0));
        QCOMPARE(first[0].hash, storage::auditHash(view(Bytes(32, 0)), 1, entry(1)));
        QCOMPARE(m_store->auditLog(3, 2).code(), IssuerErrorCode::InvalidInput);
    }

    void refusesMalformedEntries()
    {
        AuditEntry bad = entry(9);
        bad.kind = QStringLiteral("two words");
        QCOMPARE(m_store->audit(bad).code(), IssuerErrorCode::InvalidInput);
        bad = entry(9);
        bad.detail = QString(513, QLatin1Char('x'));
        QCOMPARE(m_store->audit(bad).code(), IssuerErrorCode::InvalidInput);
        QCOMPARE(m_store->auditLog(1, 10).value().size(), std::size_t(5));
    }

    void detectsTampering_data()
    {
        QTest::addColumn<QStringList>("statements");
        QTest::addColumn<qint64>("broken");
        QTest::newRow("altered detail") << QStringList{QStringLiteral(
                                               "UPDATE audit_log SET detail = 'edited' WHERE sequence = 3")}
                                        << qint64(3);
        QTest::newRow("altered time") << QStringList{QStringLiteral("UPDATE audit_log SET at = 1 WHERE sequence = 2")}
                                      << qint64(2);
        QTest::newRow("deleted row") << QStringList{QStringLiteral("DELETE FROM audit_log WHERE sequence = 4")}
                                     << qint64(4);
        QTest::newRow("deleted last row")
            << QStringList{QStringLiteral("DELETE FROM audit_log WHERE sequence = 5")} << qint64(5);
        QTest::newRow("reordered rows")
            << QStringList{QStringLiteral("UPDATE audit_log SET sequence = 100 WHERE sequence = 2"),
                           QStringLiteral("UPDATE audit_log SET sequence = 2 WHERE sequence = 3"),
                           QStringLiteral("UPDATE audit_log SET sequence = 3 WHERE sequence = 100")}
            << qint64(2);
    }

    void detectsTampering()
    {
        QFETCH(QStringList, statements);
        QFETCH(qint64, broken);
        QString error;
        QVERIFY2(rawExec(m_config, statements, &error), qPrintable(error));
        auto verdict = m_store->verifyAuditChain();
        QVERIFY(verdict.ok());
        QVERIFY(verdict.value().has_value());
        QCOMPARE(*verdict.value(), broken);
    }

    void chainSurvivesReopening()
    {
        m_store.reset();
        auto reopened = SqlStore::open(m_config);
        QVERIFY(reopened.ok());
        QVERIFY(reopened.value()->audit(entry(6)).ok());
        QCOMPARE(reopened.value()->verifyAuditChain().value(), AuditVerdict());
        QCOMPARE(reopened.value()->auditLog(6, 6).value().at(0).previousHash,
                 reopened.value()->auditLog(5, 5).value().at(0).hash);
    }
};

QTEST_GUILESS_MAIN(TestStoreAudit)
#include "tst_storeaudit.moc"
