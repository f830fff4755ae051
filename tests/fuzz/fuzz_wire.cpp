// SPDX-License-Identifier: Apache-2.0
// Fuzz target for the station ⇄ issuer wire: the streaming FrameReader and decodeFrame over the input,
// decodeMessage over every payload and over the raw input, and the receipt and customer-details
// decoders. Property: whatever decodes re-encodes to exactly the same bytes; anything else aborts.
#include "protocol/wire/CustomerDetails.h"
#include "protocol/wire/Frame.h"
#include "protocol/wire/MessageCodec.h"
#include "protocol/wire/Receipt.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

using namespace perso;
using namespace perso::wire;

namespace {

void require(bool condition, const char* what)
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_wire: %s\n", what);
        std::abort();
    }
}

void checkMessage(ByteView payload)
{
    const Result<Message> message = decodeMessage(payload);
    if (!message.ok())
        return;
    const Result<Bytes> again = encodeMessage(message.value());
    require(again.ok(), "decoded message does not encode");
    require(std::equal(payload.begin(), payload.end(), again.value().begin(), again.value().end()),
            "decoded message re-encodes to other bytes");
}

void checkOthers(ByteView input)
{
    if (const Result<Receipt> receipt = decodeReceipt(input); receipt.ok()) {
        const Result<Bytes> again = encodeReceipt(receipt.value());
        require(again.ok() && std::equal(input.begin(), input.end(), again.value().begin(), again.value().end()),
                "receipt does not round-trip");
        require(receiptSignedBytes(receipt.value()).ok(), "valid receipt has no signed bytes");
    }
    if (const Result<CustomerDetails> details = decodeCustomerDetails(input); details.ok()) {
        const Result<SecureBytes> again = encodeCustomerDetails(details.value());
        require(again.ok() && std::equal(input.begin(), input.end(), again.value().begin(), again.value().end()),
                "customer details do not round-trip");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const ByteView input(data, size);

    // The stream, fed in two pieces split where the last byte says, as a socket might deliver it.
    FrameReader reader;
    const std::size_t split = size == 0 ? 0 : data[size - 1] % (size + 1);
    const bool firstOk = reader.feed(input.first(split)).ok();
    const bool secondOk = reader.feed(input.subspan(split)).ok();
    require(firstOk || !secondOk, "reader recovered from an error");
    std::vector<Bytes> payloads;
    while (reader.hasPayload()) {
        payloads.push_back(reader.takePayload());
        require(!payloads.back().empty(), "empty payload delivered");
        checkMessage(view(payloads.back()));
    }

    // A whole single frame decodes to the same payload the reader gave, and re-frames identically.
    if (const Result<Bytes> frame = decodeFrame(input); frame.ok()) {
        require(payloads.size() == 1 && payloads.front() == frame.value(), "decodeFrame and FrameReader disagree");
        const Result<Bytes> again = encodeFrame(view(frame.value()));
        require(again.ok() && again.value() == Bytes(input.begin(), input.end()), "frame does not round-trip");
    }

    // The raw input as a payload, so the fuzzer reaches the CBOR decoders without a valid header.
    checkMessage(input);
    checkOthers(input);
    return 0;
}
