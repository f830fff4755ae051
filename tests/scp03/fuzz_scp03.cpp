// SPDX-License-Identifier: Apache-2.0
// Fuzz target for the SCP03 decoders of untrusted bytes. The first input byte picks the surface:
//   0: INITIALIZE UPDATE response data (decode; accepted data must re-encode to the same bytes)
//   1: host handshake fed a card's INITIALIZE UPDATE response APDU
//   2: card handshake fed INITIALIZE UPDATE then EXTERNAL AUTHENTICATE (length-prefixed first APDU)
//   3: card channel unwrapping a command (a failure must close the channel)
//   4: host channel unwrapping a response to GET EID
// Sessions are those of the published pySim trace AES128_33, so the seed corpus reaches the
// success paths too.
#include "PySimTraces.h"

#include "protocol/scp03/Handshake.h"

#include <cstdint>
#include <cstdlib>

using namespace perso;
using namespace perso::scp03;

namespace {

const test::Scp03Trace& trace()
{
    return test::kPySimTraces[2];
}

void require(bool condition)
{
    if (!condition)
        std::abort();
}

StaticKeys traceKeys()
{
    return StaticKeys{secureFromHex(trace().enc), secureFromHex(trace().mac), secureFromHex(trace().dek), 0x30};
}

Bytes hostChallenge()
{
    const Bytes command = fromHex(trace().initUpdateCommand);
    return Bytes(command.begin() + 5, command.begin() + 13);
}

Bytes cardChallenge()
{
    const Bytes response = fromHex(trace().initUpdateResponse);
    return Bytes(response.begin() + 13, response.begin() + 21);
}

CardHandshake::Established cardChannel()
{
    CardHandshake card(traceKeys(), Bytes(10, 0x00));
    require(
        card.initializeUpdate(CommandApdu::decode(fromHex(trace().initUpdateCommand)).value(), cardChallenge()).ok());
    return std::move(card.externalAuthenticate(CommandApdu::decode(fromHex(trace().externalAuthenticate)).value()))
        .value();
}

void initializeUpdateResponse(ByteView input)
{
    auto decoded = InitializeUpdateResponse::decode(input);
    if (decoded) {
        const Bytes again = decoded.value().encode();
        require(again.size() == input.size() && std::equal(again.begin(), again.end(), input.begin()));
    }
}

void hostHandshake(ByteView input)
{
    auto response = ResponseApdu::decode(input);
    if (!response)
        return;
    HostHandshake host(traceKeys(), 0x33);
    require(host.initializeUpdate(hostChallenge()).ok());
    auto extAuth = host.externalAuthenticate(response.value());
    if (extAuth)
        (void)host.complete(ResponseApdu(0x9000));
    else
        require(host.complete(ResponseApdu(0x9000)).code() == ErrorCode::StateViolation);
}

void cardHandshake(ByteView input)
{
    if (input.empty())
        return;
    const std::size_t first = std::min<std::size_t>(input[0], input.size() - 1);
    auto init = CommandApdu::decode(input.subspan(1, first));
    if (!init)
        return;
    CardHandshake card(traceKeys(), Bytes(10, 0x00));
    if (!card.initializeUpdate(init.value(), cardChallenge()))
        return;
    auto extAuth = CommandApdu::decode(input.subspan(1 + first));
    if (extAuth) {
        auto established = card.externalAuthenticate(extAuth.value());
        if (established)
            require(established.value().channel.isOpen());
    }
}

void cardUnwrap(ByteView input)
{
    auto command = CommandApdu::decode(input);
    if (!command)
        return;
    auto established = cardChannel();
    auto plain = established.channel.unwrapCommand(command.value());
    require(plain.ok() == established.channel.isOpen());
    if (plain)
        require(established.channel.wrapResponse(ResponseApdu(0x9000, plain.value().data())).ok());
}

void hostUnwrap(ByteView input)
{
    auto response = ResponseApdu::decode(input);
    if (!response)
        return;
    HostHandshake host(traceKeys(), 0x33);
    require(host.initializeUpdate(hostChallenge()).ok());
    require(host.externalAuthenticate(ResponseApdu(0x9000, secureFromHex(trace().initUpdateResponse))).ok());
    auto channel = host.complete(ResponseApdu(0x9000)).value();
    require(channel.wrapCommand(CommandApdu::decode(fromHex(test::kGetEidCommandPlain)).value()).ok());
    (void)channel.unwrapResponse(response.value());
    require(channel.isOpen());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0)
        return 0;
    const ByteView input(data + 1, size - 1);
    switch (data[0] % 5) {
    case 0:
        initializeUpdateResponse(input);
        break;
    case 1:
        hostHandshake(input);
        break;
    case 2:
        cardHandshake(input);
        break;
    case 3:
        cardUnwrap(input);
        break;
    default:
        hostUnwrap(input);
        break;
    }
    return 0;
}
