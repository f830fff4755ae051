// SPDX-License-Identifier: Apache-2.0
#pragma once

// The customer's details (CustomerPage.ui): every field checked as the operator types
// (CustomerValidation.h), the problem shown under the field, Next enabled only when all pass.
// "Modify the customer's existing card" (modifyCheckBox) selects Operation::Modify.

#include "protocol/wire/CustomerDetails.h"
#include "protocol/wire/Messages.h"
#include "ui/CustomerValidation.h"

#include <QWizardPage>

#include <memory>

class QLabel;

namespace Ui {
class CustomerPage;
}

namespace perso::station::ui {

class CustomerPage : public QWizardPage
{
    Q_OBJECT

public:
    explicit CustomerPage(QWidget* parent = nullptr);
    ~CustomerPage() override;

    CustomerInput input() const;
    // Valid details (isComplete() true), else InvalidInput.
    StationResult<wire::CustomerDetails> details() const;
    wire::Operation operation() const;
    void setOperation(wire::Operation operation);
    void setPlans(const QStringList& plans);
    void clearForm(); // next customer: nothing of the last one stays on screen
    bool isComplete() const override;
    void initializePage() override;

protected:
    void changeEvent(QEvent* event) override;

private:
    void fillCombos();
    void revalidate();
    QLabel* errorLabel(CustomerField field) const;

    std::unique_ptr<Ui::CustomerPage> m_ui;
    bool m_complete = false;
    bool m_touched = false; // show "missing" messages only after the first edit
};

} // namespace perso::station::ui
