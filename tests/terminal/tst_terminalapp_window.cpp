// SPDX-License-Identifier: Apache-2.0
// The PIN pad window, offscreen, driven by objectName: the display shows the firmware's lines, keypad
// buttons and the keyboard reach the terminal (a retailer sign-on completes), the tray inserts and
// removes cards, the tamper switch asks first.
#include "tst_terminalapp_cards.h"

#include "protocol/apdu/CommandApdu.h"
#include "terminal/app/CardTray.h"
#include "terminal/app/PinPadWindow.h"
#include "terminal/app/TerminalEmulator.h"

#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace perso;
using namespace perso::terminal;
using namespace perso::terminal::app;

namespace {
struct Rig
{
    QTemporaryDir dir;
    std::unique_ptr<TerminalEmulator> emulator;
    std::unique_ptr<PinPadWindow> window;
    std::vector<std::uint16_t> answers;

    bool setUp(QObject* context)
    {
        if (!test::writeStock(dir.filePath(QStringLiteral("stock"))))
            return false;
        EmulatorOptions options;
        options.terminal.stateFilePath = dir.filePath(QStringLiteral("terminal.state"));
        options.vpcd.port = 1; // nobody listens: the link stays down
        options.stock = {dir.filePath(QStringLiteral("stock"))};
        emulator = std::make_unique<TerminalEmulator>(options);
        QObject::connect(&emulator->terminal(), &SecureTerminal::responseReady, context,
                         [this](const ResponseApdu& response) { answers.push_back(response.sw()); });
        window = std::make_unique<PinPadWindow>(*emulator);
        window->show();
        return QTest::qWaitForWindowExposed(window.get());
    }
    template <typename T> T* find(const char* name) const { return window->findChild<T*>(QLatin1String(name)); }
    QString line(int which) const
    {
        return find<QLabel>(which == 1 ? "displayLine1Label" : "displayLine2Label")->text();
    }
    void click(const char* name) const { QTest::mouseClick(find<QPushButton>(name), Qt::LeftButton); }
    bool selectTrayCard(const QString& kind) const
    {
        auto* list = find<QListWidget>("trayListWidget");
        for (int row = 0; row < list->count(); ++row) {
            if (list->item(row)->text().startsWith(kind)) {
                list->setCurrentRow(row);
                return true;
            }
        }
        return false;
    }
};
} // namespace

class TestTerminalAppWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void widgetsNamedByRole()
    {
        Rig rig;
        QVERIFY(rig.setUp(this));
        for (const char* name : {"displayLine1Label", "displayLine2Label", "cancelButton", "clearButton", "okButton",
                                 "insertButton", "removeButton", "tamperButton", "refreshTrayButton"})
            QVERIFY2(rig.window->findChild<QWidget*>(QLatin1String(name)), name);
        for (int digit = 0; digit < 10; ++digit)
            QVERIFY(rig.window->findChild<QPushButton*>(QStringLiteral("digit%1Button").arg(digit)));
        QVERIFY(rig.find<QListWidget>("trayListWidget"));
        QVERIFY(rig.find<QLabel>("vpcdStatusLabel")->text().contains(QLatin1String("not connected")));
        QVERIFY(rig.find<QLabel>("displayLine1Label")->font().fixedPitch());
        QVERIFY(rig.find<QLabel>("displayLine2Label")->font().fixedPitch());
    }

    void displayFollowsTheFirmware()
    {
        Rig rig;
        QVERIFY(rig.setUp(this));
        const DisplayLines idle = rig.emulator->terminal().display();
        QCOMPARE(rig.line(1), idle.line1);
        QCOMPARE(rig.line(2), idle.line2);
        rig.emulator->terminal().tamper();
        QCOMPARE(rig.line(1), rig.emulator->terminal().display().line1);
        QVERIFY(rig.line(1) != idle.line1);
    }

    void trayInsertsAndRemoves()
    {
        Rig rig;
        QVERIFY(rig.setUp(this));
        QCOMPARE(rig.find<QListWidget>("trayListWidget")->count(), 3);
        QVERIFY(rig.selectTrayCard(QStringLiteral("sim")));
        rig.click("insertButton");
        QCOMPARE(rig.emulator->terminal().slotContent(), SlotContent::CustomerCard);
        QVERIFY(rig.find<QLabel>("slotLabel")->text().contains(rig.emulator->tray().slotLabel()));
        QVERIFY(!rig.find<QPushButton>("insertButton")->isEnabled());
        rig.click("removeButton");
        QCOMPARE(rig.emulator->terminal().slotContent(), SlotContent::Empty);
        QVERIFY(rig.selectTrayCard(QStringLiteral("retailer")));
        rig.click("insertButton");
        QCOMPARE(rig.emulator->terminal().slotContent(), SlotContent::RetailerCard);
    }

    // Retailer sign-on: the PIN typed with the buttons (one wrong digit cleared) and the keyboard.
    void keysReachTheTerminal_data()
    {
        QTest::addColumn<bool>("keyboard");
        QTest::newRow("buttons") << false;
        QTest::newRow("keyboard") << true;
    }
    void keysReachTheTerminal()
    {
        QFETCH(bool, keyboard);
        Rig rig;
        QVERIFY(rig.setUp(this));
        QVERIFY(rig.selectTrayCard(QStringLiteral("retailer")));
        rig.click("insertButton");
        rig.emulator->terminal().handleCommand(CommandApdu(0x80, 0x12, 0x00, 0x00, {}, 256));
        QCOMPARE(rig.emulator->terminal().state(), TerminalState::RetailerPin);
        const QString prompt = rig.line(1);
        QVERIFY(!prompt.isEmpty());

        auto press = [&](char key) {
            if (keyboard) {
                const Qt::Key code = key == 'C'   ? Qt::Key_Backspace
                                     : key == 'K' ? Qt::Key_Return
                                                  : Qt::Key(Qt::Key_0 + (key - '0'));
                QTest::keyClick(rig.window.get(), code);
            } else {
                const QByteArray name = key == 'C'   ? QByteArray("clearButton")
                                        : key == 'K' ? QByteArray("okButton")
                                                     : QByteArray("digit") + key + "Button";
                rig.click(name.constData());
            }
        };
        press('9');
        QCOMPARE(rig.line(2), QStringLiteral("*"));
        press('C');
        QVERIFY(!rig.line(2).contains(QLatin1Char('*')));
        for (const char digit : std::string_view(test::kRetailerPin))
            press(digit);
        QCOMPARE(rig.line(2), QStringLiteral("****"));
        QVERIFY(!rig.line(1).contains(QLatin1String(test::kRetailerPin)));
        press('K');
        QTRY_COMPARE_WITH_TIMEOUT(rig.answers.size(), std::size_t{1}, 5000);
        QCOMPARE(rig.answers.front(), sw::kSuccess);
        QCOMPARE(rig.emulator->terminal().state(), TerminalState::RetailerVerified);
    }

    void cancelKeyEndsTheEntry()
    {
        Rig rig;
        QVERIFY(rig.setUp(this));
        QVERIFY(rig.selectTrayCard(QStringLiteral("retailer")));
        rig.click("insertButton");
        rig.emulator->terminal().handleCommand(CommandApdu(0x80, 0x12, 0x00, 0x00, {}, 256));
        rig.click("digit1Button");
        QTest::keyClick(rig.window.get(), Qt::Key_Escape);
        QTRY_COMPARE_WITH_TIMEOUT(rig.answers.size(), std::size_t{1}, 5000);
        QCOMPARE(rig.answers.front(), std::uint16_t{0x6401});
    }

    void tamperSwitchAsksFirst()
    {
        Rig rig;
        QVERIFY(rig.setUp(this));
        int asked = 0;
        bool confirm = false;
        rig.window->setTamperConfirmation([&](QWidget*) {
            ++asked;
            return confirm;
        });
        rig.click("tamperButton");
        QCOMPARE(asked, 1);
        QVERIFY(!rig.emulator->terminal().isTampered());
        confirm = true;
        rig.click("tamperButton");
        QCOMPARE(asked, 2);
        QVERIFY(rig.emulator->terminal().isTampered());
        QCOMPARE(rig.line(1), rig.emulator->terminal().display().line1);
    }
};

QTEST_MAIN(TestTerminalAppWindow)
#include "tst_terminalapp_window.moc"
