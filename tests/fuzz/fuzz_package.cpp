// SPDX-License-Identifier: Apache-2.0
// Fuzz target for the personalisation package decoders: the container relayed by the station, the
// terminal instructions (as plaintext APDUs), the result TLV and the sealed result. Whatever decodes
// must re-encode to the same bytes (or, for instructions, to an equal object).
#include "protocol/apdu/CommandApdu.h"
#include "protocol/package/Instruction.h"
#include "protocol/package/PackageResult.h"
#include "protocol/package/PersonalisationPackage.h"

#include <cstdint>
#include <cstdlib>

using namespace perso;
using namespace perso::package;

namespace {

void check(bool condition)
{
    if (!condition)
        std::abort();
}

template <typename Encoded> void checkSame(const Encoded& encoded, ByteView input)
{
    check(encoded.size() == input.size() && std::equal(encoded.begin(), encoded.end(), input.begin()));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const ByteView input(data, size);

    if (auto package = PersonalisationPackage::decode(input)) {
        auto again = package.value().encode();
        check(again.ok());
        checkSame(again.value(), input);
    }

    if (auto command = CommandApdu::decode(input)) {
        if (auto instruction = decodeInstruction(command.value())) {
            auto again = encodeInstruction(instruction.value());
            check(again.ok());
            auto reparsed = decodeInstruction(again.value());
            check(reparsed.ok() && reparsed.value() == instruction.value());
            if (const auto* pin = std::get_if<PinEntryInstruction>(&instruction.value())) {
                const Bytes digits(pin->maxDigits, '7');
                check(pin->fill(view(digits)).ok());
            }
        }
    }

    if (auto result = PackageResult::decode(input)) {
        auto again = result.value().encode();
        check(again.ok());
        checkSame(again.value(), input);
    }

    if (auto sealed = SealedResult::decode(input)) {
        auto again = sealed.value().encode();
        check(again.ok());
        checkSame(again.value(), input);
    }
    return 0;
}
