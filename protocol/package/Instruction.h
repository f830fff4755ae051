// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/apdu/CommandApdu.h"
#include "protocol/core/Bytes.h"
#include "protocol/core/Result.h"

#include <cstddef>
#include <cstdint>
#include <variant>

// Terminal instructions: the plaintext commands of a personalisation package. Each is a proprietary
// (CLA 0x80) command APDU addressed to the secure terminal, which executes it against the card in
// its slot. Byte layouts: docs/protocol.md ("The personalisation package").
namespace perso::package {

constexpr std::uint8_t kInstructionCla = 0x80;
constexpr std::uint8_t kPackageFormatVersion = 0x01;
constexpr std::size_t kTransactionIdLength = 16;
constexpr std::size_t kIccidLength = 10; // EF.ICCID (2FE2) content, BCD with swapped nibbles
constexpr std::size_t kMinSteps = 2;     // BEGIN and END
constexpr std::size_t kMaxSteps = 256;

namespace ins {
constexpr std::uint8_t kBegin = 0xE0;
constexpr std::uint8_t kForward = 0xE2;
constexpr std::uint8_t kPinEntry = 0xE4;
constexpr std::uint8_t kEnd = 0xE6;
} // namespace ins

// BEGIN 80 E0 00 00: the terminal checks the card's ICCID and learns the step count.
struct BeginInstruction
{
    Bytes transactionId; // 16 bytes
    Bytes expectedIccid; // 10 bytes, as read from EF.ICCID
    std::uint16_t totalSteps = 0;
    std::uint8_t formatVersion = kPackageFormatVersion;
    friend bool operator==(const BeginInstruction&, const BeginInstruction&) = default;
};

// FORWARD 80 E2 P1 00: send the embedded APDU to the card. By default only SW 9000 counts as success.
struct ForwardInstruction
{
    enum Flag : std::uint8_t
    {
        ReturnData = 0x01,     // put the card's response data into the result
        AcceptWarnings = 0x02, // 62xx and 63xx also count as success
        AcceptAnyStatus = 0x04 // never stop on this step (e.g. a tolerant DELETE FILE)
    };
    static constexpr std::uint8_t kKnownFlags = ReturnData | AcceptWarnings | AcceptAnyStatus;

    std::uint8_t flags = 0;
    CommandApdu cardCommand;

    bool returnsData() const { return (flags & ReturnData) != 0; }
    // Whether the card's status word lets execution continue after this step.
    bool accepts(std::uint16_t sw) const;
    friend bool operator==(const ForwardInstruction&, const ForwardInstruction&) = default;
};

// PIN ENTRY 80 E4 P1=purpose 00: the terminal collects a PIN on its keypad and forwards the template
// with the PIN field filled in. The PIN never leaves the terminal.
struct PinEntryInstruction
{
    enum class Purpose : std::uint8_t
    {
        Pin1 = 0x01,
        Puk1 = 0x02,
        Pin2 = 0x03,
        Puk2 = 0x04
    };
    static constexpr std::uint8_t kMinDigitsFloor = 4; // ISO 9564-1
    static constexpr std::uint8_t kMaxDigitsCeiling = 12;

    Purpose purpose = Purpose::Pin1;
    CommandApdu cardTemplate;    // the PIN field is filled with padByte
    std::uint16_t pinOffset = 0; // offset of the PIN field in the template's data field
    std::uint8_t minDigits = 4;
    std::uint8_t maxDigits = 8; // also the length of the PIN field
    std::uint8_t padByte = 0xFF;
    std::uint16_t promptId = 0; // display text chosen by the terminal, never text from the issuer
    bool confirmTwice = false;

    // Checks offsets, digit bounds and that the PIN field holds only pad bytes.
    Status validate() const;
    // The card command with the PIN (ASCII digits '0'-'9') inserted and padded. InvalidParameter
    // when the digit count is out of range or a character is not a digit.
    Result<CommandApdu> fill(ByteView digits) const;
    friend bool operator==(const PinEntryInstruction&, const PinEntryInstruction&) = default;
};

// END 80 E6 00 00: every step is done.
struct EndInstruction
{
    friend bool operator==(const EndInstruction&, const EndInstruction&) = default;
};

using Instruction = std::variant<BeginInstruction, ForwardInstruction, PinEntryInstruction, EndInstruction>;

// Plaintext command APDU for an instruction; InvalidParameter when the instruction is not valid.
Result<CommandApdu> encodeInstruction(const Instruction& instruction);
// Strict: CLA 80, a known INS, P1/P2 as specified, the exact TLV fields in order, nothing else.
Result<Instruction> decodeInstruction(const CommandApdu& plain);

// Trivial PINs the keypad refuses: one repeated digit (0000, 1111) or a run of consecutive digits
// ascending or descending (1234, 9876). digits are ASCII '0'-'9'.
bool isTrivialPin(ByteView digits);

} // namespace perso::package
