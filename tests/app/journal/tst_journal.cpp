// SPDX-License-Identifier: Apache-2.0
// The journal: files, schema, appends and their guard, queries, CSV, open transactions, receipts,
// names, two instances, crashes. The chain and tampering are in tst_journalchain.
#include "JournalTestSupport.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QProcess>

#include <csignal>
#include <sys/stat.h>
#include <unistd.h>

using namespace journaltest;

namespace {

// Child mode of the crash test: append until killed, printing each durable seq.
int runAppendingChild(const QString& path)
{
    auto journal = Journal::open(path);
    if (!journal) {
        return 2;
    }
    QFile out;
    if (!out.open(stdout, QIODevice::WriteOnly)) {
        return 3;
    }
    for (int i = 0;; ++i) {
        auto seq = journal.value()->append(
            JournalEvent::PackageFetched, kSession, kTx1,
            obj({{QStringLiteral("steps"), i}, {QStringLiteral("pad"), QString(200, QLatin1Char('x'))}}));
        if (!seq) {
            return 4;
        }
        out.write(QByteArray::number(seq.value()) + '\n');
        out.flush();
    }
}

} // namespace

class TestJournal : public QObject
{
    Q_OBJECT

private:
    JournalFiles m_files;

private slots:
    void initTestCase() { QVERIFY(m_files.valid()); }

    void eventNamesRoundTrip()
    {
        QSet<QString> names;
        for (int i = 0; i <= static_cast<int>(JournalEvent::SignOff); ++i) {
            const auto event = static_cast<JournalEvent>(i);
            const QString name = journalEventName(event);
            QCOMPARE(journalEventFromName(name), std::optional<JournalEvent>(event));
            names.insert(name);
        }
        QCOMPARE(names.size(), 16);
        QCOMPARE(journalEventName(JournalEvent::DetailsSubmitted), QStringLiteral("details-submitted"));
        QVERIFY(!journalEventFromName(QStringLiteral("Sign-On")));
    }

    void createAndReopen()
    {
        const QString path = m_files.freshPath();
        {
            auto journal = openOk(path);
            QVERIFY(journal);
            QCOMPARE(journal->schemaVersion(), 1);
            QCOMPARE(journal->path(), path);
            QCOMPARE(seqOf(journal->append(JournalEvent::StationStarted, {}, {}, {})), qint64(1));
            QCOMPARE(seqOf(journal->append(JournalEvent::SignOn, kSession, {}, {})), qint64(2));
        }
        auto journal = openOk(path);
        QVERIFY(journal);
        QCOMPARE(seqOf(journal->append(JournalEvent::SignOff, kSession, {}, {})), qint64(3));
        auto rows = journal->entries({});
        QVERIFY(rows);
        QCOMPARE(rows.value().size(), std::size_t(3));
        QCOMPARE(rows.value().front().event, JournalEvent::SignOff); // newest first
        QCOMPARE(rows.value().front().hash.size(), 32);
        QCOMPARE(rows.value().back().at.timeSpec(), Qt::UTC);
        QVERIFY(journal->verifyChain().intact);
        QCOMPARE(journal->verifyChain().rows, qint64(3));
    }

    void fileIsOwnerOnly()
    {
        const QString path = m_files.freshPath();
        auto journal = openOk(path);
        QVERIFY(journal);
        QVERIFY(journal->append(JournalEvent::StationStarted, {}, {}, {}));
        struct stat st = {};
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, mode_t(0600));
        QCOMPARE(::stat(QFile::encodeName(path + QStringLiteral("-wal")).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0077, mode_t(0));

        // An existing journal readable by others is narrowed to its owner on open.
        journal.reset();
        QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther));
        QVERIFY(openOk(path));
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, mode_t(0600));
    }

    void refusesSymlinkAndFolders()
    {
        const QString target = m_files.fiveRows();
        const QString link = m_files.filePath(QStringLiteral("link.db"));
        QVERIFY(QFile::link(target, link));
        auto opened = Journal::open(link);
        QVERIFY(!opened);
        QCOMPARE(opened.error().kind, StationErrorKind::Journal);
        QVERIFY(opened.error().detail.contains(QStringLiteral("symbolic link")));

        // Another user's journal (only root can hand a file to another user here).
        if (::geteuid() == 0) {
            const QString foreign = m_files.fiveRows();
            QCOMPARE(::chown(QFile::encodeName(foreign).constData(), 65534, 65534), 0);
            auto refused = Journal::open(foreign);
            QVERIFY(!refused);
            QVERIFY(refused.error().detail.contains(QStringLiteral("another user")));
        }

        auto folder = Journal::open(m_files.path());
        QVERIFY(!folder);
        QCOMPARE(folder.error().kind, StationErrorKind::Journal);
        QVERIFY(!Journal::open(QString()));
    }

    void refusesNewerSchemaAndForeignFiles()
    {
        const QString path = m_files.fiveRows();
        QVERIFY(execOn(path, QStringLiteral("PRAGMA user_version = 2")));
        auto opened = Journal::open(path);
        QVERIFY(!opened);
        QCOMPARE(opened.error().kind, StationErrorKind::Journal);
        QVERIFY2(opened.error().detail.contains(QStringLiteral("newer")), qPrintable(opened.error().detail));

        const QString foreign = m_files.freshPath();
        QVERIFY(execOn(foreign, QStringLiteral("CREATE TABLE other (x INTEGER)")));
        auto notJournal = Journal::open(foreign);
        QVERIFY(!notJournal);
        QCOMPARE(notJournal.error().kind, StationErrorKind::Journal);

        const QString garbage = m_files.freshPath();
        QFile file(garbage);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(4096, 'g'));
        file.close();
        auto broken = Journal::open(garbage);
        QVERIFY(!broken);
        QCOMPARE(broken.error().kind, StationErrorKind::Journal);
    }

    void entriesFilters()
    {
        auto journal = openOk(m_files.freshPath());
        QVERIFY(journal);
        QVERIFY(journal->append(JournalEvent::SignOn, kSession, {},
                                obj({{QStringLiteral("name"), QStringLiteral("Łucja's shop")}})));
        QVERIFY(journal->append(JournalEvent::CardSelected, kSession, kTx1,
                                obj({{QStringLiteral("iccid"), QStringLiteral("8944000000000000011")}})));
        QVERIFY(journal->append(JournalEvent::Decision, kSession, kTx1,
                                obj({{QStringLiteral("decision"), QStringLiteral("approved")}})));
        QVERIFY(journal->append(JournalEvent::CardSelected, kSession, kTx2,
                                obj({{QStringLiteral("iccid"), QStringLiteral("8944000000000000029")}})));
        QVERIFY(journal->append(JournalEvent::Error, kSession, kTx2,
                                obj({{QStringLiteral("error"), QStringLiteral("card-pulled")}})));

        JournalFilter all;
        QCOMPARE(journal->entries(all).value().size(), std::size_t(5));

        JournalFilter byEvent;
        byEvent.events = {JournalEvent::CardSelected, JournalEvent::Error};
        auto events = journal->entries(byEvent).value();
        QCOMPARE(events.size(), std::size_t(3));
        QCOMPARE(events[0].seq, qint64(5));
        QCOMPARE(events[2].seq, qint64(2));

        JournalFilter byTx;
        byTx.transactionId = kTx1;
        byTx.newestFirst = false;
        auto tx = journal->entries(byTx).value();
        QCOMPARE(tx.size(), std::size_t(2));
        QCOMPARE(tx[0].event, JournalEvent::CardSelected);
        QCOMPARE(tx[1].data.value(QStringLiteral("decision")).toString(), QStringLiteral("approved"));

        JournalFilter byText;
        byText.text = QStringLiteral("ŁUCJA"); // case-insensitive beyond ASCII
        auto text = journal->entries(byText).value();
        QCOMPARE(text.size(), std::size_t(1));
        QCOMPARE(text[0].event, JournalEvent::SignOn);
        byText.text = QStringLiteral("8944");
        byText.limit = 1;
        auto limitedText = journal->entries(byText).value();
        QCOMPARE(limitedText.size(), std::size_t(1));
        QCOMPARE(limitedText[0].seq, qint64(4));

        JournalFilter limited;
        limited.limit = 2;
        limited.newestFirst = false;
        auto first = journal->entries(limited).value();
        QCOMPARE(first.size(), std::size_t(2));
        QCOMPARE(first[0].seq, qint64(1));
        QCOMPARE(first[1].seq, qint64(2));

        const auto rows = journal->entries(all).value();
        JournalFilter window;
        window.from = rows[3].at; // seq 2
        window.to = rows[1].at;   // seq 4
        auto inWindow = journal->entries(window).value();
        QVERIFY(!inWindow.empty());
        for (const auto& row : inWindow) {
            QVERIFY(row.at >= rows[3].at && row.at <= rows[1].at);
        }
        JournalFilter future;
        future.from = QDateTime::currentDateTimeUtc().addDays(1);
        QVERIFY(journal->entries(future).value().empty());
        JournalFilter past;
        past.to = QDateTime::currentDateTimeUtc().addDays(-1);
        QVERIFY(journal->entries(past).value().empty());
    }

    void appendRefusesSecrets_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<bool>("refused");
        for (const char* key : {"pin", "PUK", "key", "Ki", "OPc", "adm", "password", "newPin1", "adminKey", "adm_code",
                                "session-key", "customerPassword"}) {
            QTest::newRow(key) << QString::fromLatin1(key) << true;
        }
        for (const char* key : {"kind", "keypad", "iccid", "msisdn", "shopId", "admission", "spinner"}) {
            QTest::newRow(key) << QString::fromLatin1(key) << false;
        }
    }

    void appendRefusesSecrets()
    {
        QFETCH(QString, key);
        QFETCH(bool, refused);
        auto journal = openOk(m_files.freshPath());
        QVERIFY(journal);
        const QJsonObject flat = obj({{key, QStringLiteral("1234")}});
        const QJsonObject nested = obj({{QStringLiteral("card"), obj({{key, 1}})}});
        const QJsonObject inArray =
            obj({{QStringLiteral("list"), QJsonArray{obj({{QStringLiteral("x"), 1}}), obj({{key, 2}})}}});
        for (const QJsonObject& data : {flat, nested, inArray}) {
            auto appended = journal->append(JournalEvent::Error, {}, {}, data);
            QCOMPARE(!appended, refused);
            if (refused) {
                QCOMPARE(appended.error().kind, StationErrorKind::Internal);
                QVERIFY(!appended.error().detail.contains(QStringLiteral("1234")));
            }
        }
        QCOMPARE(journal->entries({}).value().size(), refused ? std::size_t(0) : std::size_t(3));
        QVERIFY(journal->verifyChain().intact);
    }

    void appendRefusesLongValuesAndBadIds()
    {
        auto journal = openOk(m_files.freshPath());
        QVERIFY(journal);
        QVERIFY(journal->append(JournalEvent::Error, {}, {},
                                obj({{QStringLiteral("detail"), QString(4096, QLatin1Char('a'))}})));
        auto tooLong = journal->append(JournalEvent::Error, {}, {},
                                       obj({{QStringLiteral("detail"), QString(4097, QLatin1Char('a'))}}));
        QVERIFY(!tooLong);
        QCOMPARE(tooLong.error().kind, StationErrorKind::Internal);
        // 2 bytes per character in UTF-8: the limit is on bytes.
        QVERIFY(
            !journal->append(JournalEvent::Error, {}, {}, obj({{QStringLiteral("d"), QString(2049, QChar(0x00e9))}})));
        QVERIFY(!journal->append(JournalEvent::Error, QStringLiteral("not hex"), {}, {}));
        QVERIFY(!journal->append(JournalEvent::Error, {}, QString(65, QLatin1Char('a')), {}));
        QCOMPARE(journal->entries({}).value().size(), std::size_t(1));
    }

    void csvCells_data()
    {
        QTest::addColumn<QString>("cell");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << QStringLiteral("sign-on") << QStringLiteral("sign-on");
        QTest::newRow("comma") << QStringLiteral("a,b") << QStringLiteral("\"a,b\"");
        QTest::newRow("quote") << QStringLiteral("say \"hi\"") << QStringLiteral("\"say \"\"hi\"\"\"");
        QTest::newRow("newline") << QStringLiteral("a\nb") << QStringLiteral("\"a\nb\"");
        QTest::newRow("formula") << QStringLiteral("=1+1") << QStringLiteral("'=1+1");
        QTest::newRow("plus") << QStringLiteral("+49") << QStringLiteral("'+49");
        QTest::newRow("minus") << QStringLiteral("-2") << QStringLiteral("'-2");
        QTest::newRow("at") << QStringLiteral("@SUM(A1)") << QStringLiteral("'@SUM(A1)");
        QTest::newRow("formula with comma")
            << QStringLiteral("=HYPERLINK(\"x\",\"y\")") << QStringLiteral("\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
        QTest::newRow("empty") << QString() << QString();
    }

    void csvCells()
    {
        QFETCH(QString, cell);
        QFETCH(QString, expected);
        QCOMPARE(journal::csvCell(cell), expected);
    }

    void exportCsv()
    {
        auto journal = openOk(m_files.freshPath());
        QVERIFY(journal);
        QVERIFY(journal->append(JournalEvent::SignOn, kSession, {},
                                obj({{QStringLiteral("display"), QStringLiteral("=cmd|' /C calc'!A0, \"Zoë\"")}})));
        QVERIFY(journal->append(JournalEvent::CardSelected, kSession, kTx1,
                                obj({{QStringLiteral("iccid"), QStringLiteral("8944")}})));
        const QString out = m_files.filePath(QStringLiteral("export.csv"));
        JournalFilter filter;
        filter.newestFirst = false;
        QVERIFY(journal->exportCsv(out, filter));
        QFile file(out);
        QCOMPARE(file.permissions() & ~(QFileDevice::ReadUser | QFileDevice::WriteUser),
                 QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.readAll());
        const QStringList lines = text.split(QStringLiteral("\r\n"));
        QCOMPARE(lines.size(), 4); // header, two rows, the empty rest after the last CRLF
        QCOMPARE(lines[0], QStringLiteral("seq,at,event,session,transaction,data,hash"));
        QVERIFY(lines[1].startsWith(QStringLiteral("1,")));
        QVERIFY(lines[1].contains(QStringLiteral(",sign-on,") + kSession + QStringLiteral(",,")));
        QVERIFY(lines[1].contains(QStringLiteral("\"{\"\"display\"\":\"\"=cmd|' /C calc'!A0, \\\"\"Zoë\\\"\"\"\"}\"")));
        QVERIFY(lines[2].contains(kTx1));
        QVERIFY(lines[3].isEmpty());
        const auto rows = journal->entries(filter).value();
        QVERIFY(lines[2].endsWith(QString::fromLatin1(rows[1].hash.toHex())));

        QVERIFY(!journal->exportCsv(m_files.filePath(QStringLiteral("missing/folder/x.csv")), filter));
    }

    void openTransactions()
    {
        const QString txA = QStringLiteral("aa000000000000000000000000000000");
        const QString txB = QStringLiteral("bb000000000000000000000000000000");
        const QString txC = QStringLiteral("cc000000000000000000000000000000");
        const QString txD = QStringLiteral("dd000000000000000000000000000000");
        const QString txE = QStringLiteral("ee000000000000000000000000000000");
        auto journal = openOk(m_files.freshPath());
        QVERIFY(journal);
        const QJsonObject iccid = obj({{QStringLiteral("iccid"), QStringLiteral("89440000000000000011")}});
        QVERIFY(journal->append(JournalEvent::CardSelected, kSession, txA, iccid));
        QVERIFY(journal->append(JournalEvent::PackageRequested, kSession, txA, {}));
        for (const QString& tx : {txB, txC, txE}) {
            QVERIFY(journal->append(JournalEvent::PackageRequested, kSession, tx, {}));
        }
        QVERIFY(journal->append(JournalEvent::CardSelected, kSession, txD, iccid)); // never requested
        QVERIFY(journal->append(JournalEvent::Verification, kSession, txB,
                                obj({{QStringLiteral("outcome"), QStringLiteral("verified")}})));
        QVERIFY(journal->append(JournalEvent::Cancelled, kSession, txC, {}));
        QVERIFY(journal->append(JournalEvent::Recovered, kSession, txE,
                                obj({{QStringLiteral("resolution"), QStringLiteral("voided")}})));
        QVERIFY(journal->append(JournalEvent::PackageFetched, kSession, txA, obj({{QStringLiteral("steps"), 9}})));

        auto open = journal->openTransactions();
        QVERIFY(open);
        QCOMPARE(open.value().size(), std::size_t(1));
        const OpenTransaction& a = open.value().front();
        QCOMPARE(a.transactionId, txA);
        QCOMPARE(a.sessionId, kSession);
        QCOMPARE(a.iccid, QStringLiteral("89440000000000000011"));
        QCOMPARE(a.lastEvent, QStringLiteral("package-fetched"));
        QVERIFY(a.since.isValid());
        JournalFilter ofA;
        ofA.transactionId = txA;
        ofA.newestFirst = false;
        QCOMPARE(a.since, journal->entries(ofA).value().at(1).at);

        QVERIFY(journal->append(JournalEvent::Verification, kSession, txA, {}));
        QVERIFY(journal->openTransactions().value().empty());
    }

    void receiptLookup()
    {
        auto journal = openOk(m_files.freshPath());
        QVERIFY(journal);
        QVERIFY(!journal->receiptOf(kTx1).value().has_value());
        QVERIFY(journal->append(JournalEvent::Receipt, kSession, kTx1,
                                obj({{QStringLiteral("receiptId"), QStringLiteral("01")}})));
        QVERIFY(journal->append(JournalEvent::Receipt, kSession, kTx2,
                                obj({{QStringLiteral("receiptId"), QStringLiteral("02")}})));
        QVERIFY(journal->append(JournalEvent::Receipt, kSession, kTx1,
                                obj({{QStringLiteral("receiptId"), QStringLiteral("03")}})));
        auto found = journal->receiptOf(kTx1);
        QVERIFY(found && found.value());
        QCOMPARE(found.value()->value(QStringLiteral("receiptId")).toString(), QStringLiteral("03")); // the latest
        QCOMPARE(journal->receiptOf(kTx2).value()->value(QStringLiteral("receiptId")).toString(), QStringLiteral("02"));
        QVERIFY(!journal->receiptOf(QStringLiteral("abcd")).value().has_value());
    }

    void maskedNames_data()
    {
        QTest::addColumn<QString>("given");
        QTest::addColumn<QString>("family");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << QStringLiteral("Anna") << QStringLiteral("Lindqvist")
                               << QStringLiteral("A. L********");
        QTest::newRow("two given names") << QStringLiteral("  Anna  Maria ") << QStringLiteral("Lee")
                                         << QStringLiteral("A. L**");
        QTest::newRow("one letter") << QStringLiteral("J") << QStringLiteral("X") << QStringLiteral("J. X");
        QTest::newRow("no given names") << QString() << QStringLiteral("Madonna") << QStringLiteral("M******");
        QTest::newRow("no family name") << QStringLiteral("Cher") << QString() << QStringLiteral("C.");
        QTest::newRow("nothing") << QString() << QStringLiteral("  ") << QString();
        QTest::newRow("accents") << QStringLiteral("Émile") << QStringLiteral("Żółć") << QStringLiteral("É. Ż***");
        QTest::newRow("combining accent")
            << QStringLiteral("E\u0301mile") << QStringLiteral("Mu\u0308ller") << QStringLiteral("E\u0301. M*****");
        QTest::newRow("outside the BMP") << QStringLiteral("\U0001D49Cb") << QStringLiteral("\U0001D4D1\U0001D4D2c")
                                         << QStringLiteral("\U0001D49C. \U0001D4D1**");
        QTest::newRow("cjk") << QStringLiteral("太郎") << QStringLiteral("山田") << QStringLiteral("太. 山*");
        QTest::newRow("particles") << QStringLiteral("Jan") << QStringLiteral("van der Berg-Smit")
                                   << QStringLiteral("J. v** *** ****-****");
    }

    void maskedNames()
    {
        QFETCH(QString, given);
        QFETCH(QString, family);
        QFETCH(QString, expected);
        QCOMPARE(maskedName(given, family), expected);
    }

    void twoInstancesOnOneFile()
    {
        const QString path = m_files.freshPath();
        auto writer = openOk(path);
        auto reader = openOk(path);
        QVERIFY(writer && reader);
        QVERIFY(writer->append(JournalEvent::StationStarted, {}, {}, {}));
        QCOMPARE(reader->entries({}).value().size(), std::size_t(1));
        QVERIFY(writer->append(JournalEvent::SignOn, kSession, {}, {}));
        QCOMPARE(seqOf(reader->append(JournalEvent::ReceiptPrinted, kSession, kTx1,
                                      obj({{QStringLiteral("copy"), QStringLiteral("shop")}}))),
                 qint64(3));
        QCOMPARE(seqOf(writer->append(JournalEvent::SignOff, kSession, {}, {})), qint64(4));
        QCOMPARE(reader->entries({}).value().size(), std::size_t(4));
        QVERIFY(reader->verifyChain().intact);
        QVERIFY(writer->verifyChain().intact);
    }

    void crashMidAppendIsAtomic()
    {
        const QString path = m_files.freshPath();
        qint64 durable = 0;
        for (int round = 0; round < 6; ++round) {
            QProcess child;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("PERSO_JOURNAL_CHILD"), path);
            child.setProcessEnvironment(env);
            child.start(QCoreApplication::applicationFilePath(), {});
            QVERIFY(child.waitForStarted(10000));
            const int wanted = 3 + round * 7; // kill after a varying number of appends
            QByteArray printed;
            while (printed.count('\n') < wanted) {
                QVERIFY2(child.waitForReadyRead(20000), "child wrote nothing");
                printed += child.readAllStandardOutput();
            }
            ::kill(static_cast<pid_t>(child.processId()), SIGKILL);
            QVERIFY(child.waitForFinished(10000));
            printed += child.readAllStandardOutput();
            const QList<QByteArray> seqs = printed.trimmed().split('\n');
            durable = seqs.last().toLongLong();
            auto journal = openOk(path);
            QVERIFY(journal);
            const ChainCheck check = journal->verifyChain();
            QVERIFY2(check.intact, qPrintable(check.problem));
            QVERIFY(check.rows >= durable);     // every append that returned is there
            QVERIFY(check.rows <= durable + 1); // at most the one in flight, whole
        }
        QVERIFY(durable > 0);
    }
};

int main(int argc, char** argv)
{
    const QString childPath = qEnvironmentVariable("PERSO_JOURNAL_CHILD");
    QCoreApplication app(argc, argv);
    if (!childPath.isEmpty()) {
        return runAppendingChild(childPath);
    }
    TestJournal test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_journal.moc"
