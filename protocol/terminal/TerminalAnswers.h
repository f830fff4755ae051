// SPDX-License-Identifier: Apache-2.0
#pragma once

// The secure terminal's answers (the data field of a 9000 answer, docs/terminal.md "Command set"):
// strict decoders for the station's terminal client and matching encoders. A decoder accepts exactly
// what the firmware emits: the fields in their documented order, each once, no unknown tag, every
// value in range and every text valid UTF-8 of a bounded length. Anything else is a typed error and no
// partial object.

#include "protocol/core/Bytes.h"
#include "protocol/core/Result.h"
#include "protocol/terminal/TerminalCommands.h"

#include <QString>

#include <cstdint>
#include <optional>

namespace perso::terminal::cmd {

// Bounds of the answers' fields (the wire SignOnRequest's bounds where a field travels on).
inline constexpr std::size_t kMaxSerialLength = 32;     // retailer card serial, bytes
inline constexpr std::size_t kMaxTokenLength = 32;      // terminal id, firmware version, code points
inline constexpr std::size_t kMaxRetailerIdLength = 64; // retailer id, code points
inline constexpr std::uint8_t kMaxTerminalState = 0x08; // Tampered
inline constexpr std::uint8_t kMaxKeyVersion = 0x7F;

// GET STATUS: 80 state, 81 slot, 82 tamper flag, 83 firmware version, 84 terminal id, [85 steps].
struct StatusAnswer
{
    std::uint8_t state = 0; // 00 Locked ... 08 Tampered
    std::uint8_t slot = 0;  // 00 empty, 01 retailer card, 02 customer card
    bool tampered = false;
    QString firmwareVersion;
    QString terminalId;
    std::optional<std::uint16_t> stepsConsumed; // both present or both absent
    std::optional<std::uint16_t> stepsTotal;

    friend bool operator==(const StatusAnswer&, const StatusAnswer&) = default;
};

// RETAILER SIGN-ON: 80 serial, 81 retailer id, 82 key version, 83 terminal id,
// A4 { 80 tamper flag, 81 firmware version }.
struct SignOnAnswer
{
    Bytes serial;
    QString retailerId;
    std::uint8_t keyVersion = 0;
    QString terminalId;
    bool tampered = false;
    QString firmwareVersion;

    friend bool operator==(const SignOnAnswer&, const SignOnAnswer&) = default;
};

// RUN STEP / ABORT: index (2) || total (2) || card status (1) || run state (1).
struct StepAnswer
{
    std::uint16_t index = 0;
    std::uint16_t total = 0;
    StepCardStatus cardStatus = StepCardStatus::NoCardCommand;
    RunState runState = RunState::MoreSteps;

    friend bool operator==(const StepAnswer&, const StepAnswer&) = default;
};

inline constexpr std::size_t kStepAnswerLength = 6;
inline constexpr std::size_t kLoadPackageAnswerLength = 2;

Result<StatusAnswer> decodeStatusAnswer(ByteView data);
Result<SignOnAnswer> decodeSignOnAnswer(ByteView data);
// index < total (index == total only with run state ChannelClosed: the channel closed after the last
// step), total >= 1, card status 00-04, run state 00-02.
Result<StepAnswer> decodeStepAnswer(ByteView data);
// LOAD PACKAGE after the last segment: the total step count, at least 1.
Result<std::uint16_t> decodeLoadPackageAnswer(ByteView data);

// The encoders write what the decoders accept; they do not check the values.
SecureBytes encodeStatusAnswer(const StatusAnswer& answer);
SecureBytes encodeSignOnAnswer(const SignOnAnswer& answer);
SecureBytes encodeStepAnswer(const StepAnswer& answer);
SecureBytes encodeLoadPackageAnswer(std::uint16_t totalSteps);

} // namespace perso::terminal::cmd
