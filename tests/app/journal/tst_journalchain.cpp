// SPDX-License-Identifier: Apache-2.0
// The journal's hash chain: the triggers that refuse edits, atomic appends, and verifyChain() against
// every kind of tampering done with another SQLite connection.
#include "JournalTestSupport.h"

using namespace journaltest;

class TestJournalChain : public QObject
{
    Q_OBJECT

private:
    JournalFiles m_files;

private slots:
    void initTestCase() { QVERIFY(m_files.valid()); }

    void failedAppendWritesNothing()
    {
        const QString path = m_files.fiveRows();
        // A head that cannot move: the event row inserted before it must roll back with it.
        QVERIFY(tamper(
            path,
            {QStringLiteral("CREATE TRIGGER stuck BEFORE UPDATE ON head BEGIN SELECT RAISE(ABORT, 'stuck'); END")}));
        {
            auto journal = openOk(path);
            QVERIFY(journal);
            auto appended = journal->append(JournalEvent::SignOff, kSession, {}, {});
            QVERIFY(!appended);
            QCOMPARE(appended.error().kind, StationErrorKind::Journal);
            QCOMPARE(journal->entries({}).value().size(), std::size_t(5));
        }
        QVERIFY(tamper(path, {QStringLiteral("DROP TRIGGER stuck")}));
        auto journal = openOk(path);
        QVERIFY(journal);
        QCOMPARE(seqOf(journal->append(JournalEvent::SignOff, kSession, {}, {})), qint64(6));
        QVERIFY(journal->verifyChain().intact);
    }

    void triggersRefuseEdits()
    {
        const QString path = m_files.fiveRows();
        QVERIFY(!execOn(path, QStringLiteral("UPDATE events SET data = '{}' WHERE seq = 2")));
        QVERIFY(!execOn(path, QStringLiteral("DELETE FROM events WHERE seq = 5")));
        QVERIFY(!execOn(path, QStringLiteral("DELETE FROM head")));
        QVERIFY(!execOn(path, QStringLiteral("UPDATE head SET last_seq = 4")));
        auto journal = openOk(path);
        QVERIFY(journal);
        QVERIFY(journal->verifyChain().intact);
        QCOMPARE(journal->verifyChain().rows, qint64(5));
    }

    void verifyChainDetectsTampering_data()
    {
        QTest::addColumn<QStringList>("statements");
        QTest::addColumn<qint64>("firstBad");
        QTest::addColumn<QString>("problem");
        QTest::newRow("altered data") << QStringList{QStringLiteral(
                                             "UPDATE events SET data = '{\"steps\":13}' WHERE seq = 5")}
                                      << qint64(5) << QStringLiteral("hash does not match");
        QTest::newRow("altered time") << QStringList{QStringLiteral("UPDATE events SET at = at + 1 WHERE seq = 2")}
                                      << qint64(2) << QStringLiteral("hash does not match");
        QTest::newRow("altered hash") << QStringList{QStringLiteral(
                                             "UPDATE events SET hash = zeroblob(32) WHERE seq = 3")}
                                      << qint64(3) << QStringLiteral("hash does not match");
        QTest::newRow("deleted middle") << QStringList{QStringLiteral("DELETE FROM events WHERE seq = 3")} << qint64(3)
                                        << QStringLiteral("row 3 missing");
        QTest::newRow("deleted first") << QStringList{QStringLiteral("DELETE FROM events WHERE seq = 1")} << qint64(1)
                                       << QStringLiteral("row 1 missing");
        QTest::newRow("deleted last") << QStringList{QStringLiteral("DELETE FROM events WHERE seq = 5")} << qint64(5)
                                      << QStringLiteral("last row missing");
        QTest::newRow("deleted last, head moved back")
            << QStringList{QStringLiteral("DELETE FROM events WHERE seq = 5"),
                           QStringLiteral("UPDATE head SET last_seq = 4")}
            << qint64(4) << QStringLiteral("head's hash");
        QTest::newRow("reordered") << QStringList{QStringLiteral("UPDATE events SET seq = 100 WHERE seq = 2"),
                                                  QStringLiteral("UPDATE events SET seq = 2 WHERE seq = 3"),
                                                  QStringLiteral("UPDATE events SET seq = 3 WHERE seq = 100")}
                                   << qint64(2) << QStringLiteral("hash does not match");
        QTest::newRow("renumbered") << QStringList{QStringLiteral("UPDATE events SET seq = seq + 10 WHERE seq >= 4")}
                                    << qint64(4) << QStringLiteral("row 4 missing");
        QTest::newRow("inserted at end")
            << QStringList{QStringLiteral("INSERT INTO events SELECT 6, at, event, session, tx, data, hash FROM events "
                                          "WHERE seq = 5")}
            << qint64(6) << QStringLiteral("row 6: hash does not match");
        QTest::newRow("inserted in middle")
            << QStringList{QStringLiteral("UPDATE events SET seq = seq + 1 WHERE seq = 5"),
                           QStringLiteral("UPDATE events SET seq = seq + 1 WHERE seq = 4"),
                           QStringLiteral("INSERT INTO events SELECT 4, at, 'cancelled', session, tx, '{}', hash FROM "
                                          "events WHERE seq = 5"),
                           QStringLiteral("UPDATE head SET last_seq = 6")}
            << qint64(4) << QStringLiteral("hash does not match");
    }

    void verifyChainDetectsTampering()
    {
        QFETCH(QStringList, statements);
        QFETCH(qint64, firstBad);
        QFETCH(QString, problem);
        const QString path = m_files.fiveRows();
        QVERIFY(!path.isEmpty());
        {
            auto journal = openOk(path);
            QVERIFY(journal);
            const ChainCheck before = journal->verifyChain();
            QVERIFY(before.intact);
            QCOMPARE(before.firstBadSeq, qint64(0));
            QVERIFY(before.problem.isEmpty());
        }
        QVERIFY(tamper(path, statements));
        auto journal = openOk(path);
        QVERIFY(journal);
        const ChainCheck after = journal->verifyChain();
        QVERIFY(!after.intact);
        QCOMPARE(after.firstBadSeq, firstBad);
        QVERIFY2(after.problem.contains(problem), qPrintable(after.problem));
    }

    // A row chained correctly (as someone with this code could compute it) but written past the head.
    void verifyChainDetectsRowPastHead()
    {
        const QString path = m_files.fiveRows();
        QVERIFY(!path.isEmpty());
        QByteArray last;
        {
            auto journal = openOk(path);
            QVERIFY(journal);
            last = journal->entries({}).value().front().hash;
        }
        const qint64 at = QDateTime::currentMSecsSinceEpoch();
        const QString data = QStringLiteral("{}");
        const QByteArray hash = journal::chainHash(last, 6, at, QStringLiteral("cancelled"), kSession, kTx1, data);
        QVERIFY(tamper(path, {QStringLiteral("INSERT INTO events VALUES (6, %1, 'cancelled', '%2', '%3', '%4', x'%5')")
                                  .arg(at)
                                  .arg(kSession, kTx1, data, QString::fromLatin1(hash.toHex()))}));
        auto journal = openOk(path);
        QVERIFY(journal);
        QCOMPARE(journal->entries({}).value().size(), std::size_t(6));
        const ChainCheck check = journal->verifyChain();
        QVERIFY(!check.intact);
        QCOMPARE(check.firstBadSeq, qint64(6));
        QVERIFY2(check.problem.contains(QStringLiteral("added outside")), qPrintable(check.problem));
        QCOMPARE(check.rows, qint64(6));
    }
};

QTEST_GUILESS_MAIN(TestJournalChain)
#include "tst_journalchain.moc"
