// SPDX-License-Identifier: Apache-2.0
#include "protocol/package/PackageUnwrapper.h"

#include "protocol/package/PackageBuilder.h"

namespace perso::package {

namespace {

constexpr std::uint8_t kRequiredLevel =
    scp03::level::kCMac | scp03::level::kCDecryption | scp03::level::kRMac | scp03::level::kREncryption;

} // namespace

Result<PackageUnwrapper> PackageUnwrapper::start(scp03::SecureChannel& card, PersonalisationPackage package)
{
    if (card.role() != scp03::SecureChannel::Role::Card || !card.isOpen())
        return makeError(ErrorCode::StateViolation, QStringLiteral("package unwrapper needs an open card channel"));
    if ((card.securityLevel() & kRequiredLevel) != kRequiredLevel)
        return makeError(ErrorCode::SecurityLevelNotMet,
                         QStringLiteral("package needs security level 33, channel has %1")
                             .arg(card.securityLevel(), 2, 16, QLatin1Char('0')));
    if (package.steps.empty())
        return makeError(ErrorCode::Truncated, QStringLiteral("package has no steps"));
    const ChainAnchor here = PackageBuilder::anchorOf(card.state());
    if (package.anchor.encryptionCounter != here.encryptionCounter)
        return makeError(ErrorCode::SequenceViolation, QStringLiteral("package starts at command %1, channel is at %2")
                                                           .arg(package.anchor.encryptionCounter)
                                                           .arg(here.encryptionCounter));
    if (package.anchor.macPrefix != here.macPrefix)
        return makeError(ErrorCode::WrongSession, QStringLiteral("package is bound to another channel"));
    return PackageUnwrapper(card, std::move(package));
}

Status PackageUnwrapper::preflight(const scp03::SecureChannel& card, const PersonalisationPackage& package)
{
    scp03::SecureChannel copy = card;
    auto unwrapper = start(copy, package);
    if (!unwrapper)
        return unwrapper.error();
    while (!unwrapper.value().finished()) {
        if (auto step = unwrapper.value().next(); !step)
            return step.error();
    }
    copy.close();
    return Ok{};
}

ResultBuilder PackageUnwrapper::resultBuilder() const
{
    const auto total = m_total != 0 ? m_total : static_cast<std::uint16_t>(m_package.steps.size());
    return ResultBuilder(m_package.transactionId, total);
}

Error PackageUnwrapper::fail(Outcome outcome, std::uint16_t failingStep, Error error)
{
    m_stop = Stop{outcome, failingStep};
    return error;
}

Result<Instruction> PackageUnwrapper::next()
{
    if (m_stop)
        return makeError(ErrorCode::StateViolation, QStringLiteral("package execution already stopped"));
    if (m_finished)
        return makeError(ErrorCode::SequenceViolation, QStringLiteral("package already reached END"));
    const std::uint16_t index = m_consumed;
    if (index >= m_package.steps.size())
        return fail(
            Outcome::Incomplete, index,
            makeError(ErrorCode::SequenceViolation,
                      QStringLiteral("package ended after %1 of %2 steps without END").arg(index).arg(m_total)));

    auto wrapped = CommandApdu::decode(view(m_package.steps[index]));
    if (!wrapped) {
        m_card->close();
        return fail(Outcome::ChannelClosed, index,
                    makeError(wrapped.code(), QStringLiteral("step %1: %2").arg(index).arg(wrapped.error().message)));
    }
    auto plain = m_card->unwrapCommand(wrapped.value());
    if (!plain) {
        m_card->close(); // already closed by the channel for a bad MAC; explicit for every other failure
        return fail(Outcome::ChannelClosed, index,
                    makeError(plain.code(), QStringLiteral("step %1: %2").arg(index).arg(plain.error().message)));
    }
    ++m_consumed;
    auto instruction = decodeInstruction(plain.value());
    if (!instruction)
        return fail(
            Outcome::InstructionRefused, index,
            makeError(instruction.code(), QStringLiteral("step %1: %2").arg(index).arg(instruction.error().message)));
    return accept(std::move(instruction).value());
}

Result<Instruction> PackageUnwrapper::accept(Instruction instruction)
{
    const std::uint16_t index = m_consumed - 1;
    auto refuse = [&](ErrorCode code, const QString& what) {
        return fail(Outcome::InstructionRefused, index,
                    makeError(code, QStringLiteral("step %1: %2").arg(index).arg(what)));
    };
    if (const auto* begin = std::get_if<BeginInstruction>(&instruction)) {
        if (index != 0)
            return refuse(ErrorCode::SequenceViolation, QStringLiteral("BEGIN after the first step"));
        if (begin->transactionId != m_package.transactionId)
            return refuse(ErrorCode::WrongSession, QStringLiteral("BEGIN names another transaction"));
        if (begin->formatVersion != m_package.formatVersion)
            return refuse(ErrorCode::UnsupportedVersion, QStringLiteral("BEGIN names another format version"));
        m_total = begin->totalSteps;
        if (m_package.steps.size() < m_total)
            return fail(
                Outcome::Incomplete, static_cast<std::uint16_t>(m_package.steps.size()),
                makeError(ErrorCode::SequenceViolation,
                          QStringLiteral("package holds %1 of %2 steps").arg(m_package.steps.size()).arg(m_total)));
        if (m_package.steps.size() > m_total)
            return refuse(
                ErrorCode::SequenceViolation,
                QStringLiteral("package holds %1 steps, BEGIN announces %2").arg(m_package.steps.size()).arg(m_total));
        return instruction;
    }
    if (index == 0)
        return refuse(ErrorCode::SequenceViolation, QStringLiteral("first step is not BEGIN"));
    const bool last = index + 1 == m_total;
    if (std::holds_alternative<EndInstruction>(instruction)) {
        if (!last)
            return refuse(ErrorCode::SequenceViolation, QStringLiteral("END before the last step"));
        m_finished = true;
        return instruction;
    }
    if (last)
        return refuse(ErrorCode::SequenceViolation, QStringLiteral("last step is not END"));
    return instruction;
}

} // namespace perso::package
