// SPDX-License-Identifier: Apache-2.0
// Fuzz target for the retailer card's command processing on a live card: a card file made once per
// process, then each input's commands (CardFuzzing.h) processed in order on a fresh copy of it.
// Aborts when an answer is not a well-formed response APDU, when key material leaves the card
// before a correct VERIFY since power-on, when a retry counter goes up other than by a correct
// code presentation, or when the card file no longer loads into what the card reports.
#include "CardFuzzing.h"
#include "protocol/scp03/SessionKeys.h"
#include "terminal/cards/RetailerCard.h"

using namespace perso;
using perso::cards::RetailerCard;

namespace {

struct Fixture
{
    QByteArray master;
    scp03::StaticKeys keys;
    QString work;
};

SecureBytes ascii(const char* text)
{
    return SecureBytes(text, text + std::strlen(text));
}

const Fixture& fixture()
{
    static const Fixture made = [] {
        Fixture f;
        f.keys.enc = secureFromHex("8E3C1A07D2B54F6091A8C37E5D24B0F1");
        f.keys.mac = secureFromHex("27F1C49A0B6E3D85A2194CE7560BD38F");
        f.keys.dek = secureFromHex("D0596B2E84A7F31C0E9D45B26A781FC3");
        f.keys.keyVersion = 0x30;
        const QString path = fuzzing::scratch().filePath(QStringLiteral("retailer.card"));
        const Status created = RetailerCard::create(path, fromHex("0102030405060708"), QStringLiteral("Shop 42"),
                                                    ascii("4711"), ascii("12345678"), f.keys);
        if (!created)
            std::abort();
        f.master = fuzzing::readFile(path);
        f.work = fuzzing::scratch().filePath(QStringLiteral("retailer-work.card"));
        return f;
    }();
    return made;
}

bool leaksKeys(const SecureBytes& data, const scp03::StaticKeys& keys)
{
    return fuzzing::leaks(data, view(keys.enc)) || fuzzing::leaks(data, view(keys.mac)) ||
           fuzzing::leaks(data, view(keys.dek));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const Fixture& f = fixture();
    fuzzing::writeFile(f.work, f.master);
    auto opened = RetailerCard::open(f.work);
    if (!opened)
        std::abort();
    RetailerCard& card = *opened.value();

    for (const auto& record : fuzzing::splitRecords(data, size)) {
        if (record.powerCycle) {
            card.powerOff();
            card.powerOn();
            continue;
        }
        if (!record.command)
            continue;
        const bool verifiedBefore = card.isPinVerified();
        const int pinBefore = card.pinTriesLeft();
        const int adminBefore = card.adminTriesLeft();
        const ResponseApdu response = card.process(*record.command);
        if (!fuzzing::wellFormed(response))
            std::abort();
        if (!verifiedBefore && leaksKeys(response.data(), f.keys))
            std::abort();
        const bool presented = fuzzing::succeeded(response) && fuzzing::presentsCode(*record.command);
        if (card.pinTriesLeft() > pinBefore && !(presented && card.pinTriesLeft() == RetailerCard::kPinTries))
            std::abort();
        if (card.adminTriesLeft() > adminBefore &&
            !(presented && record.command->ins() == 0x2C && card.adminTriesLeft() == RetailerCard::kAdminTries))
            std::abort();
        if (card.pinTriesLeft() < 0 || card.adminTriesLeft() < 0)
            std::abort();
    }

    auto reloaded = RetailerCard::open(f.work);
    if (!reloaded)
        std::abort();
    const RetailerCard& again = *reloaded.value();
    if (again.pinTriesLeft() != card.pinTriesLeft() || again.adminTriesLeft() != card.adminTriesLeft() ||
        again.serial() != card.serial() || again.retailerId() != card.retailerId())
        std::abort();
    return 0;
}
