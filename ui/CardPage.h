// SPDX-License-Identifier: Apache-2.0
#pragma once

// Card selection: "Remove the retailer card, insert a blank card from stock" (or the customer's card
// for a modification), a busy bar until the station reads the card, then its ICCID and batch prefix.
// The station starts personalising by itself once the card is read.

#include "app/session/Station.h"

#include <QWizardPage>

#include <memory>

namespace Ui {
class CardPage;
}

namespace perso::station::ui {

class CardPage : public QWizardPage
{
    Q_OBJECT

public:
    explicit CardPage(QWidget* parent = nullptr);
    ~CardPage() override;

    void setWaiting(wire::Operation operation);
    void setCard(const CardInfo& card);
    bool isComplete() const override;

protected:
    void changeEvent(QEvent* event) override;

private:
    void render();

    std::unique_ptr<Ui::CardPage> m_ui;
    wire::Operation m_operation = wire::Operation::New;
    std::optional<CardInfo> m_card;
};

} // namespace perso::station::ui
