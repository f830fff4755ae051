// SPDX-License-Identifier: Apache-2.0
// The terminal behind pcscd + vpcd when things go wrong: pcscd stopped and started again in the middle
// of a package (through scripts/pcscd-vpcd.sh: a clear error within a bounded time, the link and the
// station reconnect, the package goes on to a verified result), and the tamper sensor (keys gone, the
// flag in GET STATUS and in the next sign-on, a command in flight answered 6F00).
#include "tst_terminalsystemissuer.h"

#include "protocol/package/PackageVerifier.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTest>

using namespace perso;
using namespace perso::terminal;
using namespace perso::terminal::systest;

class TestTerminalSystemRestart : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void cleanup();
    void pcscdRestartedMidPackage();
    void pcscdStoppedDuringKeypadEntry();
    void tamperErasesKeys();
    void tamperAnswersCommandInFlight();

private:
    std::uint16_t signOn();
    std::optional<package::BuiltPackage> loadForSim(scp03::SecureChannel& host, const QString& simPath);

    Workspace m_ws;
    std::unique_ptr<TerminalRig> m_rig;
    Station m_station;
};

void TestTerminalSystemRestart::initTestCase()
{
    m_rig = std::make_unique<TerminalRig>(m_ws.config());
    QVERIFY2(m_rig->connectToReader(), "pcscd never showed the terminal in Virtual PCD 00 00");
    QString error;
    QVERIFY2(m_station.open(&error), qPrintable(error));
}

void TestTerminalSystemRestart::cleanupTestCase()
{
    // Leave pcscd up for the tests after this one, whatever happened.
    if (vpcd::test::pcscdScript(QStringLiteral("status")) == QLatin1String("stopped"))
        vpcd::test::pcscdScript(QStringLiteral("start"));
}

void TestTerminalSystemRestart::cleanup()
{
    (void)m_station.send(terminalCommand(cmd::ins::kEndSession));
    m_rig->removeCard();
}

std::uint16_t TestTerminalSystemRestart::signOn()
{
    m_rig->removeCard();
    if (!m_rig->insertCard(m_ws.retailerCard()))
        return 0;
    return swOf(m_station.sendTyping(*m_rig, terminalCommand(cmd::ins::kRetailerSignOn), {kRetailerPin}));
}

std::optional<package::BuiltPackage> TestTerminalSystemRestart::loadForSim(scp03::SecureChannel& host,
                                                                           const QString& simPath)
{
    m_rig->removeCard();
    std::shared_ptr<cards::SimCard> sim = simtest::openCard(simPath);
    if (!sim || !m_rig->insertCard(sim))
        return std::nullopt;
    auto built =
        package::PackageBuilder::build(host, view(transactionId(1)), view(simIccid()), personalisationBody(false));
    if (!built)
        return std::nullopt;
    auto encoded = built.value().package.encode();
    if (!encoded)
        return std::nullopt;
    const CommandApdu load(cmd::kCla, cmd::ins::kLoadPackage, 0x00, 0x00,
                           SecureBytes(encoded.value().begin(), encoded.value().end()), 256);
    const auto loaded = m_station.send(load);
    if (!loaded || loaded.value().sw() != perso::sw::kSuccess)
        return std::nullopt;
    return std::move(built).value();
}

void TestTerminalSystemRestart::pcscdRestartedMidPackage()
{
    if (!vpcd::test::pcscdScript(QStringLiteral("status")).startsWith(QLatin1String("ours")))
        QSKIP("pcscd was not started by scripts/pcscd-vpcd.sh: not restarting someone else's pcscd");
    QCOMPARE(signOn(), perso::sw::kSuccess);
    scp03::HostHandshake hostHandshake(retailerKeys(), 0x33, scp03::ChallengeMode::S8);
    auto host = handshake(m_station, hostHandshake);
    QVERIFY(host.has_value());
    const QString path = simtest::makeBlank(m_ws.dir, QStringLiteral("restart.card"));
    auto built = loadForSim(*host, path);
    QVERIFY(built.has_value());
    for (int i = 0; i < 5; ++i)
        QCOMPARE(parseStep(m_station.send(runStepCommand()))->runState, std::uint8_t(cmd::RunState::MoreSteps));

    QCOMPARE(vpcd::test::pcscdScript(QStringLiteral("stop")), QStringLiteral("stopped"));
    QTRY_VERIFY_WITH_TIMEOUT(!m_rig->linked, 5000);
    // A clear error, quickly; the terminal keeps its session and the step it was at.
    QElapsedTimer clock;
    clock.start();
    const auto lost = m_station.send(runStepCommand());
    QVERIFY(!lost.ok());
    QVERIFY2(lost.error().isServiceLost() || lost.error().isCardLost() ||
                 lost.kind() == pcsc::ErrorKind::ReaderUnavailable,
             qPrintable(lost.error().text()));
    QVERIFY(clock.elapsed() < 5000);
    qInfo("RUN STEP with pcscd stopped: %s after %lld ms", qPrintable(lost.error().text()), clock.elapsed());
    QCOMPARE(m_rig->state(), TerminalState::Executing);

    QVERIFY(vpcd::test::pcscdScript(QStringLiteral("start")).startsWith(QLatin1String("ours")));
    clock.restart();
    QTRY_VERIFY_WITH_TIMEOUT(m_rig->linked, 10000);    // the link's backoff found vpcd again
    QTRY_VERIFY_WITH_TIMEOUT(m_station.open(), 10000); // the same Context, re-established
    qInfo("station connected again %lld ms after pcscd was started", clock.elapsed());
    QCOMPARE(statusField(m_station, 0x80), (SecureBytes{0x05}));                   // Executing
    QCOMPARE(statusField(m_station, 0x85), (SecureBytes{0x00, 0x05, 0x00, 0x18})); // 5 of 24 steps

    std::optional<StepAnswer> last;
    for (int i = 0; i < 30 && (!last || last->runState == std::uint8_t(cmd::RunState::MoreSteps)); ++i) {
        last = parseStep(m_station.send(runStepCommand()));
        QVERIFY(last.has_value());
    }
    QCOMPARE(last->runState, std::uint8_t(cmd::RunState::ResultReady));
    const auto result = m_station.send(terminalCommand(cmd::ins::kGetResult));
    QVERIFY(result.ok());
    const Bytes sealed(result.value().data().begin(), result.value().data().end());
    auto verified = built->verifier.verify(*host, view(sealed));
    QVERIFY(verified.ok());
    QVERIFY(verified.value().authenticated);
    QCOMPARE(verified.value().result.outcome, package::Outcome::Completed);
    m_rig->removeCard();
    auto sim = simtest::openCard(path);
    QVERIFY(sim != nullptr);
    QVERIFY(simtest::send(*sim, "00A40004027FF000").data.contains(QLatin1String("8A0105")));
}

// The station blocked in SCardTransmit while the terminal waits for the retailer's PIN: stopping pcscd
// ends the call with an error instead of a hang; the terminal still waits for its keypad (and refuses
// other commands meanwhile) until Cancel; then everything works again.
void TestTerminalSystemRestart::pcscdStoppedDuringKeypadEntry()
{
    if (!vpcd::test::pcscdScript(QStringLiteral("status")).startsWith(QLatin1String("ours")))
        QSKIP("pcscd was not started by scripts/pcscd-vpcd.sh: not restarting someone else's pcscd");
    m_rig->removeCard();
    QVERIFY(m_rig->insertCard(m_ws.retailerCard()));
    auto pending =
        std::async(std::launch::async, [this] { return m_station.send(terminalCommand(cmd::ins::kRetailerSignOn)); });
    QTRY_VERIFY_WITH_TIMEOUT(m_rig->busy(), 5000);
    QElapsedTimer clock;
    clock.start();
    QCOMPARE(vpcd::test::pcscdScript(QStringLiteral("stop")), QStringLiteral("stopped"));
    QVERIFY2(pending.wait_for(std::chrono::seconds(8)) == std::future_status::ready, "SCardTransmit hung");
    const auto lost = pending.get();
    QVERIFY(!lost.ok());
    qInfo("blocked sign-on ended with '%s' %lld ms after the stop began", qPrintable(lost.error().text()),
          clock.elapsed());

    QVERIFY(vpcd::test::pcscdScript(QStringLiteral("start")).startsWith(QLatin1String("ours")));
    QTRY_VERIFY_WITH_TIMEOUT(m_rig->linked, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(m_station.open(), 10000);
    const auto refused = m_station.send(terminalCommand(cmd::ins::kGetStatus));
    QVERIFY(refused.ok());
    QCOMPARE(refused.value().sw(), std::uint16_t{0x6985}); // the keypad entry is still open
    m_rig->queueKey(Key::Cancel);
    QTRY_VERIFY_WITH_TIMEOUT(!m_rig->busy(), 5000);
    QCOMPARE(m_rig->state(), TerminalState::Locked);
    QCOMPARE(statusField(m_station, 0x80), (SecureBytes{0x00}));
    QCOMPARE(signOn(), perso::sw::kSuccess);
}

void TestTerminalSystemRestart::tamperErasesKeys()
{
    QCOMPARE(signOn(), perso::sw::kSuccess);
    scp03::HostHandshake hostHandshake(retailerKeys(), 0x33, scp03::ChallengeMode::S8);
    QVERIFY(handshake(m_station, hostHandshake).has_value());
    QVERIFY(m_rig->call([](SecureTerminal& t) { return t.holdsKeys(); }));
    QCOMPARE(statusField(m_station, 0x82), (SecureBytes{0x00}));

    m_rig->call([](SecureTerminal& t) { t.tamper(); });
    QVERIFY(!m_rig->call([](SecureTerminal& t) { return t.holdsKeys(); }));
    QCOMPARE(m_rig->state(), TerminalState::Tampered);
    QVERIFY(QFile::exists(m_ws.statePath()));
    QCOMPARE(statusField(m_station, 0x80), (SecureBytes{0x08}));
    QCOMPARE(statusField(m_station, 0x82), (SecureBytes{0x01}));
    const auto dataKey = m_station.send(terminalCommand(cmd::ins::kGetDataKey));
    QVERIFY(dataKey.ok());
    QCOMPARE(dataKey.value().sw(), std::uint16_t{0x6985});
    QVERIFY(dataKey.value().data().empty());

    // The next sign-on carries the flag to the issuer.
    const auto answer = m_station.sendTyping(*m_rig, terminalCommand(cmd::ins::kRetailerSignOn), {kRetailerPin});
    QCOMPARE(swOf(answer), perso::sw::kSuccess);
    const auto flags = findTlv(answer->value().data(), 0xA4);
    QVERIFY(flags.has_value());
    QCOMPARE(flags->find(0x80)->value(), (SecureBytes{0x01}));
}

void TestTerminalSystemRestart::tamperAnswersCommandInFlight()
{
    m_rig->removeCard();
    QVERIFY(m_rig->insertCard(m_ws.retailerCard()));
    // The sign-on blocks in SCardTransmit while the keypad is open; the sensor fires meanwhile.
    auto pending =
        std::async(std::launch::async, [this] { return m_station.send(terminalCommand(cmd::ins::kRetailerSignOn)); });
    QTRY_VERIFY_WITH_TIMEOUT(m_rig->busy(), 5000);
    m_rig->call([](SecureTerminal& t) { t.tamper(); });
    QVERIFY2(pending.wait_for(std::chrono::seconds(5)) == std::future_status::ready, "the sign-on hung");
    const auto answer = pending.get();
    QVERIFY(answer.ok());
    QCOMPARE(answer.value().sw(), std::uint16_t{0x6F00});
    QVERIFY(!m_rig->busy());
    QVERIFY(!m_rig->call([](SecureTerminal& t) { return t.holdsKeys(); }));
    QCOMPARE(m_rig->state(), TerminalState::Tampered);
}

QTEST_GUILESS_MAIN(TestTerminalSystemRestart)
#include "tst_terminalsystem_restart.moc"
