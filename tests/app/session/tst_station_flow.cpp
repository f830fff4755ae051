// SPDX-License-Identifier: Apache-2.0
// The station's whole workflow in process: Station + engine thread + commands over the REAL terminal
// firmware, retailer card and blank SIMs, and the REAL issuer session; journal on disk.

#include "StationHarness.h"

#include "issuer/keys/KeyRing.h"
#include "protocol/wire/Iccid.h"

#include <QtTest>

using namespace perso;
using namespace perso::station;
using namespace perso::station::test;
using issuer::test::customer;
using issuer::test::iccidDigitsOf;

class TestStationFlow : public QObject
{
    Q_OBJECT

private slots:
    void newCardCompletesWithAVerifiedReceipt();
    void secondCustomerThenModifyInTheSameSignOn();
    void underageCustomerIsDeclined();
    void wrongRetailerPinCountsTries();
    void blockedRetailerCard();
    void badHostCryptogramIsASecurityAlert();
    void cardPulledMidRunFailsTheCard();
    void cancelBeforeThePackage();
    void cancelBetweenSteps();
    void cancelDuringKeypadAsksForTheKeypad();
    void linkDroppedMidSessionSignsOff();
    void secondCommandWhileBusyIsRefused();
};

void TestStationFlow::newCardCompletesWithAVerifiedReceipt()
{
    StationHarness h;
    QSignalSpy signedOn(h.station.get(), &Station::signedOn);
    QSignalSpy progress(h.station.get(), &Station::progressChanged);
    QSignalSpy cards(h.station.get(), &Station::cardDetected);
    QStringList order; // the status strip must show the customer's card while the personalisation runs
    connect(h.station.get(), &Station::terminalChanged, this, [&order](const TerminalInfo& terminal) {
        if (terminal.slot == SlotContent::CustomerCard && !order.contains(QStringLiteral("slot")))
            order << QStringLiteral("slot");
    });
    connect(h.station.get(), &Station::completed, this, [&order] { order << QStringLiteral("completed"); });
    QVERIFY(h.signOn());
    QCOMPARE(signedOn.size(), 1);
    const auto info = h.station->signOnInfo();
    QVERIFY(info.has_value());
    QCOMPARE(info->retailerId, QStringLiteral("R1"));
    QCOMPARE(info->shopId, issuer::test::kShop);
    QCOMPARE(info->retailerDisplayName, QStringLiteral("Corner Phones"));
    QCOMPARE(info->sessionId.size(), 32);

    const auto decision = h.assess(customer());
    QVERIFY(decision.has_value());
    QCOMPARE(decision->decision, wire::Decision::Approved);
    QVERIFY(h.waitForPhase(StationPhase::Assessed));

    const auto done = h.personalise(1);
    QVERIFY2(done.has_value(), h.failures->isEmpty() ? "no outcome" : qPrintable(h.nextFailure()->detail));
    QVERIFY(h.waitForPhase(StationPhase::Completed));
    QCOMPARE(done->iccid, iccidDigitsOf(1));
    QCOMPARE(done->msisdn, QStringLiteral("447700900001"));
    QCOMPARE(done->maskedCustomerName, maskedName(QStringLiteral("Ada"), QStringLiteral("Lovelace")));
    QCOMPARE(done->transactionId.size(), 32);
    QCOMPARE(cards.size(), 1);
    QCOMPARE(cards.at(0).at(0).value<CardInfo>().iccid, iccidDigitsOf(1));
    // The status strip's slot followed the customer's card while the idle poll was paused.
    QCOMPARE(order.mid(0, 2), (QStringList{QStringLiteral("slot"), QStringLiteral("completed")}));
    // Progress: one report per step, the last one at total with a label.
    QVERIFY(progress.size() >= 3);
    const auto last = progress.last().at(0).value<ProgressInfo>();
    QCOMPARE(last.step, last.total);
    // The receipt verifies with the issuer's public key.
    auto signedBytes = wire::receiptSignedBytes(done->receipt);
    QVERIFY(signedBytes.ok());
    QVERIFY(issuer::KeyRing::verifySignature(h.issuerSide.keys->signingPublicKeyPem(), view(signedBytes.value()),
                                             view(done->receipt.signature)));
    QCOMPARE(done->receipt.msisdn, done->msisdn);
    if (!done->receiptPdfPath.isEmpty())
        QVERIFY(QFile::exists(done->receiptPdfPath));
    QCOMPARE(h.station->lastCompletion()->msisdn, done->msisdn);

    // Journal: rows in order, chain intact.
    const std::vector<JournalEvent> expected{JournalEvent::StationStarted,   JournalEvent::SignOn,
                                             JournalEvent::DetailsSubmitted, JournalEvent::Decision,
                                             JournalEvent::CardSelected,     JournalEvent::PackageRequested,
                                             JournalEvent::PackageFetched,   JournalEvent::ResultSubmitted,
                                             JournalEvent::Verification,     JournalEvent::Receipt};
    QCOMPARE(h.journalEvents(), expected);
    auto journal = Journal::open(h.config.journalPath);
    QVERIFY(journal.ok());
    QVERIFY(journal.value()->verifyChain().intact);
    auto open = journal.value()->openTransactions();
    QVERIFY(open.ok());
    QVERIFY(open.value().empty());
    // Never the ID number, the date of birth or the full name in the journal.
    for (const auto& row : h.journalRows()) {
        const QString text = QString::fromUtf8(QJsonDocument(row.data).toJson(QJsonDocument::Compact));
        QVERIFY2(!text.contains(QStringLiteral("P1234567")), qPrintable(text));
        QVERIFY2(!text.contains(QStringLiteral("Lovelace")), qPrintable(text));
        QVERIFY2(!text.contains(QStringLiteral("1990-12-10")), qPrintable(text));
        QVERIFY2(!text.contains(QLatin1String(FirmwareTerminalLink::kCustomerPin)), qPrintable(text));
    }
    // The issuer recorded the card as verified.
    QCOMPARE(h.issuerSide.store.cards.at(iccidDigitsOf(1)).state, issuer::CardState::Verified);

    // Next customer keeps the sign-on; sign-off ends it.
    h.station->nextCustomer();
    QVERIFY(h.waitForPhase(StationPhase::SignedOn));
    QSignalSpy off(h.station.get(), &Station::signedOff);
    h.station->signOff();
    QVERIFY(h.waitForPhase(StationPhase::SignedOff));
    QTRY_COMPARE(off.size(), 1);
    QCOMPARE(h.journalEvents().back(), JournalEvent::SignOff);
    QVERIFY(!h.station->signOnInfo().has_value());
}

void TestStationFlow::secondCustomerThenModifyInTheSameSignOn()
{
    StationHarness h;
    QVERIFY(h.signOn());
    QVERIFY(h.assess(customer()).has_value());
    const auto one = h.personalise(1);
    QVERIFY(one.has_value());
    h.station->nextCustomer();
    QVERIFY(h.waitForPhase(StationPhase::SignedOn));

    const auto second = h.assess(customer(QStringLiteral("Q7654321")));
    QVERIFY(second.has_value());
    QCOMPARE(second->decision, wire::Decision::Approved);
    const auto two = h.personalise(2);
    QVERIFY2(two.has_value(), h.failures->isEmpty() ? "no outcome" : qPrintable(h.nextFailure()->detail));
    QCOMPARE(two->msisdn, QStringLiteral("447700900002"));
    h.station->nextCustomer();
    QVERIFY(h.waitForPhase(StationPhase::SignedOn));

    // The first customer modifies card 1: same MSISDN.
    const auto again = h.assess(customer(), wire::Operation::Modify);
    QVERIFY(again.has_value());
    QCOMPARE(again->operation, wire::Operation::Modify);
    const auto modified = h.personalise(1);
    QVERIFY(modified.has_value());
    QVERIFY(modified->modification);
    QCOMPARE(modified->msisdn, one->msisdn);
    QCOMPARE(h.issuerLink_->requestsOf(wire::MessageType::SignOnRequest), 1);
}

void TestStationFlow::underageCustomerIsDeclined()
{
    StationHarness h;
    QVERIFY(h.signOn());
    auto child = customer(QStringLiteral("C1111111"));
    child.dateOfBirth = QDate(2016, 5, 1);
    const auto decision = h.assess(child);
    QVERIFY(decision.has_value());
    QCOMPARE(decision->decision, wire::Decision::Declined);
    QVERIFY(decision->reasonCode >= 101 && decision->reasonCode <= 106);
    QVERIFY(h.waitForPhase(StationPhase::Assessed));
    // No card for a declined customer.
    h.station->personalise();
    const auto error = h.nextFailure();
    QVERIFY(error.has_value());
    QCOMPARE(error->kind, StationErrorKind::Declined);
    QCOMPARE(error->reasonCode, decision->reasonCode);
    QCOMPARE(h.issuerLink_->requestsOf(wire::MessageType::PackageRequest), 0);
}

void TestStationFlow::wrongRetailerPinCountsTries()
{
    StationHarness h;
    QVERIFY(h.waitForPhase(StationPhase::SignedOff));
    h.terminal->setRetailerPin("9999");
    h.terminal->insertRetailerCard();
    h.station->signOn();
    const auto error = h.nextFailure();
    QVERIFY(error.has_value());
    QCOMPARE(error->kind, StationErrorKind::RetailerPinWrong);
    QVERIFY(error->triesLeft >= 0);
    const int tries = error->triesLeft;
    QVERIFY(h.waitForPhase(StationPhase::SignedOff));
    h.station->signOn();
    const auto again = h.nextFailure();
    QVERIFY(again.has_value());
    QCOMPARE(again->triesLeft, tries - 1);
    QCOMPARE(h.issuerLink_->requestsOf(wire::MessageType::SignOnRequest), 0);
    QCOMPARE(h.journalEvents().back(), JournalEvent::SignOnFailed);
}

void TestStationFlow::blockedRetailerCard()
{
    StationHarness h;
    QVERIFY(h.waitForPhase(StationPhase::SignedOff));
    h.terminal->setRetailerPin("9999");
    h.terminal->insertRetailerCard();
    std::optional<StationError> error;
    for (int i = 0; i < 10; ++i) {
        QVERIFY(h.waitForPhase(StationPhase::SignedOff));
        h.station->signOn();
        error = h.nextFailure();
        QVERIFY(error.has_value());
        if (error->kind != StationErrorKind::RetailerPinWrong)
            break;
    }
    QCOMPARE(error->kind, StationErrorKind::RetailerCardBlocked);
    // The right PIN does not help any more.
    h.terminal->setRetailerPin(tt::kRetailerPin);
    QVERIFY(h.waitForPhase(StationPhase::SignedOff));
    h.station->signOn();
    QCOMPARE(h.nextFailure()->kind, StationErrorKind::RetailerCardBlocked);
}

void TestStationFlow::badHostCryptogramIsASecurityAlert()
{
    StationHarness h;
    h.issuerLink_->flipExternalAuthenticate(true);
    QVERIFY(h.waitForPhase(StationPhase::SignedOff));
    h.terminal->insertRetailerCard();
    h.station->signOn();
    const auto error = h.nextFailure();
    QVERIFY(error.has_value());
    QCOMPARE(error->kind, StationErrorKind::IssuerAuthentication);
    QVERIFY(isSecurityAlert(*error));
    QVERIFY(h.waitForPhase(StationPhase::SignedOff));
    QVERIFY(h.terminal->endSessions() >= 1);
    QCOMPARE(h.issuerLink_->requestsOf(wire::MessageType::AssessmentRequest), 0);
}

void TestStationFlow::cardPulledMidRunFailsTheCard()
{
    StationHarness h;
    QVERIFY(h.signOn());
    QVERIFY(h.assess(customer()).has_value());
    h.terminal->setBeforeStep([](int step, terminal::SecureTerminal& t) {
        if (step == 4)
            t.removeCard();
    });
    QVERIFY(!h.personalise(1).has_value());
    const auto error = h.nextFailure();
    QVERIFY(error.has_value());
    QCOMPARE(error->kind, StationErrorKind::CardPulled);
    QVERIFY(error->reasonCode != 0);
    QCOMPARE(h.issuerSide.store.cards.at(iccidDigitsOf(1)).state, issuer::CardState::Void);
    const auto events = h.journalEvents();
    QVERIFY(std::find(events.begin(), events.end(), JournalEvent::Verification) != events.end());
    QCOMPARE(events.back(), JournalEvent::Error);
    // Still signed on: the next card works.
    h.terminal->setBeforeStep({});
    QVERIFY(h.waitForPhase(StationPhase::Assessed));
    QVERIFY(h.personalise(2).has_value());
}

void TestStationFlow::cancelBeforeThePackage()
{
    StationHarness h;
    QVERIFY(h.signOn());
    QVERIFY(h.assess(customer()).has_value());
    h.station->personalise();
    QVERIFY(h.waitForPhase(StationPhase::AwaitingCard));
    h.station->cancel();
    const auto error = h.nextFailure();
    QVERIFY(error.has_value());
    QCOMPARE(error->kind, StationErrorKind::Cancelled);
    QVERIFY(h.waitForPhase(StationPhase::Assessed));
    QCOMPARE(h.issuerLink_->requestsOf(wire::MessageType::PackageRequest), 0);
    const auto events = h.journalEvents();
    QVERIFY(std::find(events.begin(), events.end(), JournalEvent::Cancelled) != events.end());
}

void TestStationFlow::cancelBetweenSteps()
{
    StationHarness h;
    QVERIFY(h.signOn());
    QVERIFY(h.assess(customer()).has_value());
    Station* station = h.station.get();
    h.terminal->setBeforeStep([station](int step, terminal::SecureTerminal&) {
        if (step == 3)
            station->cancel(); // thread-safe: only sets the engine's token
    });
    QVERIFY(!h.personalise(1).has_value());
    const auto error = h.nextFailure();
    QVERIFY(error.has_value());
    QCOMPARE(error->kind, StationErrorKind::Cancelled);
    // The issuer recorded the transaction failed and the card void.
    QCOMPARE(h.issuerLink_->requestsOf(wire::MessageType::ResultSubmission), 1);
    QCOMPARE(h.issuerSide.store.cards.at(iccidDigitsOf(1)).state, issuer::CardState::Void);
    auto journal = Journal::open(h.config.journalPath);
    QVERIFY(journal.ok());
    QVERIFY(journal.value()->openTransactions().value().empty());
}

void TestStationFlow::cancelDuringKeypadAsksForTheKeypad()
{
    StationHarness h;
    QVERIFY(h.signOn());
    QVERIFY(h.assess(customer()).has_value());
    h.terminal->setKeypadAction(KeypadAction::Hold);
    QSignalSpy prompts(h.station.get(), &Station::keypadPrompt);
    QSignalSpy howTo(h.station.get(), &Station::cancelRequested);
    h.station->personalise();
    QVERIFY(h.waitForPhase(StationPhase::AwaitingCard));
    h.terminal->insertSim(h.blankSim(1));
    QVERIFY(h.waitForPhase(StationPhase::AwaitingKeypad, 30000));
    QTRY_VERIFY(h.terminal->waitingOnKeypad());
    QVERIFY(!prompts.isEmpty());
    h.station->cancel();
    QCOMPARE(howTo.size(), 1);
    h.terminal->releaseKeypad(KeypadAction::Cancel);
    const auto error = h.nextFailure(30000);
    QVERIFY(error.has_value());
    QCOMPARE(error->kind, StationErrorKind::Cancelled);
    QCOMPARE(h.issuerSide.store.cards.at(iccidDigitsOf(1)).state, issuer::CardState::Void);
}

void TestStationFlow::linkDroppedMidSessionSignsOff()
{
    StationHarness h;
    QVERIFY(h.signOn());
    QSignalSpy off(h.station.get(), &Station::signedOff);
    h.issuerLink_->dropBefore(wire::MessageType::AssessmentRequest);
    h.station->submitCustomer(customer(), wire::Operation::New);
    const auto error = h.nextFailure();
    QVERIFY(error.has_value());
    QCOMPARE(error->kind, StationErrorKind::IssuerOffline);
    QVERIFY(h.waitForPhase(StationPhase::SignedOff));
    QTRY_COMPARE(off.size(), 1);
    QVERIFY(h.terminal->endSessions() >= 1);
    // The link comes back by itself (reconnect while idle); a new sign-on works.
    QTRY_COMPARE_WITH_TIMEOUT(h.station->issuerLinkState(), LinkState::Online, 10000);
    QVERIFY(h.signOn());
    QVERIFY(h.assess(customer()).has_value());
}

void TestStationFlow::secondCommandWhileBusyIsRefused()
{
    StationHarness h;
    QVERIFY(h.signOn());
    QVERIFY(h.assess(customer()).has_value());
    h.station->personalise();
    QVERIFY(h.waitForPhase(StationPhase::AwaitingCard));
    h.station->signOff();
    const auto error = h.nextFailure();
    QVERIFY(error.has_value());
    QCOMPARE(error->kind, StationErrorKind::TerminalBusy);
    QCOMPARE(h.station->phase(), StationPhase::AwaitingCard);
    h.station->cancel();
    QCOMPARE(h.nextFailure()->kind, StationErrorKind::Cancelled);
}

QTEST_MAIN(TestStationFlow)
#include "tst_station_flow.moc"
