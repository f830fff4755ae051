// SPDX-License-Identifier: Apache-2.0
#include "terminal/cards/CardLoader.h"

#include "terminal/cards/CardFile.h"
#include "terminal/cards/RetailerCard.h"
#include "terminal/cards/SimCard.h"

namespace perso::cards {

namespace {

template <typename Card> Result<std::unique_ptr<VirtualCard>> upcast(Result<std::unique_ptr<Card>> card)
{
    if (!card)
        return card.error();
    return std::unique_ptr<VirtualCard>(std::move(card).value());
}

} // namespace

Result<std::unique_ptr<VirtualCard>> openCard(const QString& path)
{
    const Result<QCborMap> header = CardFile::load(path);
    if (!header)
        return header.error();
    // CardFile::load admits only the two kinds.
    if (header.value().value(QStringLiteral("kind")).toString() == CardFile::kindRetailer())
        return upcast(RetailerCard::open(path));
    return upcast(SimCard::open(path));
}

} // namespace perso::cards
