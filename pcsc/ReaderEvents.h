// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <cstdint>
#include <vector>

namespace perso::pcsc {

// What the reader monitor knows about one reader after a SCardGetStatusChange.
struct ReaderState
{
    QString name;
    bool cardPresent = false;
    QByteArray atr;
    // pcsc-lite's card event counter (high 16 bits of dwEventState): it moves on every insertion and
    // removal, so a card pulled and pushed back between two calls is still seen.
    std::uint16_t eventCount = 0;
};

struct ReaderEvent
{
    enum class Type
    {
        ReaderAdded,
        ReaderRemoved,
        CardInserted,
        CardRemoved
    };
    Type type;
    QString reader;
    QByteArray atr; // CardInserted only

    friend bool operator==(const ReaderEvent&, const ReaderEvent&) = default;
};

// The events that turn `before` into `after`, in the order a listener needs them: for a reader that
// went away, its card's removal and then the reader; for a new reader, the reader and then its
// card; a card whose ATR or event counter changed while present is a removal and an insertion.
// Readers are matched by name; order within each list does not matter.
std::vector<ReaderEvent> diffReaderStates(const QList<ReaderState>& before, const QList<ReaderState>& after);

} // namespace perso::pcsc
