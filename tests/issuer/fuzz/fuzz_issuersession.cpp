// SPDX-License-Identifier: Apache-2.0
// Fuzz target for the issuer's protocol session (SessionHarness.h: input format and invariants).
#include "SessionHarness.h"

using namespace perso;
using namespace perso::issuer::test;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0)
        return 0;
    SessionWorld& world = SessionWorld::instance();
    SessionRun run(world, ByteView(data, size));
    fuzzRequire(run.start(data[0]), "the harness's genuine sign-on failed");
    std::size_t at = 1;
    while (at + 3 <= size) {
        const std::uint8_t flags = data[at];
        const std::size_t length = std::size_t(data[at + 1]) << 8 | data[at + 2];
        at += 3;
        const std::size_t take = std::min(length, size - at);
        run.feed(flags, ByteView(data + at, take));
        at += take;
    }
    run.finish();
    return 0;
}
