// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/core/Bytes.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace perso::cards::sim {

// File identifiers from below the MF down to a file; empty = the MF itself.
using FilePath = std::vector<std::uint16_t>;

// The card's volatile state, cleared by every power-on: current directory and EF, record pointer,
// security status and a response waiting for GET RESPONSE.
struct SimSession
{
    FilePath currentDf;
    std::optional<std::uint16_t> currentEf;
    std::size_t record = 0; // current record of the current EF, 0 = none
    bool pin1Verified = false;
    bool pin2Verified = false;
    bool admVerified = false;
    SecureBytes pending;

    void reset() { *this = SimSession{}; }
};

} // namespace perso::cards::sim
