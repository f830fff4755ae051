// SPDX-License-Identifier: Apache-2.0
// Crash consistency: a child process writing in a loop is killed with SIGKILL; reopening finds
// every allocation it saw committed complete, nothing half-written, and the audit chain intact.
#include "StoreFixture.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace perso;
using namespace perso::issuer;
using namespace perso::issuer::test;

class TestStoreCrash : public QObject
{
    Q_OBJECT

private slots:
    void killedWriterLeavesAConsistentStore()
    {
        QTemporaryDir dir;
        const StoreConfig config = testConfig(dir.path());
        QString error;
        QVERIFY2(wipe(config, &error), qPrintable(error));
        {
            auto opened = SqlStore::open(config);
            QVERIFY2(opened.ok(), opened.ok() ? "" : qPrintable(opened.error().message));
            QVERIFY2(seed(*opened.value(), Seed{3000, 3000, 3000}, &error), qPrintable(error));
        }

        QProcess writer;
        writer.setProcessChannelMode(QProcess::SeparateChannels);
        writer.start(QStringLiteral(PERSO_CRASH_WRITER), {dir.path()});
        QVERIFY(writer.waitForStarted(10000));
        QByteArray output;
        auto allocatedLines = [&] {
            output += writer.readAllStandardOutput();
            return output.count("allocated ");
        };
        QTRY_VERIFY_WITH_TIMEOUT(allocatedLines() >= 120 || writer.state() == QProcess::NotRunning, 60000);
        QVERIFY2(writer.state() == QProcess::Running, writer.readAllStandardError().constData());
        writer.kill(); // SIGKILL, in the middle of the write loop
        QVERIFY(writer.waitForFinished(10000));
        output += writer.readAllStandardOutput();

        auto reopened = SqlStore::open(config);
        QVERIFY2(reopened.ok(), reopened.ok() ? "" : qPrintable(reopened.error().message));
        SqlStore& store = *reopened.value();
        int checked = 0;
        for (const QByteArray& line : output.split('\n')) {
            const QList<QByteArray> parts = line.split(' ');
            if (parts.size() != 2) {
                continue; // the last line may be cut short by the kill
            }
            const int tx = parts[1].toInt();
            auto t = store.transaction(view(transactionId(tx)));
            QVERIFY(t.ok());
            QVERIFY2(t.value().has_value(), line.constData());
            auto card = store.card(iccid(tx)).value();
            QVERIFY(card.has_value());
            QCOMPARE(card->transactionId, std::optional<Bytes>(transactionId(tx)));
            QCOMPARE(card->imsi, std::optional<QString>(t.value()->imsi));
            if (parts[0] == "packaged") {
                QCOMPARE(t.value()->package, Bytes{0xAB});
                QVERIFY(store.cardProfile(iccid(tx)).value().has_value());
            } else if (parts[0] == "verified") {
                QCOMPARE(t.value()->state, wire::TransactionState::Verified);
                QCOMPARE(card->state, CardState::Verified);
            }
            ++checked;
        }
        QVERIFY(checked >= 120);

        // Nothing half-written: every taken card has its transaction and its numbers, and no number
        // is taken without them.
        const QString cardsTaken =
            rawScalar(config, QStringLiteral("SELECT COUNT(*) FROM cards WHERE state IN (2, 4)"));
        QCOMPARE(rawScalar(config, QStringLiteral("SELECT COUNT(*) FROM transactions")), cardsTaken);
        QCOMPARE(rawScalar(config, QStringLiteral("SELECT COUNT(*) FROM number_pool WHERE kind = 1 AND state = 2")),
                 cardsTaken);
        QCOMPARE(rawScalar(config, QStringLiteral("SELECT COUNT(*) FROM number_pool WHERE kind = 2 AND state = 2")),
                 cardsTaken);
        QCOMPARE(rawScalar(config, QStringLiteral("SELECT COUNT(*) FROM cards c WHERE c.state IN (2, 4) AND NOT EXISTS"
                                                  " (SELECT 1 FROM transactions t WHERE t.transaction_id ="
                                                  " c.transaction_id AND t.imsi = c.imsi AND t.msisdn = c.msisdn)")),
                 QStringLiteral("0"));
        QCOMPARE(rawScalar(config, QStringLiteral("SELECT COUNT(*) FROM number_pool n WHERE n.state = 2 AND NOT EXISTS"
                                                  " (SELECT 1 FROM transactions t WHERE t.transaction_id ="
                                                  " n.transaction_id)")),
                 QStringLiteral("0"));
        QCOMPARE(store.verifyAuditChain().value(), AuditVerdict());

        // And the store carries on: restart recovery, then a new allocation.
        QVERIFY(store.abandonTransactions({}, 9000).ok());
        QCOMPARE(rawScalar(config, QStringLiteral("SELECT COUNT(*) FROM transactions WHERE state = 2")),
                 QStringLiteral("0"));
        QVERIFY(store.allocate(newRequest(2999, 2999, 9)).ok());
    }
};

QTEST_GUILESS_MAIN(TestStoreCrash)
#include "tst_storecrash.moc"
