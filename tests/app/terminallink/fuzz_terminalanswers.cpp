// SPDX-License-Identifier: Apache-2.0
// Fuzz target for the decoders of the secure terminal's answers (protocol/terminal/TerminalAnswers.h):
// the terminal is a device on a USB cable, so its answers are untrusted input to the station. Each
// input goes to every decoder; whatever one accepts must encode back to bytes it accepts again with
// the same value (the step and LOAD PACKAGE answers to the very same bytes).
#include "protocol/terminal/TerminalAnswers.h"

#include <cstdlib>

using namespace perso;
using namespace perso::terminal::cmd;

namespace {

void require(bool condition)
{
    if (!condition)
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const ByteView input(data, size);

    if (const auto status = decodeStatusAnswer(input); status.ok()) {
        const SecureBytes again = encodeStatusAnswer(status.value());
        const auto redecoded = decodeStatusAnswer(view(again));
        require(redecoded.ok() && redecoded.value() == status.value());
        require(status.value().stepsConsumed.has_value() == status.value().stepsTotal.has_value());
    }
    if (const auto signOn = decodeSignOnAnswer(input); signOn.ok()) {
        const SecureBytes again = encodeSignOnAnswer(signOn.value());
        const auto redecoded = decodeSignOnAnswer(view(again));
        require(redecoded.ok() && redecoded.value() == signOn.value());
        require(!signOn.value().serial.empty() && signOn.value().serial.size() <= kMaxSerialLength);
    }
    if (const auto step = decodeStepAnswer(input); step.ok()) {
        const SecureBytes again = encodeStepAnswer(step.value());
        require(again.size() == size && std::equal(again.begin(), again.end(), data));
        require(step.value().total > 0);
    }
    if (const auto total = decodeLoadPackageAnswer(input); total.ok()) {
        const SecureBytes again = encodeLoadPackageAnswer(total.value());
        require(again.size() == size && std::equal(again.begin(), again.end(), data));
    }
    return 0;
}
