// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/core/Result.h"
#include "terminal/cards/VirtualCard.h"

#include <QString>

#include <memory>

namespace perso::cards {

// Opens any card file, dispatching on its "kind": RetailerCard::open or SimCard::open. Errors are
// CardFile::load's and the card's own (SchemaViolation for a file that is not a valid card of its kind).
Result<std::unique_ptr<VirtualCard>> openCard(const QString& path);

} // namespace perso::cards
