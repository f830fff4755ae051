// SPDX-License-Identifier: Apache-2.0
// Fuzz target for the secure terminal's command handling: the shop PC is untrusted, so any sequence of
// command APDUs, keypad presses and card movements must leave the terminal answering every command
// exactly once with a defined status word, and never crash.
//
// Input: a sequence of operations, each one byte of opcode followed by its operand:
//   0 <len> <bytes>  a command APDU (len bytes; undecodable ones are skipped like the bridge does)
//   1 <key>          a keypad press (key % 13)
//   2                insert a fresh copy of a retailer card (PIN 2468)
//   3                remove the card
//   4                tamper
#include "terminal/cards/RetailerCard.h"
#include "terminal/firmware/SecureTerminal.h"

#include <QCoreApplication>
#include <QFile>
#include <QTemporaryDir>

#include <cstdlib>

using namespace perso;

namespace {

void require(bool condition)
{
    if (!condition)
        std::abort();
}

struct Fixture
{
    QTemporaryDir dir;
    QString pristineCard;

    Fixture()
    {
        require(dir.isValid());
        pristineCard = dir.filePath(QStringLiteral("retailer.card"));
        scp03::StaticKeys keys{SecureBytes(16, 0x41), SecureBytes(16, 0x42), SecureBytes(16, 0x43), 0x30};
        require(cards::RetailerCard::create(pristineCard, Bytes{1, 2, 3, 4, 5, 6, 7, 8}, QStringLiteral("FUZZ-SHOP"),
                                            SecureBytes{'2', '4', '6', '8'},
                                            SecureBytes{'1', '2', '3', '4', '5', '6', '7', '8'}, keys)
                    .ok());
    }
};

QCoreApplication& application()
{
    static int argc = 1;
    static char name[] = "fuzz_terminalcommands";
    static char* argv[] = {name, nullptr};
    static QCoreApplication app(argc, argv);
    return app;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    application();
    static Fixture fixture;

    const QString stateFile = fixture.dir.filePath(QStringLiteral("terminal.state"));
    const QString cardFile = fixture.dir.filePath(QStringLiteral("slot.card"));
    QFile::remove(stateFile);

    terminal::TerminalConfig config;
    config.stateFilePath = stateFile;
    config.pinTimeout = std::chrono::milliseconds(50);
    terminal::SecureTerminal secureTerminal(config);
    int pending = 0;
    QObject::connect(&secureTerminal, &terminal::SecureTerminal::responseReady,
                     [&pending](const ResponseApdu&) { --pending; });

    std::size_t i = 0;
    while (i < size) {
        const std::uint8_t op = data[i++] % 5;
        if (op == 0) {
            if (i >= size)
                break;
            const std::size_t declared = data[i++];
            const std::size_t length = std::min(declared, size - i);
            auto command = CommandApdu::decode(ByteView(data + i, length));
            i += length;
            if (!command.ok())
                continue;
            ++pending;
            secureTerminal.handleCommand(command.value());
        } else if (op == 1) {
            if (i >= size)
                break;
            secureTerminal.keyPressed(static_cast<terminal::Key>(data[i++] % 13));
        } else if (op == 2) {
            QFile::remove(cardFile);
            require(QFile::copy(fixture.pristineCard, cardFile));
            auto card = cards::RetailerCard::open(cardFile);
            require(card.ok());
            secureTerminal.insertCard(std::shared_ptr<cards::VirtualCard>(std::move(card).value()));
        } else if (op == 3) {
            secureTerminal.removeCard();
        } else {
            secureTerminal.tamper();
        }
        QCoreApplication::processEvents();
        // At most one command waits (for the keypad); every other one was answered at once.
        require(pending == 0 || pending == 1);
    }
    return 0;
}
