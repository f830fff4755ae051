// SPDX-License-Identifier: Apache-2.0
#pragma once

// First page: the issuer link, the terminal and the retailer sign-on, and what to do next. Next goes to
// the sign-on page, or straight to the customer form when a retailer is signed on already.

#include "app/session/Station.h"

#include <QWizardPage>

#include <memory>

namespace Ui {
class StartPage;
}

namespace perso::station::ui {

class StartPage : public QWizardPage
{
    Q_OBJECT

public:
    explicit StartPage(QWidget* parent = nullptr);
    ~StartPage() override;

    void setStatus(LinkState link, const QString& linkDetail, const TerminalInfo& terminal,
                   const std::optional<SignOnInfo>& retailer);
    int nextId() const override;

protected:
    void changeEvent(QEvent* event) override;

private:
    void render();

    std::unique_ptr<Ui::StartPage> m_ui;
    LinkState m_link = LinkState::Offline;
    QString m_linkDetail;
    TerminalInfo m_terminal;
    std::optional<SignOnInfo> m_retailer;
};

} // namespace perso::station::ui
