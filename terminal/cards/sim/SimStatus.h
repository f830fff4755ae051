// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>

namespace perso::cards::sim {

// The two command sets a dual-mode SIM answers: GSM class A0 (3GPP TS 51.011) and UICC class 00
// (ETSI TS 102 221). Each failure is one Fault; the dialect picks its status word.
enum class Dialect
{
    Gsm,
    Uicc
};

enum class Fault
{
    WrongLength,            // 6700 / 6700
    WrongP1P2,              // 6B00 / 6B00
    IncorrectP1P2,          // 6A86 / 6B00
    WrongData,              // 6A80 / 6B00
    FileNotFound,           // 6A82 / 9404
    RecordNotFound,         // 6A83 / 9402
    OutOfRange,             // 6B00 / 9402
    NoCurrentEf,            // 6986 / 9400
    WrongFileType,          // 6981 / 9408
    SecurityNotSatisfied,   // 6982 / 9804
    NotInitialised,         // 6984 / 9802 (the secret code was never set)
    Blocked,                // 6983 / 9840
    PinStateContradiction,  // 6985 / 9808 (enable an enabled PIN, verify a disabled one, ...)
    FileNotUsable,          // 6985 / 9810 (deactivated, terminated or not yet activated)
    ConditionsNotSatisfied, // 6985 / 9808
    FileExists,             // 6A89 / 6F00
    NoSpace,                // 6A84 / 9240
    ReferenceNotFound,      // 6A88 / 9404
    AuthMacFailure,         // 9862 / 9804
    InsNotSupported,        // 6D00 / 6D00
    ClaNotSupported,        // 6E00 / 6E00
    MemoryFailure,          // 6581 / 9240
    Technical               // 6F00 / 6F00
};

std::uint16_t statusWord(Fault fault, Dialect dialect);

// "xx response bytes waiting": 61xx (UICC) or 9Fxx (GSM); xx = 00 means 256.
std::uint16_t responsePending(std::size_t length, Dialect dialect);
// Wrong PIN with x tries left: 63Cx (UICC) or 9804 (GSM, 9840 once blocked).
std::uint16_t wrongSecret(unsigned triesLeft, Dialect dialect);

} // namespace perso::cards::sim
