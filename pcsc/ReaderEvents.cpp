// SPDX-License-Identifier: Apache-2.0
#include "pcsc/ReaderEvents.h"

namespace perso::pcsc {

namespace {

const ReaderState* find(const QList<ReaderState>& states, const QString& name)
{
    for (const auto& s : states) {
        if (s.name == name)
            return &s;
    }
    return nullptr;
}

} // namespace

std::vector<ReaderEvent> diffReaderStates(const QList<ReaderState>& before, const QList<ReaderState>& after)
{
    using Type = ReaderEvent::Type;
    std::vector<ReaderEvent> events;
    for (const auto& old : before) {
        if (find(after, old.name))
            continue;
        if (old.cardPresent)
            events.push_back({Type::CardRemoved, old.name, {}});
        events.push_back({Type::ReaderRemoved, old.name, {}});
    }
    for (const auto& now : after) {
        const ReaderState* old = find(before, now.name);
        if (!old)
            events.push_back({Type::ReaderAdded, now.name, {}});
        const bool wasPresent = old && old->cardPresent;
        const bool swapped =
            wasPresent && now.cardPresent && (old->atr != now.atr || old->eventCount != now.eventCount);
        if (wasPresent && (!now.cardPresent || swapped))
            events.push_back({Type::CardRemoved, now.name, {}});
        if (now.cardPresent && (!wasPresent || swapped))
            events.push_back({Type::CardInserted, now.name, now.atr});
    }
    return events;
}

} // namespace perso::pcsc
