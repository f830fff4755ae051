// SPDX-License-Identifier: Apache-2.0
// The real perso-terminal executable against the real pcscd + vpcd (label system, fixture "pcscd"):
// --headless shows the terminal in "Virtual PCD 00 00" and answers GET STATUS through perso::pcsc while
// the control socket inserts a card; --inspect presents a SIM's card file in "Virtual PCD 00 01" where
// EF.ICCID reads back through PC/SC; both stop cleanly (quit, SIGTERM).
#include "tst_terminalapp_cards.h"

#include "pcsc/CardConnection.h"
#include "pcsc/Context.h"
#include "protocol/apdu/CommandApdu.h"
#include "protocol/tlv/BerTlv.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalSocket>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace perso;

namespace {
const QString kTerminalReader = QStringLiteral("Virtual PCD 00 00");
const QString kInspectionReader = QStringLiteral("Virtual PCD 00 01");
constexpr int kWaitMs = 15000;

// A perso-terminal process, killed by its PID if the test ends before it stopped.
struct TerminalProcess
{
    QProcess process;
    explicit TerminalProcess(const QStringList& arguments)
    {
        process.setProgram(QStringLiteral(PERSO_TERMINAL_BINARY));
        process.setArguments(arguments);
        process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        process.start();
    }
    ~TerminalProcess()
    {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(5000);
        }
    }
};

// GET STATUS's slot byte (tag 81), or -1.
int slotOf(pcsc::CardConnection& connection)
{
    const auto status = connection.transmit(CommandApdu(0x80, 0x10, 0x00, 0x00, {}, 256));
    if (!status.ok() || status.value().sw() != sw::kSuccess)
        return -1;
    const auto fields = BerTlv::decodeAll(view(status.value().data()));
    if (!fields.ok())
        return -1;
    for (const auto& field : fields.value()) {
        if (field.tag() == 0x81 && field.value().size() == 1)
            return field.value()[0];
    }
    return -1;
}

// Connects to `reader` once pcscd shows our card there and it answers (bounded): vpcd serves one card
// per port, so a card of another process still connected is waited out.
std::unique_ptr<pcsc::CardConnection> connectWhenPresent(pcsc::Context& context, const QString& reader,
                                                         const QByteArray& atr)
{
    std::unique_ptr<pcsc::CardConnection> connection;
    (void)QTest::qWaitFor(
        [&] {
            auto attempt = pcsc::CardConnection::connect(context, reader);
            // The ATR alone is not enough: pcscd may still report the card of a process that has just
            // left the port (another test's terminal has the same ATR) until its next presence poll, and
            // then the first exchange fails. Any answer from the card (even a status word) proves it is ours.
            if (attempt.ok() && attempt.value()->atr() == atr &&
                attempt.value()->transmit(CommandApdu(0x80, 0x10, 0x00, 0x00, {}, 256)).ok())
                connection = std::move(attempt).value();
            return connection != nullptr;
        },
        kWaitMs);
    return connection;
}

QJsonObject ask(QLocalSocket& socket, const QByteArray& line)
{
    socket.write(line + '\n');
    if (!socket.waitForBytesWritten(kWaitMs))
        return {};
    while (!socket.canReadLine()) {
        if (!socket.waitForReadyRead(kWaitMs))
            return {};
    }
    return QJsonDocument::fromJson(socket.readLine()).object();
}

} // namespace

class TestTerminalAppSystem : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void headlessTerminalIsAReader()
    {
        QTemporaryDir dir;
        const QString stock = dir.filePath(QStringLiteral("stock"));
        QVERIFY(terminal::app::test::writeStock(stock));
        const QString control = dir.filePath(QStringLiteral("control.sock"));
        TerminalProcess terminal({QStringLiteral("--headless"), QStringLiteral("--control"), control,
                                  QStringLiteral("--state"), dir.filePath(QStringLiteral("terminal.state")),
                                  QStringLiteral("--stock"), stock});
        QVERIFY(terminal.process.waitForStarted(kWaitMs));

        pcsc::Context context;
        auto connection = connectWhenPresent(context, kTerminalReader, QByteArray::fromHex("3B0A504552534F2D5445524D"));
        QVERIFY2(connection, "Virtual PCD 00 00 never showed the terminal's ATR");
        QCOMPARE(slotOf(*connection), 0x00);

        QLocalSocket socket;
        socket.connectToServer(control);
        QVERIFY(socket.waitForConnected(kWaitMs));
        QCOMPARE(ask(socket, "insert " + QDir(stock).filePath(QStringLiteral("sim1.card")).toUtf8())
                     .value(QLatin1String("ok")),
                 QJsonValue(true));
        const QJsonObject state = ask(socket, "state");
        QCOMPARE(state.value(QLatin1String("ok")), QJsonValue(true));
        QCOMPARE(state.value(QLatin1String("slotKind")).toString(), QStringLiteral("sim"));
        QCOMPARE(state.value(QLatin1String("state")).toString(), QStringLiteral("locked"));
        QCOMPARE(state.value(QLatin1String("vpcd")), QJsonValue(true));
        QCOMPARE(slotOf(*connection), 0x02); // the firmware sees the customer card
        QCOMPARE(ask(socket, "remove").value(QLatin1String("ok")), QJsonValue(true));
        QCOMPARE(slotOf(*connection), 0x00);
        QCOMPARE(ask(socket, "bogus").value(QLatin1String("ok")), QJsonValue(false));

        QCOMPARE(ask(socket, "quit").value(QLatin1String("ok")), QJsonValue(true));
        QVERIFY(terminal.process.waitForFinished(kWaitMs));
        QCOMPARE(terminal.process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(terminal.process.exitCode(), 0);
    }

    void inspectionReadsIccid()
    {
        QTemporaryDir dir;
        const QString stock = dir.filePath(QStringLiteral("stock"));
        QVERIFY(terminal::app::test::writeStock(stock));
        TerminalProcess inspect({QStringLiteral("--inspect"), QDir(stock).filePath(QStringLiteral("sim1.card"))});
        QVERIFY(inspect.process.waitForStarted(kWaitMs));

        pcsc::Context context;
        const QByteArray simAtr = [&] {
            auto card = cards::SimCard::open(QDir(stock).filePath(QStringLiteral("sim1.card")));
            const Bytes atr = card.ok() ? card.value()->atr() : Bytes{};
            return QByteArray(reinterpret_cast<const char*>(atr.data()), qsizetype(atr.size()));
        }();
        QVERIFY(!simAtr.isEmpty());
        auto connection = connectWhenPresent(context, kInspectionReader, simAtr);
        QVERIFY2(connection, "Virtual PCD 00 01 never showed the card");
        const auto select = connection->transmit(CommandApdu(0x00, 0xA4, 0x00, 0x0C, secureFromHex("2FE2")));
        QVERIFY(select.ok());
        QCOMPARE(select.value().sw(), sw::kSuccess);
        const auto iccid = connection->transmit(CommandApdu(0x00, 0xB0, 0x00, 0x00, {}, 10));
        QVERIFY(iccid.ok());
        QCOMPARE(iccid.value().sw(), sw::kSuccess);
        QCOMPARE(Bytes(iccid.value().data().begin(), iccid.value().data().end()), fromHex("98941000000000000010"));
        connection.reset();

        inspect.process.terminate(); // SIGTERM: a clean stop
        QVERIFY(inspect.process.waitForFinished(kWaitMs));
        QCOMPARE(inspect.process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(inspect.process.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestTerminalAppSystem)
#include "tst_terminalapp_system.moc"
