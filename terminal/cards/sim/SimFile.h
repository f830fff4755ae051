// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "terminal/cards/sim/AccessRules.h"

#include "protocol/core/Bytes.h"
#include "protocol/core/Result.h"

#include <QCborMap>

#include <cstdint>
#include <optional>
#include <vector>

namespace perso::cards::sim {

enum class FileKind : std::uint8_t
{
    Df, // MF, DF or ADF (an ADF has an AID)
    Transparent,
    LinearFixed,
    Cyclic
};

// ETSI TS 102 221 §11.1.1.4.9 / ISO/IEC 7816-4 life cycle status integer values.
enum class LifeCycle : std::uint8_t
{
    Creation = 0x01,
    Initialisation = 0x03,
    Deactivated = 0x04,
    Activated = 0x05,
    Terminated = 0x0C
};

inline constexpr std::uint16_t kFidMf = 0x3F00;
inline constexpr std::uint16_t kFidIccid = 0x2FE2;
inline constexpr std::uint16_t kFidCurrentApp = 0x7FFF;
inline constexpr std::uint16_t kFidGsm = 0x7F20;
// The Milenage key file: transparent, 32 bytes = Ki || OPc, READ always NEVER (docs/cards.md).
inline constexpr std::uint16_t kFidKeys = 0xFF01;
inline constexpr std::size_t kKeyFileSize = 32;

// One node of the card's file tree, a plain value so that a whole tree can be copied for rollback.
struct SimFile
{
    std::uint16_t fid = 0;
    FileKind kind = FileKind::Df;
    LifeCycle lifeCycle = LifeCycle::Activated;
    AccessRules rules;
    std::optional<std::uint8_t> sfi; // 1..30, EFs only
    Bytes aid;                       // ADF only
    std::uint8_t recordLength = 0;   // record EFs
    SecureBytes data;                // EF contents: size bytes, or recordLength * records
    std::vector<SimFile> children;   // DFs only

    bool isDf() const { return kind == FileKind::Df; }
    bool isRecordEf() const { return kind == FileKind::LinearFixed || kind == FileKind::Cyclic; }
    std::size_t recordCount() const { return recordLength == 0 ? 0 : data.size() / recordLength; }

    SimFile* child(std::uint16_t id);
    const SimFile* child(std::uint16_t id) const;
    const SimFile* childBySfi(std::uint8_t sfiValue) const;
    // Bytes of memory the subtree takes (data plus a fixed header per file).
    std::size_t footprint() const;

    QCborMap toCbor() const;
    // Strict: every field present with its type and range, children at most `depth` levels deep.
    static Result<SimFile> fromCbor(const QCborMap& map, int depth = 4);

    friend bool operator==(const SimFile&, const SimFile&) = default;
};

} // namespace perso::cards::sim
