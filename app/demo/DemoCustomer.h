// SPDX-License-Identifier: Apache-2.0
#pragma once

// The demo's customer: fixed, plausible details that the default assessment policy approves (an adult
// with a passport). The passport number carries the run's start time, so that repeated demos against
// one issuer home stay under the policy's cards-per-customer limit.

#include "protocol/wire/CustomerDetails.h"

#include <QDateTime>

namespace perso::station::demo {

wire::CustomerDetails demoCustomer(const QDateTime& now);

} // namespace perso::station::demo
