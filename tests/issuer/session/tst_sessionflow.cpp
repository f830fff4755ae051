// SPDX-License-Identifier: Apache-2.0
// The whole flow against the REAL terminal firmware, retailer card and blank SIMs: sign-on,
// assessment, packages executed on the SIM, verified results with signed receipts; two cards in one
// session; modify; idempotent package requests; forged and foreign results; sign-off and close.
#include "FirmwareStation.h"

#include "protocol/wire/Receipt.h"

#include <QTest>

using namespace perso;
using namespace perso::issuer;
using namespace perso::issuer::test;
using State = IssuerSession::State;

class TestSessionFlow : public QObject
{
    Q_OBJECT

private slots:
    void newCardIsVerifiedWithASignedReceipt();
    void twoCardsInOneSessionThenModify();
    void repeatedPackageRequestReturnsTheSameBytes();
    void forgedResultLeavesTheStateThenTheGenuineVerifies();
    void resultOfAnotherTransactionIsRefused();
    void wrongSimAnswerFailsTheCard();
    void channelClosedNeedsANewSignOn();
    void cardPulledMidPackageFailsTheCard();
    void signOffErasesKeysAndCloses();
    void closedConnectionAbandonsTheOutstandingPackage();
};

void TestSessionFlow::newCardIsVerifiedWithASignedReceipt()
{
    IssuerFixture f;
    FirmwareStation s(f);
    const auto decision = s.signOn();
    QVERIFY(decision.has_value());
    QCOMPARE(decision->decision, wire::Decision::Approved);
    QVERIFY(s.insertBlankSim(1) != nullptr);
    auto package = s.requestPackage(txId(1), decision->customerReference);
    QVERIFY2(package.has_value(), qPrintable(s.wire.errorCode()));
    QCOMPARE(s.session.state(), State::PackageIssued);
    QCOMPARE(f.store.cards.at(iccidDigitsOf(1)).state, CardState::Allocated);
    const Bytes sealed = s.execute(package->package);
    QVERIFY(!sealed.empty());
    auto verdict = s.submit(txId(1), sealed);
    QVERIFY2(verdict.has_value(), qPrintable(s.wire.errorCode()));
    QVERIFY2(verdict->outcome == wire::Outcome::Verified, qPrintable(QStringLiteral("failed at step %1, reason %2")
                                                                         .arg(verdict->failingStep.value_or(0))
                                                                         .arg(verdict->reasonCode.value_or(0))));
    QCOMPARE(verdict->msisdn, std::optional<QString>(QStringLiteral("447700900001")));
    QVERIFY(verdict->receipt.has_value());
    const wire::Receipt& receipt = *verdict->receipt;
    QCOMPARE(receipt.iccid, iccidBytes(1));
    QCOMPARE(receipt.shopId, kShop);
    QCOMPARE(receipt.issuedAt, std::uint64_t(kStart));
    QVERIFY(KeyRing::verifySignature(f.keys->signingPublicKeyPem(), wire::receiptSignedBytes(receipt).value(),
                                     receipt.signature));
    wire::Receipt altered = receipt;
    altered.msisdn = QStringLiteral("447700900099");
    QVERIFY(!KeyRing::verifySignature(f.keys->signingPublicKeyPem(), wire::receiptSignedBytes(altered).value(),
                                      receipt.signature));
    QCOMPARE(s.session.state(), State::Open);
    QCOMPARE(f.store.cards.at(iccidDigitsOf(1)).state, CardState::Verified);
    QCOMPARE(f.store.transactions.at(txId(1)).state, wire::TransactionState::Verified);
    QCOMPARE(f.store.auditCount(QStringLiteral("card-verified")), 1);
    // The stored profile holds Ki/OPc wrapped, 32 bytes once unwrapped.
    QCOMPARE(f.keys->unwrapCardSecrets(f.store.profiles.at(iccidDigitsOf(1)).wrappedSecrets).value().size(),
             std::size_t{32});

    auto status = s.wire.reply<wire::TransactionStatus>(wire::TransactionStatusQuery{txId(1)});
    QVERIFY(status.has_value());
    QCOMPARE(status->state, wire::TransactionState::Verified);
    QCOMPARE(status->receipt, verdict->receipt);
    auto unknown = s.wire.reply<wire::TransactionStatus>(wire::TransactionStatusQuery{txId(77)});
    QVERIFY(unknown.has_value());
    QCOMPARE(unknown->state, wire::TransactionState::Unknown);
}

void TestSessionFlow::twoCardsInOneSessionThenModify()
{
    IssuerFixture f;
    FirmwareStation s(f);
    const auto first = s.signOn();
    QVERIFY(first.has_value());
    QVERIFY(s.insertBlankSim(1) != nullptr);
    auto one = s.personalise(txId(1), first->customerReference);
    QVERIFY2(one.has_value(), qPrintable(s.wire.errorCode()));
    QCOMPARE(one->outcome, wire::Outcome::Verified);

    const auto second = s.assess(customer(QStringLiteral("Q7654321")));
    QVERIFY(second.has_value());
    QCOMPARE(second->decision, wire::Decision::Approved);
    QVERIFY(s.insertBlankSim(2) != nullptr);
    auto two = s.personalise(txId(2), second->customerReference);
    QVERIFY2(two.has_value(), qPrintable(s.wire.errorCode()));
    QCOMPARE(two->outcome, wire::Outcome::Verified);
    QCOMPARE(two->msisdn, std::optional<QString>(QStringLiteral("447700900002")));

    // The first customer comes back: assessed again (same ID document), modifies card 1.
    const auto again = s.assess(customer());
    QVERIFY(again.has_value());
    QCOMPARE(again->decision, wire::Decision::Approved);
    const std::uint64_t sqnBefore = f.store.profiles.at(iccidDigitsOf(1)).sqn;
    QVERIFY(s.insertSim(f.dir.filePath(QStringLiteral("sim-1.card"))) != nullptr);
    auto modified = s.personalise(txId(3), again->customerReference, wire::Operation::Modify);
    QVERIFY2(modified.has_value(), qPrintable(s.wire.errorCode()));
    QCOMPARE(modified->outcome, wire::Outcome::Verified);
    QCOMPARE(modified->msisdn, one->msisdn);
    QCOMPARE(f.store.profiles.at(iccidDigitsOf(1)).sqn, sqnBefore + 1);
    QCOMPARE(f.store.cards.at(iccidDigitsOf(1)).state, CardState::Verified);
    // Another customer may not modify card 2.
    QVERIFY(s.insertSim(f.dir.filePath(QStringLiteral("sim-2.card"))) != nullptr);
    QVERIFY(!s.requestPackage(txId(4), again->customerReference, wire::Operation::Modify).has_value());
    QCOMPARE(s.wire.errorCode(), QStringLiteral("unknown-customer"));
    QCOMPARE(s.session.state(), State::Open);
}

void TestSessionFlow::repeatedPackageRequestReturnsTheSameBytes()
{
    IssuerFixture f;
    FirmwareStation s(f);
    const auto decision = s.signOn();
    QVERIFY(decision.has_value());
    QVERIFY(s.insertBlankSim(1) != nullptr);
    auto first = s.requestPackage(txId(1), decision->customerReference);
    QVERIFY(first.has_value());
    const auto imsisLeft = f.store.freeImsis.size();
    auto second = s.requestPackage(txId(1), decision->customerReference);
    QVERIFY(second.has_value());
    QCOMPARE(second->package, first->package);
    QCOMPARE(f.store.freeImsis.size(), imsisLeft); // nothing allocated again
    // A different transaction while one is outstanding: refused, state unchanged.
    QVERIFY(!s.requestPackage(txId(2), decision->customerReference).has_value());
    QCOMPARE(s.wire.errorCode(), QStringLiteral("unexpected-message"));
    QCOMPARE(s.session.state(), State::PackageIssued);
    // The re-sent bytes execute and verify like the first ones.
    auto verdict = s.submit(txId(1), s.execute(second->package));
    QVERIFY(verdict.has_value());
    QCOMPARE(verdict->outcome, wire::Outcome::Verified);
    // After the transaction ended, its id cannot get a package again.
    QVERIFY(!s.requestPackage(txId(1), decision->customerReference).has_value());
    QVERIFY(!s.wire.errorCode().isEmpty());
}

void TestSessionFlow::forgedResultLeavesTheStateThenTheGenuineVerifies()
{
    IssuerFixture f;
    FirmwareStation s(f);
    const auto decision = s.signOn();
    QVERIFY(decision.has_value());
    QVERIFY(s.insertBlankSim(1) != nullptr);
    auto package = s.requestPackage(txId(1), decision->customerReference);
    QVERIFY(package.has_value());
    const Bytes sealed = s.execute(package->package);
    QVERIFY(sealed.size() > 20);
    Bytes forged = sealed;
    forged[forged.size() - 5] ^= 0x01;
    QVERIFY(!s.submit(txId(1), forged).has_value());
    QCOMPARE(s.wire.errorCode(), QStringLiteral("bad-mac"));
    QCOMPARE(s.session.state(), State::PackageIssued);
    QVERIFY(!s.submit(txId(1), Bytes{0xE2, 0x00}).has_value());
    QCOMPARE(s.session.state(), State::PackageIssued);
    auto verdict = s.submit(txId(1), sealed);
    QVERIFY2(verdict.has_value(), qPrintable(s.wire.errorCode()));
    QCOMPARE(verdict->outcome, wire::Outcome::Verified);
    // Replaying the genuine result now: nothing outstanding any more.
    QVERIFY(!s.submit(txId(1), sealed).has_value());
    QCOMPARE(s.wire.errorCode(), QStringLiteral("unexpected-message"));
}

void TestSessionFlow::resultOfAnotherTransactionIsRefused()
{
    IssuerFixture f;
    FirmwareStation s(f);
    const auto decision = s.signOn();
    QVERIFY(decision.has_value());
    QVERIFY(s.insertBlankSim(1) != nullptr);
    auto package = s.requestPackage(txId(1), decision->customerReference);
    QVERIFY(package.has_value());
    const Bytes sealed = s.execute(package->package);
    QVERIFY(!s.submit(txId(9), sealed).has_value());
    QCOMPARE(s.wire.errorCode(), QStringLiteral("unexpected-message"));
    QVERIFY(!s.wire.reply<wire::ResultVerdict>(wire::ResultSubmission{Bytes(16, 0xAB), txId(1), sealed}).has_value());
    QCOMPARE(s.wire.errorCode(), QStringLiteral("wrong-session"));
    QCOMPARE(s.session.state(), State::PackageIssued);
    QVERIFY(s.submit(txId(1), sealed).has_value());
}

void TestSessionFlow::wrongSimAnswerFailsTheCard()
{
    IssuerFixture f;
    FirmwareStation s(f);
    const auto decision = s.signOn();
    QVERIFY(decision.has_value());
    // A SIM whose ADM is not the batch's: the package stops at the ADM VERIFY.
    const QString path = f.dir.filePath(QStringLiteral("foreign.card"));
    QVERIFY(cards::SimCard::createBlank(path, iccidBytes(1), tt::ascii("00000000")).ok());
    QVERIFY(s.insertSim(path) != nullptr);
    auto verdict = s.personalise(txId(1), decision->customerReference);
    QVERIFY2(verdict.has_value(), qPrintable(s.wire.errorCode()));
    QCOMPARE(verdict->outcome, wire::Outcome::Failed);
    QVERIFY(verdict->failingStep.has_value());
    QCOMPARE(verdict->reasonCode, std::optional<std::uint16_t>(std::uint16_t(VerdictReason::CardStatusFailed)));
    QVERIFY(!verdict->receipt.has_value());
    QCOMPARE(f.store.cards.at(iccidDigitsOf(1)).state, CardState::Void);
    QCOMPARE(s.session.state(), State::Open);
    auto status = s.wire.reply<wire::TransactionStatus>(wire::TransactionStatusQuery{txId(1)});
    QVERIFY(status.has_value());
    QCOMPARE(status->state, wire::TransactionState::Failed);
    QCOMPARE(status->failingStep, verdict->failingStep);
}

void TestSessionFlow::channelClosedNeedsANewSignOn()
{
    IssuerFixture f;
    FirmwareStation s(f);
    const auto decision = s.signOn();
    QVERIFY(decision.has_value());
    QVERIFY(s.insertBlankSim(1) != nullptr);
    auto package = s.requestPackage(txId(1), decision->customerReference);
    QVERIFY(package.has_value());
    // The station alters one wrapped step: the terminal's C-MAC check fails and it closes its channel.
    auto altered = package::PersonalisationPackage::decode(package->package).value();
    altered.steps[3].back() ^= 0x01;
    // Its preflight refuses the package before anything reaches the card.
    QCOMPARE(tt::loadPackage(*s.terminal, altered.encode().value()).sw(), terminal::cmd::sw::kIncorrectSecureMessaging);
    const Bytes sealed = tt::getResult(*s.terminal);
    QVERIFY(!sealed.empty());
    QCOMPARE(sealed.front(), std::uint8_t{0xE3});
    auto verdict = s.submit(txId(1), sealed);
    QVERIFY2(verdict.has_value(), qPrintable(s.wire.errorCode()));
    QCOMPARE(verdict->outcome, wire::Outcome::FailedUnverified);
    QCOMPARE(verdict->reasonCode, std::optional<std::uint16_t>(std::uint16_t(VerdictReason::ChannelClosed)));
    QVERIFY(verdict->failingStep.has_value());
    QCOMPARE(s.session.state(), State::Closed);
    QVERIFY(!s.session.holdsKeys());
    QCOMPARE(f.store.transactions.at(txId(1)).state, wire::TransactionState::FailedUnverified);
    QCOMPARE(f.store.cards.at(iccidDigitsOf(1)).state, CardState::Void);
    // Nothing but a new sign-on now; it works on the same connection and the next card verifies.
    s.wire.send(wire::TransactionStatusQuery{txId(1)});
    QCOMPARE(s.wire.errorCode(), QStringLiteral("unexpected-message"));
    const auto again = s.signOn();
    QVERIFY(again.has_value());
    QVERIFY(s.insertBlankSim(2) != nullptr);
    auto verified = s.personalise(txId(2), again->customerReference);
    QVERIFY2(verified.has_value(), qPrintable(s.wire.errorCode()));
    QCOMPARE(verified->outcome, wire::Outcome::Verified);
}

void TestSessionFlow::cardPulledMidPackageFailsTheCard()
{
    IssuerFixture f;
    FirmwareStation s(f);
    const auto decision = s.signOn();
    QVERIFY(decision.has_value());
    QVERIFY(s.insertBlankSim(1) != nullptr);
    auto package = s.requestPackage(txId(1), decision->customerReference);
    QVERIFY(package.has_value());
    QCOMPARE(tt::loadPackage(*s.terminal, package->package).sw(), sw::kSuccess);
    for (int i = 0; i < 4; ++i)
        QVERIFY(tt::sendNow(*s.terminal, tt::terminalCommand(terminal::cmd::ins::kRunStep)).sw() == sw::kSuccess);
    s.terminal->removeCard();
    for (int i = 0; i < 300; ++i) {
        const auto step = tt::parseStep(tt::sendNow(*s.terminal, tt::terminalCommand(terminal::cmd::ins::kRunStep)));
        if (!step || step->runState != static_cast<std::uint8_t>(terminal::cmd::RunState::MoreSteps))
            break;
    }
    auto verdict = s.submit(txId(1), tt::getResult(*s.terminal));
    QVERIFY2(verdict.has_value(), qPrintable(s.wire.errorCode()));
    QCOMPARE(verdict->outcome, wire::Outcome::Failed);
    QCOMPARE(verdict->reasonCode, std::optional<std::uint16_t>(std::uint16_t(VerdictReason::CardRemoved)));
    QCOMPARE(s.session.state(), State::Open);
    QCOMPARE(f.store.cards.at(iccidDigitsOf(1)).state, CardState::Void);
    // The chain continues: the next card in the same session verifies.
    QVERIFY(s.insertBlankSim(2) != nullptr);
    auto next = s.personalise(txId(2), decision->customerReference);
    QVERIFY2(next.has_value(), qPrintable(s.wire.errorCode()));
    QCOMPARE(next->outcome, wire::Outcome::Verified);
}

void TestSessionFlow::signOffErasesKeysAndCloses()
{
    IssuerFixture f;
    FirmwareStation s(f);
    QVERIFY(s.signOn().has_value());
    QVERIFY(s.session.holdsKeys());
    s.wire.send(wire::SignOff{s.sessionId});
    QCOMPARE(s.wire.last.messages.size(), std::size_t{1});
    QVERIFY(std::holds_alternative<wire::SignOffAck>(s.wire.last.messages[0]));
    QCOMPARE(std::get<wire::SignOffAck>(s.wire.last.messages[0]).sessionId, s.sessionId);
    QVERIFY(s.wire.last.closeAfterSending);
    QVERIFY(!s.session.holdsKeys());
    QCOMPARE(s.session.state(), State::Closed);
}

void TestSessionFlow::closedConnectionAbandonsTheOutstandingPackage()
{
    IssuerFixture f;
    FirmwareStation s(f);
    const auto decision = s.signOn();
    QVERIFY(decision.has_value());
    QVERIFY(s.insertBlankSim(1) != nullptr);
    QVERIFY(s.requestPackage(txId(1), decision->customerReference).has_value());
    s.session.connectionClosed();
    QVERIFY(!s.session.holdsKeys());
    QCOMPARE(f.store.transactions.at(txId(1)).state, wire::TransactionState::FailedUnverified);
    QCOMPARE(f.store.cards.at(iccidDigitsOf(1)).state, CardState::Void);
}

QTEST_GUILESS_MAIN(TestSessionFlow)
#include "tst_sessionflow.moc"
