// SPDX-License-Identifier: Apache-2.0
// Fuzz target for card files: arbitrary bytes written as a card file and opened the way the terminal's
// card tray and the inspection mode open them. A file is either refused with an error or yields a card
// that answers a SELECT and a READ BINARY without crashing.
#include "terminal/cards/CardLoader.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <cstdlib>

using namespace perso;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static QTemporaryDir dir;
    if (!dir.isValid())
        std::abort();
    const QString path = dir.filePath(QStringLiteral("fuzz.card"));
    {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            std::abort();
        file.write(reinterpret_cast<const char*>(data), static_cast<qint64>(size));
    }
    auto card = cards::openCard(path);
    if (card.ok()) {
        cards::VirtualCard& opened = *card.value();
        opened.powerOn();
        (void)opened.atr();
        (void)opened.process(CommandApdu(0x00, 0xA4, 0x00, 0x0C, SecureBytes{0x2F, 0xE2}));
        (void)opened.process(CommandApdu(0x00, 0xB0, 0x00, 0x00, {}, 256));
        opened.powerOff();
    }
    QFile::remove(path);
    return 0;
}
