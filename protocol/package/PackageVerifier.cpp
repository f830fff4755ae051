// SPDX-License-Identifier: Apache-2.0
#include "protocol/package/PackageVerifier.h"

#include "protocol/apdu/ResponseApdu.h"

namespace perso::package {

PackageVerifier::PackageVerifier(Bytes transactionId, std::vector<State> statesAfter, std::vector<bool> returnsData)
    : m_transactionId(std::move(transactionId)), m_states(std::move(statesAfter)), m_returnsData(std::move(returnsData))
{}

Result<VerifiedResult> PackageVerifier::verify(scp03::SecureChannel& host, ByteView sealedEncoded) const
{
    auto sealed = SealedResult::decode(sealedEncoded);
    if (!sealed)
        return sealed.error();
    return verify(host, sealed.value());
}

Result<VerifiedResult> PackageVerifier::verify(scp03::SecureChannel& host, const SealedResult& sealed) const
{
    if (m_states.size() != m_returnsData.size() + 1 || m_returnsData.empty())
        return makeError(ErrorCode::StateViolation, QStringLiteral("verifier holds no package"));
    if (host.role() != scp03::SecureChannel::Role::Host || !host.isOpen())
        return makeError(ErrorCode::StateViolation, QStringLiteral("verify needs an open host channel"));
    if (sealed.stepsConsumed > totalSteps())
        return makeError(ErrorCode::SequenceViolation,
                         QStringLiteral("result claims %1 steps of %2").arg(sealed.stepsConsumed).arg(totalSteps()));
    if (sealed.channelClosed()) {
        host.close();
        VerifiedResult closed;
        closed.result.transactionId = m_transactionId;
        closed.result.stepsConsumed = sealed.stepsConsumed;
        closed.result.totalSteps = totalSteps();
        closed.result.outcome = Outcome::ChannelClosed;
        closed.result.failingStep = sealed.stepsConsumed;
        return closed;
    }
    if (sealed.stepsConsumed == 0)
        return makeError(ErrorCode::SequenceViolation, QStringLiteral("authenticated result after 0 steps"));

    const State before = host.state();
    auto verified = verifyAuthenticated(host, sealed);
    if (!verified) {
        if (host.isOpen())
            (void)host.restore(before);
        return verified.error();
    }
    return verified;
}

Result<VerifiedResult> PackageVerifier::verifyAuthenticated(scp03::SecureChannel& host,
                                                            const SealedResult& sealed) const
{
    const std::uint16_t k = sealed.stepsConsumed;
    if (const auto restored = host.restore(m_states[k]); !restored)
        return restored.error();
    auto wrapped = ResponseApdu::decode(view(*sealed.wrappedResponse));
    if (!wrapped)
        return wrapped.error();
    auto plain = host.unwrapResponse(wrapped.value());
    if (!plain)
        return plain.error();
    if (plain.value().sw() != sw::kSuccess)
        return makeError(ErrorCode::SchemaViolation,
                         QStringLiteral("result response has SW %1").arg(plain.value().sw(), 4, 16, QLatin1Char('0')));
    auto result = PackageResult::decode(view(plain.value().data()));
    if (!result)
        return result.error();
    const PackageResult& report = result.value();
    if (!constantTimeEqual(view(report.transactionId), view(m_transactionId)) || report.totalSteps != totalSteps())
        return makeError(ErrorCode::WrongSession, QStringLiteral("result belongs to another transaction"));
    if (report.stepsConsumed != k)
        return makeError(ErrorCode::SequenceViolation,
                         QStringLiteral("result reports %1 steps, sealed as %2").arg(report.stepsConsumed).arg(k));
    for (const auto& response : report.responses) {
        if (!m_returnsData[response.step])
            return makeError(
                ErrorCode::SchemaViolation,
                QStringLiteral("result carries data for step %1, which did not ask for it").arg(response.step));
    }
    return VerifiedResult{true, std::move(result).value()};
}

} // namespace perso::package
