// SPDX-License-Identifier: Apache-2.0
// perso-terminal without a window: the control line protocol (every command, malformed lines), the
// control socket against a real TerminalEmulator, the card tray, the firmware adapter that answers
// vpcd asynchronously, and the command line.
#include "tst_terminalapp_cards.h"

#include "protocol/apdu/CommandApdu.h"
#include "terminal/app/AppOptions.h"
#include "terminal/app/CardTray.h"
#include "terminal/app/ControlProtocol.h"
#include "terminal/app/ControlServer.h"
#include "terminal/app/FirmwareCard.h"
#include "terminal/app/TerminalEmulator.h"
#include "terminal/firmware/DisplayTexts.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalSocket>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

#include <optional>

using namespace perso;
using namespace perso::terminal;
using namespace perso::terminal::app;

Q_DECLARE_METATYPE(perso::terminal::app::ControlCommand::Verb)

namespace {
QByteArray keyCodes(const std::vector<Key>& keys)
{
    QByteArray codes;
    for (const Key key : keys)
        codes.append(static_cast<char>('a' + static_cast<int>(key)));
    return codes;
}

// A terminal whose vpcd link points at a port nobody listens on: the link keeps retrying, the
// emulator works without pcscd.
EmulatorOptions offlineOptions(const QTemporaryDir& dir)
{
    EmulatorOptions options;
    options.terminal.stateFilePath = dir.filePath(QStringLiteral("terminal.state"));
    options.vpcd.port = 1;
    options.stock = {dir.filePath(QStringLiteral("stock"))};
    return options;
}

QJsonObject answerOf(const QByteArray& line)
{
    if (!line.endsWith('\n') || line.count('\n') != 1)
        return {};
    return QJsonDocument::fromJson(line).object();
}

// One control socket client that sends a line and waits (bounded) for its answer.
struct Client
{
    QLocalSocket socket;
    bool connectTo(const QString& path)
    {
        socket.connectToServer(path);
        return QTest::qWaitFor([this] { return socket.state() == QLocalSocket::ConnectedState; }, 5000);
    }
    QJsonObject ask(const QByteArray& line)
    {
        socket.write(line + '\n');
        socket.flush();
        // The server runs on this thread: wait (bounded) while the event loop serves it.
        if (!QTest::qWaitFor([this] { return socket.canReadLine(); }, 5000))
            return {};
        return answerOf(socket.readLine());
    }
};
} // namespace

class TestTerminalAppControl : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesEveryCommand_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<ControlCommand::Verb>("verb");
        QTest::addColumn<QString>("argument");
        QTest::addColumn<QByteArray>("keys"); // 'a' + Key value per key
        using V = ControlCommand::Verb;
        QTest::newRow("list") << QByteArray("list") << V::List << QString() << QByteArray();
        QTest::newRow("insert path") << QByteArray("insert /tmp/a b.card") << V::Insert
                                     << QStringLiteral("/tmp/a b.card") << QByteArray();
        QTest::newRow("insert label, CR")
            << QByteArray("insert 89014\r") << V::Insert << QStringLiteral("89014") << QByteArray();
        QTest::newRow("remove") << QByteArray("remove") << V::Remove << QString() << QByteArray();
        QTest::newRow("key 0") << QByteArray("key 0") << V::Key << QString() << QByteArray("a");
        QTest::newRow("key 9") << QByteArray("key 9") << V::Key << QString() << QByteArray("j");
        QTest::newRow("key cancel") << QByteArray("key cancel") << V::Key << QString() << QByteArray("k");
        QTest::newRow("key clear") << QByteArray("key clear") << V::Key << QString() << QByteArray("l");
        QTest::newRow("key ok, spaces") << QByteArray("  key   ok  ") << V::Key << QString() << QByteArray("m");
        QTest::newRow("type") << QByteArray("type 2580") << V::Type << QString() << QByteArray("cfia");
        QTest::newRow("tamper") << QByteArray("tamper") << V::Tamper << QString() << QByteArray();
        QTest::newRow("state") << QByteArray("state") << V::State << QString() << QByteArray();
        QTest::newRow("quit") << QByteArray("quit") << V::Quit << QString() << QByteArray();
    }
    void parsesEveryCommand()
    {
        QFETCH(QByteArray, line);
        QFETCH(ControlCommand::Verb, verb);
        QFETCH(QString, argument);
        QFETCH(QByteArray, keys);
        const auto command = ControlProtocol::parse(line);
        QVERIFY2(command.ok(), command.ok() ? "" : qPrintable(command.error().message));
        QCOMPARE(command.value().verb, verb);
        QCOMPARE(command.value().argument, argument);
        QCOMPARE(keyCodes(command.value().keys), keys);
    }

    void refusesMalformedLines_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("blank") << QByteArray("   ");
        QTest::newRow("unknown verb") << QByteArray("format");
        QTest::newRow("upper case") << QByteArray("STATE");
        QTest::newRow("insert without file") << QByteArray("insert");
        QTest::newRow("key without key") << QByteArray("key ");
        QTest::newRow("key 10") << QByteArray("key 10");
        QTest::newRow("key enter") << QByteArray("key enter");
        QTest::newRow("key two") << QByteArray("key 1 2");
        QTest::newRow("type letters") << QByteArray("type 12a4");
        QTest::newRow("type spaced") << QByteArray("type 12 34");
        QTest::newRow("type arabic-indic digit") << QByteArray("type 1\xd9\xa3");
        QTest::newRow("type too long") << QByteArray("type ") + QByteArray(65, '1');
        QTest::newRow("state with argument") << QByteArray("state now");
        QTest::newRow("quit with argument") << QByteArray("quit 1");
        QTest::newRow("not UTF-8") << QByteArray("insert \xff\xfe");
        QTest::newRow("NUL byte") << QByteArray("state\0", 6);
        QTest::newRow("escape") << QByteArray("list\x1b[2J");
        QTest::newRow("too long") << QByteArray("insert ") + QByteArray(ControlProtocol::kMaxLineBytes, 'x');
    }
    void refusesMalformedLines()
    {
        QFETCH(QByteArray, line);
        const auto command = ControlProtocol::parse(line);
        QVERIFY(!command.ok());
        QVERIFY(!command.error().message.isEmpty());
        QVERIFY(!command.error().message.contains(QLatin1String("1234")));
        const QJsonObject answer = answerOf(ControlProtocol::failure(command.error().message));
        QCOMPARE(answer.value(QLatin1String("ok")), QJsonValue(false));
    }

    void typedDigitsNeverEchoed()
    {
        const auto command = ControlProtocol::parse("type 9876x");
        QVERIFY(!command.ok());
        QVERIFY(!command.error().message.contains(QLatin1String("9876")));
    }

    void commandLine_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<bool>("display");
        QTest::addColumn<bool>("accepted");
        QTest::addColumn<int>("mode");
        using M = AppOptions::Mode;
        const QString p = QStringLiteral("perso-terminal");
        const QString s = QStringLiteral("--state=/tmp/x");
        QTest::newRow("window with a display") << QStringList{p, s} << true << true << int(M::Window);
        QTest::newRow("headless without a display") << QStringList{p, s} << false << true << int(M::Headless);
        QTest::newRow("--headless") << QStringList{p, s, QStringLiteral("--headless")} << true << true
                                    << int(M::Headless);
        QTest::newRow("--inspect") << QStringList{p, QStringLiteral("--inspect"), QStringLiteral("a.card")} << true
                                   << true << int(M::Inspect);
        QTest::newRow("all options") << QStringList{p,
                                                    s,
                                                    QStringLiteral("--headless"),
                                                    QStringLiteral("--control=/tmp/c"),
                                                    QStringLiteral("--stock=/a"),
                                                    QStringLiteral("--stock=/b"),
                                                    QStringLiteral("--terminal-id=T-1"),
                                                    QStringLiteral("--pin-timeout=5"),
                                                    QStringLiteral("--vpcd-host=localhost"),
                                                    QStringLiteral("--vpcd-port=40000")}
                                     << false << true << int(M::Headless);
        QTest::newRow("unknown option") << QStringList{p, QStringLiteral("--frobnicate")} << false << false << 0;
        QTest::newRow("positional") << QStringList{p, QStringLiteral("extra")} << false << false << 0;
        QTest::newRow("missing value") << QStringList{p, QStringLiteral("--state")} << false << false << 0;
        QTest::newRow("pin timeout 0") << QStringList{p, QStringLiteral("--pin-timeout=0")} << false << false << 0;
        QTest::newRow("pin timeout text") << QStringList{p, QStringLiteral("--pin-timeout=ten")} << false << false << 0;
        QTest::newRow("language de") << QStringList{p, QStringLiteral("--headless"), QStringLiteral("--language=de")}
                                     << false << true << int(M::Headless);
        QTest::newRow("language xx") << QStringList{p, QStringLiteral("--language=xx")} << false << false << 0;
        QTest::newRow("port 70000") << QStringList{p, QStringLiteral("--vpcd-port=70000")} << false << false << 0;
        QTest::newRow("terminal id too long")
            << QStringList{p, QStringLiteral("--terminal-id=") + QString(33, QLatin1Char('T'))} << false << false << 0;
        QTest::newRow("inspect with stock")
            << QStringList{p, QStringLiteral("--inspect=a"), QStringLiteral("--stock=b")} << false << false << 0;
    }
    void commandLine()
    {
        QFETCH(QStringList, arguments);
        QFETCH(bool, display);
        QFETCH(bool, accepted);
        QFETCH(int, mode);
        const ParsedOptions parsed = CommandLine::parse(arguments, display);
        QCOMPARE(parsed.options.has_value(), accepted);
        QCOMPARE(parsed.error.isEmpty(), accepted);
        if (accepted)
            QCOMPARE(int(parsed.options->mode), mode);
    }

    void commandLineValues()
    {
        const ParsedOptions parsed = CommandLine::parse(
            {QStringLiteral("perso-terminal"), QStringLiteral("--headless"), QStringLiteral("--state=/s"),
             QStringLiteral("--stock=/a"), QStringLiteral("--stock=/b"), QStringLiteral("--terminal-id=T-9"),
             QStringLiteral("--pin-timeout=7"), QStringLiteral("--vpcd-port=40001"), QStringLiteral("--control=/c")},
            true);
        QVERIFY(parsed.options);
        QCOMPARE(parsed.options->stock, (QStringList{QStringLiteral("/a"), QStringLiteral("/b")}));
        QCOMPARE(parsed.options->stateFile, QStringLiteral("/s"));
        QCOMPARE(parsed.options->terminalId, QStringLiteral("T-9"));
        QCOMPARE(parsed.options->pinTimeout, std::chrono::milliseconds(7000));
        QCOMPARE(parsed.options->vpcdPort.value_or(0), std::uint16_t{40001});
        QCOMPARE(parsed.options->controlPath, QStringLiteral("/c"));
        const ParsedOptions help =
            CommandLine::parse({QStringLiteral("perso-terminal"), QStringLiteral("--help")}, false);
        QVERIFY(help.helpRequested);
        for (const char* option : {"--stock", "--state", "--terminal-id", "--pin-timeout", "--vpcd-host", "--vpcd-port",
                                   "--control", "--headless", "--inspect"})
            QVERIFY2(help.helpText.contains(QLatin1String(option)), option);
    }

    // The keypad's prompts come in German and French from the catalogues built into perso_terminal_app,
    // every line within the display's width.
    void keypadPromptsAreTranslated_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("retailerPin");
        QTest::addColumn<QString>("tries");
        QTest::newRow("de") << QStringLiteral("de") << QStringLiteral("Händler-PIN:")
                            << QStringLiteral("Noch 2 Versuche");
        QTest::newRow("fr") << QStringLiteral("fr") << QStringLiteral("PIN vendeur :")
                            << QStringLiteral("2 essais restants");
    }
    void keypadPromptsAreTranslated()
    {
        QFETCH(QString, language);
        QFETCH(QString, retailerPin);
        QFETCH(QString, tries);
        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral(":/i18n/terminal_%1").arg(language)));
        QVERIFY(QCoreApplication::installTranslator(&translator));
        QCOMPARE(perso::terminal::DisplayTexts::enterRetailerPin(QString()).line1, retailerPin);
        QCOMPARE(perso::terminal::DisplayTexts::wrongPin(2).line2, tries);
        for (const auto& lines :
             {perso::terminal::DisplayTexts::insertCustomerCard(), perso::terminal::DisplayTexts::cardRemoved(),
              perso::terminal::DisplayTexts::enterCustomerPin(1, true, QString()),
              perso::terminal::DisplayTexts::personalising(22, 22)}) {
            QVERIFY2(lines.line1.size() <= perso::terminal::DisplayTexts::kLineWidth, qPrintable(lines.line1));
            QVERIFY2(lines.line2.size() <= perso::terminal::DisplayTexts::kLineWidth, qPrintable(lines.line2));
        }
        QCoreApplication::removeTranslator(&translator);
        QCOMPARE(perso::terminal::DisplayTexts::enterRetailerPin(QString()).line1, QStringLiteral("Retailer PIN:"));
    }

    void traysListInsertsAndRemoves()
    {
        QTemporaryDir dir;
        QVERIFY(test::writeStock(dir.filePath(QStringLiteral("stock"))));
        QFile::copy(QStringLiteral(PERSO_TEST_DATA_DIR "/cards/garbage.card"),
                    dir.filePath(QStringLiteral("stock/bad.card")));
        TerminalEmulator emulator(offlineOptions(dir));
        const auto cards = emulator.tray().list();
        QCOMPARE(int(cards.size()), 4);
        QCOMPARE(cards[0].label, QStringLiteral("bad.card"));
        QVERIFY(!cards[0].problem.isEmpty());
        QCOMPARE(cards[1].kind, QStringLiteral("retailer"));
        QCOMPARE(cards[2].kind, QStringLiteral("sim"));
        QVERIFY(!emulator.tray().insert(cards[0].path).ok());
        QVERIFY(!emulator.tray().insert(QStringLiteral("no-such-card")).ok());
        QCOMPARE(emulator.terminal().slotContent(), SlotContent::Empty);

        QVERIFY(emulator.tray().insert(cards[2].label).ok()); // by label
        QCOMPARE(emulator.terminal().slotContent(), SlotContent::CustomerCard);
        QVERIFY(!emulator.tray().insert(cards[1].path).ok()); // slot occupied
        QCOMPARE(emulator.tray().slotLabel(), cards[2].label);
        QVERIFY(emulator.tray().remove());
        QVERIFY(!emulator.tray().remove());
        QCOMPARE(emulator.terminal().slotContent(), SlotContent::Empty);
        QVERIFY(emulator.tray().insert(cards[1].path).ok()); // by path
        QCOMPARE(emulator.terminal().slotContent(), SlotContent::RetailerCard);
    }

    void controlSocketSession()
    {
        QTemporaryDir dir;
        QVERIFY(test::writeStock(dir.filePath(QStringLiteral("stock"))));
        TerminalEmulator emulator(offlineOptions(dir));
        ControlServer server([&emulator](const ControlCommand& command) { return emulator.execute(command); });
        const QString path = dir.filePath(QStringLiteral("control.sock"));
        QVERIFY(server.listen(path));
        const auto permissions = QFile::permissions(path);
        QVERIFY(!(permissions & (QFile::ReadGroup | QFile::WriteGroup | QFile::ReadOther | QFile::WriteOther)));

        Client client;
        QVERIFY(client.connectTo(path));
        QJsonObject answer = client.ask("list");
        QCOMPARE(answer.value(QLatin1String("ok")), QJsonValue(true));
        const QJsonArray cards = answer.value(QLatin1String("cards")).toArray();
        QCOMPARE(cards.size(), 3);
        const QString retailerPath = cards.at(0).toObject().value(QLatin1String("path")).toString();
        const QString retailerLabel = cards.at(0).toObject().value(QLatin1String("label")).toString();

        answer = client.ask("state");
        QCOMPARE(answer.value(QLatin1String("state")).toString(), QStringLiteral("locked"));
        QVERIFY(answer.value(QLatin1String("slot")).isNull());
        QCOMPARE(answer.value(QLatin1String("tampered")), QJsonValue(false));
        QCOMPARE(answer.value(QLatin1String("vpcd")), QJsonValue(false));
        QCOMPARE(answer.value(QLatin1String("display")).toArray().size(), 2);

        QCOMPARE(client.ask("insert " + retailerPath.toUtf8()).value(QLatin1String("ok")), QJsonValue(true));
        answer = client.ask("state");
        QCOMPARE(answer.value(QLatin1String("slot")).toString(), retailerLabel);
        QCOMPARE(answer.value(QLatin1String("slotKind")).toString(), QStringLiteral("retailer"));
        answer = client.ask("insert " + retailerPath.toUtf8());
        QCOMPARE(answer.value(QLatin1String("ok")), QJsonValue(false));
        QVERIFY(!answer.value(QLatin1String("error")).toString().isEmpty());

        // Malformed lines are answered and the session goes on.
        for (const QByteArray& line : {QByteArray("hello"), QByteArray("key 77"), QByteArray("\xc3\x28"), QByteArray()})
            QCOMPARE(client.ask(line).value(QLatin1String("ok")), QJsonValue(false));
        QCOMPARE(client.ask("key 5").value(QLatin1String("ok")), QJsonValue(true)); // ignored by the firmware

        QCOMPARE(client.ask("remove").value(QLatin1String("ok")), QJsonValue(true));
        QCOMPARE(client.ask("remove").value(QLatin1String("ok")), QJsonValue(false));
        QCOMPARE(client.ask("tamper").value(QLatin1String("tampered")), QJsonValue(true));
        answer = client.ask("state");
        QCOMPARE(answer.value(QLatin1String("state")).toString(), QStringLiteral("tampered"));
        QCOMPARE(answer.value(QLatin1String("tampered")), QJsonValue(true));
        QVERIFY(emulator.terminal().isTampered());

        QSignalSpy quit(&emulator, &TerminalEmulator::quitRequested);
        QCOMPARE(client.ask("quit").value(QLatin1String("ok")), QJsonValue(true));
        QCOMPARE(quit.count(), 1);
    }

    void overlongLineDisconnects()
    {
        QTemporaryDir dir;
        TerminalEmulator emulator(offlineOptions(dir));
        ControlServer server([&emulator](const ControlCommand& command) { return emulator.execute(command); });
        QVERIFY(server.listen(dir.filePath(QStringLiteral("c.sock"))));
        Client client;
        QVERIFY(client.connectTo(dir.filePath(QStringLiteral("c.sock"))));
        const QJsonObject answer = client.ask(QByteArray(3 * ControlProtocol::kMaxLineBytes, 'k'));
        QCOMPARE(answer.value(QLatin1String("ok")), QJsonValue(false));
        QTRY_COMPARE_WITH_TIMEOUT(client.socket.state(), QLocalSocket::UnconnectedState, 5000);
        QCOMPARE(emulator.terminal().state(), TerminalState::Locked);
    }

    // Sign-on through the control socket's keys: the PIN reaches the firmware, the state dump never
    // shows it.
    void typedPinReachesTheFirmware()
    {
        QTemporaryDir dir;
        QVERIFY(test::writeStock(dir.filePath(QStringLiteral("stock"))));
        TerminalEmulator emulator(offlineOptions(dir));
        QVERIFY(emulator.tray().insert(dir.filePath(QStringLiteral("stock/retailer.card"))).ok());
        std::vector<std::uint16_t> answers;
        connect(&emulator.terminal(), &SecureTerminal::responseReady, this,
                [&answers](const ResponseApdu& response) { answers.push_back(response.sw()); });
        emulator.terminal().handleCommand(CommandApdu(0x80, 0x12, 0x00, 0x00, {}, 256));
        QVERIFY(answers.empty());
        QCOMPARE(emulator.terminal().state(), TerminalState::RetailerPin);

        ControlServer server([&emulator](const ControlCommand& command) { return emulator.execute(command); });
        const QByteArray typed = server.handleLine(QByteArray("type ") + test::kRetailerPin);
        QCOMPARE(answerOf(typed).value(QLatin1String("ok")), QJsonValue(true));
        const QByteArray state = server.handleLine("state");
        QVERIFY(!state.contains(test::kRetailerPin));
        QVERIFY(state.contains("****"));
        QCOMPARE(answerOf(server.handleLine("key ok")).value(QLatin1String("ok")), QJsonValue(true));
        QTRY_COMPARE_WITH_TIMEOUT(answers.size(), std::size_t{1}, 5000);
        QCOMPARE(answers.front(), sw::kSuccess);
        QCOMPARE(emulator.terminal().state(), TerminalState::RetailerVerified);
        QVERIFY(!server.handleLine("state").contains(test::kRetailerPin));
    }

    // The vpcd card: synchronous answers, an answer after the keypad, 6985 for a command meanwhile.
    void firmwareCardAnswersAsynchronously()
    {
        QTemporaryDir dir;
        QVERIFY(test::writeStock(dir.filePath(QStringLiteral("stock"))));
        TerminalEmulator emulator(offlineOptions(dir));
        FirmwareCard card(emulator.terminal());
        QCOMPARE(card.atr(), fromHex("3B0A504552534F2D5445524D"));
        std::optional<SecureBytes> status;
        card.transmit(secureFromHex("8010000000"), [&](SecureBytes response) { status = std::move(response); });
        QVERIFY(status && status->size() > 2);
        QCOMPARE(ResponseApdu::decode(view(*status)).value().sw(), sw::kSuccess);

        std::optional<SecureBytes> malformed;
        card.transmit(secureFromHex("801000"), [&](SecureBytes response) { malformed = std::move(response); });
        QVERIFY(malformed);
        QCOMPARE(ResponseApdu::decode(view(*malformed)).value().sw(), sw::kWrongLength);

        QVERIFY(emulator.tray().insert(dir.filePath(QStringLiteral("stock/retailer.card"))).ok());
        std::optional<SecureBytes> signOn;
        card.transmit(secureFromHex("8012000000"), [&](SecureBytes response) { signOn = std::move(response); });
        QVERIFY(!signOn);
        QVERIFY(card.isWaiting());
        std::optional<SecureBytes> meanwhile;
        card.transmit(secureFromHex("8010000000"), [&](SecureBytes response) { meanwhile = std::move(response); });
        QVERIFY(meanwhile);
        QCOMPARE(ResponseApdu::decode(view(*meanwhile)).value().sw(), sw::kConditionsNotSatisfied);
        QVERIFY(!signOn);
        for (const char digit : std::string_view(test::kRetailerPin))
            emulator.terminal().keyPressed(*keyForDigit(digit));
        emulator.terminal().keyPressed(Key::Ok);
        QTRY_VERIFY_WITH_TIMEOUT(signOn.has_value(), 5000);
        QCOMPARE(ResponseApdu::decode(view(*signOn)).value().sw(), sw::kSuccess);
        QVERIFY(!card.isWaiting());
    }
};

QTEST_GUILESS_MAIN(TestTerminalAppControl)
#include "tst_terminalapp_control.moc"
