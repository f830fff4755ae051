// SPDX-License-Identifier: Apache-2.0
#pragma once

// The secure terminal's command set: the APDUs the station sends it. Shared by the firmware (terminal/)
// and the station's terminal client (app/). Byte layouts and the status word of every refusal are in
// docs/terminal.md.

#include <cstdint>

namespace perso::terminal::cmd {

// Terminal management uses the GlobalPlatform proprietary class 80 rather than 90: in the
// first-interindustry layout that 80-9F copies, 10 is the command-chaining bit, so CLA 90 would read
// as "a chained part follows". With 80, LOAD PACKAGE chains as 90 ... 90 80 (ISO/IEC 7816-4 5.3.3).
constexpr std::uint8_t kCla = 0x80;
constexpr std::uint8_t kClaSecureMessaging = 0x84; // EXTERNAL AUTHENTICATE (C-MAC'd)
constexpr std::uint8_t kClaGetResponse = 0x00;     // GET RESPONSE class for a CLA 80 command (T0.h)

namespace ins {
constexpr std::uint8_t kGetStatus = 0x10;
constexpr std::uint8_t kRetailerSignOn = 0x12;
constexpr std::uint8_t kGetDataKey = 0x14;
constexpr std::uint8_t kReadCardIdentity = 0x16;
constexpr std::uint8_t kLoadPackage = 0x18;
constexpr std::uint8_t kRunStep = 0x1A;
constexpr std::uint8_t kAbort = 0x1C;
constexpr std::uint8_t kGetResult = 0x1E;
constexpr std::uint8_t kEndSession = 0x3E;
constexpr std::uint8_t kInitializeUpdate = 0x50;
constexpr std::uint8_t kExternalAuthenticate = 0x82;
constexpr std::uint8_t kGetResponse = 0xC0;
} // namespace ins

// LOAD PACKAGE P1: more segments follow (a package above 65535 bytes is loaded in segments).
constexpr std::uint8_t kLoadMoreSegments = 0x01;

// Status words beyond protocol/apdu/ResponseApdu.h's sw namespace.
namespace sw {
constexpr std::uint16_t kPinTimeout = 0x6400;   // PC/SC part 10: no key pressed in time
constexpr std::uint16_t kPinCancelled = 0x6401; // PC/SC part 10: Cancel pressed
constexpr std::uint16_t kPinMismatch = 0x6402;  // PC/SC part 10: the two new PINs differ
constexpr std::uint16_t kPinRefused = 0x6403;   // PC/SC part 10: PIN length / trivial PIN insisted on
constexpr std::uint16_t kHostCryptogramFailed = 0x6300;
constexpr std::uint16_t kLastCommandOfChainExpected = 0x6883;
constexpr std::uint16_t kChainingNotSupported = 0x6884;
constexpr std::uint16_t kIncorrectSecureMessaging = 0x6988;
constexpr std::uint16_t kMemoryFailure = 0x6581;
constexpr std::uint16_t kWrongDataRefused = 0x6A80;
constexpr std::uint16_t kBytesRemaining = 0x6100; // | xx
} // namespace sw

// RUN STEP answer, byte 4: what the card did with the step (the exact SW stays R-ENCRYPTED in the
// result, as docs/protocol.md ("Security analysis") promises).
enum class StepCardStatus : std::uint8_t
{
    NoCardCommand = 0x00, // BEGIN, END or a step refused before reaching the card
    Accepted = 0x01,
    Refused = 0x02,     // the card's SW is not accepted by the step
    NoAnswer = 0x03,    // card removed
    KeypadFailed = 0x04 // PIN entry cancelled, timed out or refused on the keypad
};

// RUN STEP answer, byte 5.
enum class RunState : std::uint8_t
{
    MoreSteps = 0x00,
    ResultReady = 0x01,  // execution stopped: GET RESULT returns the authenticated result
    ChannelClosed = 0x02 // a step failed to unwrap: GET RESULT returns the channel-closed report
};

} // namespace perso::terminal::cmd
