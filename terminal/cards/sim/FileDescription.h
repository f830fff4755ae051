// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "terminal/cards/sim/SimState.h"

#include "protocol/core/Bytes.h"
#include "protocol/core/Result.h"

#include <functional>

namespace perso::cards::sim {

// How a file describes itself to the outside world.
namespace FileDescription {

// ETSI TS 102 221 §11.1.1.3 FCP template (tag 62): file descriptor, FID, AID, life cycle status,
// compact security attributes (8C), PIN status template (C6, DFs), sizes and SFI (EFs).
SecureBytes fcp(const SimFile& file, const SimState& state, std::size_t freeMemory);

// 3GPP TS 51.011 §9.2.1 response to SELECT for an MF/DF (22 bytes) or an EF (15 bytes).
SecureBytes gsm(const SimFile& file, const SimState& state, std::size_t freeMemory);

// Looks up record `record` of the EF.ARR `arrFid` for a referenced security attribute (8B).
using ArrResolver = std::function<Result<AccessRules>(std::uint16_t arrFid, std::uint8_t record)>;

// ETSI TS 102 222 §6.3 CREATE FILE data (an FCP template 62): a new file with its contents erased to FF.
// Accepted tags: 82 (file descriptor), 83 (FID), 84 (AID, DFs), 8A (life cycle: 01, 03, 04, 05 for an EF;
// 01 or 03 for a DF, which is always created non-activated), 8C/8B (security attributes, required),
// 80 (EF size), 81 (DF total size, checked and ignored), 88 (SFI), A5 and C6 (checked and ignored).
// Security attributes: exactly one of 8C (compact) or 8B (referenced: EF.ARR FID + record number, 3 bytes),
// which `resolveArr` turns into the file's own conditions once, at creation.
// InvalidEncoding / SchemaViolation / InvalidLength for anything else (the card answers 6A80).
Result<SimFile> parseCreate(ByteView data, const ArrResolver& resolveArr);

} // namespace FileDescription

} // namespace perso::cards::sim
