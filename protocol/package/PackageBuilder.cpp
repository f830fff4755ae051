// SPDX-License-Identifier: Apache-2.0
#include "protocol/package/PackageBuilder.h"

namespace perso::package {

namespace {

constexpr std::uint8_t kRequiredLevel =
    scp03::level::kCMac | scp03::level::kCDecryption | scp03::level::kRMac | scp03::level::kREncryption;

Result<BuiltPackage> wrapAll(scp03::SecureChannel& host, ByteView transactionId, ByteView iccid,
                             const std::vector<PackageStep>& body)
{
    const auto total = static_cast<std::uint16_t>(body.size() + 2);
    std::vector<Instruction> plain;
    std::vector<QString> labels;
    plain.reserve(total);
    labels.reserve(total);
    plain.emplace_back(BeginInstruction{Bytes(transactionId.begin(), transactionId.end()),
                                        Bytes(iccid.begin(), iccid.end()), total, kPackageFormatVersion});
    labels.push_back(QStringLiteral("Checking card"));
    for (std::size_t i = 0; i < body.size(); ++i) {
        if (std::holds_alternative<BeginInstruction>(body[i].instruction) ||
            std::holds_alternative<EndInstruction>(body[i].instruction))
            return makeError(ErrorCode::InvalidParameter,
                             QStringLiteral("package body step %1 is BEGIN or END; the builder adds them").arg(i));
        plain.push_back(body[i].instruction);
        labels.push_back(body[i].label);
    }
    plain.emplace_back(EndInstruction{});
    labels.push_back(QStringLiteral("Finishing"));

    BuiltPackage built;
    built.package.formatVersion = kPackageFormatVersion;
    built.package.transactionId.assign(transactionId.begin(), transactionId.end());
    built.package.anchor = PackageBuilder::anchorOf(host.state());
    built.package.labels = std::move(labels);
    built.package.steps.reserve(total);
    std::vector<PackageVerifier::State> states{host.state()};
    std::vector<bool> returnsData;
    states.reserve(total + 1);
    returnsData.reserve(total);
    for (std::size_t i = 0; i < plain.size(); ++i) {
        auto command = encodeInstruction(plain[i]);
        if (!command)
            return makeError(command.code(), QStringLiteral("package step %1: %2").arg(i).arg(command.error().message));
        auto wrapped = host.wrapCommand(command.value());
        if (!wrapped)
            return makeError(wrapped.code(), QStringLiteral("package step %1: %2").arg(i).arg(wrapped.error().message));
        auto encoded = wrapped.value().encode();
        if (!encoded)
            return makeError(encoded.code(), QStringLiteral("package step %1: %2").arg(i).arg(encoded.error().message));
        built.package.steps.emplace_back(encoded.value().begin(), encoded.value().end());
        states.push_back(host.state());
        const auto* forward = std::get_if<ForwardInstruction>(&plain[i]);
        returnsData.push_back(forward != nullptr && forward->returnsData());
    }
    // Checks every container limit (step size, total size, labels) before anything is handed out.
    if (const auto encoded = built.package.encode(); !encoded)
        return encoded.error();
    built.verifier = PackageVerifier(built.package.transactionId, std::move(states), std::move(returnsData));
    return built;
}

} // namespace

ChainAnchor PackageBuilder::anchorOf(const scp03::SecureChannel::State& state)
{
    ChainAnchor anchor;
    anchor.encryptionCounter = state.encryptionCounter;
    const std::size_t n = std::min(state.macChainingValue.size(), ChainAnchor::kMacPrefixLength);
    anchor.macPrefix.assign(state.macChainingValue.begin(),
                            state.macChainingValue.begin() + static_cast<std::ptrdiff_t>(n));
    return anchor;
}

Result<BuiltPackage> PackageBuilder::build(scp03::SecureChannel& host, ByteView transactionId, ByteView iccid,
                                           const std::vector<PackageStep>& body)
{
    if (host.role() != scp03::SecureChannel::Role::Host || !host.isOpen())
        return makeError(ErrorCode::StateViolation, QStringLiteral("package builder needs an open host channel"));
    if ((host.securityLevel() & kRequiredLevel) != kRequiredLevel)
        return makeError(ErrorCode::SecurityLevelNotMet,
                         QStringLiteral("package needs security level 33, channel has %1")
                             .arg(host.securityLevel(), 2, 16, QLatin1Char('0')));
    if (transactionId.size() != kTransactionIdLength)
        return makeError(ErrorCode::InvalidParameter,
                         QStringLiteral("transaction id has %1 bytes").arg(transactionId.size()));
    if (iccid.size() != kIccidLength)
        return makeError(ErrorCode::InvalidParameter, QStringLiteral("ICCID has %1 bytes").arg(iccid.size()));
    if (body.size() > kMaxBodySteps)
        return makeError(ErrorCode::Oversized, QStringLiteral("package body has %1 steps").arg(body.size()));

    const auto before = host.state();
    auto built = wrapAll(host, transactionId, iccid, body);
    if (!built)
        (void)host.restore(before);
    return built;
}

} // namespace perso::package
