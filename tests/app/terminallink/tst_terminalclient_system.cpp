// SPDX-License-Identifier: Apache-2.0
// TerminalClient and TerminalWatcher against the REAL perso-terminal (--headless, control socket)
// through pcscd + vpcd (label system, fixture "pcscd"): the reader found by its ATR, GET STATUS, a
// retailer sign-on typed over the control socket while the client blocks, a wrong PIN, the SCP03
// handshake relayed, READ CARD IDENTITY with an empty slot and with a blank SIM, and the emulator
// quitting: TerminalMissing/TerminalUnresponsive within a bound, never a hang.
#include "app/terminallink/TerminalClient.h"
#include "app/terminallink/TerminalWatcher.h"
#include "protocol/scp03/Handshake.h"
#include "tests/terminal/tst_terminalapp_cards.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalSocket>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <botan/system_rng.h>

#include <atomic>
#include <memory>
#include <thread>

using namespace perso;
using namespace perso::station;

namespace {

const QString kTerminalReader = QStringLiteral("Virtual PCD 00 00");
constexpr int kWaitMs = 20000;

// One control-socket command on a connection of its own (usable from any thread): the JSON answer.
QJsonObject control(const QString& path, const QByteArray& line)
{
    QLocalSocket socket;
    socket.connectToServer(path);
    if (!socket.waitForConnected(kWaitMs))
        return {};
    socket.write(line + '\n');
    if (!socket.waitForBytesWritten(kWaitMs))
        return {};
    while (!socket.canReadLine()) {
        if (!socket.waitForReadyRead(kWaitMs))
            return {};
    }
    return QJsonDocument::fromJson(socket.readLine()).object();
}

bool controlOk(const QString& path, const QByteArray& line)
{
    return control(path, line).value(QLatin1String("ok")).toBool();
}

// Types `pin` and OK on the keypad once the terminal shows the PIN prompt (bounded); runs beside the
// blocking RETAILER SIGN-ON and gives up as soon as the sign-on has returned.
class KeypadTypist
{
public:
    KeypadTypist(QString controlPath, QByteArray pin)
        : m_thread([path = std::move(controlPath), digits = std::move(pin), this] {
              QElapsedTimer timer;
              timer.start();
              while (!m_stop.load() && timer.elapsed() < kWaitMs) {
                  if (control(path, "state").value(QLatin1String("state")).toString() ==
                      QLatin1String("retailer-pin")) {
                      typed = controlOk(path, "type " + digits) && controlOk(path, "key ok");
                      return;
                  }
                  std::this_thread::sleep_for(std::chrono::milliseconds(50)); // polling a real condition
              }
          })
    {}
    ~KeypadTypist() { finish(); }
    void finish()
    {
        m_stop.store(true);
        if (m_thread.joinable())
            m_thread.join();
    }
    bool typed = false;

private:
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
};

} // namespace

class TestTerminalClientSystem : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_stock;
    QString m_control;
    std::unique_ptr<QProcess> m_terminal;

    StationResult<RetailerIdentity> signOnTyping(TerminalClient& client, const char* pin)
    {
        KeypadTypist typist(m_control, QByteArray(pin));
        CancelToken token;
        auto identity = client.retailerSignOn(token);
        typist.finish();
        return identity;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_stock = m_dir.filePath(QStringLiteral("stock"));
        QVERIFY(terminal::app::test::writeStock(m_stock));
        m_control = m_dir.filePath(QStringLiteral("control.sock"));
        m_terminal = std::make_unique<QProcess>();
        m_terminal->setProgram(QStringLiteral(PERSO_TERMINAL_BINARY));
        m_terminal->setArguments({QStringLiteral("--headless"), QStringLiteral("--control"), m_control,
                                  QStringLiteral("--state"), m_dir.filePath(QStringLiteral("terminal.state")),
                                  QStringLiteral("--stock"), m_stock});
        m_terminal->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_terminal->start();
        QVERIFY(m_terminal->waitForStarted(kWaitMs));
        QTRY_VERIFY_WITH_TIMEOUT(controlOk(m_control, "state"), kWaitMs);
    }

    void cleanupTestCase()
    {
        if (m_terminal && m_terminal->state() != QProcess::NotRunning) {
            m_terminal->kill();
            m_terminal->waitForFinished(5000);
        }
    }

    void watcherSeesTheTerminal()
    {
        TerminalWatcher watcher;
        watcher.start();
        QTRY_VERIFY_WITH_TIMEOUT(watcher.isTerminalPresent(), kWaitMs);
        QCOMPARE(watcher.terminalReader(), kTerminalReader);
        QVERIFY(watcher.readers().contains(kTerminalReader));
        QVERIFY(watcher.isServiceAvailable());
        watcher.stop();
    }

    void signOnHandshakeAndCardIdentity()
    {
        TerminalClient client(QString(), std::chrono::seconds(60));
        // vpcd may still show another test's terminal leaving the port: retry open() + status (bounded).
        QTRY_VERIFY_WITH_TIMEOUT(client.open().ok() && client.status().ok(), kWaitMs);
        auto info = client.open();
        QVERIFY(info.ok());
        QCOMPARE(info.value().reader, kTerminalReader);
        QVERIFY(info.value().atr.contains("PERSO-TERM"));
        auto status = client.status();
        QVERIFY(status.ok());
        QCOMPARE(status.value().slot, SlotContent::Empty);
        QCOMPARE(status.value().state, std::uint8_t{0});

        auto noCard = signOnTyping(client, "0000"); // answered 6A82 at once: nothing to type
        QVERIFY(!noCard.ok());
        QCOMPARE(noCard.error().kind, StationErrorKind::RetailerCardMissing);

        QVERIFY(controlOk(m_control, "insert " + QDir(m_stock).filePath(QStringLiteral("retailer.card")).toUtf8()));
        QCOMPARE(client.status().value().slot, SlotContent::RetailerCard);
        auto wrong = signOnTyping(client, "1111");
        QVERIFY(!wrong.ok());
        QCOMPARE(wrong.error().kind, StationErrorKind::RetailerPinWrong);
        QCOMPARE(wrong.error().triesLeft, 2);

        auto identity = signOnTyping(client, terminal::app::test::kRetailerPin);
        QVERIFY2(identity.ok(), qPrintable(identity.ok() ? QString() : identity.error().detail));
        QCOMPARE(identity.value().serial, fromHex("5250000000000007"));
        QCOMPARE(identity.value().retailerId, QStringLiteral("Shop 7"));
        QCOMPARE(identity.value().keyVersion, std::uint8_t{0x30});
        QCOMPARE(identity.value().tampered, false);

        scp03::StaticKeys keys;
        keys.enc = secureFromHex("404142434445464748494A4B4C4D4E4F");
        keys.mac = secureFromHex("505152535455565758595A5B5C5D5E5F");
        keys.dek = secureFromHex("606162636465666768696A6B6C6D6E6F");
        keys.keyVersion = 0x30;
        scp03::HostHandshake host(keys, 0x33, scp03::ChallengeMode::S8);
        const SecureBytes iu = host.initializeUpdate(Botan::system_rng()).value().encode().value();
        auto iuAnswer = client.relay(Bytes(iu.begin(), iu.end()));
        QVERIFY(iuAnswer.ok());
        auto ea = host.externalAuthenticate(ResponseApdu::decode(view(iuAnswer.value())).value());
        QVERIFY(ea.ok());
        const SecureBytes eaBytes = ea.value().encode().value();
        auto eaAnswer = client.relay(Bytes(eaBytes.begin(), eaBytes.end()));
        QVERIFY(eaAnswer.ok());
        QVERIFY(host.complete(ResponseApdu::decode(view(eaAnswer.value())).value()).ok());
        QCOMPARE(client.dataKey().value().size(), std::size_t{16});

        QVERIFY(controlOk(m_control, "remove"));
        auto empty = client.readCardIdentity();
        QVERIFY(!empty.ok());
        QCOMPARE(empty.error().kind, StationErrorKind::CardMissing);
        QVERIFY(controlOk(m_control, "insert " + QDir(m_stock).filePath(QStringLiteral("sim1.card")).toUtf8()));
        auto iccid = client.readCardIdentity();
        QVERIFY(iccid.ok());
        QCOMPARE(iccid.value(), fromHex("98941000000000000010"));
        QVERIFY(client.endSession().ok());
        QVERIFY(controlOk(m_control, "remove"));
    }

    void emulatorQuittingIsNotAHang()
    {
        TerminalWatcher watcher;
        QSignalSpy presence(&watcher, &TerminalWatcher::terminalPresenceChanged);
        watcher.start();
        QTRY_VERIFY_WITH_TIMEOUT(watcher.isTerminalPresent(), kWaitMs);

        TerminalClient client(QString(), std::chrono::seconds(60));
        QTRY_VERIFY_WITH_TIMEOUT(client.status().ok(), kWaitMs);

        QVERIFY(controlOk(m_control, "quit"));
        QVERIFY(m_terminal->waitForFinished(kWaitMs));
        QElapsedTimer timer;
        timer.start();
        auto status = client.status();
        QVERIFY(!status.ok());
        QVERIFY2(status.error().kind == StationErrorKind::TerminalMissing ||
                     status.error().kind == StationErrorKind::TerminalUnresponsive,
                 qPrintable(stationErrorName(status.error().kind)));
        QVERIFY(timer.elapsed() < 2 * TerminalClient::kCommandTimeout.count() + 5000);
        QTRY_VERIFY_WITH_TIMEOUT(!watcher.isTerminalPresent(), kWaitMs);
        QVERIFY(!presence.isEmpty());
        QCOMPARE(presence.last().at(0).toBool(), false);
        QCOMPARE(presence.last().at(1).toString(), kTerminalReader);
        // Later commands fail the same way at once rather than wait.
        auto again = client.open();
        QVERIFY(!again.ok());
        QCOMPARE(again.error().kind, StationErrorKind::TerminalMissing);
    }
};

QTEST_GUILESS_MAIN(TestTerminalClientSystem)
#include "tst_terminalclient_system.moc"
