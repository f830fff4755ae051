// SPDX-License-Identifier: Apache-2.0
// Fuzz target for the vpcd stream decoder: arbitrary bytes from the vpcd socket, fed in pieces whose
// sizes come from the input. Every request it yields must be well-formed and re-encode to its frame.
#include "terminal/bridge/VpcdFrame.h"

#include <cstdlib>

using namespace perso;

namespace {

void require(bool condition)
{
    if (!condition)
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0)
        return 0;
    const std::size_t piece = 1 + data[0] % 64;
    const ByteView stream(data + 1, size - 1);
    vpcd::VpcdRequestReader reader;
    for (std::size_t offset = 0; offset < stream.size(); offset += piece) {
        reader.append(stream.subspan(offset, std::min(piece, stream.size() - offset)));
        for (;;) {
            auto next = reader.next();
            if (!next.ok())
                return 0; // a malformed stream ends the connection
            if (!next.value())
                break;
            const vpcd::VpcdRequest& request = *next.value();
            if (request.kind == vpcd::VpcdRequest::Kind::Command) {
                require(request.apdu.size() >= 2 && request.apdu.size() <= vpcd::frame::kMaxPayload);
                require(vpcd::frame::encode(view(request.apdu)).ok());
            }
        }
    }
    require(reader.buffered() <= vpcd::frame::kHeaderSize + vpcd::frame::kMaxPayload);
    return 0;
}
