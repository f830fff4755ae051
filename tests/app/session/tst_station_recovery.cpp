// SPDX-License-Identifier: Apache-2.0
// Restart recovery: transactions the journal left open are reconciled with the issuer after the next
// sign-on (finished / voided / unused) and closed in the journal.

#include "StationHarness.h"

#include "protocol/wire/Iccid.h"

#include <QtTest>

using namespace perso;
using namespace perso::station;
using namespace perso::station::test;
using issuer::test::customer;
using issuer::test::iccidDigitsOf;

class TestStationRecovery : public QObject
{
    Q_OBJECT

private slots:
    void openTransactionsAreReconciledAfterSignOn();
    void resultLostWithTheLinkIsVoidedAfterRestart();
    void journalThatCannotOpenRefusesSignOn();
};

namespace {

Bytes txOf(std::uint8_t n)
{
    return Bytes(16, n);
}

QString hex(const Bytes& bytes)
{
    return QString::fromStdString(toHex(bytes)).toLower();
}

QList<RecoveryInfo> recoveredAfterSignOn(StationHarness& h)
{
    QSignalSpy recovered(h.station.get(), &Station::recovered);
    if (!h.signOn() || !h.assess(customer()) || (recovered.isEmpty() && !recovered.wait(5000))) {
        if (auto error = h.nextFailure(100))
            qWarning("recovery: %s", qPrintable(error->detail));
        return {};
    }
    return recovered.at(0).at(0).value<QList<RecoveryInfo>>();
}

const RecoveryInfo* find(const QList<RecoveryInfo>& outcomes, const Bytes& tx)
{
    for (const auto& outcome : outcomes)
        if (outcome.transactionId == hex(tx))
            return &outcome;
    return nullptr;
}

} // namespace

void TestStationRecovery::openTransactionsAreReconciledAfterSignOn()
{
    StationHarness h;
    QVERIFY(h.waitForPhase(StationPhase::SignedOff));
    h.station.reset(); // the station "crashed" after three PackageRequested rows

    // The issuer's view: tx 1 verified (with a signed receipt), tx 2 failed unverified, tx 3 never seen.
    wire::Receipt receipt;
    receipt.receiptId = Bytes(16, 0x77);
    receipt.iccid = issuer::test::iccidBytes(1);
    receipt.msisdn = QStringLiteral("447700900001");
    receipt.issuedAt = issuer::test::kStart;
    receipt.shopId = issuer::test::kShop;
    receipt.signature = h.issuerSide.keys->sign(view(wire::receiptSignedBytes(receipt).value())).value();
    issuer::TransactionRecord verified;
    verified.transactionId = txOf(1);
    verified.state = wire::TransactionState::Verified;
    verified.iccid = iccidDigitsOf(1);
    verified.shopId = issuer::test::kShop;
    verified.terminalId = issuer::test::kTerminalId;
    verified.msisdn = receipt.msisdn;
    verified.receipt = wire::encodeReceipt(receipt).value();
    h.issuerSide.store.transactions[txOf(1)] = verified;
    issuer::TransactionRecord failed = verified;
    failed.transactionId = txOf(2);
    failed.state = wire::TransactionState::FailedUnverified;
    failed.iccid = iccidDigitsOf(2);
    failed.receipt.reset();
    failed.failingStep = 3;
    h.issuerSide.store.transactions[txOf(2)] = failed;
    {
        auto journal = Journal::open(h.config.journalPath);
        QVERIFY(journal.ok());
        for (std::uint8_t n = 1; n <= 3; ++n) {
            QVERIFY(journal.value()
                        ->append(JournalEvent::CardSelected, hex(Bytes(16, 0xAB)), hex(txOf(n)),
                                 QJsonObject{{QStringLiteral("iccid"), iccidDigitsOf(n)}})
                        .ok());
            QVERIFY(journal.value()
                        ->append(JournalEvent::PackageRequested, hex(Bytes(16, 0xAB)), hex(txOf(n)),
                                 QJsonObject{{QStringLiteral("iccid"), iccidDigitsOf(n)}})
                        .ok());
        }
        QCOMPARE(journal.value()->openTransactions().value().size(), std::size_t(3));
    }

    h.makeStation();
    const auto outcomes = recoveredAfterSignOn(h);
    QCOMPARE(outcomes.size(), 3);
    QCOMPARE(find(outcomes, txOf(1))->resolution, QStringLiteral("finished"));
    QCOMPARE(find(outcomes, txOf(1))->issuerState, wire::TransactionState::Verified);
    QCOMPARE(find(outcomes, txOf(2))->resolution, QStringLiteral("voided"));
    QCOMPARE(find(outcomes, txOf(3))->resolution, QStringLiteral("unused"));
    QCOMPARE(find(outcomes, txOf(3))->issuerState, wire::TransactionState::Unknown);
    QVERIFY(h.waitForPhase(StationPhase::Assessed));

    auto journal = Journal::open(h.config.journalPath);
    QVERIFY(journal.ok());
    QVERIFY(journal.value()->openTransactions().value().empty());
    QVERIFY(journal.value()->verifyChain().intact);
    auto kept = journal.value()->receiptOf(hex(txOf(1)));
    QVERIFY(kept.ok());
    QVERIFY(kept.value().has_value());
    QCOMPARE(kept.value()->value(QStringLiteral("msisdn")).toString(), receipt.msisdn);

    // A second sign-on has nothing left to recover.
    QSignalSpy again(h.station.get(), &Station::recovered);
    h.station->signOff();
    QVERIFY(h.waitForPhase(StationPhase::SignedOff));
    QVERIFY(h.signOn());
    QVERIFY(h.assess(customer()).has_value());
    QCOMPARE(again.size(), 0);
}

void TestStationRecovery::resultLostWithTheLinkIsVoidedAfterRestart()
{
    StationHarness h;
    QVERIFY(h.signOn());
    QVERIFY(h.assess(customer()).has_value());
    h.issuerLink_->dropBefore(wire::MessageType::ResultSubmission);
    QVERIFY(!h.personalise(1).has_value());
    const auto error = h.nextFailure();
    QVERIFY(error.has_value());
    QCOMPARE(error->kind, StationErrorKind::IssuerOffline);
    QVERIFY(h.waitForPhase(StationPhase::SignedOff));
    {
        auto journal = Journal::open(h.config.journalPath);
        QVERIFY(journal.ok());
        QCOMPARE(journal.value()->openTransactions().value().size(), std::size_t(1));
    }

    h.makeStation(); // restart
    const auto outcomes = recoveredAfterSignOn(h);
    QCOMPARE(outcomes.size(), 1);
    QCOMPARE(outcomes.at(0).iccid, iccidDigitsOf(1));
    QCOMPARE(outcomes.at(0).resolution, QStringLiteral("voided"));
    auto journal = Journal::open(h.config.journalPath);
    QVERIFY(journal.ok());
    QVERIFY(journal.value()->openTransactions().value().empty());
}

void TestStationRecovery::journalThatCannotOpenRefusesSignOn()
{
    StationHarness h;
    QVERIFY(h.waitForPhase(StationPhase::SignedOff));
    h.station.reset();
    h.config.journalPath = h.dir.filePath(QStringLiteral("no-such-dir/deeper/journal.sqlite"));
    QFile blocker(h.dir.filePath(QStringLiteral("no-such-dir")));
    QVERIFY(blocker.open(QIODevice::WriteOnly)); // a file where the directory should be
    blocker.close();
    h.makeStation();
    const auto error = h.nextFailure();
    QVERIFY(error.has_value());
    QCOMPARE(error->kind, StationErrorKind::Journal);
    QVERIFY(h.waitForPhase(StationPhase::SignedOff));
    h.terminal->insertRetailerCard();
    h.station->signOn();
    QCOMPARE(h.nextFailure()->kind, StationErrorKind::Journal);
    QCOMPARE(h.issuerLink_->requestsOf(wire::MessageType::SignOnRequest), 0);
}

QTEST_MAIN(TestStationRecovery)
#include "tst_station_recovery.moc"
