// SPDX-License-Identifier: Apache-2.0
// Fuzz target for the APDU layer: command and response decoding (anything accepted must re-encode to
// the same bytes), command chaining (split then join gives the command back; the assembler never
// holds more than its limit) and the T=0 accumulator (bounded rounds and memory).
#include "protocol/apdu/CommandApdu.h"
#include "protocol/apdu/CommandChaining.h"
#include "protocol/apdu/ResponseApdu.h"
#include "protocol/apdu/T0.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>

using namespace perso;

namespace {

void require(bool condition)
{
    if (!condition)
        std::abort();
}

bool sameBytes(const SecureBytes& a, ByteView b)
{
    return a.size() == b.size() && (b.empty() || std::memcmp(a.data(), b.data(), b.size()) == 0);
}

void commandRoundTrip(ByteView input)
{
    const auto command = CommandApdu::decode(input);
    CommandApdu::DecodeOptions lenientOptions;
    lenientOptions.allowExtendedForShortLengths = true;
    const auto lenient = CommandApdu::decode(input, lenientOptions);
    if (command.ok()) {
        const auto encoded = command.value().encode();
        require(encoded.ok() && sameBytes(encoded.value(), input));
        require(lenient.ok() && lenient.value() == command.value());
    }
    if (lenient.ok()) {
        // The lenient form re-encodes canonically, and the canonical decoder accepts that.
        const auto encoded = lenient.value().encode();
        require(encoded.ok());
        const auto again = CommandApdu::decode(view(encoded.value()));
        require(again.ok() && again.value() == lenient.value());

        // Chaining: split into small parts and join them back.
        const CommandApdu& c = lenient.value();
        const std::size_t partSize = 1 + (c.ins() % 255);
        const auto parts = CommandChaining::split(c, partSize);
        if (parts.ok()) {
            ChainAssembler assembler;
            std::optional<CommandApdu> joined;
            for (const CommandApdu& part : parts.value()) {
                require(!joined.has_value());
                const auto step = assembler.add(part);
                require(step.ok());
                joined = step.value();
            }
            require(joined.has_value() && *joined == c);
        }
    }
}

void responseRoundTrip(ByteView input)
{
    const auto response = ResponseApdu::decode(input);
    if (response.ok())
        require(sameBytes(response.value().encode(), input));
}

// The input as a sequence of records [length byte][bytes]; each record is offered to `use`.
template <typename Use> void forEachRecord(ByteView input, Use use)
{
    std::size_t pos = 0;
    while (pos < input.size()) {
        const std::size_t length = input[pos++];
        const std::size_t take = std::min(length, input.size() - pos);
        use(input.subspan(pos, take));
        pos += take;
    }
}

void chainAssembler(ByteView input)
{
    constexpr std::size_t kLimit = 600;
    ChainAssembler assembler(kLimit);
    forEachRecord(input, [&](ByteView record) {
        const auto part = CommandApdu::decode(record);
        if (!part.ok())
            return;
        const auto step = assembler.add(part.value());
        require(assembler.bufferedData() <= kLimit);
        if (step.ok() && step.value().has_value() && part.value().isChainedPart())
            std::abort(); // a chained part never completes a chain
        if (!step.ok())
            require(!assembler.isOpen() && assembler.bufferedData() == 0);
    });
}

void t0Accumulator(ByteView input)
{
    t0::ResponseAccumulator::Limits limits;
    limits.maxDataBytes = 700;
    limits.maxRounds = 6;
    t0::ResponseAccumulator accumulator(CommandApdu(0x00, 0xB0, 0x00, 0x00, {}, 256), limits);
    std::size_t fed = 0;
    forEachRecord(input, [&](ByteView record) {
        const auto answer = ResponseApdu::decode(record);
        if (!answer.ok())
            return;
        const auto next = accumulator.feed(answer.value());
        ++fed;
        require(accumulator.rounds() <= limits.maxRounds);
        if (next.ok() && next.value().has_value())
            require(next.value()->encode().ok());
        if (accumulator.isComplete())
            require(accumulator.response().data().size() <= limits.maxDataBytes);
        if (fed > limits.maxRounds)
            require(!next.ok());
    });
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const ByteView input(data, size);
    commandRoundTrip(input);
    responseRoundTrip(input);
    chainAssembler(input);
    t0Accumulator(input);
    return 0;
}
