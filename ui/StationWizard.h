// SPDX-License-Identifier: Apache-2.0
#pragma once

// The personalisation wizard (QWizard) driven by a Station: Start -> Sign on -> Customer -> Decision ->
// Card -> Progress (keypad prompts) -> Completion -> next customer (sign-on kept) or sign off. Pages
// validate themselves; the wizard maps the Station's phases and signals onto pages and turns the
// operator's Next / buttons into Station calls. Esc never discards a running personalisation: it asks,
// then maps to the safe Station::cancel.
//
// objectNames (stable: the tests and the screenshot script find widgets by them)
//   wizard                stationWizard (QWizard's own buttons keep Qt's names: __qt__passive_wizardbutton1 = Next)
//   pages                 startPage, signOnPage, customerPage, decisionPage, cardPage, progressPage, completionPage
//   start                 issuerStatusLabel, terminalStatusLabel, retailerStatusLabel, startHintLabel
//   sign-on               signOnButton, signOnBusyBar, signOnStatusLabel, signOnInstructionLabel
//   customer              givenNamesEdit, familyNameEdit, dateOfBirthEdit, addressLine1Edit .. addressLine4Edit,
//                         postcodeEdit, cityEdit, countryCombo, idTypeCombo, idNumberEdit, emailEdit, phoneEdit,
//                         planCombo, modifyCheckBox; inline messages <field>Error (givenNamesError, addressError,
//                         contactError, ...)
//   decision              decisionLabel, decisionReasonLabel, decisionHintLabel, decisionBusyBar,
//                         decisionNextCustomerButton
//   card                  cardInstructionLabel, cardBusyBar, iccidLabel, batchLabel
//   progress              progressBar, stepLabel, keypadLabel, cancelHintLabel, cancelButton
//   completion            msisdnLabel, completionIccidLabel, receiptStatusLabel, printButton, savePdfButton,
//                         nextCustomerButton, signOffButton
//   window (MainWindow)   errorBanner (errorHeadlineLabel, errorNextStepLabel, errorIconLabel), issuerStripLabel,
//                         terminalStripLabel, retailerStripLabel, actions modifyAction, journalAction,
//                         settingsAction, diagnosticsAction, signOffAction, quitAction, language_en/de/fr
//   dialogs               journalView (journalTable, eventFilterCombo, dateFilterCheckBox, fromDateEdit, toDateEdit,
//                         searchEdit, verifyChainButton, chainLabel, exportCsvButton, reprintButton),
//                         settingsDialog (issuerHostEdit, issuerPortSpin, readerCombo, printerCombo, languageCombo),
//                         diagnosticsDialog (diagnosticsText, refreshButton, copyButton), securityAlertBox

#include "app/session/Station.h"
#include "ui/PageIds.h"

#include <QWizard>

#include <functional>

namespace perso::station::ui {

class CardPage;
class CompletionPage;
class CustomerPage;
class DecisionPage;
class ProgressPage;
class SignOnPage;
class StartPage;

class StationWizard : public QWizard
{
    Q_OBJECT

public:
    explicit StationWizard(Station& station, QWidget* parent = nullptr);

    // The Modify flow: the customer page with "modify the existing card" ticked.
    void startModify();
    void nextCustomer();
    // Where "Save PDF" writes; default: a file dialog. Tests set a fixed path.
    void setPdfPathChooser(std::function<QString()> chooser);
    void setPrinterName(const QString& printerName) { m_printerName = printerName; }

    CustomerPage* customerPage() const { return m_customer; }
    void done(int result) override;
    void reject() override;

signals:
    void errorOccurred(const perso::station::StationError& error);
    void errorCleared();

private:
    void jumpTo(int id);
    void onPhase(StationPhase phase);
    void onFailed(const StationError& error);
    void onPageEntered(int id);
    void refreshStart();
    void savePdf();
    void printReceipt();
    bool personalisationRunning() const;

    Station& m_station;
    StartPage* m_start;
    SignOnPage* m_signOn;
    CustomerPage* m_customer;
    DecisionPage* m_decision;
    CardPage* m_card;
    ProgressPage* m_progress;
    CompletionPage* m_completion;
    bool m_jumping = false;
    LinkState m_link = LinkState::Offline;
    QString m_linkDetail;
    std::function<QString()> m_pdfChooser;
    QString m_printerName;
};

} // namespace perso::station::ui
