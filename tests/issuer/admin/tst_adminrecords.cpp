// SPDX-License-Identifier: Apache-2.0
// perso-admin transactions, receipts, the subscriber export and the audit chain, through the real
// executable. A verified personalisation is put into the store directly (as the session would).

#include "AdminProcess.h"
#include "issuer/keys/KeyRing.h"
#include "issuer/storage/SqlStore.h"
#include "protocol/wire/Iccid.h"
#include "protocol/wire/Receipt.h"

#include <botan/rfc3394.h>
#include <botan/symkey.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace perso;
using namespace perso::issuer;
using namespace perso::issuer::admin::test;

namespace {

bool writeFile(const QString& path, const QByteArray& content, QFileDevice::Permissions permissions)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        return false;
    file.close();
    return file.setPermissions(permissions);
}

const QFileDevice::Permissions kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

} // namespace

class TestAdminRecords : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_home;
    QString m_iccid;
    QString m_msisdn;
    Bytes m_transactionId = Bytes(16, 0x7A);
    SecureBytes m_kiOpc;

    AdminRun admin(const QStringList& args) { return runAdminProcess(m_home, args); }
    QString path(const QString& name) const { return m_dir.filePath(name); }
    QString database() const { return QDir(m_home).filePath(QStringLiteral("issuer.db")); }
    KeyRing keys() const
    {
        IssuerResult<KeyRing> ring = KeyRing::load(KeyRingPaths{QDir(m_home).filePath(QStringLiteral("keys"))});
        if (!ring)
            qFatal("key ring: %s", qPrintable(ring.error().message));
        return std::move(ring).value();
    }
    Bytes signedReceipt(const QString& msisdn, bool tamper) const
    {
        wire::Receipt receipt;
        receipt.receiptId = Bytes(16, 0x11);
        receipt.iccid = wire::iccidFromDigits(m_iccid).value();
        receipt.msisdn = msisdn;
        receipt.issuedAt = 1'790'000'000;
        receipt.shopId = QStringLiteral("acme-1");
        receipt.signature = keys().sign(view(wire::receiptSignedBytes(receipt).value())).value();
        if (tamper)
            receipt.msisdn = QStringLiteral("447700900999");
        return wire::encodeReceipt(receipt).value();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_home = path(QStringLiteral("home"));
        const QList<QStringList> setup{
            {QStringLiteral("init")},
            {QStringLiteral("retailer"), QStringLiteral("add"), QStringLiteral("--id"), QStringLiteral("acme"),
             QStringLiteral("--name"), QStringLiteral("Acme")},
            {QStringLiteral("shop"), QStringLiteral("add"), QStringLiteral("--id"), QStringLiteral("acme-1"),
             QStringLiteral("--retailer"), QStringLiteral("acme")},
            {QStringLiteral("terminal"), QStringLiteral("register"), QStringLiteral("--id"), QStringLiteral("T-1"),
             QStringLiteral("--shop"), QStringLiteral("acme-1")},
            {QStringLiteral("pool"), QStringLiteral("add"), QStringLiteral("--kind"), QStringLiteral("imsi"),
             QStringLiteral("--first"), QStringLiteral("001010000000001"), QStringLiteral("--count"),
             QStringLiteral("5")},
            {QStringLiteral("pool"), QStringLiteral("add"), QStringLiteral("--kind"), QStringLiteral("msisdn"),
             QStringLiteral("--first"), QStringLiteral("447700900000"), QStringLiteral("--count"), QStringLiteral("5")},
            {QStringLiteral("batch"), QStringLiteral("create"), QStringLiteral("--id"), QStringLiteral("B1"),
             QStringLiteral("--count"), QStringLiteral("2"), QStringLiteral("--iccid-prefix"),
             QStringLiteral("8900101"), QStringLiteral("--out"), path(QStringLiteral("sims"))}};
        for (const QStringList& args : setup) {
            const AdminRun run = admin(args);
            QVERIFY2(run.exitCode == 0, qPrintable(args.join(u' ') + QStringLiteral(": ") + run.err));
        }

        // A verified personalisation, written as the issuer's session would.
        const KeyRing ring = keys();
        StoreConfig config;
        config.sqlitePath = database();
        IssuerResult<std::unique_ptr<SqlStore>> opened = SqlStore::open(config);
        QVERIFY2(opened.ok(), opened.ok() ? "" : qPrintable(opened.error().message));
        SqlStore& store = *opened.value();
        const Timestamp now = 1'790'000'000;
        IssuerResult<std::vector<CardRecord>> cards = store.listCards(CardFilter{});
        QVERIFY(cards.ok() && cards.value().size() == 2);
        m_iccid = cards.value().front().iccid;
        SubscriberRecord subscriber;
        subscriber.customerReference = QStringLiteral("cust-1");
        subscriber.customerKey = ring.customerKey(1, QStringLiteral("P1234567"));
        subscriber.sealedDetails = ring.sealPersonalData(fromHex("a0"), fromHex("00")).value();
        subscriber.decision = wire::Decision::Approved;
        subscriber.shopId = QStringLiteral("acme-1");
        subscriber.createdAt = now;
        QVERIFY(store.addSubscriber(subscriber).ok());
        AllocationRequest request{m_transactionId,          Bytes(16, 0x5E),          wire::Operation::New,  m_iccid,
                                  QStringLiteral("cust-1"), QStringLiteral("acme-1"), QStringLiteral("T-1"), now};
        IssuerResult<Allocation> allocation = store.allocate(request);
        QVERIFY2(allocation.ok(), allocation.ok() ? "" : qPrintable(allocation.error().message));
        m_msisdn = allocation.value().transaction.msisdn;
        m_kiOpc = secureFromHex("000102030405060708090a0b0c0d0e0f"
                                "f0e0d0c0b0a090807060504030201000");
        CardProfileRecord profile{m_iccid,
                                  allocation.value().transaction.imsi,
                                  m_msisdn,
                                  QStringLiteral("Retail Perso"),
                                  QStringLiteral("basic"),
                                  ring.wrapCardSecrets(m_kiOpc).value(),
                                  ring.currentMasterKeyVersion(),
                                  1,
                                  now};
        QVERIFY(store.recordPackage(view(m_transactionId), fromHex("01020304"), profile, now).ok());
        TransactionOutcome outcome;
        outcome.transactionId = m_transactionId;
        outcome.state = wire::TransactionState::Verified;
        outcome.receipt = signedReceipt(m_msisdn, false);
        outcome.now = now + 5;
        const IssuerStatus finished = store.finishTransaction(outcome);
        QVERIFY2(finished.ok(), finished.ok() ? "" : qPrintable(finished.error().message));
    }

    void transactions()
    {
        const AdminRun list = admin({QStringLiteral("transactions"), QStringLiteral("list"), QStringLiteral("--json")});
        QVERIFY2(list.exitCode == 0, qPrintable(list.err));
        const QJsonArray rows = QJsonDocument::fromJson(list.out.toUtf8()).array();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.at(0).toObject().value(QStringLiteral("state")).toString(), QStringLiteral("verified"));
        QCOMPARE(rows.at(0).toObject().value(QStringLiteral("iccid")).toString(), m_iccid);
        const AdminRun failed = admin({QStringLiteral("transactions"), QStringLiteral("list"),
                                       QStringLiteral("--state"), QStringLiteral("failed"), QStringLiteral("--json")});
        QCOMPARE(QJsonDocument::fromJson(failed.out.toUtf8()).array().size(), 0);
        const AdminRun future =
            admin({QStringLiteral("transactions"), QStringLiteral("list"), QStringLiteral("--since"),
                   QStringLiteral("2099-01-01"), QStringLiteral("--json")});
        QCOMPARE(future.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(future.out.toUtf8()).array().size(), 0);
        const QString hex = QString::fromStdString(toHex(m_transactionId));
        const AdminRun show = admin({QStringLiteral("transaction"), QStringLiteral("show"), hex});
        QCOMPARE(show.exitCode, 0);
        QVERIFY(show.out.contains(m_msisdn));
        QVERIFY(show.out.contains(QStringLiteral("verified")));
        QCOMPARE(admin({QStringLiteral("transaction"), QStringLiteral("show"), QString(32, u'0')}).exitCode, 1);
        QCOMPARE(admin({QStringLiteral("transaction"), QStringLiteral("show"), QStringLiteral("zz")}).exitCode, 2);
        QCOMPARE(admin({QStringLiteral("transactions"), QStringLiteral("list"), QStringLiteral("--since"),
                        QStringLiteral("yesterday")})
                     .exitCode,
                 2);
        const AdminRun card = admin({QStringLiteral("card"), QStringLiteral("show"), m_iccid});
        QCOMPARE(card.exitCode, 0);
        QVERIFY(card.out.contains(QStringLiteral("verified")));
        QVERIFY(!card.out.contains(QStringLiteral("000102030405060708090a0b0c0d0e0f")));
    }

    void receiptVerify()
    {
        const QString good = QString::fromStdString(toHex(signedReceipt(m_msisdn, false)));
        const AdminRun ok = admin({QStringLiteral("receipt"), QStringLiteral("verify"), QStringLiteral("--hex"), good});
        QVERIFY2(ok.exitCode == 0, qPrintable(ok.err));
        QVERIFY(ok.out.contains(m_msisdn));
        QVERIFY(ok.out.contains(m_iccid));
        QVERIFY(ok.out.contains(QStringLiteral("valid")));

        const QString file = path(QStringLiteral("receipt.bin"));
        const Bytes bytes = signedReceipt(m_msisdn, false);
        QVERIFY(writeFile(file,
                          QByteArray(reinterpret_cast<const char*>(bytes.data()), static_cast<qsizetype>(bytes.size())),
                          kOwnerOnly));
        QCOMPARE(admin({QStringLiteral("receipt"), QStringLiteral("verify"), file}).exitCode, 0);

        const AdminRun bad = admin({QStringLiteral("receipt"), QStringLiteral("verify"), QStringLiteral("--hex"),
                                    QString::fromStdString(toHex(signedReceipt(m_msisdn, true)))});
        QCOMPARE(bad.exitCode, 1);
        QVERIFY(bad.out.contains(QStringLiteral("INVALID")));
        QVERIFY2(isOneLine(bad.err), qPrintable(bad.err));

        const AdminRun garbage = admin(
            {QStringLiteral("receipt"), QStringLiteral("verify"), QStringLiteral("--hex"), QStringLiteral("a1ff00")});
        QCOMPARE(garbage.exitCode, 1);
        QVERIFY2(isOneLine(garbage.err), qPrintable(garbage.err));
        QCOMPARE(admin({QStringLiteral("receipt"), QStringLiteral("verify")}).exitCode, 2);
        QCOMPARE(
            admin({QStringLiteral("receipt"), QStringLiteral("verify"), file, QStringLiteral("--hex"), good}).exitCode,
            2);
    }

    void exportWrapsSecrets()
    {
        const QString keyFile = path(QStringLiteral("transport.key"));
        const QByteArray keyHex("2b7e151628aed2a6abf7158809cf4f3c");
        QVERIFY(writeFile(keyFile, keyHex + '\n', kOwnerOnly));
        const QString out = path(QStringLiteral("subscribers.csv"));
        const AdminRun run = admin({QStringLiteral("export"), QStringLiteral("subscribers"), QStringLiteral("--out"),
                                    out, QStringLiteral("--transport-key"), keyFile});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QCOMPARE(fileMode(out), 0600u);
        QFile file(out);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().split('\n');
        QCOMPARE(lines.size(), 3); // header, one row, the final newline
        QCOMPARE(lines.at(0), QByteArray("iccid,imsi,msisdn,ki_wrapped,opc_wrapped"));
        const QList<QByteArray> fields = lines.at(1).split(',');
        QCOMPARE(fields.size(), 5);
        QCOMPARE(QString::fromLatin1(fields.at(0)), m_iccid);
        QCOMPARE(QString::fromLatin1(fields.at(2)), m_msisdn);
        const SecureBytes kek = secureFromHex(keyHex.toStdString());
        const Bytes kiWrapped = fromHex(fields.at(3).toStdString());
        const Bytes opcWrapped = fromHex(fields.at(4).toStdString());
        QCOMPARE(kiWrapped.size(), std::size_t(24));
        const SecureBytes ki =
            Botan::rfc3394_keyunwrap(SecureBytes(kiWrapped.begin(), kiWrapped.end()), Botan::SymmetricKey(kek));
        const SecureBytes opc =
            Botan::rfc3394_keyunwrap(SecureBytes(opcWrapped.begin(), opcWrapped.end()), Botan::SymmetricKey(kek));
        QVERIFY(constantTimeEqual(view(ki), ByteView(m_kiOpc.data(), 16)));
        QVERIFY(constantTimeEqual(view(opc), ByteView(m_kiOpc.data() + 16, 16)));
    }

    void exportPlaintextOnlyWhenAsked()
    {
        const QString out = path(QStringLiteral("plain.csv"));
        const AdminRun run = admin({QStringLiteral("export"), QStringLiteral("subscribers"), QStringLiteral("--out"),
                                    out, QStringLiteral("--plaintext-secrets")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QCOMPARE(fileMode(out), 0600u);
        QFile file(out);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray content = file.readAll();
        QVERIFY(content.startsWith("iccid,imsi,msisdn,ki,opc\n"));
        QVERIFY(content.contains(",000102030405060708090a0b0c0d0e0f,f0e0d0c0b0a090807060504030201000\n"));
    }

    void exportErrorsWriteNothing_data()
    {
        QTest::addColumn<QByteArray>("keyContent");
        QTest::addColumn<int>("keyMode"); // 0: no --transport-key
        QTest::addColumn<bool>("plaintext");
        QTest::addColumn<int>("exitCode");
        QTest::newRow("key readable by others") << QByteArray("2b7e151628aed2a6abf7158809cf4f3c") << 0644 << false << 1;
        QTest::newRow("key not hex") << QByteArray("not a key") << 0600 << false << 1;
        QTest::newRow("key wrong length") << QByteArray("2b7e1516") << 0600 << false << 1;
        QTest::newRow("no key, no plaintext") << QByteArray() << 0 << false << 2;
        QTest::newRow("key and plaintext") << QByteArray("2b7e151628aed2a6abf7158809cf4f3c") << 0600 << true << 2;
    }

    void exportErrorsWriteNothing()
    {
        QFETCH(QByteArray, keyContent);
        QFETCH(int, keyMode);
        QFETCH(bool, plaintext);
        QFETCH(int, exitCode);
        const QString keyFile = path(QStringLiteral("bad.key"));
        QFile::remove(keyFile);
        QStringList args{QStringLiteral("export"), QStringLiteral("subscribers"), QStringLiteral("--out"),
                         path(QStringLiteral("bad.csv"))};
        if (keyMode != 0) {
            QVERIFY(
                writeFile(keyFile, keyContent,
                          keyMode == 0600 ? kOwnerOnly : kOwnerOnly | QFileDevice::ReadGroup | QFileDevice::ReadOther));
            args << QStringLiteral("--transport-key") << keyFile;
        }
        if (plaintext)
            args << QStringLiteral("--plaintext-secrets");
        const AdminRun run = admin(args);
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY2(isOneLine(run.err), qPrintable(run.err));
        QVERIFY(!QFileInfo::exists(path(QStringLiteral("bad.csv"))));
    }

    void exportRefusesExistingFile()
    {
        const AdminRun run = admin({QStringLiteral("export"), QStringLiteral("subscribers"), QStringLiteral("--out"),
                                    path(QStringLiteral("plain.csv")), QStringLiteral("--plaintext-secrets")});
        QCOMPARE(run.exitCode, 1);
    }

    void auditShow()
    {
        const AdminRun run = admin({QStringLiteral("audit"), QStringLiteral("show"), QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 0);
        const QJsonArray entries = QJsonDocument::fromJson(run.out.toUtf8()).array();
        QVERIFY(entries.size() >= 8);
        QCOMPARE(entries.at(0).toObject().value(QStringLiteral("kind")).toString(),
                 QStringLiteral("issuer-initialised"));
        QCOMPARE(entries.at(1).toObject().value(QStringLiteral("kind")).toString(), QStringLiteral("retailer-added"));
        QCOMPARE(entries.at(1).toObject().value(QStringLiteral("actor")).toString(), QStringLiteral("admin"));
    }

    // Last: it breaks the chain.
    void auditVerifyDetectsAlteredRow()
    {
        const AdminRun intact = admin({QStringLiteral("audit"), QStringLiteral("verify")});
        QVERIFY2(intact.exitCode == 0, qPrintable(intact.err));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("forge"));
            db.setDatabaseName(database());
            QVERIFY(db.open());
            QSqlQuery query(db);
            QVERIFY(query.exec(QStringLiteral("UPDATE audit_log SET detail = 'forged' WHERE sequence = 3")));
            QCOMPARE(query.numRowsAffected(), 1);
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("forge"));
        const AdminRun broken = admin({QStringLiteral("audit"), QStringLiteral("verify")});
        QCOMPARE(broken.exitCode, 1);
        QVERIFY2(isOneLine(broken.err), qPrintable(broken.err));
        QVERIFY(broken.err.contains(QStringLiteral("sequence 3")));
    }
};

QTEST_GUILESS_MAIN(TestAdminRecords)
#include "tst_adminrecords.moc"
