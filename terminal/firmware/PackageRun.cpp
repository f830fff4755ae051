// SPDX-License-Identifier: Apache-2.0
#include "terminal/firmware/PackageRun.h"

#include "protocol/package/PersonalisationPackage.h"

namespace perso::terminal {

Result<PackageRun> PackageRun::load(scp03::SecureChannel& channel, ByteView encoded)
{
    auto package = package::PersonalisationPackage::decode(encoded);
    if (!package)
        return package.error();

    // Dry run on a copy: which step, if any, fails to unwrap. The real channel is not touched.
    std::optional<std::uint16_t> unwrapFailureAt;
    {
        scp03::SecureChannel copy = channel;
        auto dry = package::PackageUnwrapper::start(copy, package.value());
        if (!dry)
            return dry.error();
        while (!dry.value().finished() && dry.value().next()) {
        }
        const auto& stop = dry.value().stop();
        if (stop && stop->outcome == package::Outcome::ChannelClosed)
            unwrapFailureAt = stop->failingStep;
        copy.close();
    }

    const auto containerSteps = static_cast<std::uint16_t>(package.value().stepCount());
    auto unwrapper = package::PackageUnwrapper::start(channel, std::move(package).value());
    if (!unwrapper)
        return unwrapper.error();
    PackageRun run(std::move(unwrapper).value());
    run.m_unwrapFailureAt = unwrapFailureAt;
    run.m_containerSteps = containerSteps;
    return run;
}

std::uint16_t PackageRun::totalSteps() const
{
    return m_unwrapper.totalSteps() != 0 ? m_unwrapper.totalSteps() : m_containerSteps;
}

void PackageRun::record(std::uint16_t sw)
{
    m_steps.push_back(RecordedStep{sw, std::nullopt});
}

void PackageRun::record(std::uint16_t sw, SecureBytes data)
{
    m_steps.push_back(RecordedStep{sw, std::move(data)});
}

void PackageRun::recordUnrecorded(std::uint16_t sw)
{
    while (m_steps.size() < m_unwrapper.stepsConsumed())
        record(sw);
}

Result<Bytes> PackageRun::seal(scp03::SecureChannel& channel, package::Outcome outcome,
                               std::optional<std::uint16_t> failingStep)
{
    package::ResultBuilder builder = m_unwrapper.resultBuilder();
    for (auto& step : m_steps) {
        if (step.data)
            builder.addStep(step.sw, *step.data);
        else
            builder.addStep(step.sw);
    }
    auto sealed = builder.seal(channel, outcome, failingStep);
    if (!sealed)
        return sealed.error();
    return sealed.value().encode();
}

} // namespace perso::terminal
