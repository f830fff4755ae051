// SPDX-License-Identifier: Apache-2.0
// Fuzz target for the BER-TLV decoder: with tight limits, anything accepted must re-encode to exactly
// the input bytes (the decoder accepts minimal encodings only), and decodeOne agrees with decodeAll.
#include "protocol/tlv/BerTlv.h"

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

std::size_t countObjects(const std::vector<Tlv>& tlvs)
{
    std::size_t n = tlvs.size();
    for (const Tlv& tlv : tlvs)
        n += countObjects(tlv.children());
    return n;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const ByteView input(data, size);
    TlvLimits limits;
    limits.maxDepth = 4;
    limits.maxValueLength = 1024;
    limits.maxObjects = 64;

    const auto all = BerTlv::decodeAll(input, limits);
    if (all.ok()) {
        require(sameBytes(BerTlv::encode(all.value()), input));
        require(countObjects(all.value()) <= limits.maxObjects);
        for (const Tlv& tlv : all.value())
            require(BerTlv::isValidTag(tlv.tag()));
    }
    const auto one = BerTlv::decodeOne(input, limits);
    if (one.ok()) {
        require(sameBytes(BerTlv::encode(one.value()), input));
        require(all.ok() && all.value().size() == 1 && all.value()[0] == one.value());
    } else if (all.ok()) {
        require(all.value().size() != 1);
    }
    return 0;
}
