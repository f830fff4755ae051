// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/core/Bytes.h"
#include "protocol/core/Result.h"
#include "protocol/package/Instruction.h"
#include "protocol/package/PackageVerifier.h"
#include "protocol/package/PersonalisationPackage.h"
#include "protocol/scp03/SecureChannel.h"

#include <QString>

#include <vector>

namespace perso::package {

// One body step of a package: a FORWARD or a PIN ENTRY, with the station's progress label.
struct PackageStep
{
    Instruction instruction;
    QString label; // UI text only, at most 64 UTF-8 bytes
};

struct BuiltPackage
{
    PersonalisationPackage package;
    PackageVerifier verifier;
};

// Issuer side. Frames the body with BEGIN (transaction id, ICCID, total) and END, wraps every step
// with the host channel (which must be at security level 0x33) and records the channel State after
// each one. On failure the host channel is put back where it was.
class PackageBuilder
{
public:
    static constexpr std::size_t kMaxBodySteps = kMaxSteps - 2;

    static Result<BuiltPackage> build(scp03::SecureChannel& host, ByteView transactionId, ByteView iccid,
                                      const std::vector<PackageStep>& body);

    static ChainAnchor anchorOf(const scp03::SecureChannel::State& state);
};

} // namespace perso::package
