// SPDX-License-Identifier: Apache-2.0
// perso-bench-package: a 25-step SIM personalisation package (BEGIN, CREATE FILE / UPDATE BINARY
// sized FORWARD steps, PIN ENTRY, AUTHENTICATE, END) at security level 33, AES-128, S8.
// Phases per package: issuer build (wrap 25 commands + encode container), terminal execute (decode
// container, unwrap 25 commands, build and seal the result), issuer verify (restore + unwrap result).
#include "protocol/package/PackageBuilder.h"
#include "protocol/package/PackageUnwrapper.h"
#include "protocol/package/PackageVerifier.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

using namespace perso;
using namespace perso::package;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::chrono::milliseconds kRunTime{3000};

template <typename T> T must(Result<T> result)
{
    if (!result) {
        std::fprintf(stderr, "operation failed: %s\n", result.error().message.toUtf8().constData());
        std::exit(1);
    }
    return std::move(result).value();
}

scp03::SecureChannel openChannel(scp03::SecureChannel::Role role)
{
    scp03::SessionKeys keys{SecureBytes(16, 0x11), SecureBytes(16, 0x22), SecureBytes(16, 0x33),
                            scp03::ChallengeMode::S8};
    return must(scp03::SecureChannel::open(std::move(keys), 0x33, role));
}

PackageStep forward(std::uint8_t cla, std::uint8_t ins, std::size_t dataLength, std::uint8_t flags = 0)
{
    return PackageStep{ForwardInstruction{flags, CommandApdu(cla, ins, 0x00, 0x00, SecureBytes(dataLength, 0x3C))},
                       QStringLiteral("step")};
}

// 23 body steps: SELECT MF, CREATE DF, 8 x CREATE FILE (FCP ~24 bytes), 4 x SELECT + UPDATE BINARY
// (9 to 176 bytes), store Ki/OPc, PIN ENTRY, AUTHENTICATE with its RES returned, 2 x ACTIVATE FILE.
std::vector<PackageStep> simBody()
{
    std::vector<PackageStep> body;
    body.push_back(forward(0x00, 0xA4, 2));
    body.push_back(forward(0x00, 0xE0, 29));
    for (int i = 0; i < 8; ++i)
        body.push_back(forward(0x00, 0xE0, 24));
    for (std::size_t length : {9, 17, 100, 176}) {
        body.push_back(forward(0x00, 0xA4, 2));
        body.push_back(forward(0x00, 0xD6, length));
    }
    body.push_back(forward(0x80, 0xDA, 32));
    PinEntryInstruction pin;
    pin.cardTemplate = CommandApdu(0x00, 0x24, 0x00, 0x01, SecureBytes(16, 0xFF));
    pin.pinOffset = 8;
    body.push_back(PackageStep{pin, QStringLiteral("PIN")});
    body.push_back(forward(0x00, 0x88, 34, ForwardInstruction::ReturnData));
    body.push_back(forward(0x00, 0x44, 2));
    body.push_back(forward(0x00, 0x44, 2));
    return body;
}

struct Totals
{
    std::size_t packages = 0;
    std::size_t packageBytes = 0;
    Clock::duration build{};
    Clock::duration execute{};
    Clock::duration verify{};
};

void runOnce(scp03::SecureChannel& host, scp03::SecureChannel& card, const std::vector<PackageStep>& body,
             std::uint32_t n, Totals& totals)
{
    Bytes id(16, 0x00);
    id[0] = static_cast<std::uint8_t>(n >> 24);
    id[1] = static_cast<std::uint8_t>(n >> 16);
    id[2] = static_cast<std::uint8_t>(n >> 8);
    id[3] = static_cast<std::uint8_t>(n);
    const Bytes iccid(10, 0x98);

    const auto t0 = Clock::now();
    BuiltPackage built = must(PackageBuilder::build(host, view(id), view(iccid), body));
    const Bytes relayed = must(built.package.encode());
    const auto t1 = Clock::now();

    PackageUnwrapper unwrapper =
        must(PackageUnwrapper::start(card, must(PersonalisationPackage::decode(view(relayed)))));
    ResultBuilder results = unwrapper.resultBuilder();
    while (!unwrapper.finished()) {
        const Instruction instruction = must(unwrapper.next());
        const auto* fwd = std::get_if<ForwardInstruction>(&instruction);
        if (fwd && fwd->returnsData())
            results.addStep(0x9000, SecureBytes(16, 0x5A));
        else
            results.addStep(0x9000);
    }
    const Bytes sealed = must(must(results.seal(card, Outcome::Completed)).encode());
    const auto t2 = Clock::now();

    const VerifiedResult verified = must(built.verifier.verify(host, view(sealed)));
    const auto t3 = Clock::now();
    if (!verified.authenticated || verified.result.outcome != Outcome::Completed) {
        std::fprintf(stderr, "result did not verify\n");
        std::exit(1);
    }
    totals.packages += 1;
    totals.packageBytes = relayed.size();
    totals.build += t1 - t0;
    totals.execute += t2 - t1;
    totals.verify += t3 - t2;
}

double seconds(Clock::duration d)
{
    return std::chrono::duration<double>(d).count();
}

} // namespace

int main()
{
    scp03::SecureChannel host = openChannel(scp03::SecureChannel::Role::Host);
    scp03::SecureChannel card = openChannel(scp03::SecureChannel::Role::Card);
    const auto body = simBody();
    Totals totals;
    const auto start = Clock::now();
    std::uint32_t n = 0;
    while (Clock::now() - start < kRunTime)
        runOnce(host, card, body, n++, totals);

    const double p = static_cast<double>(totals.packages);
    std::printf("perso-bench-package: %zu steps per package, %zu bytes relayed, %zu packages\n", body.size() + 2,
                totals.packageBytes, totals.packages);
    std::printf("%-40s %14s %12s\n", "phase", "packages/s", "us/package");
    const auto row = [&](const char* name, Clock::duration d) {
        std::printf("%-40s %14.0f %12.1f\n", name, p / seconds(d), seconds(d) * 1e6 / p);
    };
    row("issuer build (wrap 25 + encode)", totals.build);
    row("terminal execute (decode + unwrap + seal)", totals.execute);
    row("issuer verify result", totals.verify);
    row("all three", totals.build + totals.execute + totals.verify);
    return 0;
}
