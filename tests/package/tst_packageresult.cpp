// SPDX-License-Identifier: Apache-2.0
#include "PackageFixtures.h"

#include "protocol/tlv/BerTlv.h"

#include <QTest>

using namespace perso;
using namespace perso::package;
using namespace perso::package::test;

Q_DECLARE_METATYPE(perso::ErrorCode)

namespace {

PackageResult sampleResult()
{
    PackageResult r;
    r.transactionId = Bytes(16, 0x77);
    r.stepsConsumed = 4;
    r.totalSteps = 4;
    r.outcome = Outcome::Completed;
    r.statusWords = {0x9000, 0x9000, 0x9000, 0x9000};
    r.responses = {StepResponse{2, SecureBytes{0xDE, 0xAD}}};
    return r;
}

// Runs a genuine package to completion (or to failAt) and returns the verifier and the sealed result.
struct Session
{
    ChannelPair pair = openPair(1);
    BuiltPackage built;
    TerminalRun run;
};

void runSession(Session& s, std::uint8_t tx, std::optional<std::uint16_t> failAt = std::nullopt)
{
    s.built = buildOrThrow(s.pair.host, transactionId(tx), simBody());
    s.run = runTerminal(s.pair.card, s.built.package, failAt);
}

} // namespace

class TestPackageResult : public QObject
{
    Q_OBJECT

private slots:
    void encodesTheDocumentedLayout();
    void roundTrips_data();
    void roundTrips();
    void rejectsInvalid_data();
    void rejectsInvalid();
    void sealedCodec();
    void completedVerifies();
    void stoppedAtStepKContinuesTheChain();
    void alteredStepCountRejected();
    void flippedBitRejected();
    void replayFromEarlierTransactionRejected();
    void channelClosedIsUnauthenticated();
    void incompleteTailReported();
    void wrongTransactionInsideRejected();
    void innerCountMismatchRejected();
    void unrequestedDataRejected();
};

void TestPackageResult::encodesTheDocumentedLayout()
{
    auto encoded = sampleResult().encode();
    QVERIFY(encoded.ok());
    QCOMPARE(QByteArray::fromStdString(toHex(view(encoded.value()))).toUpper(),
             QByteArray("E131"
                        "801077777777777777777777777777777777"
                        "81020004"
                        "82020004"
                        "830100"
                        "85089000900090009000"
                        "A608"
                        "80020002"
                        "8102DEAD"));
}

void TestPackageResult::roundTrips_data()
{
    QTest::addColumn<int>("which");
    QTest::newRow("completed with data") << 0;
    QTest::newRow("card status failed") << 1;
    QTest::newRow("incomplete") << 2;
    QTest::newRow("card removed at BEGIN") << 3;
}

void TestPackageResult::roundTrips()
{
    QFETCH(int, which);
    PackageResult r = sampleResult();
    if (which == 1) {
        r.stepsConsumed = 3;
        r.outcome = Outcome::CardStatusFailed;
        r.failingStep = 2;
        r.statusWords = {0x9000, 0x9000, 0x6A82};
        r.responses.clear();
    } else if (which == 2) {
        r.stepsConsumed = 1;
        r.outcome = Outcome::Incomplete;
        r.failingStep = 3;
        r.statusWords = {0x9000};
        r.responses.clear();
    } else if (which == 3) {
        r.stepsConsumed = 1;
        r.outcome = Outcome::CardRemoved;
        r.failingStep = 0;
        r.statusWords = {kNoCardResponse};
        r.responses.clear();
    }
    auto encoded = r.encode();
    QVERIFY2(encoded.ok(), qPrintable(encoded.ok() ? QString() : encoded.error().message));
    auto decoded = PackageResult::decode(view(encoded.value()));
    QVERIFY2(decoded.ok(), qPrintable(decoded.ok() ? QString() : decoded.error().message));
    QVERIFY(decoded.value() == r);
}

void TestPackageResult::rejectsInvalid_data()
{
    QTest::addColumn<int>("which");
    QTest::addColumn<perso::ErrorCode>("code");
    QTest::newRow("k = 0") << 0 << ErrorCode::SequenceViolation;
    QTest::newRow("k > total") << 1 << ErrorCode::SequenceViolation;
    QTest::newRow("completed early") << 2 << ErrorCode::SchemaViolation;
    QTest::newRow("failed without step") << 3 << ErrorCode::SchemaViolation;
    QTest::newRow("failing step not k-1") << 4 << ErrorCode::SchemaViolation;
    QTest::newRow("SW count") << 5 << ErrorCode::SchemaViolation;
    QTest::newRow("responses out of order") << 6 << ErrorCode::SchemaViolation;
    QTest::newRow("response beyond k") << 7 << ErrorCode::SchemaViolation;
    QTest::newRow("channel closed inside") << 8 << ErrorCode::SchemaViolation;
    QTest::newRow("short transaction id") << 9 << ErrorCode::SchemaViolation;
    QTest::newRow("incomplete at k == total") << 10 << ErrorCode::SchemaViolation;
}

void TestPackageResult::rejectsInvalid()
{
    QFETCH(int, which);
    QFETCH(perso::ErrorCode, code);
    PackageResult r = sampleResult();
    switch (which) {
    case 0:
        r.stepsConsumed = 0;
        break;
    case 1:
        r.stepsConsumed = 5;
        break;
    case 2:
        r.stepsConsumed = 3;
        r.statusWords.pop_back();
        break;
    case 3:
        r.outcome = Outcome::Cancelled;
        break;
    case 4:
        r.outcome = Outcome::Cancelled;
        r.failingStep = 1;
        break;
    case 5:
        r.statusWords.push_back(0x9000);
        break;
    case 6:
        r.responses = {StepResponse{2, {}}, StepResponse{1, {}}};
        break;
    case 7:
        r.responses = {StepResponse{4, {}}};
        break;
    case 8:
        r.outcome = Outcome::ChannelClosed;
        r.failingStep = 3;
        break;
    case 9:
        r.transactionId.pop_back();
        break;
    default:
        r.outcome = Outcome::Incomplete;
        r.failingStep = 3;
        break;
    }
    QCOMPARE(r.encode().code(), code);
    // The same object forced onto the wire is refused by the decoder.
    std::vector<Tlv> fields{Tlv::primitive(0x80, SecureBytes(r.transactionId.begin(), r.transactionId.end())),
                            Tlv::primitive(0x81, SecureBytes{0, static_cast<std::uint8_t>(r.stepsConsumed)}),
                            Tlv::primitive(0x82, SecureBytes{0, static_cast<std::uint8_t>(r.totalSteps)}),
                            Tlv::primitive(0x83, SecureBytes{static_cast<std::uint8_t>(r.outcome)})};
    if (r.failingStep)
        fields.push_back(Tlv::primitive(0x84, SecureBytes{0, static_cast<std::uint8_t>(*r.failingStep)}));
    SecureBytes sws;
    for (auto sw : r.statusWords) {
        sws.push_back(static_cast<std::uint8_t>(sw >> 8));
        sws.push_back(static_cast<std::uint8_t>(sw));
    }
    fields.push_back(Tlv::primitive(0x85, sws));
    for (const auto& resp : r.responses)
        fields.push_back(
            Tlv::constructed(0xA6, {Tlv::primitive(0x80, SecureBytes{0, static_cast<std::uint8_t>(resp.step)}),
                                    Tlv::primitive(0x81, resp.data)}));
    const SecureBytes forced = BerTlv::encode(Tlv::constructed(0xE1, fields));
    const auto decoded = PackageResult::decode(view(forced));
    QVERIFY(!decoded.ok());
    if (which != 9) // a short id fails the field length check first
        QCOMPARE(decoded.code(), code);
}

void TestPackageResult::sealedCodec()
{
    const SealedResult authenticated{7, fromHex("0102030405060708090A9000")};
    const SealedResult closed = ResultBuilder::channelClosed(3);
    for (const auto& s : {authenticated, closed}) {
        auto encoded = s.encode();
        QVERIFY(encoded.ok());
        auto decoded = SealedResult::decode(view(encoded.value()));
        QVERIFY(decoded.ok());
        QVERIFY(decoded.value() == s);
    }
    QCOMPARE(closed.encode().value(), fromHex("E30480020003"));
    QCOMPARE(SealedResult::decode(view(fromHex("E304800200"))).code(), ErrorCode::Truncated);
    QCOMPARE(SealedResult::decode(view(fromHex("E2048002000A"))).code(), ErrorCode::SchemaViolation);
    QCOMPARE(SealedResult::decode(view(fromHex("E30480020101"))).code(), ErrorCode::SequenceViolation);
    QCOMPARE(SealedResult::decode(view(fromHex("E40480020001"))).code(), ErrorCode::InvalidTag);
    QCOMPARE(SealedResult::decode(view(fromHex("E3088002000181029000"))).code(), ErrorCode::SchemaViolation);
    QCOMPARE(SealedResult::decode(view(fromHex("E2078002000181019000"))).code(), ErrorCode::TrailingData);
}

void TestPackageResult::completedVerifies()
{
    Session s;
    runSession(s, 1);
    QVERIFY(s.run.lastStep.ok());
    QVERIFY(s.run.sealed && !s.run.sealed->channelClosed());
    const auto encoded = s.run.sealed->encode();
    QVERIFY(encoded.ok());
    auto verified = s.built.verifier.verify(s.pair.host, view(encoded.value()));
    QVERIFY2(verified.ok(), qPrintable(verified.ok() ? QString() : verified.error().message));
    const PackageResult& r = verified.value().result;
    QVERIFY(verified.value().authenticated);
    QCOMPARE(r.outcome, Outcome::Completed);
    QCOMPARE(r.stepsConsumed, std::uint16_t{25});
    QCOMPARE(r.statusWords.size(), std::size_t{25});
    QCOMPARE(r.responses.size(), std::size_t{1});
    QCOMPARE(r.responses[0].step, std::uint16_t{21}); // the AUTHENTICATE step asked for its RES
    QCOMPARE(r.responses[0].data, SecureBytes(16, 0x5A));
    QCOMPARE(s.pair.host.state(), s.pair.card.state());
}

void TestPackageResult::stoppedAtStepKContinuesTheChain()
{
    Session s;
    runSession(s, 1, std::uint16_t{12});
    QVERIFY(s.run.sealed);
    QCOMPARE(s.run.sealed->stepsConsumed, std::uint16_t{13});
    auto verified = s.built.verifier.verify(s.pair.host, *s.run.sealed);
    QVERIFY2(verified.ok(), qPrintable(verified.ok() ? QString() : verified.error().message));
    QCOMPARE(verified.value().result.outcome, Outcome::CardStatusFailed);
    QCOMPARE(verified.value().result.failingStep, std::optional<std::uint16_t>(12));
    QCOMPARE(verified.value().result.statusWords.back(), std::uint16_t{0x6A82});
    QCOMPARE(s.pair.host.state(), s.built.verifier.stateAfter(13));
    QCOMPARE(s.pair.host.state(), s.pair.card.state());

    // The next package continues from step 13 of the first one.
    BuiltPackage next = buildOrThrow(s.pair.host, transactionId(2), simBody());
    const TerminalRun run = runTerminal(s.pair.card, next.package);
    QVERIFY(run.lastStep.ok());
    auto second = next.verifier.verify(s.pair.host, *run.sealed);
    QVERIFY(second.ok());
    QCOMPARE(second.value().result.outcome, Outcome::Completed);
    QCOMPARE(second.value().result.transactionId, transactionId(2));
}

void TestPackageResult::alteredStepCountRejected()
{
    Session s;
    runSession(s, 1, std::uint16_t{12});
    const auto before = s.pair.host.state();
    for (int k = 1; k <= 25; ++k) {
        if (k == 13)
            continue;
        SealedResult altered = *s.run.sealed;
        altered.stepsConsumed = static_cast<std::uint16_t>(k);
        const auto verified = s.built.verifier.verify(s.pair.host, altered);
        QVERIFY(!verified.ok());
        QCOMPARE(verified.code(), ErrorCode::BadMac);
        QCOMPARE(s.pair.host.state(), before);
    }
    SealedResult beyond = *s.run.sealed;
    beyond.stepsConsumed = 26;
    QCOMPARE(s.built.verifier.verify(s.pair.host, beyond).code(), ErrorCode::SequenceViolation);
    QVERIFY(s.built.verifier.verify(s.pair.host, *s.run.sealed).ok()); // the genuine one still verifies
}

void TestPackageResult::flippedBitRejected()
{
    Session s;
    runSession(s, 1);
    const Bytes genuine = *s.run.sealed->wrappedResponse;
    for (std::size_t i = 0; i < genuine.size(); ++i) {
        for (std::uint8_t bit : {std::uint8_t{0x01}, std::uint8_t{0x80}}) {
            SealedResult flipped = *s.run.sealed;
            (*flipped.wrappedResponse)[i] ^= bit;
            const auto verified = s.built.verifier.verify(s.pair.host, flipped);
            QVERIFY2(!verified.ok(), qPrintable(QStringLiteral("byte %1").arg(i)));
            if (i + 2 < genuine.size())
                QCOMPARE(verified.code(), ErrorCode::BadMac);
        }
    }
    QVERIFY(s.built.verifier.verify(s.pair.host, *s.run.sealed).ok());
}

void TestPackageResult::replayFromEarlierTransactionRejected()
{
    Session s;
    runSession(s, 1);
    const SealedResult first = *s.run.sealed;
    QVERIFY(s.built.verifier.verify(s.pair.host, first).ok());
    BuiltPackage next = buildOrThrow(s.pair.host, transactionId(2), simBody());
    const TerminalRun run = runTerminal(s.pair.card, next.package);
    QVERIFY(run.lastStep.ok());
    // The station hands in the first card's result for the second card, as is and with every k.
    QCOMPARE(next.verifier.verify(s.pair.host, first).code(), ErrorCode::BadMac);
    for (int k = 1; k <= 25; ++k) {
        SealedResult replayed = first;
        replayed.stepsConsumed = static_cast<std::uint16_t>(k);
        QVERIFY(!next.verifier.verify(s.pair.host, replayed).ok());
    }
    SealedResult atZero = first; // the one chain position where its R-MAC would still verify
    atZero.stepsConsumed = 0;
    QCOMPARE(next.verifier.verify(s.pair.host, atZero).code(), ErrorCode::SequenceViolation);
    QVERIFY(next.verifier.verify(s.pair.host, *run.sealed).ok());
}

void TestPackageResult::channelClosedIsUnauthenticated()
{
    Session s;
    s.built = buildOrThrow(s.pair.host, transactionId(1), simBody());
    s.built.package.steps[9][7] ^= 0x04;
    s.run = runTerminal(s.pair.card, s.built.package);
    QCOMPARE(s.run.lastStep.code(), ErrorCode::BadMac);
    QVERIFY(s.run.sealed && s.run.sealed->channelClosed());
    auto verified = s.built.verifier.verify(s.pair.host, view(s.run.sealed->encode().value()));
    QVERIFY(verified.ok());
    QVERIFY(!verified.value().authenticated);
    QCOMPARE(verified.value().result.outcome, Outcome::ChannelClosed);
    QCOMPARE(verified.value().result.stepsConsumed, std::uint16_t{9});
    QVERIFY(!s.pair.host.isOpen()); // a new sign-on is required
}

void TestPackageResult::incompleteTailReported()
{
    Session s;
    s.built = buildOrThrow(s.pair.host, transactionId(1), simBody());
    s.built.package.steps.resize(22);
    s.built.package.labels.resize(22);
    s.run = runTerminal(s.pair.card, s.built.package);
    QCOMPARE(s.run.lastStep.code(), ErrorCode::SequenceViolation);
    QVERIFY(s.run.sealed && !s.run.sealed->channelClosed());
    auto verified = s.built.verifier.verify(s.pair.host, *s.run.sealed);
    QVERIFY2(verified.ok(), qPrintable(verified.ok() ? QString() : verified.error().message));
    QCOMPARE(verified.value().result.outcome, Outcome::Incomplete);
    QCOMPARE(verified.value().result.stepsConsumed, std::uint16_t{1});
    QCOMPARE(verified.value().result.failingStep, std::optional<std::uint16_t>(22));
    QCOMPARE(s.pair.host.state(), s.pair.card.state());
}

void TestPackageResult::wrongTransactionInsideRejected()
{
    Session s;
    s.built = buildOrThrow(s.pair.host, transactionId(1), simBody());
    auto unwrapper = PackageUnwrapper::start(s.pair.card, s.built.package);
    QVERIFY(unwrapper.ok());
    QVERIFY(unwrapper.value().next().ok());
    ResultBuilder other(transactionId(9), 25);
    other.addStep(0x9000);
    auto sealed = other.seal(s.pair.card, Outcome::Cancelled);
    QVERIFY(sealed.ok());
    QCOMPARE(s.built.verifier.verify(s.pair.host, sealed.value()).code(), ErrorCode::WrongSession);
}

void TestPackageResult::innerCountMismatchRejected()
{
    Session s;
    s.built = buildOrThrow(s.pair.host, transactionId(1), simBody());
    auto unwrapper = PackageUnwrapper::start(s.pair.card, s.built.package);
    QVERIFY(unwrapper.ok());
    for (int i = 0; i < 6; ++i)
        QVERIFY(unwrapper.value().next().ok());
    ResultBuilder results(transactionId(1), 25);
    for (int i = 0; i < 5; ++i)
        results.addStep(0x9000);
    auto sealed = results.seal(s.pair.card, Outcome::CardRemoved); // claims k = 5, channel is after 6
    QVERIFY(sealed.ok());
    SealedResult outer = sealed.value();
    outer.stepsConsumed = 6;
    QCOMPARE(s.built.verifier.verify(s.pair.host, outer).code(), ErrorCode::SequenceViolation);
}

void TestPackageResult::unrequestedDataRejected()
{
    Session s;
    s.built = buildOrThrow(s.pair.host, transactionId(1), simBody());
    auto unwrapper = PackageUnwrapper::start(s.pair.card, s.built.package);
    QVERIFY(unwrapper.ok());
    ResultBuilder results(transactionId(1), 25);
    for (int i = 0; i < 4; ++i) {
        QVERIFY(unwrapper.value().next().ok());
        if (i == 3)
            results.addStep(0x9000, SecureBytes{1, 2, 3}); // step 3 (a CREATE FILE) did not ask for data
        else
            results.addStep(0x9000);
    }
    auto sealed = results.seal(s.pair.card, Outcome::Cancelled);
    QVERIFY(sealed.ok());
    QCOMPARE(s.built.verifier.verify(s.pair.host, sealed.value()).code(), ErrorCode::SchemaViolation);
}

QTEST_GUILESS_MAIN(TestPackageResult)
#include "tst_packageresult.moc"
