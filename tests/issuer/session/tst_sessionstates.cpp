// SPDX-License-Identifier: Apache-2.0
// docs/protocol.md's "Issuer session states" table, message by message and state by state, and the
// refusals that must leave nothing allocated: declined customers, cards not in stock, empty pools.
#include "SoftTerminal.h"

#include <QTest>

using namespace perso;
using namespace perso::issuer;
using namespace perso::issuer::test;
using State = IssuerSession::State;

Q_DECLARE_METATYPE(perso::issuer::IssuerSession::State)

namespace {

enum class Kind
{
    SignOnRequest,
    SignOnProof,
    Assessment,
    PackageNew,
    Result,
    SignOff,
    StatusQuery,
    SignOnChallenge,
    ErrorReport
};

// A session driven into `state` with a soft terminal; the reference of an approved customer.
struct Driven
{
    IssuerFixture f;
    IssuerSession session{*f.context, {1, QStringLiteral("test")}};
    Wire station{session};
    SoftTerminal terminal{f.retailerKeys()};
    QString reference;

    explicit Driven(State state)
    {
        if (state == State::Idle)
            return;
        if (state == State::Challenged) {
            auto challenge = station.reply<wire::SignOnChallenge>(signOnRequest());
            terminal.sessionId = challenge ? challenge->sessionId : Bytes();
            return;
        }
        if (state == State::Authenticating) {
            signOnUntilAccepted(station, terminal);
            return;
        }
        reference = signOnAndAssess(station, terminal);
        if (state == State::PackageIssued)
            station.send(
                wire::PackageRequest{terminal.sessionId, txId(1), reference, wire::Operation::New, iccidBytes(1)});
        if (state == State::Closed)
            station.send(wire::SignOff{terminal.sessionId});
    }

    wire::MessageBody message(Kind kind) const
    {
        const Bytes& id = terminal.sessionId.empty() ? Bytes(16, 0x01) : terminal.sessionId;
        switch (kind) {
        case Kind::SignOnRequest:
            return signOnRequest();
        case Kind::SignOnProof:
            return wire::SignOnProof{id, fromHex("9000")};
        case Kind::Assessment:
            return wire::AssessmentRequest{id, std::nullopt, Bytes(64, 0x00)};
        case Kind::PackageNew:
            return wire::PackageRequest{id, txId(2), reference.isEmpty() ? QStringLiteral("C0") : reference,
                                        wire::Operation::New, iccidBytes(2)};
        case Kind::Result:
            return wire::ResultSubmission{id, txId(1), fromHex("E3 04 80 02 00 01")};
        case Kind::SignOff:
            return wire::SignOff{id};
        case Kind::StatusQuery:
            return wire::TransactionStatusQuery{txId(1)};
        case Kind::SignOnChallenge:
            return wire::SignOnChallenge{id, fromHex("80 50 00 00 08 0102030405060708 00")};
        case Kind::ErrorReport:
            return wire::ErrorReport{QStringLiteral("bad-mac"), QString(), std::nullopt};
        }
        return signOnRequest();
    }
};

bool allowed(State state, Kind kind)
{
    switch (state) {
    case State::Idle:
    case State::Closed:
        return kind == Kind::SignOnRequest;
    case State::Challenged:
        return kind == Kind::SignOnProof;
    case State::Authenticating:
        return false; // only an AssessmentRequest WITH the EA response, never built here
    case State::Open:
        return kind == Kind::Assessment || kind == Kind::PackageNew || kind == Kind::SignOff ||
               kind == Kind::StatusQuery;
    case State::PackageIssued:
        return kind == Kind::Result || kind == Kind::StatusQuery; // PackageRequest only for the same tx
    }
    return false;
}

} // namespace

class TestSessionStates : public QObject
{
    Q_OBJECT

private slots:
    void driveToEveryState_data();
    void driveToEveryState();
    void outOfOrder_data();
    void outOfOrder();
    void foreignSessionId_data();
    void foreignSessionId();
    void declinedCustomerGetsNoPackage();
    void cardNotInStockAllocatesNothing();
    void poolExhaustedAllocatesNothing();
    void unknownCardIsRefused();
    void storageFailureVoidsTheTransaction();
    void corruptedCustomerDetailsKeepTheSession();
    void idleSessionExpires();
    void referredCustomerGetsNoPackage();
    void otherShopsTransactionsAreUnknown();
};

void TestSessionStates::driveToEveryState_data()
{
    QTest::addColumn<State>("state");
    for (State s :
         {State::Idle, State::Challenged, State::Authenticating, State::Open, State::PackageIssued, State::Closed})
        QTest::newRow(qPrintable(sessionStateName(s))) << s;
}

void TestSessionStates::driveToEveryState()
{
    QFETCH(State, state);
    Driven d(state);
    QCOMPARE(d.session.state(), state);
}

void TestSessionStates::outOfOrder_data()
{
    QTest::addColumn<State>("state");
    QTest::addColumn<int>("kind");
    const char* names[] = {"SignOnRequest", "SignOnProof", "AssessmentRequest", "PackageRequest", "ResultSubmission",
                           "SignOff",       "StatusQuery", "SignOnChallenge",   "ErrorReport"};
    for (State s :
         {State::Idle, State::Challenged, State::Authenticating, State::Open, State::PackageIssued, State::Closed}) {
        for (int k = 0; k <= static_cast<int>(Kind::ErrorReport); ++k) {
            if (allowed(s, static_cast<Kind>(k)))
                continue;
            QTest::addRow("%s/%s", qPrintable(sessionStateName(s)), names[k]) << s << k;
        }
    }
}

void TestSessionStates::outOfOrder()
{
    QFETCH(State, state);
    QFETCH(int, kind);
    Driven d(state);
    QCOMPARE(d.session.state(), state);
    const std::size_t transactions = d.f.store.transactions.size();
    d.station.send(d.message(static_cast<Kind>(kind)));
    QCOMPARE(d.station.errorCode(), QStringLiteral("unexpected-message"));
    QCOMPARE(d.station.errorRefersTo(), std::optional<std::uint64_t>(d.station.sequence));
    QVERIFY(!d.station.last.closeAfterSending);
    // Challenged and Authenticating drop the session; every other state stays as it was.
    const bool drops = state == State::Challenged || state == State::Authenticating;
    QCOMPARE(d.session.state(), drops ? State::Closed : state);
    if (drops)
        QVERIFY(!d.session.holdsKeys());
    QCOMPARE(d.f.store.transactions.size(), transactions);
}

void TestSessionStates::foreignSessionId_data()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("AssessmentRequest") << static_cast<int>(Kind::Assessment);
    QTest::newRow("PackageRequest") << static_cast<int>(Kind::PackageNew);
    QTest::newRow("SignOff") << static_cast<int>(Kind::SignOff);
}

void TestSessionStates::foreignSessionId()
{
    QFETCH(int, kind);
    Driven d(State::Open);
    auto body = d.message(static_cast<Kind>(kind));
    std::visit(
        [](auto& m) {
            if constexpr (requires { m.sessionId; })
                m.sessionId = Bytes(16, 0xEE);
        },
        body);
    d.station.send(body);
    QCOMPARE(d.station.errorCode(), QStringLiteral("wrong-session"));
    QCOMPARE(d.session.state(), State::Open);
    QVERIFY(d.session.holdsKeys());
}

void TestSessionStates::declinedCustomerGetsNoPackage()
{
    Driven d(State::Open);
    d.f.store.denyList.insert(d.f.customerKeyOf(customer(QStringLiteral("D9876543"))));
    auto decision = d.station.reply<wire::AssessmentDecision>(wire::AssessmentRequest{
        d.terminal.sessionId, std::nullopt, d.terminal.seal(customer(QStringLiteral("D9876543")))});
    QVERIFY(decision.has_value());
    QCOMPARE(decision->decision, wire::Decision::Declined);
    QCOMPARE(decision->reasonCode, std::uint16_t(ReasonCode::DenyListed));
    d.station.send(wire::PackageRequest{d.terminal.sessionId, txId(5), decision->customerReference,
                                        wire::Operation::New, iccidBytes(1)});
    QCOMPARE(d.station.errorCode(), QStringLiteral("unknown-customer"));
    QVERIFY(d.f.store.transactions.empty());
    QCOMPARE(d.f.store.cards.at(iccidDigitsOf(1)).state, CardState::InStock);
    // A reference approved in ANOTHER session is not good here either.
    Driven other(State::Open);
    d.station.send(
        wire::PackageRequest{d.terminal.sessionId, txId(6), other.reference, wire::Operation::New, iccidBytes(1)});
    QCOMPARE(d.station.errorCode(), QStringLiteral("unknown-customer"));
    QCOMPARE(d.session.state(), State::Open);
}

void TestSessionStates::cardNotInStockAllocatesNothing()
{
    Driven d(State::Open);
    d.f.store.cards[iccidDigitsOf(1)].state = CardState::Void;
    const auto imsis = d.f.store.freeImsis.size();
    d.station.send(
        wire::PackageRequest{d.terminal.sessionId, txId(1), d.reference, wire::Operation::New, iccidBytes(1)});
    QCOMPARE(d.station.errorCode(), QStringLiteral("card-not-available"));
    QCOMPARE(d.f.store.freeImsis.size(), imsis);
    QVERIFY(d.f.store.transactions.empty());
    QCOMPARE(d.session.state(), State::Open);
    // The session goes on: another card works.
    QVERIFY(d.station.reply<wire::PackageResponse>(
        wire::PackageRequest{d.terminal.sessionId, txId(2), d.reference, wire::Operation::New, iccidBytes(2)}));
}

void TestSessionStates::poolExhaustedAllocatesNothing()
{
    Driven d(State::Open);
    d.f.store.freeMsisdns.clear();
    d.station.send(
        wire::PackageRequest{d.terminal.sessionId, txId(1), d.reference, wire::Operation::New, iccidBytes(1)});
    QCOMPARE(d.station.errorCode(), QStringLiteral("pool-exhausted"));
    QCOMPARE(d.f.store.cards.at(iccidDigitsOf(1)).state, CardState::InStock);
    QCOMPARE(d.f.store.freeImsis.size(), std::size_t{4});
    QVERIFY(d.f.store.transactions.empty());
    QCOMPARE(d.session.state(), State::Open);
}

void TestSessionStates::unknownCardIsRefused()
{
    Driven d(State::Open);
    d.station.send(
        wire::PackageRequest{d.terminal.sessionId, txId(1), d.reference, wire::Operation::New, iccidBytes(99)});
    QCOMPARE(d.station.errorCode(), QStringLiteral("unknown-card"));
    QCOMPARE(d.session.state(), State::Open);
}

void TestSessionStates::storageFailureVoidsTheTransaction()
{
    Driven d(State::Open);
    d.f.store.failRecordPackage = IssuerErrorCode::StorageUnavailable;
    d.station.send(
        wire::PackageRequest{d.terminal.sessionId, txId(1), d.reference, wire::Operation::New, iccidBytes(1)});
    QCOMPARE(d.station.errorCode(), QStringLiteral("storage-unavailable"));
    QCOMPARE(d.f.store.transactions.at(txId(1)).state, wire::TransactionState::Voided);
    QCOMPARE(d.session.state(), State::Open);
    QVERIFY(!d.session.pendingTransaction().has_value());
    // The host channel was put back: the next package still starts where the terminal stands.
    d.f.store.failRecordPackage.reset();
    auto next = d.station.reply<wire::PackageResponse>(
        wire::PackageRequest{d.terminal.sessionId, txId(2), d.reference, wire::Operation::New, iccidBytes(2)});
    QVERIFY(next.has_value());
    auto decoded = package::PersonalisationPackage::decode(next->package);
    QVERIFY(decoded.ok());
    QCOMPARE(decoded.value().anchor, package::PackageBuilder::anchorOf(d.terminal.channel->state()));
}

void TestSessionStates::corruptedCustomerDetailsKeepTheSession()
{
    Driven d(State::Open);
    Bytes sealed = d.terminal.seal(customer());
    sealed[30] ^= 0x01;
    d.station.send(wire::AssessmentRequest{d.terminal.sessionId, std::nullopt, sealed});
    QCOMPARE(d.station.errorCode(), QStringLiteral("bad-mac"));
    QCOMPARE(d.session.state(), State::Open);
    auto decision = d.station.reply<wire::AssessmentDecision>(
        wire::AssessmentRequest{d.terminal.sessionId, std::nullopt, d.terminal.seal(customer())});
    QVERIFY(decision.has_value());
    QCOMPARE(decision->decision, wire::Decision::Approved);
}

void TestSessionStates::idleSessionExpires()
{
    Driven d(State::PackageIssued);
    d.f.now += d.f.context->limits().idleTimeoutSeconds + 1;
    d.station.send(wire::TransactionStatusQuery{txId(1)});
    QCOMPARE(d.station.errorCode(), QStringLiteral("unexpected-message"));
    QCOMPARE(d.session.state(), State::Closed);
    QVERIFY(!d.session.holdsKeys());
    QCOMPARE(d.f.store.transactions.at(txId(1)).state, wire::TransactionState::FailedUnverified);
    QCOMPARE(d.f.store.auditCount(QStringLiteral("session-expired")), 1);
}

void TestSessionStates::referredCustomerGetsNoPackage()
{
    IssuerFixture f;
    AssessmentPolicy policy;
    policy.maxCardsPerWindow = 1;
    policy.referAtLimit = true; // the last allowed card (here: the first) is referred
    SessionContext context(f.store, *f.keys, policy, f.context->operatorProfile(), SecureBytes(16, 0x11),
                           [&f] { return f.now; });
    IssuerSession session(context, {1, QStringLiteral("test")});
    Wire station(session);
    SoftTerminal terminal(f.retailerKeys());
    const Bytes ea = signOnUntilAccepted(station, terminal);
    auto decision = station.reply<wire::AssessmentDecision>(
        wire::AssessmentRequest{terminal.sessionId, ea, terminal.seal(customer())});
    QVERIFY(decision.has_value());
    QCOMPARE(decision->decision, wire::Decision::Referred);
    QCOMPARE(decision->reasonCode, std::uint16_t(ReasonCode::ReferredNearLimit));
    station.send(wire::PackageRequest{terminal.sessionId, txId(1), decision->customerReference, wire::Operation::New,
                                      iccidBytes(1)});
    QCOMPARE(station.errorCode(), QStringLiteral("unknown-customer"));
    QVERIFY(f.store.transactions.empty());
}

void TestSessionStates::otherShopsTransactionsAreUnknown()
{
    Driven d(State::Open);
    TransactionRecord foreign;
    foreign.transactionId = txId(42);
    foreign.shopId = QStringLiteral("SHOP-9");
    foreign.state = wire::TransactionState::Failed;
    foreign.failingStep = 3;
    d.f.store.transactions[foreign.transactionId] = foreign;
    auto status = d.station.reply<wire::TransactionStatus>(wire::TransactionStatusQuery{txId(42)});
    QVERIFY(status.has_value());
    QCOMPARE(status->state, wire::TransactionState::Unknown);
    QVERIFY(!status->failingStep.has_value());
    d.f.store.transactions[foreign.transactionId].shopId = kShop;
    status = d.station.reply<wire::TransactionStatus>(wire::TransactionStatusQuery{txId(42)});
    QVERIFY(status.has_value());
    QCOMPARE(status->state, wire::TransactionState::Failed);
    QCOMPARE(status->failingStep, std::optional<std::uint16_t>(3));
}

QTEST_GUILESS_MAIN(TestSessionStates)
#include "tst_sessionstates.moc"
