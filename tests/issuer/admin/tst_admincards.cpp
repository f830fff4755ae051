// SPDX-License-Identifier: Apache-2.0
// perso-admin retailer-card issue|unlock|revoke, batch create and the card listings, through the real
// executable; the card files it writes are opened with the cards library.

#include "AdminProcess.h"
#include "issuer/keys/KeyRing.h"
#include "protocol/apdu/CommandApdu.h"
#include "terminal/cards/Batch.h"
#include "terminal/cards/RetailerCard.h"
#include "terminal/cards/SimCard.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace perso;
using namespace perso::issuer;
using namespace perso::issuer::admin::test;

namespace {

SecureBytes ascii(const QString& digits)
{
    const QByteArray bytes = digits.toLatin1();
    return SecureBytes(bytes.begin(), bytes.end());
}

// EF.KEYS content: C0 01 KVN, C1 ENC, C2 MAC, C3 DEK.
bool parseKeys(const SecureBytes& data, scp03::StaticKeys& keys)
{
    std::size_t at = 0;
    for (const std::uint8_t tag : {0xC0, 0xC1, 0xC2, 0xC3}) {
        if (at + 2 > data.size() || data[at] != tag || at + 2 + data[at + 1] > data.size())
            return false;
        const SecureBytes value(data.begin() + static_cast<std::ptrdiff_t>(at + 2),
                                data.begin() + static_cast<std::ptrdiff_t>(at + 2 + data[at + 1]));
        at += 2 + data[at + 1];
        if (tag == 0xC0)
            keys.keyVersion = value.size() == 1 ? value[0] : 0;
        else
            (tag == 0xC1 ? keys.enc : tag == 0xC2 ? keys.mac : keys.dek) = value;
    }
    return at == data.size();
}

Bytes wrappedBatchKey(const QString& database, const QString& batchId)
{
    Bytes wrapped;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("batch-key"));
        db.setDatabaseName(database);
        if (db.open()) {
            QSqlQuery query(db);
            query.prepare(QStringLiteral("SELECT wrapped_key FROM batches WHERE batch_id = ?"));
            query.addBindValue(batchId);
            if (query.exec() && query.next()) {
                const QByteArray bytes = query.value(0).toByteArray();
                wrapped.assign(bytes.begin(), bytes.end());
            }
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("batch-key"));
    return wrapped;
}

} // namespace

class TestAdminCards : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_home;

    AdminRun admin(const QStringList& args) { return runAdminProcess(m_home, args); }
    QString path(const QString& name) const { return m_dir.filePath(name); }
    KeyRing keys() const
    {
        IssuerResult<KeyRing> ring = KeyRing::load(KeyRingPaths{QDir(m_home).filePath(QStringLiteral("keys"))});
        if (!ring)
            qFatal("key ring: %s", qPrintable(ring.error().message));
        return std::move(ring).value();
    }
    QStringList issueArgs(const QString& serial, const QString& out, const QString& letter,
                          const QString& retailer = QStringLiteral("acme"))
    {
        QStringList args{QStringLiteral("retailer-card"), QStringLiteral("issue"),
                         QStringLiteral("--retailer"),    retailer,
                         QStringLiteral("--shop"),        QStringLiteral("acme-1"),
                         QStringLiteral("--out"),         out,
                         QStringLiteral("--pin-letter"),  letter};
        if (!serial.isEmpty())
            args << QStringLiteral("--serial") << serial;
        return args;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_home = path(QStringLiteral("home"));
        QCOMPARE(admin({QStringLiteral("init")}).exitCode, 0);
        QCOMPARE(admin({QStringLiteral("retailer"), QStringLiteral("add"), QStringLiteral("--id"),
                        QStringLiteral("acme"), QStringLiteral("--name"), QStringLiteral("Acme")})
                     .exitCode,
                 0);
        QCOMPARE(admin({QStringLiteral("retailer"), QStringLiteral("add"), QStringLiteral("--id"),
                        QStringLiteral("other"), QStringLiteral("--name"), QStringLiteral("Other")})
                     .exitCode,
                 0);
        QCOMPARE(admin({QStringLiteral("shop"), QStringLiteral("add"), QStringLiteral("--id"),
                        QStringLiteral("other-1"), QStringLiteral("--retailer"), QStringLiteral("other")})
                     .exitCode,
                 0);
        QCOMPARE(admin({QStringLiteral("shop"), QStringLiteral("add"), QStringLiteral("--id"), QStringLiteral("acme-1"),
                        QStringLiteral("--retailer"), QStringLiteral("acme")})
                     .exitCode,
                 0);
    }

    void retailerCardFileHoldsDerivedKeys()
    {
        const QString card = path(QStringLiteral("r1.card"));
        const QString letter = path(QStringLiteral("r1.letter"));
        const AdminRun run = admin(issueArgs(QStringLiteral("0102030405060708"), card, letter) +
                                   QStringList{QStringLiteral("--key-version"), QStringLiteral("3")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QCOMPARE(fileMode(letter), 0600u);

        QFile letterFile(letter);
        QVERIFY(letterFile.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(letterFile.readAll());
        QVERIFY(text.contains(QStringLiteral("0102030405060708")));
        QVERIFY(text.contains(QStringLiteral("acme-1")));
        QVERIFY(text.contains(QStringLiteral("Destroy this letter")));
        const QRegularExpressionMatch pin = QRegularExpression(QStringLiteral("Retailer PIN: (\\d{6})\\n")).match(text);
        const QRegularExpressionMatch unblock =
            QRegularExpression(QStringLiteral("Unblock code: (\\d{8}) ")).match(text);
        QVERIFY(pin.hasMatch());
        QVERIFY(unblock.hasMatch());

        Result<std::unique_ptr<cards::RetailerCard>> opened = cards::RetailerCard::open(card);
        QVERIFY(opened.ok());
        cards::RetailerCard& retailerCard = *opened.value();
        QCOMPARE(retailerCard.serial(), fromHex("0102030405060708"));
        QCOMPARE(retailerCard.retailerId(), QStringLiteral("acme"));
        retailerCard.powerOn();
        const SecureBytes pinBlock = cards::RetailerCard::pinBlock(ascii(pin.captured(1)));
        QCOMPARE(int(retailerCard.process(CommandApdu(0x00, 0x20, 0x00, 0x01, pinBlock)).sw()), 0x9000);
        QCOMPARE(int(retailerCard.process(CommandApdu(0x00, 0xA4, 0x00, 0x0C, SecureBytes{0x2F, 0x10})).sw()), 0x9000);
        const ResponseApdu read = retailerCard.process(CommandApdu(0x00, 0xB0, 0x00, 0x00, {}, 256));
        QCOMPARE(int(read.sw()), 0x9000);
        scp03::StaticKeys onCard;
        QVERIFY(parseKeys(read.data(), onCard));
        const IssuerResult<scp03::StaticKeys> derived = keys().retailerCardKeys(fromHex("0102030405060708"), 3);
        QVERIFY(derived.ok());
        QCOMPARE(int(onCard.keyVersion), 3);
        QVERIFY(constantTimeEqual(view(onCard.enc), view(derived.value().enc)));
        QVERIFY(constantTimeEqual(view(onCard.mac), view(derived.value().mac)));
        QVERIFY(constantTimeEqual(view(onCard.dek), view(derived.value().dek)));
        QVERIFY(!onCard.enc.empty());
    }

    void retailerCardRandomSerial()
    {
        const QString card = path(QStringLiteral("r2.card"));
        const AdminRun run = admin(issueArgs({}, card, path(QStringLiteral("r2.letter"))));
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        Result<std::unique_ptr<cards::RetailerCard>> opened = cards::RetailerCard::open(card);
        QVERIFY(opened.ok());
        QCOMPARE(opened.value()->serial().size(), cards::RetailerCard::kSerialLength);
        QVERIFY(opened.value()->serial() != fromHex("0102030405060708"));
    }

    void retailerCardErrorsWriteNothing_data()
    {
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("serial");
        QTest::addColumn<QString>("retailer");
        QTest::addColumn<int>("exitCode");
        QTest::newRow("unknown retailer")
            << QStringList{} << QStringLiteral("1111111111111111") << QStringLiteral("nobody") << 1;
        QTest::newRow("serial taken") << QStringList{} << QStringLiteral("0102030405060708") << QStringLiteral("acme")
                                      << 1;
        QTest::newRow("serial not hex") << QStringList{} << QStringLiteral("01020304050607zz") << QStringLiteral("acme")
                                        << 2;
        QTest::newRow("serial too short") << QStringList{} << QStringLiteral("010203") << QStringLiteral("acme") << 2;
        QTest::newRow("key version 0") << QStringList{QStringLiteral("--key-version"), QStringLiteral("0")}
                                       << QStringLiteral("2222222222222222") << QStringLiteral("acme") << 2;
        QTest::newRow("key version 200") << QStringList{QStringLiteral("--key-version"), QStringLiteral("200")}
                                         << QStringLiteral("2222222222222222") << QStringLiteral("acme") << 2;
    }

    void retailerCardErrorsWriteNothing()
    {
        QFETCH(QStringList, extra);
        QFETCH(QString, serial);
        QFETCH(QString, retailer);
        QFETCH(int, exitCode);
        const QString card = path(QStringLiteral("bad.card"));
        const QString letter = path(QStringLiteral("bad.letter"));
        const AdminRun run = admin(issueArgs(serial, card, letter, retailer) + extra);
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY2(isOneLine(run.err), qPrintable(run.err));
        QVERIFY(!QFileInfo::exists(card));
        QVERIFY(!QFileInfo::exists(letter));
    }

    void retailerCardUnknownShopRemovesFiles()
    {
        const QString card = path(QStringLiteral("s.card"));
        const QString letter = path(QStringLiteral("s.letter"));
        QStringList args = issueArgs(QStringLiteral("3333333333333333"), card, letter);
        for (const QString& shop : {QStringLiteral("nowhere"), QStringLiteral("other-1")}) {
            args[5] = shop; // unknown, then another retailer's
            const AdminRun run = admin(args);
            QCOMPARE(run.exitCode, 1);
            QVERIFY2(isOneLine(run.err), qPrintable(run.err));
            QVERIFY(!QFileInfo::exists(card));
            QVERIFY(!QFileInfo::exists(letter));
        }
    }

    void retailerCardExistingOutputRefused()
    {
        const QString card = path(QStringLiteral("existing.card"));
        QFile file(card);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("keep");
        file.close();
        const AdminRun run =
            admin(issueArgs(QStringLiteral("4444444444444444"), card, path(QStringLiteral("e.letter"))));
        QCOMPARE(run.exitCode, 1);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("keep"));
        QVERIFY(!QFileInfo::exists(path(QStringLiteral("e.letter"))));
    }

    void retailerCardRevokeAndUnlock()
    {
        const QStringList revoke{QStringLiteral("retailer-card"), QStringLiteral("revoke"), QStringLiteral("--serial"),
                                 QStringLiteral("0102030405060708")};
        QCOMPARE(admin(revoke).exitCode, 0);
        const AdminRun unknown = admin({QStringLiteral("retailer-card"), QStringLiteral("unlock"),
                                        QStringLiteral("--serial"), QStringLiteral("9999999999999999")});
        QCOMPARE(unknown.exitCode, 1);
        QVERIFY2(isOneLine(unknown.err), qPrintable(unknown.err));
        const AdminRun revokedUnlock = admin({QStringLiteral("retailer-card"), QStringLiteral("unlock"),
                                              QStringLiteral("--serial"), QStringLiteral("0102030405060708")});
        QCOMPARE(revokedUnlock.exitCode, 1); // a revoked card is never active again
        QCOMPARE(admin({QStringLiteral("retailer-card"), QStringLiteral("revoke")}).exitCode, 2);
    }

    void batchOfBlankSims()
    {
        const QString out = path(QStringLiteral("batch-A"));
        const AdminRun run =
            admin({QStringLiteral("batch"), QStringLiteral("create"), QStringLiteral("--id"), QStringLiteral("A"),
                   QStringLiteral("--count"), QStringLiteral("5"), QStringLiteral("--iccid-prefix"),
                   QStringLiteral("8900101"), QStringLiteral("--manufacturer"), QStringLiteral("Test Fab"),
                   QStringLiteral("--out"), out});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        Result<cards::Batch> batch = cards::Batch::open(out);
        QVERIFY(batch.ok());
        QCOMPARE(batch.value().cards().size(), std::size_t(5));
        QCOMPARE(batch.value().manifest().batchId, QStringLiteral("A"));

        const AdminRun listed = admin({QStringLiteral("cards"), QStringLiteral("list"), QStringLiteral("--batch"),
                                       QStringLiteral("A"), QStringLiteral("--json")});
        QCOMPARE(listed.exitCode, 0);
        const QJsonArray records = QJsonDocument::fromJson(listed.out.toUtf8()).array();
        QCOMPARE(records.size(), 5);
        QStringList recorded;
        for (const QJsonValue& record : records) {
            QCOMPARE(record.toObject().value(QStringLiteral("state")).toString(), QStringLiteral("in-stock"));
            recorded << record.toObject().value(QStringLiteral("iccid")).toString();
        }

        for (const cards::StockCard& stock : batch.value().cards()) {
            QCOMPARE(stock.state, cards::StockCard::State::Blank);
            QVERIFY(stock.iccid.startsWith(QStringLiteral("8900101")));
            QCOMPARE(stock.iccid.size(), 19);
            QVERIFY(cards::Iccids::hasValidLuhn(stock.iccid));
            QVERIFY(recorded.contains(stock.iccid));
        }
        // Every blank SIM's ADM1 is KeyRing::admCode of the batch key the store keeps (wrapped).
        const Bytes wrapped = wrappedBatchKey(QDir(m_home).filePath(QStringLiteral("issuer.db")), QStringLiteral("A"));
        QVERIFY(!wrapped.empty());
        const KeyRing ring = keys();
        for (const cards::StockCard& stock : batch.value().cards()) {
            const IssuerResult<SecureBytes> adm = ring.admCode(view(wrapped), stock.iccid);
            QVERIFY(adm.ok());
            Result<std::unique_ptr<cards::SimCard>> sim = cards::SimCard::open(stock.path);
            QVERIFY(sim.ok());
            sim.value()->powerOn();
            QCOMPARE(int(sim.value()->process(CommandApdu(0x00, 0x20, 0x00, 0x0A, adm.value())).sw()), 0x9000);
        }
        // A wrong code is refused, so the check above can fail.
        Result<std::unique_ptr<cards::SimCard>> sim = cards::SimCard::open(batch.value().cards().front().path);
        QVERIFY(sim.ok());
        sim.value()->powerOn();
        QVERIFY(sim.value()->process(CommandApdu(0x00, 0x20, 0x00, 0x0A, ascii(QStringLiteral("00000000")))).sw() !=
                0x9000);
    }

    void batchErrorsWriteNothing_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        const auto create = [](const QString& id, const QString& count, const QString& prefix) {
            return QStringList{QStringLiteral("--id"),           id,    QStringLiteral("--count"), count,
                               QStringLiteral("--iccid-prefix"), prefix};
        };
        QTest::newRow("duplicate id") << create(QStringLiteral("A"), QStringLiteral("2"), QStringLiteral("8900102"))
                                      << 1;
        QTest::newRow("count 0") << create(QStringLiteral("B"), QStringLiteral("0"), QStringLiteral("8900102")) << 2;
        QTest::newRow("count too big") << create(QStringLiteral("B"), QStringLiteral("10001"), QStringLiteral("89001"))
                                       << 2;
        QTest::newRow("prefix letters") << create(QStringLiteral("B"), QStringLiteral("2"), QStringLiteral("89F01"))
                                        << 2;
        QTest::newRow("prefix too long") << create(QStringLiteral("B"), QStringLiteral("2"),
                                                   QStringLiteral("890010100000000"))
                                         << 2;
        QTest::newRow("missing count") << QStringList{QStringLiteral("--id"), QStringLiteral("B"),
                                                      QStringLiteral("--iccid-prefix"), QStringLiteral("8900102")}
                                       << 2;
        QTest::newRow("no room after prefix")
            << create(QStringLiteral("B"), QStringLiteral("10000"), QStringLiteral("89001019999999")) << 1;
    }

    void batchErrorsWriteNothing()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        const QString out = path(QStringLiteral("batch-bad"));
        const AdminRun run =
            admin(QStringList{QStringLiteral("batch"), QStringLiteral("create"), QStringLiteral("--out"), out} + args);
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY2(isOneLine(run.err), qPrintable(run.err));
        QVERIFY(!QFileInfo::exists(out));
        const AdminRun listed = admin({QStringLiteral("cards"), QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(QJsonDocument::fromJson(listed.out.toUtf8()).array().size(), 5);
    }

    void secondBatchContinuesThePrefix()
    {
        const QString out = path(QStringLiteral("batch-C"));
        const AdminRun run =
            admin({QStringLiteral("batch"), QStringLiteral("create"), QStringLiteral("--id"), QStringLiteral("C"),
                   QStringLiteral("--count"), QStringLiteral("2"), QStringLiteral("--iccid-prefix"),
                   QStringLiteral("8900101"), QStringLiteral("--out"), out});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        Result<cards::Batch> batch = cards::Batch::open(out);
        QVERIFY(batch.ok());
        QCOMPARE(batch.value().cards().front().iccid.left(18), QStringLiteral("890010100000000006"));
    }

    void cardShowAndFilters()
    {
        const AdminRun list = admin(
            {QStringLiteral("cards"), QStringLiteral("list"), QStringLiteral("--state"), QStringLiteral("in-stock")});
        QCOMPARE(list.exitCode, 0);
        QCOMPARE(list.out.count(u'\n'), 1 + 7); // header and seven cards
        QVERIFY(list.out.startsWith(QStringLiteral("iccid ")));
        const QString iccid = list.out.split(u'\n').at(1).section(u' ', 0, 0);
        const AdminRun show = admin({QStringLiteral("card"), QStringLiteral("show"), iccid, QStringLiteral("--json")});
        QCOMPARE(show.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(show.out.toUtf8()).object().value(QStringLiteral("iccid")).toString(), iccid);
        QCOMPARE(admin({QStringLiteral("cards"), QStringLiteral("list"), QStringLiteral("--state"),
                        QStringLiteral("verified"), QStringLiteral("--json")})
                     .out.trimmed(),
                 QStringLiteral("[\n]"));
        QCOMPARE(
            admin({QStringLiteral("cards"), QStringLiteral("list"), QStringLiteral("--state"), QStringLiteral("lost")})
                .exitCode,
            2);
        QCOMPARE(
            admin({QStringLiteral("card"), QStringLiteral("show"), QStringLiteral("8900000000000000000")}).exitCode, 1);
        QCOMPARE(admin({QStringLiteral("card"), QStringLiteral("show"), QStringLiteral("89001")}).exitCode, 2);
        QCOMPARE(admin({QStringLiteral("card"), QStringLiteral("show")}).exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestAdminCards)
#include "tst_admincards.moc"
