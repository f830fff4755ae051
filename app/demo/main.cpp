// SPDX-License-Identifier: Apache-2.0
// perso-demo: the scripted headless personalisation of the demo (docs/demo.md). It plays the retailer
// and the customer at the terminal's keypad over the control socket and drives the real Station.
//
//   perso-demo --config FILE --control SOCKET --pin-letter FILE [--customer-pin DIGITS]
//
// Exit 0 with the MSISDN, ICCID, receipt and journal lines; 1 when the personalisation failed; 2 on a
// bad command line.

#include "app/demo/DemoRun.h"
#include "app/demo/PinLetter.h"

#include <QCommandLineParser>
#include <QGuiApplication>

#include <cstdio>

#ifndef PERSO_DEMO_VERSION
#define PERSO_DEMO_VERSION "0"
#endif

using namespace perso::station::demo;

namespace {

void printTo(std::FILE* stream, const QString& line)
{
    std::fputs(qPrintable(line + QLatin1Char('\n')), stream);
    std::fflush(stream);
}

int usageError(const QString& message)
{
    printTo(stderr, QStringLiteral("perso-demo: ") + message);
    printTo(stderr, QStringLiteral("usage: perso-demo --config FILE --control SOCKET --pin-letter FILE "
                                   "[--customer-pin DIGITS] (see --help)"));
    return 2;
}

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen"); // the receipt PDF needs QtGui, never a display
    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(QStringLiteral("perso-demo"));
    QGuiApplication::setApplicationVersion(QStringLiteral(PERSO_DEMO_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Runs one scripted personalisation against the demo world (docs/demo.md)."));
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help and exit."));
    const QCommandLineOption version(QStringLiteral("version"), QStringLiteral("Show the version and exit."));
    const QCommandLineOption config(QStringLiteral("config"), QStringLiteral("The station configuration (JSON)."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption control(QStringLiteral("control"), QStringLiteral("perso-terminal's control socket."),
                                     QStringLiteral("SOCKET"));
    const QCommandLineOption letter(QStringLiteral("pin-letter"),
                                    QStringLiteral("The retailer's PIN letter written by perso-admin."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption customerPin(
        QStringLiteral("customer-pin"),
        QStringLiteral("The PIN the demo customer chooses, 4-8 digits (default: a fixed demo PIN)."),
        QStringLiteral("DIGITS"));
    parser.addOptions({help, version, config, control, letter, customerPin});
    if (!parser.parse(QGuiApplication::arguments()))
        return usageError(parser.errorText());
    if (parser.isSet(help)) {
        printTo(stdout, parser.helpText());
        return 0;
    }
    if (parser.isSet(version)) {
        printTo(stdout, QStringLiteral("perso-demo ") + QStringLiteral(PERSO_DEMO_VERSION));
        return 0;
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(QStringLiteral("unexpected argument ") + parser.positionalArguments().constFirst());
    for (const QCommandLineOption* required : {&config, &control, &letter}) {
        if (!parser.isSet(*required))
            return usageError(QStringLiteral("--") + required->names().constFirst() + QStringLiteral(" is required"));
    }
    const QString chosenPin = parser.isSet(customerPin) ? parser.value(customerPin) : QStringLiteral("5903");
    if (!isCustomerPin(chosenPin))
        return usageError(QStringLiteral("--customer-pin must be 4 to 8 digits"));

    DemoOptions options;
    options.configPath = parser.value(config);
    options.controlPath = parser.value(control);
    options.pinLetterPath = parser.value(letter);
    options.customerPin = chosenPin;
    DemoRun run(
        options, [](const QString& line) { printTo(stdout, line); },
        [](const QString& line) { printTo(stderr, line); });
    QObject::connect(&run, &DemoRun::finished, &app, [](int code) { QGuiApplication::exit(code); });
    if (run.start())
        QGuiApplication::exec();
    return run.finish();
}
