// SPDX-License-Identifier: Apache-2.0
// The wizard driven by objectName, offscreen, through a whole personalisation to a receipt PDF, on a
// Station built with the in-process fakes of tests/app/session (the real terminal firmware with a
// retailer card and blank SIMs, the real issuer session over the in-memory store).

// The harness is engineer D's; it may ignore a [[nodiscard]] result while it is being written.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-result"
#include "../session/StationHarness.h"
#pragma GCC diagnostic pop
#include "ui/CustomerPage.h"
#include "ui/ErrorBanner.h"
#include "ui/LanguageSwitcher.h"
#include "ui/MainWindow.h"
#include "ui/StationWizard.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QDateEdit>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTest>

using namespace perso::station;
using namespace perso::station::ui;
using perso::station::test::StationHarness;

namespace {

template <typename T> T* child(QWidget& parent, const char* name)
{
    auto* widget = parent.findChild<T*>(QLatin1String(name));
    if (widget == nullptr)
        qWarning("no widget named %s", name);
    return widget;
}

void typeCustomer(QWidget& wizard, const QString& idNumber)
{
    child<QLineEdit>(wizard, "givenNamesEdit")->setText(QStringLiteral("Ada"));
    child<QLineEdit>(wizard, "familyNameEdit")->setText(QStringLiteral("Lovelace"));
    child<QDateEdit>(wizard, "dateOfBirthEdit")->setDate(QDate(1990, 12, 10));
    child<QLineEdit>(wizard, "addressLine1Edit")->setText(QStringLiteral("1 High Street"));
    child<QLineEdit>(wizard, "cityEdit")->setText(QStringLiteral("London"));
    auto* country = child<QComboBox>(wizard, "countryCombo");
    country->setCurrentIndex(country->findData(QStringLiteral("GB")));
    child<QLineEdit>(wizard, "idNumberEdit")->setText(idNumber);
    child<QLineEdit>(wizard, "emailEdit")->setText(QStringLiteral("ada@example.org"));
    auto* plan = child<QComboBox>(wizard, "planCombo");
    plan->setCurrentIndex(plan->findText(QStringLiteral("PAYG")));
}

} // namespace

class TestStationWizard : public QObject
{
    Q_OBJECT

private slots:
    void wholePersonalisationToReceiptPdf();
    void declinedCustomerShowsReason();
};

void TestStationWizard::wholePersonalisationToReceiptPdf()
{
    StationHarness h;
    LanguageSwitcher language;
    MainWindow window(*h.station, language, h.dir.filePath(QStringLiteral("user.json")));
    window.show();
    StationWizard& wizard = *window.wizard();
    QAbstractButton* next = wizard.button(QWizard::NextButton);

    QVERIFY(h.waitForPhase(StationPhase::SignedOff));
    QCOMPARE(wizard.currentId(), int(StartPageId));
    next->click();
    QCOMPARE(wizard.currentId(), int(SignOnPageId));
    QVERIFY(!next->isEnabled()); // not signed on yet

    h.terminal->insertRetailerCard();
    child<QPushButton>(wizard, "signOnButton")->click();
    QTRY_COMPARE_WITH_TIMEOUT(wizard.currentId(), int(CustomerPageId), 20000);
    QVERIFY(child<QLabel>(window, "retailerStripLabel")->text().contains(QStringLiteral("signed on")));

    QVERIFY(!next->isEnabled()); // empty form
    typeCustomer(wizard, QStringLiteral("P1234567"));
    QVERIFY(next->isEnabled());
    next->click();
    QCOMPARE(wizard.currentId(), int(DecisionPageId));
    // The decision page commits: the operator goes on with the visible Commit button, which reads as Next.
    QAbstractButton* commit = wizard.button(QWizard::CommitButton);
    QTRY_VERIFY_WITH_TIMEOUT(commit->isVisible() && commit->isEnabled(), 20000);
    QCOMPARE(child<QLabel>(wizard, "decisionLabel")->text(), QStringLiteral("Approved"));
    QVERIFY(!next->isVisible());
    QCOMPARE(commit->text(), next->text());
    commit->click();
    QCOMPARE(wizard.currentId(), int(CardPageId));
    QVERIFY(h.waitForPhase(StationPhase::AwaitingCard));
    h.terminal->insertSim(h.blankSim(1));
    QTRY_COMPARE_WITH_TIMEOUT(wizard.currentId(), int(CompletionPageId), 60000);
    QVERIFY2(!window.errorBanner()->isVisible(), qPrintable(window.errorBanner()->headline()));

    const auto completion = h.station->lastCompletion();
    QVERIFY(completion.has_value());
    QCOMPARE(child<QLabel>(wizard, "msisdnLabel")->text(), completion->msisdn);
    QVERIFY(!completion->msisdn.isEmpty());
    QCOMPARE(child<QLabel>(wizard, "iccidLabel")->text(), completion->iccid);
    QCOMPARE(child<QProgressBar>(wizard, "progressBar")->value(),
             child<QProgressBar>(wizard, "progressBar")->maximum());

    const QString pdf = h.dir.filePath(QStringLiteral("saved-receipt.pdf"));
    wizard.setPdfPathChooser([pdf] { return pdf; });
    child<QPushButton>(wizard, "savePdfButton")->click();
    QFile file(pdf);
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(window.errorBanner()->headline()));
    QVERIFY(file.read(5) == "%PDF-");
    QVERIFY(child<QLabel>(wizard, "receiptStatusLabel")->text().contains(QStringLiteral("saved-receipt.pdf")));

    child<QPushButton>(wizard, "nextCustomerButton")->click();
    QTRY_COMPARE_WITH_TIMEOUT(wizard.currentId(), int(CustomerPageId), 10000);
    QVERIFY(child<QLineEdit>(wizard, "givenNamesEdit")->text().isEmpty());
    QVERIFY(h.waitForPhase(StationPhase::SignedOn));
}

void TestStationWizard::declinedCustomerShowsReason()
{
    StationHarness h;
    StationWizard wizard(*h.station);
    wizard.show();
    QVERIFY(h.waitForPhase(StationPhase::SignedOff));
    wizard.button(QWizard::NextButton)->click();
    h.terminal->insertRetailerCard();
    child<QPushButton>(wizard, "signOnButton")->click();
    QTRY_COMPARE_WITH_TIMEOUT(wizard.currentId(), int(CustomerPageId), 20000);

    typeCustomer(wizard, QStringLiteral("C1111111"));
    child<QDateEdit>(wizard, "dateOfBirthEdit")->setDate(QDate::currentDate().addYears(-12)); // underage
    wizard.button(QWizard::NextButton)->click();
    QTRY_COMPARE_WITH_TIMEOUT(child<QLabel>(wizard, "decisionLabel")->text(), QStringLiteral("Declined"), 20000);
    QVERIFY(child<QLabel>(wizard, "decisionReasonLabel")->text().contains(QStringLiteral("minimum age")));
    QVERIFY(!wizard.button(QWizard::NextButton)->isVisible());
    QVERIFY(wizard.button(QWizard::CommitButton)->isVisible());
    QVERIFY(!wizard.button(QWizard::CommitButton)->isEnabled());
    auto* again = child<QPushButton>(wizard, "decisionNextCustomerButton");
    QVERIFY(again->isVisible());
    again->click();
    QTRY_COMPARE_WITH_TIMEOUT(wizard.currentId(), int(CustomerPageId), 10000);
}

QTEST_MAIN(TestStationWizard)
#include "tst_station_wizard.moc"
