// SPDX-License-Identifier: Apache-2.0
#include "issuer/session/SessionContext.h"

#include "issuer/session/IssuerSession.h"

#include <QDateTime>

namespace perso::issuer {

Timestamp systemClock()
{
    return QDateTime::currentSecsSinceEpoch();
}

SessionContext::SessionContext(Store& store, const KeyRing& keys, AssessmentPolicy policy,
                               OperatorProfile operatorProfile, SecureBytes operatorVariant, Clock clock,
                               SessionLimits limits)
    : m_store(store), m_keys(keys), m_policy(std::move(policy)), m_operator(std::move(operatorProfile)),
      m_operatorVariant(std::move(operatorVariant)), m_clock(clock ? std::move(clock) : Clock(systemClock)),
      m_limits(limits)
{}

std::unique_ptr<ConnectionHandler> IssuerSessionFactory::create(const ConnectionInfo& info)
{
    return std::make_unique<IssuerSession>(m_context, info);
}

} // namespace perso::issuer
