// SPDX-License-Identifier: Apache-2.0
// Tamper: every key erased at once, the flag persisted atomically and reported after a restart and at
// the next sign-on; the terminal state file read strictly (anything unreadable counts as tampered).
#include "PackageSession.h"

#include "protocol/tlv/BerTlv.h"
#include "terminal/firmware/TerminalStateFile.h"

#include <QFile>
#include <QTest>

using namespace perso;
using namespace perso::terminal;
using namespace perso::terminal::test;

namespace {

SecureBytes statusField(SecureTerminal& terminal, std::uint32_t tag)
{
    auto fields = BerTlv::decodeAll(view(sendNow(terminal, terminalCommand(cmd::ins::kGetStatus)).data()));
    if (!fields)
        return {};
    for (const auto& field : fields.value()) {
        if (field.tag() == tag)
            return field.value();
    }
    return {};
}

} // namespace

class TestTamper : public QObject
{
    Q_OBJECT

private slots:
    void tamperErasesKeysAndSurvivesRestart();
    void tamperDuringKeypadEntryAnswersOnce();
    void tamperMidPackage();
    void stateFileRoundTrip();
    void unreadableStateFileCountsAsTampered_data();
    void unreadableStateFileCountsAsTampered();
};

void TestTamper::tamperErasesKeysAndSurvivesRestart()
{
    Workspace ws;
    {
        SecureTerminal terminal(ws.config());
        QVERIFY(terminal.insertCard(ws.retailerCard()));
        QCOMPARE(signOn(terminal)->sw(), sw::kSuccess);
        handshake(terminal);
        QVERIFY(terminal.holdsKeys());
        QSignalSpy states(&terminal, &SecureTerminal::stateChanged);
        terminal.tamper();
        QVERIFY(!terminal.holdsKeys());
        QVERIFY(terminal.isTampered());
        QCOMPARE(terminal.state(), TerminalState::Tampered);
        QCOMPARE(states.size(), 1);
        QCOMPARE(terminal.display(), DisplayTexts::tampered());
        QCOMPARE(sendNow(terminal, terminalCommand(cmd::ins::kGetDataKey)).sw(), sw::kConditionsNotSatisfied);
        QCOMPARE(sendNow(terminal, CommandApdu(0x80, 0x50, 0x00, 0x00, SecureBytes(8, 1), 256)).sw(),
                 sw::kConditionsNotSatisfied);
    }
    QVERIFY(QFile::exists(ws.statePath()));
    // Restart: still tampered, reported by GET STATUS and in the sign-on data the issuer gets.
    SecureTerminal restarted(ws.config());
    QCOMPARE(restarted.state(), TerminalState::Tampered);
    QVERIFY(restarted.isTampered());
    QVERIFY(!restarted.holdsKeys());
    QCOMPARE(statusField(restarted, 0x80), SecureBytes{0x08});
    QCOMPARE(statusField(restarted, 0x82), SecureBytes{0x01});
    QVERIFY(restarted.insertCard(ws.retailerCard()));
    const auto answer = signOn(restarted);
    QVERIFY(answer.has_value());
    QCOMPARE(answer->sw(), sw::kSuccess);
    auto fields = BerTlv::decodeAll(view(answer->data()));
    QVERIFY(fields.ok());
    QCOMPARE(fields.value().back().find(0x80)->value(), SecureBytes{0x01});
    // The session ends back in the tamper state.
    QCOMPARE(sendNow(restarted, terminalCommand(cmd::ins::kEndSession, {}, 0)).sw(), sw::kSuccess);
    QCOMPARE(restarted.state(), TerminalState::Tampered);
}

void TestTamper::tamperDuringKeypadEntryAnswersOnce()
{
    Workspace ws;
    SecureTerminal terminal(ws.config());
    QVERIFY(terminal.insertCard(ws.retailerCard()));
    QSignalSpy responses(&terminal, &SecureTerminal::responseReady);
    terminal.handleCommand(terminalCommand(cmd::ins::kRetailerSignOn));
    type(terminal, "25", false);
    terminal.tamper();
    QCOMPARE(responses.size(), 1);
    QCOMPARE(responses.takeFirst().at(0).value<ResponseApdu>().sw(), sw::kNoPreciseDiagnosis);
    type(terminal, "80");
    QVERIFY(responses.isEmpty());
    QCOMPARE(terminal.state(), TerminalState::Tampered);
}

void TestTamper::tamperMidPackage()
{
    PackageSession s;
    const auto built = s.build();
    QCOMPARE(loadPackage(*s.terminal, PackageSession::encode(built)).sw(), sw::kSuccess);
    QVERIFY(s.step());
    QVERIFY(s.step());
    s.terminal->tamper();
    QVERIFY(!s.terminal->holdsKeys());
    QCOMPARE(sendNow(*s.terminal, terminalCommand(cmd::ins::kRunStep)).sw(), sw::kConditionsNotSatisfied);
    QCOMPARE(sendNow(*s.terminal, terminalCommand(cmd::ins::kGetResult)).sw(), sw::kConditionsNotSatisfied);
    auto persisted = TerminalStateFile::load(s.ws.statePath());
    QVERIFY(persisted.ok());
    QVERIFY(persisted.value().tampered);
}

void TestTamper::stateFileRoundTrip()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("state"));
    auto missing = TerminalStateFile::load(path);
    QVERIFY(missing.ok());
    QVERIFY(!missing.value().tampered);
    QVERIFY(TerminalStateFile::save(path, PersistentState{false}).ok());
    QVERIFY(!TerminalStateFile::load(path).value().tampered);
    QVERIFY(TerminalStateFile::save(path, PersistentState{true}).ok());
    QVERIFY(TerminalStateFile::load(path).value().tampered);
    QCOMPARE(QFile::permissions(path) & (QFileDevice::ReadOther | QFileDevice::ReadGroup), QFileDevice::Permissions{});
    QVERIFY(!TerminalStateFile::save(dir.filePath(QStringLiteral("no/such/dir/state")), PersistentState{}).ok());
}

void TestTamper::unreadableStateFileCountsAsTampered_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("garbage") << QByteArray("not cbor at all");
    QTest::newRow("cbor array") << QByteArray::fromHex("80");
    // {"format": "retail-perso-terminal", "version": 2, "tampered": false}
    QTest::newRow("version 2") << QByteArray::fromHex(
        "a366666f726d61747572657461696c2d706572736f2d7465726d696e616c6776657273696f6e02687461"
        "6d7065726564f4");
    // version 1 but "tampered" is a number
    QTest::newRow("tampered not bool") << QByteArray::fromHex(
        "a366666f726d61747572657461696c2d706572736f2d7465726d696e616c6776657273696f6e01687461"
        "6d706572656400");
    QTest::newRow("trailing byte") << QByteArray::fromHex(
        "a366666f726d61747572657461696c2d706572736f2d7465726d696e616c6776657273696f6e01687461"
        "6d7065726564f400");
    QTest::newRow("oversized") << QByteArray(5000, 'x');
}

void TestTamper::unreadableStateFileCountsAsTampered()
{
    QFETCH(QByteArray, content);
    Workspace ws;
    QFile file(ws.statePath());
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
    file.close();
    QVERIFY(!TerminalStateFile::load(ws.statePath()).ok());
    SecureTerminal terminal(ws.config());
    QVERIFY(terminal.isTampered());
    QCOMPARE(terminal.state(), TerminalState::Tampered);
}

QTEST_GUILESS_MAIN(TestTamper)
#include "tst_tamper.moc"
