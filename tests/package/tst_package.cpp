// SPDX-License-Identifier: Apache-2.0
#include "PackageFixtures.h"

#include "protocol/tlv/BerTlv.h"

#include <QTest>

#include <functional>

using namespace perso;
using namespace perso::package;
using namespace perso::package::test;

Q_DECLARE_METATYPE(perso::ErrorCode)

namespace {

struct Parts
{
    std::uint8_t version = 1;
    Bytes id = Bytes(16, 0x11);
    Bytes anchor = Bytes(12, 0x22);
    int count = 2;
    std::vector<Bytes> steps{fromHex("84E6000008 0102030405060708"), fromHex("84E6000008 1112131415161718")};
    std::vector<Bytes> labels{Bytes{'a'}, Bytes{'b'}};
    std::uint32_t stepTag = 0x04;
    std::uint32_t rootTag = 0xE0;
};

Bytes encodeParts(const Parts& p)
{
    std::vector<Tlv> steps;
    std::vector<Tlv> labels;
    for (const auto& s : p.steps)
        steps.push_back(Tlv::primitive(p.stepTag, SecureBytes(s.begin(), s.end())));
    for (const auto& l : p.labels)
        labels.push_back(Tlv::primitive(0x0C, SecureBytes(l.begin(), l.end())));
    const Tlv root = Tlv::constructed(
        p.rootTag,
        {Tlv::primitive(0x80, SecureBytes{p.version}), Tlv::primitive(0x81, SecureBytes(p.id.begin(), p.id.end())),
         Tlv::primitive(0x82, SecureBytes(p.anchor.begin(), p.anchor.end())),
         Tlv::primitive(0x83, SecureBytes{static_cast<std::uint8_t>(p.count >> 8), static_cast<std::uint8_t>(p.count)}),
         Tlv::constructed(0xA4, steps), Tlv::constructed(0xA5, labels)});
    const SecureBytes encoded = BerTlv::encode(root);
    return Bytes(encoded.begin(), encoded.end());
}

// Runs a (possibly tampered) package on a fresh copy of the session and returns the terminal's view.
struct Attempt
{
    TerminalRun run;
    bool channelOpen = false;
};

Attempt attempt(const std::function<void(PersonalisationPackage&)>& tamper)
{
    ChannelPair pair = openPair(1);
    BuiltPackage built = buildOrThrow(pair.host, transactionId(1), simBody());
    tamper(built.package);
    Attempt a;
    a.run = runTerminal(pair.card, built.package);
    a.channelOpen = pair.card.isOpen();
    return a;
}

} // namespace

class TestPackage : public QObject
{
    Q_OBJECT

private slots:
    void containerRoundTrips();
    void containerRejects_data();
    void containerRejects();
    void containerEncodeLimits();
    void executesEndToEnd();
    void everyStepReplayed();
    void everyPairReordered();
    void stepDropped();
    void stepDuplicated();
    void stepTruncated();
    void byteAltered();
    void tailDropped();
    void packageFromAnotherSession();
    void stalePackageReplayed();
    void preflightRefusesBeforeTheCard();
    void builderRefusesBadInput();
    void misplacedInstructionRefusedButReported();
};

void TestPackage::containerRoundTrips()
{
    ChannelPair pair = openPair(1);
    BuiltPackage built = buildOrThrow(pair.host, transactionId(1), simBody());
    QCOMPARE(built.package.stepCount(), std::size_t{25});
    QCOMPARE(built.package.labels.front(), QStringLiteral("Checking card"));
    auto encoded = built.package.encode();
    QVERIFY(encoded.ok());
    auto decoded = PersonalisationPackage::decode(view(encoded.value()));
    QVERIFY2(decoded.ok(), qPrintable(decoded.ok() ? QString() : decoded.error().message));
    QVERIFY(decoded.value() == built.package);
    auto again = decoded.value().encode();
    QVERIFY(again.ok());
    QCOMPARE(again.value(), encoded.value());
}

void TestPackage::containerRejects_data()
{
    QTest::addColumn<QByteArray>("hex");
    QTest::addColumn<perso::ErrorCode>("code");
    const Bytes good = encodeParts(Parts{});
    QVERIFY(PersonalisationPackage::decode(view(good)).ok());
    const auto row = [](const char* name, const Bytes& bytes, ErrorCode code) {
        QTest::newRow(name) << QByteArray::fromStdString(toHex(view(bytes))) << code;
    };
    row("empty", Bytes{}, ErrorCode::Truncated);
    row("truncated", Bytes(good.begin(), good.end() - 1), ErrorCode::Truncated);
    Bytes trailing = good;
    trailing.push_back(0x00);
    row("trailing byte", trailing, ErrorCode::TrailingData);
    Parts p;
    p.rootTag = 0xE1;
    row("wrong root tag", encodeParts(p), ErrorCode::InvalidTag);
    p = Parts{};
    p.version = 2;
    row("version 2", encodeParts(p), ErrorCode::UnsupportedVersion);
    p = Parts{};
    p.id.pop_back();
    row("short transaction id", encodeParts(p), ErrorCode::InvalidLength);
    p = Parts{};
    p.anchor.push_back(0);
    row("long anchor", encodeParts(p), ErrorCode::InvalidLength);
    p = Parts{};
    p.count = 3;
    row("count above steps", encodeParts(p), ErrorCode::SchemaViolation);
    p = Parts{};
    p.labels.pop_back();
    row("label missing", encodeParts(p), ErrorCode::SchemaViolation);
    p = Parts{};
    p.steps.pop_back();
    p.labels.pop_back();
    p.count = 1;
    row("one step", encodeParts(p), ErrorCode::InvalidLength);
    p = Parts{};
    p.stepTag = 0x05;
    row("step tag", encodeParts(p), ErrorCode::InvalidTag);
    p = Parts{};
    p.steps[1] = fromHex("84E60000");
    p.steps[1].resize(3);
    row("step not an APDU", encodeParts(p), ErrorCode::Truncated);
    p = Parts{};
    p.labels[0] = Bytes{0xC3, 0x28};
    row("label not UTF-8", encodeParts(p), ErrorCode::InvalidEncoding);
    p = Parts{};
    p.labels[0] = Bytes(65, 'x');
    row("label too long", encodeParts(p), ErrorCode::Oversized);
    row("over 200 KiB", Bytes(PersonalisationPackage::kMaxEncodedBytes + 1, 0xE0), ErrorCode::Oversized);
}

void TestPackage::containerRejects()
{
    QFETCH(QByteArray, hex);
    QFETCH(perso::ErrorCode, code);
    auto decoded = PersonalisationPackage::decode(view(fromHex(hex.toStdString())));
    QVERIFY(!decoded.ok());
    QCOMPARE(errorCodeName(decoded.code()), errorCodeName(code));
}

void TestPackage::containerEncodeLimits()
{
    PersonalisationPackage p;
    p.transactionId = Bytes(16, 1);
    p.anchor.macPrefix = Bytes(8, 2);
    p.steps.assign(257, fromHex("84E6000008 0102030405060708"));
    p.labels.assign(257, QString());
    QCOMPARE(p.encode().code(), ErrorCode::InvalidLength);
    p.steps.assign(2, Bytes(PersonalisationPackage::kMaxStepBytes + 1, 0));
    p.labels.assign(2, QString());
    QCOMPARE(p.encode().code(), ErrorCode::Oversized);
    p.steps.assign(4, Bytes(60000, 0));
    p.labels.assign(4, QString());
    QCOMPARE(p.encode().code(), ErrorCode::Oversized); // 240 kB > 200 KiB
    p.steps.assign(2, Bytes(8, 0));
    p.labels.assign(1, QString());
    QCOMPARE(p.encode().code(), ErrorCode::SchemaViolation);
    p.labels.assign(2, QString(65, QLatin1Char('x')));
    QCOMPARE(p.encode().code(), ErrorCode::Oversized);
}

void TestPackage::executesEndToEnd()
{
    ChannelPair pair = openPair(1);
    const auto body = simBody();
    BuiltPackage built = buildOrThrow(pair.host, transactionId(1), body);
    QCOMPARE(built.verifier.states().size(), std::size_t{26});
    QCOMPARE(built.verifier.stateAfter(25), pair.host.state());
    QVERIFY(PackageUnwrapper::preflight(pair.card, built.package).ok());
    QCOMPARE(pair.card.state(), built.verifier.stateAfter(0)); // preflight did not move the channel

    // Through the bytes, as the station relays it.
    auto relayed = PersonalisationPackage::decode(view(built.package.encode().value()));
    QVERIFY(relayed.ok());
    const TerminalRun run = runTerminal(pair.card, relayed.value());
    QVERIFY2(run.lastStep.ok(), qPrintable(run.lastStep.ok() ? QString() : run.lastStep.error().message));
    QCOMPARE(run.instructions.size(), std::size_t{25});
    const auto* begin = std::get_if<BeginInstruction>(&run.instructions.front());
    QVERIFY(begin);
    QCOMPARE(begin->transactionId, transactionId(1));
    QCOMPARE(begin->expectedIccid, iccid());
    QCOMPARE(begin->totalSteps, std::uint16_t{25});
    for (std::size_t i = 0; i < body.size(); ++i)
        QVERIFY2(run.instructions[i + 1] == body[i].instruction, qPrintable(QString::number(i)));
    QVERIFY(std::holds_alternative<EndInstruction>(run.instructions.back()));
    QCOMPARE(pair.card.state(), pair.host.state());
    QVERIFY(pair.card.isOpen());
}

void TestPackage::everyStepReplayed()
{
    for (std::size_t i = 1; i < 25; ++i) {
        const Attempt a = attempt([i](PersonalisationPackage& p) { p.steps[i] = p.steps[i - 1]; });
        QCOMPARE(a.run.lastStep.code(), ErrorCode::BadMac);
        QCOMPARE(a.run.consumed, std::uint16_t(i));
        QVERIFY(a.run.sealed && a.run.sealed->channelClosed());
        QCOMPARE(a.run.sealed->stepsConsumed, std::uint16_t(i));
        QVERIFY(!a.channelOpen);
    }
}

void TestPackage::everyPairReordered()
{
    for (std::size_t i = 0; i + 1 < 25; ++i) {
        const Attempt a = attempt([i](PersonalisationPackage& p) { std::swap(p.steps[i], p.steps[i + 1]); });
        QCOMPARE(a.run.lastStep.code(), ErrorCode::BadMac);
        QCOMPARE(a.run.consumed, std::uint16_t(i));
        QVERIFY(!a.channelOpen);
    }
}

void TestPackage::stepDropped()
{
    // With the container count adjusted: BEGIN announces 25, so the terminal stops before the card.
    for (std::size_t i = 1; i < 25; ++i) {
        const Attempt a = attempt([i](PersonalisationPackage& p) {
            p.steps.erase(p.steps.begin() + static_cast<std::ptrdiff_t>(i));
            p.labels.pop_back();
        });
        QCOMPARE(a.run.lastStep.code(), ErrorCode::SequenceViolation);
        QCOMPARE(a.run.consumed, std::uint16_t{1});
        QVERIFY(a.channelOpen);
    }
    // BEGIN itself dropped, or the count kept by appending a filler: the C-MAC chain breaks.
    Attempt a = attempt([](PersonalisationPackage& p) {
        p.steps.erase(p.steps.begin());
        p.labels.pop_back();
    });
    QCOMPARE(a.run.lastStep.code(), ErrorCode::BadMac);
    for (std::size_t i = 1; i + 1 < 25; ++i) {
        a = attempt([i](PersonalisationPackage& p) {
            p.steps.erase(p.steps.begin() + static_cast<std::ptrdiff_t>(i));
            p.steps.push_back(p.steps.back());
        });
        QCOMPARE(a.run.lastStep.code(), ErrorCode::BadMac);
        QCOMPARE(a.run.consumed, std::uint16_t(i));
        QVERIFY(!a.channelOpen);
    }
}

void TestPackage::stepDuplicated()
{
    for (std::size_t i = 0; i < 25; ++i) {
        // Count grows to 26: refused at BEGIN, before any card command.
        Attempt a = attempt([i](PersonalisationPackage& p) {
            p.steps.insert(p.steps.begin() + static_cast<std::ptrdiff_t>(i), p.steps[i]);
            p.labels.push_back(QString());
        });
        QCOMPARE(a.run.lastStep.code(), ErrorCode::SequenceViolation);
        QCOMPARE(a.run.consumed, std::uint16_t{1});
        if (i + 1 >= 24)
            continue;
        // Count kept by dropping a later step: the duplicate fails its C-MAC.
        a = attempt([i](PersonalisationPackage& p) {
            p.steps.insert(p.steps.begin() + static_cast<std::ptrdiff_t>(i), p.steps[i]);
            p.steps.erase(p.steps.end() - 2);
        });
        QCOMPARE(a.run.lastStep.code(), ErrorCode::BadMac);
        QCOMPARE(a.run.consumed, std::uint16_t(i + 1));
        QVERIFY(!a.channelOpen);
    }
}

void TestPackage::stepTruncated()
{
    for (std::size_t i = 0; i < 25; ++i) {
        // Cut bytes: no longer a complete APDU.
        Attempt a = attempt([i](PersonalisationPackage& p) { p.steps[i].pop_back(); });
        QCOMPARE(a.run.lastStep.code(), ErrorCode::Truncated);
        QCOMPARE(a.run.consumed, std::uint16_t(i));
        QVERIFY(!a.channelOpen);
        // Re-framed with a shorter data field: a complete APDU whose MAC no longer matches.
        a = attempt([i](PersonalisationPackage& p) {
            p.steps[i].pop_back();
            p.steps[i][4] = static_cast<std::uint8_t>(p.steps[i][4] - 1);
        });
        QVERIFY(a.run.lastStep.code() == ErrorCode::BadMac || a.run.lastStep.code() == ErrorCode::InvalidLength);
        QCOMPARE(a.run.consumed, std::uint16_t(i));
        QVERIFY(!a.channelOpen);
    }
}

void TestPackage::byteAltered()
{
    for (std::size_t i = 0; i < 25; ++i) {
        for (std::size_t at : {std::size_t{1}, std::size_t{2}, std::size_t{5}, std::size_t{0xFFFF}}) {
            const Attempt a = attempt([i, at](PersonalisationPackage& p) {
                auto& step = p.steps[i];
                step[std::min(at, step.size() - 1)] ^= 0x01;
            });
            QCOMPARE(a.run.lastStep.code(), ErrorCode::BadMac);
            QCOMPARE(a.run.consumed, std::uint16_t(i));
            QVERIFY(!a.channelOpen);
        }
    }
}

void TestPackage::tailDropped()
{
    for (std::size_t dropped = 1; dropped < 24; ++dropped) {
        const Attempt a = attempt([dropped](PersonalisationPackage& p) {
            p.steps.resize(p.steps.size() - dropped);
            p.labels.resize(p.labels.size() - dropped);
        });
        QCOMPARE(a.run.lastStep.code(), ErrorCode::SequenceViolation);
        QCOMPARE(a.run.consumed, std::uint16_t{1}); // stopped right after BEGIN, nothing sent to the card
        QVERIFY(a.channelOpen);
        QVERIFY(a.run.sealed && !a.run.sealed->channelClosed());
    }
}

void TestPackage::packageFromAnotherSession()
{
    ChannelPair a = openPair(1);
    ChannelPair b = openPair(2);
    BuiltPackage built = buildOrThrow(a.host, transactionId(1), simBody());
    const auto before = b.card.state();
    auto start = PackageUnwrapper::start(b.card, built.package);
    QVERIFY(!start.ok());
    QCOMPARE(start.code(), ErrorCode::WrongSession);
    QVERIFY(b.card.isOpen());
    QCOMPARE(b.card.state(), before);
    // A station that forges the (unauthenticated) anchor only moves the failure to the first C-MAC.
    built.package.anchor = PackageBuilder::anchorOf(b.card.state());
    const TerminalRun run = runTerminal(b.card, built.package);
    QCOMPARE(run.lastStep.code(), ErrorCode::BadMac);
    QCOMPARE(run.consumed, std::uint16_t{0});
    QVERIFY(!b.card.isOpen());
}

void TestPackage::stalePackageReplayed()
{
    ChannelPair pair = openPair(1);
    BuiltPackage built = buildOrThrow(pair.host, transactionId(1), simBody());
    QVERIFY(runTerminal(pair.card, built.package).lastStep.ok());
    const auto again = PackageUnwrapper::start(pair.card, built.package);
    QCOMPARE(again.code(), ErrorCode::SequenceViolation);
    QVERIFY(pair.card.isOpen());
}

void TestPackage::preflightRefusesBeforeTheCard()
{
    ChannelPair pair = openPair(1);
    BuiltPackage built = buildOrThrow(pair.host, transactionId(1), simBody());
    PersonalisationPackage altered = built.package;
    altered.steps[17][6] ^= 0x80;
    const auto before = pair.card.state();
    const Status checked = PackageUnwrapper::preflight(pair.card, altered);
    QCOMPARE(checked.code(), ErrorCode::BadMac);
    QVERIFY(pair.card.isOpen());
    QCOMPARE(pair.card.state(), before);
    QVERIFY(runTerminal(pair.card, built.package).lastStep.ok()); // the genuine package still runs
}

void TestPackage::builderRefusesBadInput()
{
    ChannelPair pair = openPair(1);
    const auto before = pair.host.state();
    QCOMPARE(PackageBuilder::build(pair.host, view(Bytes(15, 0)), view(iccid()), simBody()).code(),
             ErrorCode::InvalidParameter);
    QCOMPARE(PackageBuilder::build(pair.host, view(transactionId(1)), view(Bytes(9, 0)), simBody()).code(),
             ErrorCode::InvalidParameter);
    auto body = simBody();
    body.insert(body.begin() + 3, PackageStep{EndInstruction{}, QString()});
    QCOMPARE(PackageBuilder::build(pair.host, view(transactionId(1)), view(iccid()), body).code(),
             ErrorCode::InvalidParameter);
    body = simBody();
    body[10].label = QString(70, QLatin1Char('x'));
    QCOMPARE(PackageBuilder::build(pair.host, view(transactionId(1)), view(iccid()), body).code(),
             ErrorCode::Oversized);
    QCOMPARE(pair.host.state(), before); // nothing wrapped is kept
    QCOMPARE(PackageBuilder::build(pair.card, view(transactionId(1)), view(iccid()), simBody()).code(),
             ErrorCode::StateViolation);
    QCOMPARE(PackageUnwrapper::start(pair.host, PersonalisationPackage{}).code(), ErrorCode::StateViolation);

    auto keys = scp03::deriveSessionKeys(scp03::StaticKeys{SecureBytes(16, 1), SecureBytes(16, 2), SecureBytes(16, 3)},
                                         view(Bytes(8, 4)), view(Bytes(8, 5)), scp03::ChallengeMode::S8);
    QVERIFY(keys.ok());
    SecureChannel weak = unwrapChannel(SecureChannel::open(keys.value(), 0x13, SecureChannel::Role::Host));
    QCOMPARE(PackageBuilder::build(weak, view(transactionId(1)), view(iccid()), simBody()).code(),
             ErrorCode::SecurityLevelNotMet);
}

// A package that does not start with BEGIN (only a faulty issuer could MAC one): the step unwraps,
// is refused, the channel stays open and the refusal is reported with an authenticated result.
void TestPackage::misplacedInstructionRefusedButReported()
{
    ChannelPair pair = openPair(3);
    PersonalisationPackage package;
    package.transactionId = transactionId(3);
    package.anchor = PackageBuilder::anchorOf(pair.host.state());
    std::vector<SecureChannel::State> states{pair.host.state()};
    const std::vector<Instruction> plain{
        ForwardInstruction{0, CommandApdu(0x00, 0xA4, 0x00, 0x0C, SecureBytes{0x3F, 0x00})}, EndInstruction{}};
    for (const auto& instruction : plain) {
        auto wrapped = pair.host.wrapCommand(encodeInstruction(instruction).value());
        QVERIFY(wrapped.ok());
        const auto bytes = wrapped.value().encode().value();
        package.steps.emplace_back(bytes.begin(), bytes.end());
        package.labels.push_back(QString());
        states.push_back(pair.host.state());
    }
    auto unwrapper = PackageUnwrapper::start(pair.card, package);
    QVERIFY(unwrapper.ok());
    QCOMPARE(unwrapper.value().next().code(), ErrorCode::SequenceViolation);
    QVERIFY(unwrapper.value().stop().has_value());
    QCOMPARE(unwrapper.value().stop()->outcome, Outcome::InstructionRefused);
    QCOMPARE(unwrapper.value().stop()->failingStep, std::uint16_t{0});
    QCOMPARE(unwrapper.value().next().code(), ErrorCode::StateViolation);
    QVERIFY(pair.card.isOpen());

    ResultBuilder results = unwrapper.value().resultBuilder();
    results.addStep(sw::kConditionsNotSatisfied);
    auto sealed = results.seal(pair.card, Outcome::InstructionRefused);
    QVERIFY(sealed.ok());
    const PackageVerifier verifier(transactionId(3), states, {false, false});
    auto verified = verifier.verify(pair.host, sealed.value());
    QVERIFY(verified.ok());
    QVERIFY(verified.value().authenticated);
    QCOMPARE(verified.value().result.outcome, Outcome::InstructionRefused);
    QCOMPARE(verified.value().result.statusWords, std::vector<std::uint16_t>{sw::kConditionsNotSatisfied});
    QCOMPARE(pair.host.state(), pair.card.state());
}

QTEST_GUILESS_MAIN(TestPackage)
#include "tst_package.moc"
