// SPDX-License-Identifier: Apache-2.0
// Fuzz target for the PC/SC part 10 feature list a reader returns to CM_IOCTL_GET_FEATURE_REQUEST.
#include "pcsc/ReaderFeatures.h"

#include <cstdlib>

using namespace perso;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto parsed = pcsc::ReaderFeatures::parse(ByteView(data, size));
    if (!parsed.ok())
        return 0;
    // Each accepted feature is a 6-byte TLV (tag, 04, 4-byte control code), none twice.
    if (parsed.value().all().size() * 6 != size)
        std::abort();
    for (const auto& feature : parsed.value().all()) {
        if (parsed.value().controlCode(feature.tag) != feature.controlCode)
            std::abort();
    }
    return 0;
}
