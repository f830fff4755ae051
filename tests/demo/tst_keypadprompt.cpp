// SPDX-License-Identifier: Apache-2.0
// freshKeypadPrompt: what the terminal's public state asks the people at the PIN pad for.

#include "app/demo/KeypadPrompt.h"

#include <QTest>

using namespace perso::station::demo;

Q_DECLARE_METATYPE(perso::station::demo::KeypadPrompt)

class TestKeypadPrompt : public QObject
{
    Q_OBJECT

private slots:
    void reads_data();
    void reads();
};

void TestKeypadPrompt::reads_data()
{
    QTest::addColumn<QString>("state");
    QTest::addColumn<QString>("line1");
    QTest::addColumn<QString>("line2");
    QTest::addColumn<KeypadPrompt>("expected");
    const QString pin = QStringLiteral("retailer-pin");
    const QString run = QStringLiteral("executing");
    QTest::newRow("retailer, fresh") << pin << QStringLiteral("Retailer PIN:") << QString()
                                     << KeypadPrompt::RetailerPin;
    QTest::newRow("retailer, typing") << pin << QStringLiteral("Retailer PIN:") << QStringLiteral("**")
                                      << KeypadPrompt::None;
    QTest::newRow("new PIN") << run << QStringLiteral("New PIN:") << QString() << KeypadPrompt::CustomerPin;
    QTest::newRow("repeat PIN2") << run << QStringLiteral("Repeat PIN2:") << QString() << KeypadPrompt::CustomerPin;
    QTest::newRow("new PUK") << run << QStringLiteral("New PUK:") << QString() << KeypadPrompt::CustomerPuk;
    QTest::newRow("repeat PUK2") << run << QStringLiteral("Repeat PUK2:") << QString() << KeypadPrompt::CustomerPuk;
    QTest::newRow("PIN, typing") << run << QStringLiteral("New PIN:") << QStringLiteral("****") << KeypadPrompt::None;
    QTest::newRow("working") << run << QStringLiteral("Writing card") << QString() << KeypadPrompt::None;
    QTest::newRow("locked") << QStringLiteral("locked") << QString() << QString() << KeypadPrompt::None;
    QTest::newRow("prompt inside text") << run << QStringLiteral("Old New PIN:") << QString() << KeypadPrompt::None;
    QTest::newRow("German prompt") << run << QStringLiteral("Neue PIN:") << QString() << KeypadPrompt::None;
}

void TestKeypadPrompt::reads()
{
    QFETCH(QString, state);
    QFETCH(QString, line1);
    QFETCH(QString, line2);
    QFETCH(KeypadPrompt, expected);
    TerminalState terminal;
    terminal.state = state;
    terminal.line1 = line1;
    terminal.line2 = line2;
    QCOMPARE(freshKeypadPrompt(terminal), expected);
}

QTEST_GUILESS_MAIN(TestKeypadPrompt)
#include "tst_keypadprompt.moc"
