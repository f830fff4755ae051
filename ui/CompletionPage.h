// SPDX-License-Identifier: Apache-2.0
#pragma once

// Completion: the MSISDN in large type, the ICCID, and the actions: Print receipt (both copies),
// Save PDF, Next customer (sign-on kept), Sign off.

#include "app/session/Station.h"

#include <QWizardPage>

#include <memory>

namespace Ui {
class CompletionPage;
}

namespace perso::station::ui {

class CompletionPage : public QWizardPage
{
    Q_OBJECT

public:
    explicit CompletionPage(QWidget* parent = nullptr);
    ~CompletionPage() override;

    void setCompletion(const CompletionInfo& completion);
    void setReceiptStatus(const QString& text);
    void initializePage() override;

signals:
    void printRequested();
    void savePdfRequested();
    void nextCustomerRequested();
    void signOffRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    void render();

    std::unique_ptr<Ui::CompletionPage> m_ui;
    std::optional<CompletionInfo> m_completion;
    QString m_receiptStatus;
};

} // namespace perso::station::ui
