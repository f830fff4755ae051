// SPDX-License-Identifier: Apache-2.0
// SecureTerminal: status, commands out of order and malformed, retailer sign-on with the real
// retailer card (right, wrong, blocked PIN, cancel, timeout, card pulled).
#include "FirmwareFixtures.h"

#include "protocol/tlv/BerTlv.h"

#include <QTest>

using namespace perso;
using namespace perso::terminal;
using namespace perso::terminal::test;

class TestSignOn : public QObject
{
    Q_OBJECT

private slots:
    void freshTerminalIsLockedWithStatus();
    void outOfOrderWhenLocked_data();
    void outOfOrderWhenLocked();
    void outOfOrderPerState_data();
    void outOfOrderPerState();
    void malformedCommands_data();
    void malformedCommands();
    void signOnNeedsRetailerCard();
    void rightPinReadsIdentity();
    void wrongPinShowsTriesLeft();
    void blockedCardRefusedWithoutKeypad();
    void cancelAndTimeout();
    void secondCommandWhileWaitingForPin();
    void cardPulledDuringPinEntry();

private:
    static std::vector<Tlv> fields(const ResponseApdu& answer)
    {
        auto decoded = BerTlv::decodeAll(view(answer.data()));
        return decoded ? decoded.value() : std::vector<Tlv>{};
    }
};

void TestSignOn::freshTerminalIsLockedWithStatus()
{
    Workspace ws;
    SecureTerminal terminal(ws.config());
    QCOMPARE(terminal.state(), TerminalState::Locked);
    QVERIFY(!terminal.isTampered());
    QVERIFY(!terminal.holdsKeys());
    QCOMPARE(terminal.display(), DisplayTexts::welcome());
    const ResponseApdu status = sendNow(terminal, terminalCommand(cmd::ins::kGetStatus));
    QCOMPARE(status.sw(), sw::kSuccess);
    const auto f = fields(status);
    QCOMPARE(f.size(), std::size_t{5});
    QCOMPARE(f[0].value(), SecureBytes{0x00}); // locked
    QCOMPARE(f[1].value(), SecureBytes{0x00}); // slot empty
    QCOMPARE(f[2].value(), SecureBytes{0x00}); // not tampered
    QCOMPARE(QString::fromUtf8(reinterpret_cast<const char*>(f[4].value().data()), f[4].value().size()),
             QStringLiteral("T-0042"));
    QVERIFY(terminal.insertCard(ws.retailerCard()));
    QVERIFY(!terminal.insertCard(ws.retailerCard())); // slot occupied
    QCOMPARE(fields(sendNow(terminal, terminalCommand(cmd::ins::kGetStatus)))[1].value(), SecureBytes{0x01});
}

void TestSignOn::outOfOrderWhenLocked_data()
{
    QTest::addColumn<QByteArray>("apdu");
    QTest::newRow("initialize update") << QByteArray("80 50 00 00 08 01 02 03 04 05 06 07 08 00");
    QTest::newRow("external authenticate")
        << QByteArray("84 82 33 00 10 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F");
    QTest::newRow("get data key") << QByteArray("80 14 00 00 00");
    QTest::newRow("read card identity") << QByteArray("80 16 00 00 00");
    QTest::newRow("load package") << QByteArray("80 18 00 00 02 E0 00");
    QTest::newRow("chained load package part") << QByteArray("90 18 00 00 02 E0 00");
    QTest::newRow("run step") << QByteArray("80 1A 00 00 00");
    QTest::newRow("abort") << QByteArray("80 1C 00 00");
    QTest::newRow("get result") << QByteArray("80 1E 00 00 00");
    QTest::newRow("get response") << QByteArray("00 C0 00 00 00");
}

void TestSignOn::outOfOrderWhenLocked()
{
    QFETCH(QByteArray, apdu);
    Workspace ws;
    SecureTerminal terminal(ws.config());
    QVERIFY(terminal.insertCard(ws.retailerCard()));
    QSignalSpy states(&terminal, &SecureTerminal::stateChanged);
    const auto command = CommandApdu::decode(view(fromHex(apdu.toStdString())));
    QVERIFY(command.ok());
    QCOMPARE(sendNow(terminal, command.value()).sw(), sw::kConditionsNotSatisfied);
    QCOMPARE(terminal.state(), TerminalState::Locked);
    QVERIFY(states.isEmpty());
    QVERIFY(!terminal.holdsKeys());
}

void TestSignOn::outOfOrderPerState_data()
{
    QTest::addColumn<int>("state");
    QTest::addColumn<QByteArray>("apdu");
    const QByteArray iu("80 50 00 00 08 01 02 03 04 05 06 07 08 00");
    const QByteArray ea("84 82 33 00 10 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F");
    const QByteArray signOn("80 12 00 00 00"), dataKey("80 14 00 00 00"), identity("80 16 00 00 00"),
        load("80 18 00 00 02 E0 00"), run("80 1A 00 00 00"), abort("80 1C 00 00"), result("80 1E 00 00 00");
    const std::vector<std::pair<TerminalState, std::vector<std::pair<const char*, QByteArray>>>> table{
        {TerminalState::RetailerVerified,
         {{"sign-on", signOn},
          {"external authenticate", ea},
          {"data key", dataKey},
          {"identity", identity},
          {"load", load},
          {"run", run},
          {"abort", abort},
          {"result", result}}},
        {TerminalState::AwaitingAuth,
         {{"sign-on", signOn},
          {"data key", dataKey},
          {"identity", identity},
          {"load", load},
          {"run", run},
          {"abort", abort},
          {"result", result}}},
        {TerminalState::ChannelOpen,
         {{"sign-on", signOn},
          {"initialize update", iu},
          {"external authenticate", ea},
          {"run", run},
          {"abort", abort},
          {"result", result}}},
    };
    for (const auto& [state, commands] : table) {
        for (const auto& [name, apdu] : commands)
            QTest::addRow("%s: %s", qPrintable(stateName(state)), name) << int(state) << apdu;
    }
}

void TestSignOn::outOfOrderPerState()
{
    QFETCH(int, state);
    QFETCH(QByteArray, apdu);
    Workspace ws;
    SecureTerminal terminal(ws.config());
    QVERIFY(terminal.insertCard(ws.retailerCard()));
    QCOMPARE(signOn(terminal)->sw(), sw::kSuccess);
    scp03::HostHandshake host(retailerKeys(), 0x33);
    if (state == int(TerminalState::AwaitingAuth))
        QCOMPARE(sendNow(terminal, host.initializeUpdate(Botan::system_rng()).value()).sw(), sw::kSuccess);
    if (state == int(TerminalState::ChannelOpen))
        handshake(terminal);
    QCOMPARE(int(terminal.state()), state);
    QSignalSpy states(&terminal, &SecureTerminal::stateChanged);
    const auto command = CommandApdu::decode(view(fromHex(apdu.toStdString())));
    QVERIFY(command.ok());
    QCOMPARE(sendNow(terminal, command.value()).sw(), sw::kConditionsNotSatisfied);
    QCOMPARE(int(terminal.state()), state);
    QVERIFY(states.isEmpty());
    QVERIFY(terminal.holdsKeys());
}

void TestSignOn::malformedCommands_data()
{
    QTest::addColumn<QByteArray>("apdu");
    QTest::addColumn<int>("expected");
    QTest::newRow("unknown class") << QByteArray("A0 10 00 00 00") << 0x6E00;
    QTest::newRow("unknown instruction") << QByteArray("80 40 00 00 00") << 0x6D00;
    QTest::newRow("status with P1") << QByteArray("80 10 01 00 00") << 0x6A86;
    QTest::newRow("status with data") << QByteArray("80 10 00 00 01 00") << 0x6700;
    QTest::newRow("sign-on with P2") << QByteArray("80 12 00 01 00") << 0x6A86;
    QTest::newRow("sign-on with data") << QByteArray("80 12 00 00 01 00") << 0x6700;
    QTest::newRow("end session with P1") << QByteArray("80 3E 01 00") << 0x6A86;
    QTest::newRow("chained status") << QByteArray("90 10 00 00 01 00") << 0x6884;
    QTest::newRow("get response with P1") << QByteArray("00 C0 01 00 00") << 0x6A86;
}

void TestSignOn::malformedCommands()
{
    QFETCH(QByteArray, apdu);
    QFETCH(int, expected);
    Workspace ws;
    SecureTerminal terminal(ws.config());
    QVERIFY(terminal.insertCard(ws.retailerCard()));
    const auto command = CommandApdu::decode(view(fromHex(apdu.toStdString())));
    QVERIFY(command.ok());
    QCOMPARE(int{sendNow(terminal, command.value()).sw()}, expected);
    QCOMPARE(terminal.state(), TerminalState::Locked);
}

void TestSignOn::signOnNeedsRetailerCard()
{
    Workspace ws;
    SecureTerminal terminal(ws.config());
    QCOMPARE(sendNow(terminal, terminalCommand(cmd::ins::kRetailerSignOn)).sw(), sw::kFileNotFound);
    QVERIFY(terminal.insertCard(std::make_shared<FakeSim>()));
    QCOMPARE(sendNow(terminal, terminalCommand(cmd::ins::kRetailerSignOn)).sw(), sw::kFileNotFound);
    QCOMPARE(terminal.state(), TerminalState::Locked);
}

void TestSignOn::rightPinReadsIdentity()
{
    Workspace ws;
    SecureTerminal terminal(ws.config());
    auto card = ws.retailerCard();
    QVERIFY(terminal.insertCard(card));
    QSignalSpy display(&terminal, &SecureTerminal::displayChanged);
    QVERIFY(!send(terminal, terminalCommand(cmd::ins::kRetailerSignOn)).has_value()); // waits for the keypad
    QCOMPARE(terminal.state(), TerminalState::RetailerPin);
    QVERIFY(terminal.isBusy());
    type(terminal, "25", false);
    QCOMPARE(terminal.display().line2, QStringLiteral("**"));
    terminal.keyPressed(Key::Clear);
    QCOMPARE(terminal.display().line2, QString());
    QSignalSpy responses(&terminal, &SecureTerminal::responseReady);
    type(terminal, kRetailerPin);
    QCOMPARE(responses.size(), 1);
    const auto answer = responses.takeFirst().at(0).value<ResponseApdu>();
    QCOMPARE(answer.sw(), sw::kSuccess);
    const auto f = fields(answer);
    QCOMPARE(f.size(), std::size_t{5});
    QCOMPARE(f[0].tag(), 0x80u);
    QCOMPARE(Bytes(f[0].value().begin(), f[0].value().end()), fromHex("52 50 00 00 00 00 00 07"));
    QCOMPARE(f[1].value(), ascii("Shop 7"));
    QCOMPARE(f[2].value(), SecureBytes{0x01});
    QCOMPARE(f[3].value(), ascii("T-0042"));
    QCOMPARE(f[4].tag(), 0xA4u);
    QCOMPARE(f[4].find(0x80)->value(), SecureBytes{0x00}); // not tampered
    QCOMPARE(terminal.state(), TerminalState::RetailerVerified);
    QVERIFY(terminal.holdsKeys());
    QVERIFY(!card->isPinVerified()); // reset after the keys were read: the key file is closed again
    // No display text ever showed a digit.
    for (const auto& shown : display) {
        for (const auto& line : shown) {
            for (QChar c : line.toString())
                QVERIFY2(!c.isDigit() || line.toString().contains(QStringLiteral("of")), qPrintable(line.toString()));
        }
    }
}

void TestSignOn::wrongPinShowsTriesLeft()
{
    Workspace ws;
    SecureTerminal terminal(ws.config());
    auto card = ws.retailerCard();
    QVERIFY(terminal.insertCard(card));
    const auto answer = signOn(terminal, "9999");
    QVERIFY(answer.has_value());
    QCOMPARE(answer->sw(), std::uint16_t{0x63C2});
    QCOMPARE(terminal.display().line1, QStringLiteral("Wrong PIN"));
    QVERIFY(terminal.display().line2.contains(QLatin1Char('2')));
    QCOMPARE(terminal.state(), TerminalState::Locked);
    QVERIFY(!terminal.holdsKeys());
    QCOMPARE(card->pinTriesLeft(), 2);
    // The right PIN still works and resets the counter.
    QCOMPARE(signOn(terminal)->sw(), sw::kSuccess);
    QCOMPARE(card->pinTriesLeft(), 3);
}

void TestSignOn::blockedCardRefusedWithoutKeypad()
{
    Workspace ws;
    SecureTerminal terminal(ws.config());
    auto card = ws.retailerCard();
    QVERIFY(terminal.insertCard(card));
    QCOMPARE(signOn(terminal, "1111")->sw(), std::uint16_t{0x63C2});
    QCOMPARE(signOn(terminal, "1111")->sw(), std::uint16_t{0x63C1});
    QCOMPARE(signOn(terminal, "1111")->sw(), sw::kAuthenticationBlocked);
    QCOMPARE(terminal.display(), DisplayTexts::cardBlocked());
    // Blocked: answered at once, the keypad is not opened.
    QCOMPARE(sendNow(terminal, terminalCommand(cmd::ins::kRetailerSignOn)).sw(), sw::kAuthenticationBlocked);
    QVERIFY(!terminal.isBusy());
    QCOMPARE(terminal.state(), TerminalState::Locked);
    QVERIFY(!terminal.holdsKeys());
}

void TestSignOn::cancelAndTimeout()
{
    Workspace ws;
    SecureTerminal terminal(ws.config());
    QVERIFY(terminal.insertCard(ws.retailerCard()));
    QSignalSpy responses(&terminal, &SecureTerminal::responseReady);
    terminal.handleCommand(terminalCommand(cmd::ins::kRetailerSignOn));
    type(terminal, "25", false);
    terminal.keyPressed(Key::Cancel);
    QCOMPARE(responses.size(), 1);
    QCOMPARE(responses.takeFirst().at(0).value<ResponseApdu>().sw(), cmd::sw::kPinCancelled);
    QCOMPARE(terminal.state(), TerminalState::Locked);

    terminal.setPinTimeout(std::chrono::milliseconds(50));
    terminal.handleCommand(terminalCommand(cmd::ins::kRetailerSignOn));
    QVERIFY(responses.isEmpty());
    QVERIFY(responses.wait(5000));
    QCOMPARE(responses.takeFirst().at(0).value<ResponseApdu>().sw(), cmd::sw::kPinTimeout);
    QCOMPARE(terminal.state(), TerminalState::Locked);
    QCOMPARE(terminal.display(), DisplayTexts::pinTimeout());
    QVERIFY(!terminal.isBusy());
}

void TestSignOn::secondCommandWhileWaitingForPin()
{
    Workspace ws;
    SecureTerminal terminal(ws.config());
    QVERIFY(terminal.insertCard(ws.retailerCard()));
    QSignalSpy responses(&terminal, &SecureTerminal::responseReady);
    terminal.handleCommand(terminalCommand(cmd::ins::kRetailerSignOn));
    terminal.handleCommand(terminalCommand(cmd::ins::kGetStatus));
    QCOMPARE(responses.size(), 1);
    QCOMPARE(responses.takeFirst().at(0).value<ResponseApdu>().sw(), sw::kConditionsNotSatisfied);
    QCOMPARE(terminal.state(), TerminalState::RetailerPin);
    type(terminal, kRetailerPin);
    QCOMPARE(responses.size(), 1); // exactly one answer for the sign-on
    QCOMPARE(responses.takeFirst().at(0).value<ResponseApdu>().sw(), sw::kSuccess);
}

void TestSignOn::cardPulledDuringPinEntry()
{
    Workspace ws;
    SecureTerminal terminal(ws.config());
    QVERIFY(terminal.insertCard(ws.retailerCard()));
    QSignalSpy responses(&terminal, &SecureTerminal::responseReady);
    terminal.handleCommand(terminalCommand(cmd::ins::kRetailerSignOn));
    type(terminal, "25", false);
    terminal.removeCard();
    QCOMPARE(responses.size(), 1);
    QCOMPARE(responses.takeFirst().at(0).value<ResponseApdu>().sw(), sw::kFileNotFound);
    QCOMPARE(terminal.state(), TerminalState::Locked);
    terminal.keyPressed(Key::Ok); // the keypad is closed: nothing happens
    QVERIFY(responses.isEmpty());
}

QTEST_GUILESS_MAIN(TestSignOn)
#include "tst_signon.moc"
