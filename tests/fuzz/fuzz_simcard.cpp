// SPDX-License-Identifier: Apache-2.0
// Fuzz target for the SIM's command processing on a live, personalised card: a blank of a
// manufacturer batch (terminal/cards/Batch.h) personalised once per process with the sequence of
// docs/cards.md, then each input's commands (CardFuzzing.h) processed in order on a fresh copy of
// its card file. Aborts when an answer is not a well-formed response APDU, when an answer carries
// Ki or OPc, when a retry counter goes up other than by a correct code presentation, or when the
// card file no longer loads into the state the card holds.
#include "CardFuzzing.h"
#include "terminal/cards/Batch.h"
#include "terminal/cards/SimCard.h"
#include "tests/cards/tst_simsupport.h"

#include <cstdio>

using namespace perso;
using perso::cards::SimCard;

namespace {

constexpr const char* kIccid = "89440000000000000010"; // valid Luhn check digit, as Batch requires

struct Fixture
{
    QByteArray master; // the personalised card file
    SecureBytes ki;
    SecureBytes opc;
    QString work;
};

const Fixture& fixture()
{
    static const Fixture made = [] {
        Fixture f;
        const QString folder = fuzzing::scratch().filePath(QStringLiteral("batch"));
        SecureBytes adm;
        const auto created =
            cards::Batch::create(folder, QStringLiteral("FUZZ"), QString::fromLatin1(kIccid), 1, SecureBytes(16, 0x5A),
                                 [&adm](const QString& path, const Bytes& iccid, const SecureBytes& code) {
                                     adm = code;
                                     return SimCard::createBlank(path, iccid, code);
                                 });
        if (!created) {
            std::fprintf(stderr, "fixture: %s\n", qPrintable(created.error().message));
            std::abort();
        }
        const QString path = folder + QLatin1Char('/') + QString::fromLatin1(kIccid) + QStringLiteral(".card");
        auto card = simtest::openCard(path);
        if (!card)
            std::abort();
        auto steps = simtest::personalisation();
        steps.front().apdu = simtest::withData("0020000A", toHex(view(adm)));
        for (const auto& step : steps) {
            if (simtest::send(*card, step.apdu).sw != 0x9000)
                std::abort();
        }
        f.master = fuzzing::readFile(path);
        const Bytes ki = fromHex(simtest::kKi);
        const Bytes opc = fromHex(simtest::kOpc);
        f.ki.assign(ki.begin(), ki.end());
        f.opc.assign(opc.begin(), opc.end());
        f.work = fuzzing::scratch().filePath(QStringLiteral("work.card"));
        return f;
    }();
    return made;
}

struct Counters
{
    std::uint8_t tries[5];
    std::uint8_t max[5];
};

Counters counters(const SimCard& card)
{
    const auto& s = card.state();
    const cards::sim::SecretCode* codes[5] = {&s.pin1, &s.puk1, &s.pin2, &s.puk2, &s.adm1};
    Counters c{};
    for (int i = 0; i < 5; ++i) {
        c.tries[i] = codes[i]->triesLeft();
        c.max[i] = codes[i]->maxTries();
    }
    return c;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const Fixture& f = fixture();
    fuzzing::writeFile(f.work, f.master);
    auto opened = SimCard::open(f.work);
    if (!opened)
        std::abort();
    SimCard& card = *opened.value();

    for (const auto& record : fuzzing::splitRecords(data, size)) {
        if (record.powerCycle) {
            card.powerOff();
            card.powerOn();
            continue;
        }
        if (!record.command)
            continue;
        const Counters before = counters(card);
        const ResponseApdu response = card.process(*record.command);
        if (!fuzzing::wellFormed(response))
            std::abort();
        if (fuzzing::leaks(response.data(), view(f.ki)) || fuzzing::leaks(response.data(), view(f.opc)))
            std::abort();
        const Counters after = counters(card);
        for (int i = 0; i < 5; ++i) {
            if (after.tries[i] <= before.tries[i])
                continue;
            const bool reset = fuzzing::succeeded(response) && fuzzing::presentsCode(*record.command) &&
                               after.tries[i] == after.max[i];
            if (!reset)
                std::abort();
        }
    }

    // What the card holds is what its file says.
    auto reloaded = SimCard::open(f.work);
    if (!reloaded || !(reloaded.value()->state() == card.state()))
        std::abort();
    return 0;
}
