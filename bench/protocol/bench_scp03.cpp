// SPDX-License-Identifier: Apache-2.0
// perso-bench-scp03: SCP03 wrap/unwrap throughput, security level 33 (C-MAC, C-DECRYPTION, R-MAC,
// R-ENCRYPTION), AES-128, S8, a command with 255 bytes of data and a response with 255 bytes.
#include "protocol/scp03/SecureChannel.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

using namespace perso;
using namespace perso::scp03;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::uint8_t kLevel = 0x33;
constexpr std::chrono::milliseconds kRunTime{2000};
constexpr std::size_t kBatch = 2000;

SecureChannel openChannel(SecureChannel::Role role)
{
    SessionKeys keys{SecureBytes(16, 0x11), SecureBytes(16, 0x22), SecureBytes(16, 0x33), ChallengeMode::S8};
    auto channel = SecureChannel::open(std::move(keys), kLevel, role);
    if (!channel) {
        std::fprintf(stderr, "cannot open channel\n");
        std::exit(1);
    }
    return std::move(channel).value();
}

template <typename T> T must(Result<T> result)
{
    if (!result) {
        std::fprintf(stderr, "operation failed: %s\n", result.error().message.toUtf8().constData());
        std::exit(1);
    }
    return std::move(result).value();
}

const CommandApdu kPlainCommand(0x80, 0xE2, 0x00, 0x00, SecureBytes(255, 0xA5), 256);
const ResponseApdu kPlainResponse(0x9000, SecureBytes(255, 0x5A));

struct Figure
{
    const char* name;
    std::size_t operations;
    double seconds;
};

Figure benchWrap()
{
    SecureChannel host = openChannel(SecureChannel::Role::Host);
    std::size_t count = 0;
    const auto start = Clock::now();
    while (Clock::now() - start < kRunTime) {
        for (std::size_t i = 0; i < kBatch; ++i)
            must(host.wrapCommand(kPlainCommand));
        count += kBatch;
    }
    return {"wrap command (host)", count, std::chrono::duration<double>(Clock::now() - start).count()};
}

Figure benchUnwrap()
{
    // The chain forbids unwrapping one command twice: wrap a batch untimed, then time its unwrapping.
    std::size_t count = 0;
    Clock::duration timed{};
    while (timed < kRunTime) {
        SecureChannel host = openChannel(SecureChannel::Role::Host);
        SecureChannel card = openChannel(SecureChannel::Role::Card);
        std::vector<CommandApdu> wrapped;
        wrapped.reserve(kBatch);
        for (std::size_t i = 0; i < kBatch; ++i)
            wrapped.push_back(must(host.wrapCommand(kPlainCommand)));
        const auto start = Clock::now();
        for (const CommandApdu& command : wrapped)
            must(card.unwrapCommand(command));
        timed += Clock::now() - start;
        count += kBatch;
    }
    return {"unwrap command (card)", count, std::chrono::duration<double>(timed).count()};
}

Figure benchRoundTrip()
{
    SecureChannel host = openChannel(SecureChannel::Role::Host);
    SecureChannel card = openChannel(SecureChannel::Role::Card);
    std::size_t count = 0;
    const auto start = Clock::now();
    while (Clock::now() - start < kRunTime) {
        for (std::size_t i = 0; i < kBatch / 4; ++i) {
            must(card.unwrapCommand(must(host.wrapCommand(kPlainCommand))));
            must(host.unwrapResponse(must(card.wrapResponse(kPlainResponse))));
        }
        count += kBatch / 4;
    }
    return {"round trip (cmd + resp, both sides)", count, std::chrono::duration<double>(Clock::now() - start).count()};
}

} // namespace

int main()
{
    std::printf("SCP03 level 33, AES-128, S8, 255-byte command and response data, ~%lld s per row\n\n",
                static_cast<long long>(kRunTime.count() / 1000));
    std::printf("%-38s %12s %12s %10s\n", "operation", "operations", "ops/s", "us/op");
    std::printf("%-38s %12s %12s %10s\n", "--------------------------------------", "----------", "----------",
                "--------");
    for (const Figure& f : {benchWrap(), benchUnwrap(), benchRoundTrip()}) {
        const double rate = static_cast<double>(f.operations) / f.seconds;
        std::printf("%-38s %12zu %12.0f %10.2f\n", f.name, f.operations, rate, 1e6 / rate);
    }
    return 0;
}
