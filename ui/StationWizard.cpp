// SPDX-License-Identifier: Apache-2.0
#include "ui/StationWizard.h"

#include "ui/CardPage.h"
#include "ui/CompletionPage.h"
#include "ui/CustomerPage.h"
#include "ui/DecisionPage.h"
#include "ui/ProgressPage.h"
#include "ui/ReceiptPrinter.h"
#include "ui/SignOnPage.h"
#include "ui/StartPage.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>

namespace perso::station::ui {

StationWizard::StationWizard(Station& station, QWidget* parent)
    : QWizard(parent), m_station(station), m_start(new StartPage), m_signOn(new SignOnPage),
      m_customer(new CustomerPage), m_decision(new DecisionPage), m_card(new CardPage), m_progress(new ProgressPage),
      m_completion(new CompletionPage)
{
    setObjectName(QStringLiteral("stationWizard"));
    setWindowFlags(Qt::Widget); // lives inside the main window
    setWizardStyle(QWizard::ClassicStyle);
    setOptions(QWizard::NoCancelButton | QWizard::NoBackButtonOnStartPage);
    // The decision page is a commit page: QWizard shows its Commit button there instead of Next, so the
    // layout needs both. It reads like Next (the pages' hints say "Press Next").
    setButtonLayout({QWizard::Stretch, QWizard::BackButton, QWizard::NextButton, QWizard::CommitButton});
    setButtonText(QWizard::CommitButton, buttonText(QWizard::NextButton));
    const std::pair<QWizardPage*, const char*> pages[] = {
        {m_start, "startPage"},          {m_signOn, "signOnPage"}, {m_customer, "customerPage"},
        {m_decision, "decisionPage"},    {m_card, "cardPage"},     {m_progress, "progressPage"},
        {m_completion, "completionPage"}};
    int id = StartPageId;
    for (const auto& [page, name] : pages) {
        page->setObjectName(QLatin1String(name));
        setPage(id++, page);
    }
    setStartId(StartPageId);

    connect(&station, &Station::phaseChanged, this, &StationWizard::onPhase);
    connect(&station, &Station::failed, this, &StationWizard::onFailed);
    connect(&station, &Station::issuerLinkChanged, this, [this](LinkState state, const QString& detail) {
        m_link = state;
        m_linkDetail = detail;
        refreshStart();
    });
    connect(&station, &Station::terminalChanged, this, &StationWizard::refreshStart);
    connect(&station, &Station::signedOn, this, [this] {
        m_signOn->setSignedOn(true);
        refreshStart();
        emit errorCleared();
    });
    connect(&station, &Station::signedOff, this, [this] {
        m_signOn->setSignedOn(false);
        refreshStart();
    });
    connect(&station, &Station::decisionReceived, m_decision, &DecisionPage::setDecision);
    connect(&station, &Station::cardDetected, m_card, &CardPage::setCard);
    connect(&station, &Station::progressChanged, m_progress, &ProgressPage::setProgress);
    connect(&station, &Station::keypadPrompt, m_progress, &ProgressPage::setKeypadPrompt);
    connect(&station, &Station::cancelRequested, m_progress, &ProgressPage::setCancelHint);
    connect(&station, &Station::completed, this, [this](const CompletionInfo& info) {
        m_completion->setCompletion(info);
        m_progress->setDone(true);
        if (!info.receiptPdfPath.isEmpty())
            m_completion->setReceiptStatus(tr("Receipt saved: %1").arg(info.receiptPdfPath));
        jumpTo(CompletionPageId);
    });

    connect(m_signOn, &SignOnPage::signOnRequested, this, [this] {
        emit errorCleared();
        m_station.signOn();
    });
    connect(m_decision, &DecisionPage::nextCustomerRequested, this, &StationWizard::nextCustomer);
    connect(m_progress, &ProgressPage::cancelRequested, this, [this] { m_station.cancel(); });
    connect(m_completion, &CompletionPage::printRequested, this, &StationWizard::printReceipt);
    connect(m_completion, &CompletionPage::savePdfRequested, this, &StationWizard::savePdf);
    connect(m_completion, &CompletionPage::nextCustomerRequested, this, &StationWizard::nextCustomer);
    connect(m_completion, &CompletionPage::signOffRequested, this, [this] { m_station.signOff(); });
    connect(this, &QWizard::currentIdChanged, this, &StationWizard::onPageEntered);
    refreshStart();
}

void StationWizard::setPdfPathChooser(std::function<QString()> chooser)
{
    m_pdfChooser = std::move(chooser);
}

void StationWizard::jumpTo(int id)
{
    if (currentId() == id)
        return;
    m_jumping = true;
    setCurrentId(id);
    m_jumping = false;
}

void StationWizard::refreshStart()
{
    m_start->setStatus(m_link, m_linkDetail, m_station.terminalInfo(), m_station.signOnInfo());
}

void StationWizard::onPageEntered(int id)
{
    if (m_jumping)
        return;
    if (id == DecisionPageId) {
        // Next on the customer page: the details leave for the issuer's assessment.
        const auto details = m_customer->details();
        if (!details) {
            onFailed(details.error());
            return;
        }
        emit errorCleared();
        m_decision->setWaiting();
        m_station.submitCustomer(details.value(), m_customer->operation());
    } else if (id == CardPageId) {
        m_card->setWaiting(m_customer->operation());
        m_progress->reset();
        m_station.personalise();
    }
}

void StationWizard::onPhase(StationPhase phase)
{
    switch (phase) {
    case StationPhase::SignedOff:
        m_signOn->setSignedOn(false);
        if (currentId() > SignOnPageId)
            jumpTo(SignOnPageId);
        break;
    case StationPhase::SigningOn:
        m_signOn->setWaiting(true);
        if (currentId() != SignOnPageId)
            jumpTo(SignOnPageId);
        break;
    case StationPhase::SignedOn:
        m_signOn->setSignedOn(true);
        // After sign-on, or after a failed / cancelled card: the customer form (details kept).
        if (currentId() != CompletionPageId && currentId() != CustomerPageId)
            jumpTo(CustomerPageId);
        break;
    case StationPhase::Assessing:
        if (currentId() != DecisionPageId) {
            m_decision->setWaiting();
            jumpTo(DecisionPageId);
        }
        break;
    case StationPhase::AwaitingCard:
        if (currentId() != CardPageId) {
            m_card->setWaiting(m_customer->operation());
            jumpTo(CardPageId);
        }
        break;
    case StationPhase::Personalising:
    case StationPhase::AwaitingKeypad:
        jumpTo(ProgressPageId);
        break;
    case StationPhase::Verifying:
        m_progress->setVerifying();
        jumpTo(ProgressPageId);
        break;
    case StationPhase::Completed:
        m_progress->setDone(true);
        jumpTo(CompletionPageId);
        break;
    case StationPhase::Starting:
    case StationPhase::Assessed:
    case StationPhase::Cancelling:
    case StationPhase::SigningOff:
    case StationPhase::Recovering:
        break;
    }
    refreshStart();
}

void StationWizard::onFailed(const StationError& error)
{
    switch (currentId()) {
    case SignOnPageId:
        m_signOn->showError(error);
        break;
    case DecisionPageId:
        m_decision->setFailed();
        break;
    case ProgressPageId:
        m_progress->setStopped();
        break;
    default:
        break;
    }
    emit errorOccurred(error);
}

void StationWizard::startModify()
{
    if (m_station.signOnInfo() && currentId() != CustomerPageId && !personalisationRunning())
        nextCustomer();
    m_customer->setOperation(wire::Operation::Modify);
}

void StationWizard::nextCustomer()
{
    m_station.nextCustomer();
    m_customer->clearForm();
    m_progress->reset();
    emit errorCleared();
    jumpTo(m_station.signOnInfo() ? CustomerPageId : SignOnPageId);
}

void StationWizard::printReceipt()
{
    const auto completion = m_station.lastCompletion();
    if (!completion)
        return;
    const auto signOn = m_station.signOnInfo();
    const ReceiptData receipt =
        ReceiptPrinter::receiptData(*completion, signOn ? signOn->retailerDisplayName : QString());
    const auto printed = ReceiptPrinter::printWithDialog(receipt, m_printerName, this);
    if (!printed)
        onFailed(printed.error());
    else if (printed.value())
        m_completion->setReceiptStatus(tr("Receipt printed (customer and shop copies)."));
}

void StationWizard::savePdf()
{
    const auto completion = m_station.lastCompletion();
    if (!completion)
        return;
    QString path;
    if (m_pdfChooser) {
        path = m_pdfChooser();
    } else {
        const QString suggested = completion->receiptPdfPath.isEmpty()
                                      ? QStringLiteral("receipt-%1.pdf").arg(completion->msisdn)
                                      : completion->receiptPdfPath;
        path = QFileDialog::getSaveFileName(this, tr("Save the receipt as PDF"), suggested, tr("PDF files (*.pdf)"));
    }
    if (path.isEmpty())
        return;
    const auto signOn = m_station.signOnInfo();
    const ReceiptData receipt =
        ReceiptPrinter::receiptData(*completion, signOn ? signOn->retailerDisplayName : QString());
    const StationStatus saved = ReceiptPrinter::savePdf(receipt, path);
    if (!saved)
        onFailed(saved.error());
    else
        m_completion->setReceiptStatus(tr("Receipt saved: %1").arg(QFileInfo(path).absoluteFilePath()));
}

bool StationWizard::personalisationRunning() const
{
    switch (m_station.phase()) {
    case StationPhase::AwaitingCard:
    case StationPhase::Personalising:
    case StationPhase::AwaitingKeypad:
    case StationPhase::Verifying:
    case StationPhase::Cancelling:
        return true;
    default:
        return false;
    }
}

void StationWizard::done(int result)
{
    // The wizard is the window's content: it never closes. Finish is not offered; Esc lands in reject().
    Q_UNUSED(result);
}

void StationWizard::reject()
{
    if (!personalisationRunning())
        return; // nothing to discard: Esc does nothing
    const auto answer =
        QMessageBox::question(this, tr("Cancel the personalisation?"),
                              tr("The card is being written. Cancel safely? The issuer records the card as void."),
                              QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (answer == QMessageBox::Yes)
        m_station.cancel();
}

} // namespace perso::station::ui

#include "moc_StationWizard.cpp"
