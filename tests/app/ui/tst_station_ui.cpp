// SPDX-License-Identifier: Apache-2.0
// The station's widgets without a running Station: the customer form's rules field by field (Next
// enabled only when valid), objectNames, the runtime language switch, the journal view on a real
// journal (rows, filter, search, a tampered row), and the settings dialog's round trip.

#include "../journal/JournalTestSupport.h"
#include "app/core/StationConfig.h"
#include "ui/CardPage.h"
#include "ui/CompletionPage.h"
#include "ui/CustomerPage.h"
#include "ui/DecisionPage.h"
#include "ui/ErrorBanner.h"
#include "ui/JournalView.h"
#include "ui/LanguageSwitcher.h"
#include "ui/ProgressPage.h"
#include "ui/SettingsDialog.h"
#include "ui/SignOnPage.h"
#include "ui/StartPage.h"

#include <QComboBox>
#include <QDateEdit>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

using namespace perso::station;
using namespace perso::station::ui;

namespace {

// Prefixes every text of one context, so a switch is visible without a .qm file.
class MarkingTranslator : public QTranslator
{
public:
    QString translate(const char* context, const char* sourceText, const char*, int) const override
    {
        if (QByteArray(context) == "SignOnPage" || QByteArray(context) == "SettingsDialog")
            return QStringLiteral("XX ") + QString::fromUtf8(sourceText);
        return {};
    }
    bool isEmpty() const override { return false; }
};

template <typename T> T* child(QWidget& parent, const char* name)
{
    return parent.findChild<T*>(QLatin1String(name));
}

void fillValid(QWidget& page)
{
    child<QLineEdit>(page, "givenNamesEdit")->setText(QStringLiteral("Anna Maria"));
    child<QLineEdit>(page, "familyNameEdit")->setText(QStringLiteral("Lindqvist"));
    child<QDateEdit>(page, "dateOfBirthEdit")->setDate(QDate(1990, 5, 17));
    child<QLineEdit>(page, "addressLine1Edit")->setText(QStringLiteral("Hauptstraße 5"));
    child<QLineEdit>(page, "postcodeEdit")->setText(QStringLiteral("10115"));
    child<QLineEdit>(page, "cityEdit")->setText(QStringLiteral("Berlin"));
    auto* country = child<QComboBox>(page, "countryCombo");
    country->setCurrentIndex(country->findData(QStringLiteral("DE")));
    child<QLineEdit>(page, "idNumberEdit")->setText(QStringLiteral("C01X00T47"));
    child<QLineEdit>(page, "emailEdit")->setText(QStringLiteral("anna@example.org"));
    child<QLineEdit>(page, "phoneEdit")->clear();
}

} // namespace

class TestStationUi : public QObject
{
    Q_OBJECT

private slots:
    void customerForm_data();
    void customerForm();
    void customerFormBuildsDetails();
    void objectNames();
    void languageSwitchRetranslates();
    void languageSwitcherToleratesMissingQm();
    void builtInCataloguesTranslateErrorsAndPages_data();
    void builtInCataloguesTranslateErrorsAndPages();
    void journalViewRowsFilterSearch();
    void journalViewDetectsTamperedRow();
    void settingsRoundTrip();
    void errorBannerShowsNextStepAndSecurityAlert();
};

void TestStationUi::customerForm_data()
{
    QTest::addColumn<QString>("widget");
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("errorLabel");

    const auto row = [](const char* name, const char* widget, const QString& value, bool valid, const char* error) {
        QTest::newRow(name) << QString::fromLatin1(widget) << value << valid << QString::fromLatin1(error);
    };
    row("given ok", "givenNamesEdit", QStringLiteral("Jean-Luc"), true, "givenNamesError");
    row("given empty", "givenNamesEdit", QString(), false, "givenNamesError");
    row("given blank", "givenNamesEdit", QStringLiteral("   "), false, "givenNamesError");
    row("given control", "givenNamesEdit", QStringLiteral("An\x01na"), false, "givenNamesError");
    row("family ok", "familyNameEdit", QStringLiteral("Müller-Lüdenscheidt"), true, "familyNameError");
    row("family empty", "familyNameEdit", QString(), false, "familyNameError");
    row("address ok", "addressLine1Edit", QStringLiteral("1 rue de la Paix"), true, "addressError");
    row("address empty", "addressLine1Edit", QString(), false, "addressError");
    row("postcode empty ok", "postcodeEdit", QString(), true, "postcodeError");
    row("postcode ok", "postcodeEdit", QStringLiteral("SW1A 1AA"), true, "postcodeError");
    row("city empty", "cityEdit", QString(), false, "cityError");
    row("id ok", "idNumberEdit", QStringLiteral("X1234567"), true, "idNumberError");
    row("id space", "idNumberEdit", QStringLiteral("X 1234567"), false, "idNumberError");
    row("id empty", "idNumberEdit", QString(), false, "idNumberError");
    row("id umlaut", "idNumberEdit", QStringLiteral("Ä123"), false, "idNumberError");
    row("email ok", "emailEdit", QStringLiteral("a@b.c"), true, "emailError");
    row("email no at", "emailEdit", QStringLiteral("anna.example.org"), false, "emailError");
    row("email two at", "emailEdit", QStringLiteral("a@b@c"), false, "emailError");
    row("email at first", "emailEdit", QStringLiteral("@example.org"), false, "emailError");
    row("email space", "emailEdit", QStringLiteral("anna @example.org"), false, "emailError");
    row("email empty, no phone", "emailEdit", QString(), false, "contactError");
    row("phone ok", "phoneEdit", QStringLiteral("+49 170 1234567"), true, "phoneError");
    row("phone no plus", "phoneEdit", QStringLiteral("01701234567"), false, "phoneError");
    row("phone short", "phoneEdit", QStringLiteral("+12"), false, "phoneError");
    row("phone long", "phoneEdit", QStringLiteral("+1234567890123456"), false, "phoneError");
    row("phone letters", "phoneEdit", QStringLiteral("+49abc1234"), false, "phoneError");
}

void TestStationUi::customerForm()
{
    QFETCH(QString, widget);
    QFETCH(QString, value);
    QFETCH(bool, valid);
    QFETCH(QString, errorLabel);

    CustomerPage page;
    fillValid(page);
    QVERIFY2(page.isComplete(), qPrintable(page.details() ? QString() : page.details().error().detail));
    auto* edit = page.findChild<QLineEdit*>(widget);
    QVERIFY(edit != nullptr);
    edit->setText(value);
    QCOMPARE(page.isComplete(), valid);
    auto* label = page.findChild<QLabel*>(errorLabel);
    QVERIFY(label != nullptr);
    QCOMPARE(label->text().isEmpty(), valid);
    QCOMPARE(bool(page.details()), valid);
}

void TestStationUi::customerFormBuildsDetails()
{
    CustomerPage page;
    QVERIFY(!page.isComplete()); // empty form: Next disabled
    fillValid(page);
    child<QLineEdit>(page, "phoneEdit")->setText(QStringLiteral("+33 6 12-34-56-78"));
    auto* plan = child<QComboBox>(page, "planCombo");
    QCOMPARE(plan->count(), 3);
    plan->setCurrentIndex(plan->findText(QStringLiteral("MONTHLY-30")));
    QVERIFY(page.isComplete());
    const auto details = page.details();
    QVERIFY(details);
    QCOMPARE(details.value().phone, std::optional<QString>(QStringLiteral("+33612345678")));
    QCOMPARE(details.value().address.country, QStringLiteral("DE"));
    QCOMPARE(details.value().planCode, QStringLiteral("MONTHLY-30"));
    QCOMPARE(int(details.value().address.lines.size()), 1);
    QVERIFY(!details.value().address.postcode || *details.value().address.postcode == QStringLiteral("10115"));
    QCOMPARE(page.operation(), perso::wire::Operation::New);

    // Date of birth: not entered, in the future.
    auto* date = child<QDateEdit>(page, "dateOfBirthEdit");
    date->setDate(date->minimumDate());
    QVERIFY(!page.isComplete());
    date->setDate(QDate::currentDate().addDays(1));
    QVERIFY(!page.isComplete());
    QVERIFY(!child<QLabel>(page, "dateOfBirthError")->text().isEmpty());
    date->setDate(QDate(1950, 1, 1));
    QVERIFY(page.isComplete());
    // No country chosen.
    child<QComboBox>(page, "countryCombo")->setCurrentIndex(0);
    QVERIFY(!page.isComplete());

    page.clearForm();
    QVERIFY(!page.isComplete());
    QVERIFY(child<QLineEdit>(page, "givenNamesEdit")->text().isEmpty());
}

void TestStationUi::objectNames()
{
    CustomerPage customer;
    for (const char* name :
         {"givenNamesEdit", "familyNameEdit", "dateOfBirthEdit", "addressLine1Edit", "addressLine2Edit",
          "addressLine3Edit", "addressLine4Edit", "postcodeEdit", "cityEdit", "countryCombo", "idTypeCombo",
          "idNumberEdit", "emailEdit", "phoneEdit", "planCombo", "modifyCheckBox"})
        QVERIFY2(customer.findChild<QWidget*>(QLatin1String(name)) != nullptr, name);
    SignOnPage signOn;
    QVERIFY(child<QPushButton>(signOn, "signOnButton"));
    DecisionPage decision;
    QVERIFY(child<QLabel>(decision, "decisionLabel"));
    CardPage card;
    QVERIFY(child<QLabel>(card, "iccidLabel"));
    ProgressPage progress;
    for (const char* name : {"progressBar", "stepLabel", "cancelButton"})
        QVERIFY2(progress.findChild<QWidget*>(QLatin1String(name)) != nullptr, name);
    CompletionPage completion;
    for (const char* name : {"msisdnLabel", "printButton", "savePdfButton", "nextCustomerButton", "signOffButton"})
        QVERIFY2(completion.findChild<QWidget*>(QLatin1String(name)) != nullptr, name);
    StartPage start;
    QVERIFY(child<QLabel>(start, "issuerStatusLabel"));
}

void TestStationUi::languageSwitchRetranslates()
{
    SignOnPage page;
    auto* button = child<QPushButton>(page, "signOnButton");
    const QString english = button->text();
    QCOMPARE(english, QStringLiteral("&Sign on"));
    MarkingTranslator translator;
    QVERIFY(QCoreApplication::installTranslator(&translator));
    QTRY_COMPARE(button->text(), QStringLiteral("XX &Sign on"));
    QVERIFY(QCoreApplication::removeTranslator(&translator));
    QTRY_COMPARE(button->text(), english);
}

// The catalogues built into perso_station_ui translate under the contexts the code looks up at run time:
// StationError's texts and a page's own tr() (qualified class name).
void TestStationUi::builtInCataloguesTranslateErrorsAndPages_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("offline");
    QTest::addColumn<QString>("signedOn");
    QTest::newRow("de") << QStringLiteral("de") << QStringLiteral("Der Herausgeber ist nicht erreichbar.")
                        << QStringLiteral("Angemeldet.");
    QTest::newRow("fr") << QStringLiteral("fr") << QStringLiteral("L'émetteur est injoignable.")
                        << QStringLiteral("Connecté.");
}

void TestStationUi::builtInCataloguesTranslateErrorsAndPages()
{
    QFETCH(QString, language);
    QFETCH(QString, offline);
    QFETCH(QString, signedOn);
    QTranslator translator;
    QVERIFY(translator.load(QStringLiteral(":/i18n/station_%1").arg(language)));
    QVERIFY(QCoreApplication::installTranslator(&translator));
    QCOMPARE(errorHeadline(stationError(StationErrorKind::IssuerOffline, QString())), offline);
    QCOMPARE(perso::station::ui::SignOnPage::tr("Signed on."), signedOn);
    QVERIFY(nextStep(stationError(StationErrorKind::CardPulled, QString())) !=
            QStringLiteral("Put this card aside as void and personalise a new card from stock."));
    QCoreApplication::removeTranslator(&translator);
    QCOMPARE(errorHeadline(stationError(StationErrorKind::IssuerOffline, QString())),
             QStringLiteral("The issuer cannot be reached."));
}

void TestStationUi::languageSwitcherToleratesMissingQm()
{
    QTemporaryDir empty;
    LanguageSwitcher switcher;
    switcher.setSearchPath(empty.path());
    QVERIFY(!switcher.setLanguage(QStringLiteral("de"))); // no .qm: English texts, no crash
    QCOMPARE(switcher.language(), QStringLiteral("de"));
    QVERIFY(switcher.setLanguage(QStringLiteral("en")));
    QVERIFY(!switcher.setLanguage(QStringLiteral("xx")));
    QCOMPARE(switcher.language(), QStringLiteral("en"));
}

void TestStationUi::journalViewRowsFilterSearch()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("journal.sqlite"));
    {
        auto journal = journaltest::openOk(path);
        QVERIFY(journal);
        QVERIFY(journal->append(JournalEvent::SignOn, journaltest::kSession, {},
                                journaltest::obj({{QStringLiteral("retailerId"), QStringLiteral("R-1001")}})));
        QVERIFY(journal->append(JournalEvent::CardSelected, journaltest::kSession, journaltest::kTx1,
                                journaltest::obj({{QStringLiteral("iccid"), QStringLiteral("8949001234567890123")}})));
        QVERIFY(journal->append(JournalEvent::CardSelected, journaltest::kSession, journaltest::kTx2,
                                journaltest::obj({{QStringLiteral("iccid"), QStringLiteral("8949009999999999999")}})));
        QVERIFY(journal->append(JournalEvent::SignOff, journaltest::kSession, {}, {}));
    }
    JournalView view(path);
    QVERIFY(view.isOpen());
    QCOMPARE(view.rowCount(), 4);

    auto* event = child<QComboBox>(view, "eventFilterCombo");
    event->setCurrentIndex(event->findData(int(JournalEvent::CardSelected)));
    QCOMPARE(view.rowCount(), 2);
    child<QLineEdit>(view, "searchEdit")->setText(QStringLiteral("99999"));
    QCOMPARE(view.rowCount(), 1);
    event->setCurrentIndex(0);
    child<QLineEdit>(view, "searchEdit")->clear();
    QCOMPARE(view.rowCount(), 4);

    // Reprint is offered for a row of a transaction only.
    auto* reprint = child<QPushButton>(view, "reprintButton");
    QVERIFY(!reprint->isEnabled());
    auto* table = child<QTableView>(view, "journalTable");
    for (int row = 0; row < view.rowCount(); ++row) {
        table->selectRow(row);
        if (!view.selectedTransaction().isEmpty())
            break;
    }
    QVERIFY(reprint->isEnabled());
    QSignalSpy requested(&view, &JournalView::reprintRequested);
    reprint->click();
    QCOMPARE(requested.count(), 1);

    child<QPushButton>(view, "verifyChainButton")->click();
    QVERIFY(child<QLabel>(view, "chainLabel")->text().contains(QStringLiteral("intact")));
    QVERIFY(!child<QLabel>(view, "chainLabel")->text().contains(QStringLiteral("NOT")));
    const QString csv = dir.filePath(QStringLiteral("out.csv"));
    QVERIFY(view.exportCsv(csv));
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().contains("8949001234567890123"));
}

void TestStationUi::journalViewDetectsTamperedRow()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("journal.sqlite"));
    {
        auto journal = journaltest::openOk(path);
        QVERIFY(journal);
        for (int i = 0; i < 3; ++i)
            QVERIFY(journal->append(JournalEvent::Error, {}, {},
                                    journaltest::obj({{QStringLiteral("error"), QStringLiteral("internal")}})));
    }
    QVERIFY(
        journaltest::tamper(path, {QStringLiteral("UPDATE events SET data = '{\"error\":\"edited\"}' WHERE seq = 2")}));
    JournalView view(path);
    const ChainCheck check = view.verifyChain();
    QVERIFY(!check.intact);
    auto* label = child<QLabel>(view, "chainLabel");
    QVERIFY2(label->text().contains(QStringLiteral("NOT intact")), qPrintable(label->text()));
    QVERIFY(label->text().contains(QStringLiteral("2")));
}

void TestStationUi::settingsRoundTrip()
{
    QTemporaryDir dir;
    const QString userPath = dir.filePath(QStringLiteral("station-user.json"));
    StationConfig config;
    config.issuer.host = QStringLiteral("issuer.example.net");
    config.issuer.port = 7443;
    SettingsDialog dialog(config, {QStringLiteral("Virtual PCD 00 00")}, userPath);
    QSignalSpy accepted(&dialog, &SettingsDialog::configAccepted);
    child<QLineEdit>(dialog, "issuerHostEdit")->setText(QStringLiteral("issuer2.example.net"));
    child<QSpinBox>(dialog, "issuerPortSpin")->setValue(8443);
    auto* reader = child<QComboBox>(dialog, "readerCombo");
    reader->setCurrentIndex(reader->findData(QStringLiteral("Virtual PCD 00 00")));
    auto* printer = child<QComboBox>(dialog, "printerCombo");
    printer->setCurrentIndex(printer->findData(QStringLiteral("pdf")));
    auto* language = child<QComboBox>(dialog, "languageCombo");
    language->setCurrentIndex(language->findData(QStringLiteral("fr")));
    dialog.accept();
    QCOMPARE(accepted.count(), 1);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));

    const auto loaded = StationConfig::load(QString(), userPath);
    QVERIFY2(loaded, loaded ? "" : qPrintable(loaded.error().detail));
    QCOMPARE(loaded.value().issuer.host, QStringLiteral("issuer2.example.net"));
    QCOMPARE(loaded.value().issuer.port, quint16(8443));
    QCOMPARE(loaded.value().terminalReader, QStringLiteral("Virtual PCD 00 00"));
    QCOMPARE(loaded.value().printer, QStringLiteral("pdf"));
    QCOMPARE(loaded.value().language, QStringLiteral("fr"));

    // A blank host is refused in the dialog, nothing saved.
    SettingsDialog again(loaded.value(), {}, userPath);
    child<QLineEdit>(again, "issuerHostEdit")->clear();
    again.accept();
    QVERIFY(!child<QLabel>(again, "settingsProblemLabel")->isHidden());
    QCOMPARE(StationConfig::load(QString(), userPath).value().issuer.host, QStringLiteral("issuer2.example.net"));
}

void TestStationUi::errorBannerShowsNextStepAndSecurityAlert()
{
    ErrorBanner banner;
    StationError wrongPin = stationError(StationErrorKind::RetailerPinWrong, QStringLiteral("6982"));
    wrongPin.triesLeft = 2;
    banner.showError(wrongPin);
    QVERIFY(!banner.isHidden());
    QVERIFY(!banner.isSecurityAlert());
    QCOMPARE(banner.headline(), errorHeadline(wrongPin));
    QCOMPARE(banner.nextStepText(), nextStep(wrongPin));
    QVERIFY(!banner.nextStepText().isEmpty());

    banner.showError(stationError(StationErrorKind::TerminalTampered, QStringLiteral("tamper flag")));
    QVERIFY(banner.isSecurityAlert());
    QVERIFY(banner.headline().startsWith(QStringLiteral("SECURITY ALERT")));
    QVERIFY(banner.styleSheet().contains(QStringLiteral("#b00020")));
    banner.clear();
    QVERIFY(banner.isHidden());
}

QTEST_MAIN(TestStationUi)
#include "tst_station_ui.moc"
