// SPDX-License-Identifier: Apache-2.0
// station-driver: runs the real perso::station::Station (production constructor) through one scenario
// from the command line, for the workflow suite's crash test (the suite SIGKILLs it mid-run):
//
//   station-driver --host H --port P --ca FILE --server-name N --reader R --journal FILE --receipts DIR
//                  --control SOCKET --sim CARDFILE --customer N
//
// start -> signOn (the suite's keypad robot types the PIN) -> the SIM into the slot over the control
// socket -> submitCustomer -> personalise -> completed. One line per event on stdout, flushed at once:
// "phase <name>", "signed-on", "decision <n>", "progress <step>/<total>", "completed <msisdn>",
// "failed <error name> <detail>". Exit 0 on completed, 1 on failed, 2 on a bad command line.

#include "WorkflowCustomers.h"

#include "app/demo/ControlClient.h"
#include "app/session/Station.h"

#include <QCommandLineParser>
#include <QGuiApplication>
#include <QTimer>

#include <cstdio>

using namespace perso;
using namespace perso::station;

namespace {

void say(const QString& line)
{
    std::fputs(qPrintable(line + QLatin1Char('\n')), stdout);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QCommandLineParser parser;
    const QStringList names{QStringLiteral("host"),        QStringLiteral("port"),    QStringLiteral("ca"),
                            QStringLiteral("server-name"), QStringLiteral("reader"),  QStringLiteral("journal"),
                            QStringLiteral("receipts"),    QStringLiteral("control"), QStringLiteral("sim"),
                            QStringLiteral("customer")};
    for (const QString& name : names)
        parser.addOption(QCommandLineOption(name, name, QStringLiteral("value")));
    parser.process(app);
    for (const QString& name : names) {
        if (!parser.isSet(name)) {
            say(QStringLiteral("missing --") + name);
            return 2;
        }
    }

    StationConfig config;
    config.issuer.host = parser.value(QStringLiteral("host"));
    config.issuer.port = static_cast<quint16>(parser.value(QStringLiteral("port")).toUInt());
    config.issuer.caFile = parser.value(QStringLiteral("ca"));
    config.issuer.serverName = parser.value(QStringLiteral("server-name"));
    config.terminalReader = parser.value(QStringLiteral("reader"));
    config.journalPath = parser.value(QStringLiteral("journal"));
    config.receiptDirectory = parser.value(QStringLiteral("receipts"));
    config.printer = QStringLiteral("pdf");
    config.issuerTimeoutSeconds = 60;
    config.keypadTimeoutSeconds = 120;
    const QString simPath = parser.value(QStringLiteral("sim"));
    const auto customer = static_cast<std::uint32_t>(parser.value(QStringLiteral("customer")).toUInt());

    perso::station::demo::ControlClient control(30000);
    if (!control.connectTo(parser.value(QStringLiteral("control")))) {
        say(QStringLiteral("failed control ") + control.lastError());
        return 2;
    }

    Station station(config);
    QObject::connect(&station, &Station::phaseChanged,
                     [](StationPhase phase) { say(QStringLiteral("phase ") + stationPhaseName(phase)); });
    QObject::connect(&station, &Station::signedOn, [&](const SignOnInfo&) {
        say(QStringLiteral("signed-on"));
        if (!control.remove() || !control.insert(simPath)) {
            say(QStringLiteral("failed control ") + control.lastError());
            app.exit(1);
            return;
        }
        station.submitCustomer(perso::station::test::workflowCustomer(customer), wire::Operation::New);
    });
    QObject::connect(&station, &Station::decisionReceived, [&](const DecisionInfo& decision) {
        say(QStringLiteral("decision %1").arg(static_cast<int>(decision.decision)));
        station.personalise();
    });
    QObject::connect(&station, &Station::progressChanged, [](const ProgressInfo& progress) {
        say(QStringLiteral("progress %1/%2").arg(progress.step).arg(progress.total));
    });
    QObject::connect(&station, &Station::completed, [&](const CompletionInfo& completion) {
        say(QStringLiteral("completed ") + completion.msisdn);
        app.exit(0);
    });
    QObject::connect(&station, &Station::failed, [&](const StationError& error) {
        say(QStringLiteral("failed ") + stationErrorName(error.kind) + QLatin1Char(' ') + error.detail);
        app.exit(1);
    });
    bool signOnAsked = false;
    QObject::connect(&station, &Station::phaseChanged, [&](StationPhase phase) {
        if (phase == StationPhase::SignedOff && !signOnAsked) { // start() finished: now the sign-on
            signOnAsked = true;
            station.signOn();
        }
    });
    QTimer::singleShot(0, &station, [&] { station.start(); });
    return app.exec();
}
