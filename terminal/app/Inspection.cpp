// SPDX-License-Identifier: Apache-2.0
#include "terminal/app/Inspection.h"

#include "terminal/bridge/VirtualCardAdapter.h"
#include "terminal/cards/CardLoader.h"

namespace perso::terminal::app {

Result<std::unique_ptr<Inspection>> Inspection::open(const QString& cardFile, vpcd::VpcdLinkOptions link)
{
    auto card = cards::openCard(cardFile);
    if (!card.ok())
        return card.error();
    std::shared_ptr<cards::VirtualCard> shared = std::move(card).value();
    std::unique_ptr<Inspection> inspection(new Inspection);
    inspection->m_label = shared->label();
    inspection->m_link =
        std::make_unique<vpcd::VpcdLink>(std::make_shared<vpcd::VirtualCardAdapter>(shared), std::move(link));
    return inspection;
}

Inspection::~Inspection() = default;

void Inspection::start()
{
    m_link->connectCard();
}

void Inspection::stop()
{
    m_link->disconnectCard();
}

} // namespace perso::terminal::app
