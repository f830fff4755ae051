// SPDX-License-Identifier: Apache-2.0
// The station workflow rig itself (label system, fixture "pcscd"): the real perso-issuerd and the real
// perso-terminal --headless come up, the terminal is a reader in pcscd, and the keypad robot plays the
// retailer at the PIN pad while raw pcsc/ commands (GET STATUS, RETAILER SIGN-ON, END SESSION) drive the
// terminal: the right PIN, a wrong one first, Cancel. Then everything stops cleanly by PID.
#include "StationRig.h"

#include "protocol/terminal/TerminalCommands.h"
#include "protocol/tlv/BerTlv.h"

#include <QFileInfo>
#include <QSslSocket>
#include <QTest>

#include <map>

using namespace perso;
using namespace perso::station::test;

namespace {

constexpr auto kKeypadWait = std::chrono::milliseconds(90000);

CommandApdu terminalCommand(std::uint8_t ins)
{
    return CommandApdu(0x80, ins, 0x00, 0x00, {}, 256);
}

// The primitive fields of a TLV answer by tag.
std::map<std::uint32_t, QByteArray> fieldsOf(const ResponseApdu& answer)
{
    std::map<std::uint32_t, QByteArray> fields;
    const auto decoded = BerTlv::decodeAll(view(answer.data()));
    if (!decoded.ok())
        return fields;
    for (const auto& field : decoded.value()) {
        if (!field.isConstructed())
            fields[field.tag()] = QByteArray(reinterpret_cast<const char*>(field.value().data()),
                                             static_cast<qsizetype>(field.value().size()));
    }
    return fields;
}

} // namespace

class TestStationRig : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<StationRig> m_rig;
    pcsc::Context m_context;
    std::unique_ptr<pcsc::CardConnection> m_terminal;

    // RETAILER SIGN-ON, waiting for the robot at the keypad.
    ResponseApdu signOn()
    {
        pcsc::ExchangeOptions options;
        options.timeout = kKeypadWait;
        const auto answer = m_terminal->transmit(terminalCommand(terminal::cmd::ins::kRetailerSignOn), options);
        if (!answer.ok())
            return ResponseApdu(0x6F00);
        return answer.value();
    }

    int slotByte()
    {
        const auto answer = m_terminal->transmit(terminalCommand(terminal::cmd::ins::kGetStatus));
        if (!answer.ok() || answer.value().sw() != sw::kSuccess)
            return -1;
        const auto fields = fieldsOf(answer.value());
        const auto slot = fields.find(0x81);
        return slot != fields.end() && slot->second.size() == 1 ? static_cast<std::uint8_t>(slot->second[0]) : -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_rig = std::make_unique<StationRig>();
        QVERIFY2(m_rig->start(), qPrintable(m_rig->error + QStringLiteral("\n") + m_rig->terminalLog()));
        auto connection = pcsc::CardConnection::connect(m_context, kTerminalReader);
        QVERIFY(connection.ok());
        m_terminal = std::move(connection).value();
    }

    void rigIsUp()
    {
        QVERIFY(m_rig->daemon.running());
        QVERIFY(m_rig->daemon.port != 0);
        QVERIFY(m_rig->terminalRunning());
        QCOMPARE(m_terminal->atr(), kTerminalAtr);

        // The daemon answers TLS with a certificate for the configured server name, from the home's CA.
        const station::StationConfig config = m_rig->stationConfig();
        QCOMPARE(config.issuer.port, m_rig->daemon.port);
        QVERIFY(QFileInfo::exists(config.issuer.caFile));
        QSslSocket tls;
        QSslConfiguration ssl = tls.sslConfiguration();
        ssl.setCaCertificates(QSslCertificate::fromPath(config.issuer.caFile));
        ssl.setProtocol(QSsl::TlsV1_3);
        tls.setSslConfiguration(ssl);
        tls.connectToHostEncrypted(config.issuer.host, config.issuer.port, config.issuer.serverName);
        QVERIFY2(tls.waitForEncrypted(30000), qPrintable(tls.errorString()));
        tls.disconnectFromHost();

        // The tray holds the retailer card and every blank SIM.
        const auto list = m_rig->control.command("list");
        QVERIFY(list);
        const QJsonArray cards = list->value(QLatin1String("cards")).toArray();
        QCOMPARE(cards.size(), qsizetype(8 + 1));
        const auto snapshot = m_rig->control.state();
        QVERIFY(snapshot);
        QCOMPARE(snapshot->state, QStringLiteral("locked"));
        QVERIFY(snapshot->vpcd);
        QCOMPARE(slotByte(), 0);
    }

    void robotSignsOn()
    {
        QVERIFY(m_rig->insertRetailerCard());
        QCOMPARE(slotByte(), 1);
        m_rig->robot->resetCounters();
        // The robot counts an entry once the control socket has answered its `key ok`, which can be after
        // the terminal answered the APDU: the counts below are waited for, not compared at once.
        const ResponseApdu answer = signOn();
        QCOMPARE(answer.sw(), sw::kSuccess);
        const auto fields = fieldsOf(answer);
        QCOMPARE(fields.at(0x81), m_rig->shop().retailerId.toUtf8());
        QCOMPARE(fields.at(0x83), m_rig->shop().terminalId.toUtf8());
        const Bytes& serial = m_rig->shop().serial;
        QCOMPARE(fields.at(0x80), QByteArray(reinterpret_cast<const char*>(serial.data()), qsizetype(serial.size())));
        QTRY_COMPARE_WITH_TIMEOUT(m_rig->robot->counters().retailerEntries, 1, 10000);
        QCOMPARE(m_rig->control.state()->state, QStringLiteral("retailer-verified"));

        const auto ended = m_terminal->transmit(CommandApdu(0x80, terminal::cmd::ins::kEndSession, 0x00, 0x00));
        QVERIFY(ended.ok());
        QCOMPARE(ended.value().sw(), sw::kSuccess);
        QCOMPARE(m_rig->control.state()->state, QStringLiteral("locked"));
    }

    void robotTypesAWrongPinThenTheRightOne()
    {
        m_rig->robot->resetCounters();
        RobotPlan plan;
        plan.retailerEntries = {QStringLiteral("1111")};
        m_rig->robot->setPlan(plan);
        const ResponseApdu wrong = signOn();
        QCOMPARE(wrong.sw() & 0xFFF0, 0x63C0);
        QCOMPARE(wrong.sw() & 0x000F, 2);
        QCOMPARE(m_rig->control.state()->line1, QStringLiteral("Wrong PIN"));
        QCOMPARE(signOn().sw(), sw::kSuccess);
        QTRY_COMPARE_WITH_TIMEOUT(m_rig->robot->counters().retailerEntries, 2, 10000);
        QCOMPARE(m_terminal->transmit(CommandApdu(0x80, terminal::cmd::ins::kEndSession, 0x00, 0x00)).value().sw(),
                 sw::kSuccess);
    }

    void robotPressesCancel()
    {
        m_rig->robot->resetCounters();
        RobotPlan plan;
        plan.retailerEntries = {kCancelEntry};
        m_rig->robot->setPlan(plan);
        QCOMPARE(signOn().sw(), terminal::cmd::sw::kPinCancelled);
        QTRY_COMPARE_WITH_TIMEOUT(m_rig->robot->counters().cancels, 1, 10000);
        QCOMPARE(m_rig->control.state()->state, QStringLiteral("locked"));
        m_rig->robot->setPlan({});
    }

    void customerCardsGoInAndOut()
    {
        QVERIFY(m_rig->insertSim(3));
        QCOMPARE(slotByte(), 2);
        QCOMPARE(m_rig->control.state()->slot, StationRig::simIccid(3));
        QVERIFY(m_rig->control.remove());
        QCOMPARE(slotByte(), 0);
    }

    void stopsCleanly()
    {
        m_terminal.reset();
        const qint64 terminalPid = m_rig->terminalPid();
        QVERIFY(terminalPid > 0);
        m_rig->robot->stop();
        QCOMPARE(m_rig->robot->counters().failures, 0);
        m_rig->stopTerminal();
        QCOMPARE(m_rig->terminalExitCode(), 0); // SIGTERM: a clean stop
        QVERIFY(!m_rig->terminalRunning());
        QCOMPARE(m_rig->daemon.terminate(30000), 0);
        QVERIFY(!m_rig->daemon.running());
    }

    void cleanupTestCase()
    {
        m_terminal.reset();
        m_rig.reset();
    }
};

QTEST_GUILESS_MAIN(TestStationRig)
#include "tst_station_rig.moc"
