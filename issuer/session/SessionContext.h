// SPDX-License-Identifier: Apache-2.0
#pragma once

// What every IssuerSession of one server shares: the store, the key ring, the assessment policy,
// the operator profile, the clock and the limits. Thread-safe: sessions on several worker threads
// use it at once (the Store and the KeyRing are thread-safe by contract; the rest is read-only).

#include "issuer/assessment/Assessment.h"
#include "issuer/common/Records.h"
#include "issuer/keys/KeyRing.h"
#include "issuer/server/ConnectionHandler.h"
#include "issuer/sim/SimPlan.h"
#include "issuer/storage/Store.h"

#include <functional>
#include <memory>

namespace perso::issuer {

struct SessionLimits
{
    int maxFailedAuthPerHour = 5; // bad card cryptograms per retailer card within 3600 s → Locked
    int failedAuthWindowSeconds = 3600;
    int idleTimeoutSeconds = 900; // no message for this long: the session is closed on the next one
};

using Clock = std::function<Timestamp()>;

// The system clock (UTC seconds).
Timestamp systemClock();

class SessionContext
{
public:
    // operatorVariant: the operator's Milenage OP (16 bytes) for new cards' OPc; kept in memory
    // only, never logged.
    SessionContext(Store& store, const KeyRing& keys, AssessmentPolicy policy, OperatorProfile operatorProfile,
                   SecureBytes operatorVariant, Clock clock = systemClock, SessionLimits limits = {});

    Store& store() const { return m_store; }
    const KeyRing& keys() const { return m_keys; }
    const AssessmentPolicy& policy() const { return m_policy; }
    const OperatorProfile& operatorProfile() const { return m_operator; }
    const SecureBytes& operatorVariant() const { return m_operatorVariant; }
    const SessionLimits& limits() const { return m_limits; }
    Timestamp now() const { return m_clock(); }

private:
    Store& m_store;
    const KeyRing& m_keys;
    AssessmentPolicy m_policy;
    OperatorProfile m_operator;
    SecureBytes m_operatorVariant;
    Clock m_clock;
    SessionLimits m_limits;
};

// One IssuerSession per connection, all sharing one context (which must outlive them).
class IssuerSessionFactory final : public ConnectionHandlerFactory
{
public:
    explicit IssuerSessionFactory(const SessionContext& context) : m_context(context) {}
    std::unique_ptr<ConnectionHandler> create(const ConnectionInfo& info) override;

private:
    const SessionContext& m_context;
};

} // namespace perso::issuer
