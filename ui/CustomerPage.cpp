// SPDX-License-Identifier: Apache-2.0
#include "ui/CustomerPage.h"

#include "ui_CustomerPage.h"

#include <QEvent>
#include <QLocale>
#include <QSignalBlocker>

#include <algorithm>

namespace perso::station::ui {

namespace {
const QDate kNoDate(1899, 12, 31); // the date edit's "not entered" value (shown blank)
}

CustomerPage::CustomerPage(QWidget* parent) : QWizardPage(parent), m_ui(std::make_unique<Ui::CustomerPage>())
{
    m_ui->setupUi(this);
    m_ui->dateOfBirthEdit->setDateRange(kNoDate, QDate(2100, 12, 31));
    m_ui->dateOfBirthEdit->setSpecialValueText(QStringLiteral(" "));
    m_ui->dateOfBirthEdit->setDate(kNoDate);
    fillCombos();
    setPlans({QStringLiteral("PAYG"), QStringLiteral("MONTHLY-10"), QStringLiteral("MONTHLY-30")});

    const auto edited = [this] {
        m_touched = true;
        revalidate();
    };
    for (QLineEdit* edit : findChildren<QLineEdit*>())
        connect(edit, &QLineEdit::textChanged, this, edited);
    connect(m_ui->dateOfBirthEdit, &QDateEdit::dateChanged, this, edited);
    for (QComboBox* combo : {m_ui->countryCombo, m_ui->idTypeCombo, m_ui->planCombo})
        connect(combo, &QComboBox::currentIndexChanged, this, edited);
    revalidate();
}

CustomerPage::~CustomerPage() = default;

void CustomerPage::fillCombos()
{
    const QSignalBlocker countryBlocker(m_ui->countryCombo);
    const QSignalBlocker idTypeBlocker(m_ui->idTypeCombo);
    const QString country = m_ui->countryCombo->currentData().toString();
    const int idType = m_ui->idTypeCombo->currentIndex();
    m_ui->countryCombo->clear();
    m_ui->countryCombo->addItem(tr("(choose)"), QString());
    QList<QPair<QString, QString>> territories; // name, code
    for (int t = 1; t <= int(QLocale::LastTerritory); ++t) {
        const QString code = QLocale::territoryToCode(QLocale::Territory(t));
        if (code.size() == 2 && code.at(0).isLetter() && code.at(1).isLetter())
            territories.append({QLocale::territoryToString(QLocale::Territory(t)), code});
    }
    std::sort(territories.begin(), territories.end());
    for (const auto& [name, code] : territories)
        m_ui->countryCombo->addItem(QStringLiteral("%1 (%2)").arg(name, code), code);
    const int found = m_ui->countryCombo->findData(country);
    m_ui->countryCombo->setCurrentIndex(found < 0 ? 0 : found);

    m_ui->idTypeCombo->clear();
    m_ui->idTypeCombo->addItem(tr("Passport"), int(wire::IdDocumentType::Passport));
    m_ui->idTypeCombo->addItem(tr("National ID card"), int(wire::IdDocumentType::NationalIdCard));
    m_ui->idTypeCombo->addItem(tr("Driving licence"), int(wire::IdDocumentType::DrivingLicence));
    m_ui->idTypeCombo->addItem(tr("Residence permit"), int(wire::IdDocumentType::ResidencePermit));
    m_ui->idTypeCombo->setCurrentIndex(idType < 0 ? 0 : idType);
}

void CustomerPage::setPlans(const QStringList& plans)
{
    const QString current = m_ui->planCombo->currentText();
    {
        const QSignalBlocker blocker(m_ui->planCombo);
        m_ui->planCombo->clear();
        m_ui->planCombo->addItems(plans);
        const int found = m_ui->planCombo->findText(current);
        m_ui->planCombo->setCurrentIndex(found < 0 ? 0 : found);
    }
    revalidate();
}

CustomerInput CustomerPage::input() const
{
    CustomerInput in;
    in.givenNames = m_ui->givenNamesEdit->text();
    in.familyName = m_ui->familyNameEdit->text();
    if (m_ui->dateOfBirthEdit->date() != kNoDate)
        in.dateOfBirth = m_ui->dateOfBirthEdit->date();
    in.addressLines = {m_ui->addressLine1Edit->text(), m_ui->addressLine2Edit->text(), m_ui->addressLine3Edit->text(),
                       m_ui->addressLine4Edit->text()};
    in.postcode = m_ui->postcodeEdit->text();
    in.city = m_ui->cityEdit->text();
    in.country = m_ui->countryCombo->currentData().toString();
    in.idType = wire::IdDocumentType(m_ui->idTypeCombo->currentData().toInt());
    in.idNumber = m_ui->idNumberEdit->text();
    in.email = m_ui->emailEdit->text();
    in.phone = m_ui->phoneEdit->text();
    in.planCode = m_ui->planCombo->currentText();
    return in;
}

StationResult<wire::CustomerDetails> CustomerPage::details() const
{
    return customerDetails(input(), QDate::currentDate());
}

wire::Operation CustomerPage::operation() const
{
    return m_ui->modifyCheckBox->isChecked() ? wire::Operation::Modify : wire::Operation::New;
}

void CustomerPage::setOperation(wire::Operation operation)
{
    m_ui->modifyCheckBox->setChecked(operation == wire::Operation::Modify);
}

void CustomerPage::clearForm()
{
    for (QLineEdit* edit : findChildren<QLineEdit*>())
        edit->clear();
    m_ui->dateOfBirthEdit->setDate(kNoDate);
    m_ui->modifyCheckBox->setChecked(false);
    m_touched = false;
    revalidate();
}

void CustomerPage::initializePage()
{
    m_ui->givenNamesEdit->setFocus();
}

bool CustomerPage::isComplete() const
{
    return m_complete;
}

QLabel* CustomerPage::errorLabel(CustomerField field) const
{
    switch (field) {
    case CustomerField::GivenNames:
        return m_ui->givenNamesError;
    case CustomerField::FamilyName:
        return m_ui->familyNameError;
    case CustomerField::DateOfBirth:
        return m_ui->dateOfBirthError;
    case CustomerField::Address:
        return m_ui->addressError;
    case CustomerField::Postcode:
        return m_ui->postcodeError;
    case CustomerField::City:
        return m_ui->cityError;
    case CustomerField::Country:
        return m_ui->countryError;
    case CustomerField::IdNumber:
        return m_ui->idNumberError;
    case CustomerField::Email:
        return m_ui->emailError;
    case CustomerField::Phone:
        return m_ui->phoneError;
    case CustomerField::Contact:
        return m_ui->contactError;
    case CustomerField::Plan:
        return m_ui->planError;
    }
    return nullptr;
}

void CustomerPage::revalidate()
{
    const CustomerInput in = input();
    const QDate today = QDate::currentDate();
    bool complete = true;
    for (const CustomerField field : customerFields()) {
        const QString problem = customerFieldProblem(field, in, today);
        complete = complete && problem.isEmpty();
        QLabel* label = errorLabel(field);
        label->setText(m_touched ? problem : QString());
        label->setVisible(m_touched && !problem.isEmpty());
    }
    m_ui->idTypeError->hide();
    if (complete != m_complete) {
        m_complete = complete;
        emit completeChanged();
    }
}

void CustomerPage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        fillCombos();
        revalidate();
    }
    QWizardPage::changeEvent(event);
}

} // namespace perso::station::ui

#include "moc_CustomerPage.cpp"
