// SPDX-License-Identifier: Apache-2.0
#pragma once

// The station's workflow (DESIGN §4), headless: what the wizard (ui/), the headless demo and the
// workflow tests drive. Lives in the caller's (GUI) thread; the work runs on an engine thread of its
// own (app/session/Engine) as cancellable commands, so no call here blocks. Every outcome arrives as a
// signal, queued to the Station's thread.
//
// Phases (docs/station.md, "Session state machine"):
//
//   Starting → SignedOff ⇄ SigningOn → SignedOn → Assessing → Assessed
//   Assessed(approved) → AwaitingCard → Personalising (→ AwaitingKeypad → Personalising …) → Verifying
//   → Completed → SignedOn (next customer, sign-on kept) | SigningOff → SignedOff
//   Any failure → the phase it came from or SignedOff (signal failed() tells which and what to do);
//   a lost issuer link or a terminal END SESSION ends the sign-on (SignedOff).
//   Recovering runs once after start-up and after each sign-on while the journal holds unfinished
//   transactions.

#include "app/core/IssuerLink.h"
#include "app/core/StationConfig.h"
#include "app/core/StationError.h"
#include "app/core/TerminalLink.h"
#include "protocol/wire/CustomerDetails.h"
#include "protocol/wire/Messages.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace perso::station {

class Engine;
class Journal;

enum class StationPhase
{
    Starting,
    SignedOff,
    SigningOn, // waiting for the retailer's PIN on the keypad, then the issuer
    SignedOn,  // ready for a customer
    Assessing,
    Assessed,       // decision received (see lastDecision())
    AwaitingCard,   // approved: retailer card out, customer card in
    Personalising,  // package fetched and running
    AwaitingKeypad, // the customer chooses PIN/PUK on the terminal's keypad
    Verifying,      // result submitted, waiting for the verdict
    Completed,      // verified: MSISDN and receipt
    Cancelling,
    SigningOff,
    Recovering
};
QString stationPhaseName(StationPhase phase);

struct SignOnInfo
{
    QString retailerId;
    QString retailerDisplayName;
    QString shopId;
    QString terminalId;
    QString sessionId; // hex
};

struct DecisionInfo
{
    wire::Decision decision = wire::Decision::Declined;
    int reasonCode = 0;
    QString customerReference;
    wire::Operation operation = wire::Operation::New;
};

struct CardInfo
{
    QString iccid;        // digits
    QString issuerPrefix; // the ICCID's issuer identification number (first 7 digits), shown as the batch
};

struct ProgressInfo
{
    int step = 0; // 1-based, steps done
    int total = 0;
    QString label; // the step's label from the package ("Create ADF.USIM", "PIN1 on the keypad", …)
};

struct CompletionInfo
{
    QString transactionId; // hex
    QString msisdn;
    QString iccid;
    wire::Receipt receipt;
    QString receiptPdfPath; // written by the station into the receipt directory
    QString customerName;   // full name, for the customer copy (memory only)
    QString maskedCustomerName;
    QString planCode;
    bool modification = false;
};

struct RecoveryInfo
{
    QString transactionId;
    QString iccid;
    QString resolution; // "finished" (verified at the issuer), "voided" (card must be set aside), "unused"
    wire::TransactionState issuerState = wire::TransactionState::Unknown;
};

struct TerminalInfo
{
    bool present = false;
    QString reader;
    SlotContent slot = SlotContent::Empty;
    bool tampered = false;
    QString firmwareVersion;
    QString terminalId;
};

// What the diagnostics view shows (issue 5: readers, ATR, part 10 features, versions, issuer link).
struct DiagnosticsReport
{
    QStringList readers; // every PC/SC reader pcscd reports
    QString pcscProblem; // e.g. "pcscd is not running", empty when fine
    std::optional<TerminalReaderInfo> terminalReader;
    std::optional<TerminalStatus> terminalStatus;
    LinkState issuerLink = LinkState::Offline;
    QString issuerAddress;    // host:port
    QString issuerLinkDetail; // TLS protocol and cipher, or the last connection error
    QStringList versions;     // "perso-station 0.1.0", "Qt 6.4.2", "Botan 2.19.3", "pcsc-lite 1.9.9"
    qint64 journalRows = 0;
    bool journalIntact = true;
    QString journalProblem;
};

class Station : public QObject
{
    Q_OBJECT

public:
    // Production: builds IssuerClient, TerminalClient and the Journal from `config`.
    explicit Station(StationConfig config, QObject* parent = nullptr);
    // Tests: injected links (owned by the station from here on; moved to the engine thread's use).
    Station(StationConfig config, std::unique_ptr<IssuerLink> issuer, std::unique_ptr<TerminalLink> terminal,
            QObject* parent = nullptr);
    ~Station() override; // cancels, ends the terminal session, stops the engine thread

    const StationConfig& config() const;
    StationPhase phase() const;
    LinkState issuerLinkState() const;
    TerminalInfo terminalInfo() const;
    std::optional<SignOnInfo> signOnInfo() const;
    std::optional<DecisionInfo> lastDecision() const;
    std::optional<CompletionInfo> lastCompletion() const;
    QString journalPath() const;

public slots:
    // Opens the journal, starts watching the issuer link and the terminal. failed() if the journal
    // cannot be opened (the station cannot work without it).
    void start();
    // Retailer card in the terminal, PIN on its keypad, then the two issuer round trips. Afterwards,
    // unfinished transactions from the journal are reconciled (Recovering) before SignedOn.
    void signOn();
    // Seals and sends the details; New for a blank card, Modify for the customer's existing card.
    void submitCustomer(const perso::wire::CustomerDetails& details, perso::wire::Operation operation);
    // Approved: asks for the card (AwaitingCard) and starts as soon as a customer card is in the slot.
    void personalise();
    // Safe cancel: before a package, nothing to undo; between steps, ABORT → the issuer records the
    // transaction failed and the card void; during keypad entry, the customer/retailer presses Cancel
    // on the keypad (cancelRequested tells the UI to say so).
    void cancel();
    // After Completed / a decline / a failure: back to SignedOn, customer details dropped.
    void nextCustomer();
    void signOff();
    // Reprint: rewrites the receipt PDF of a journal transaction; receiptReady() with the path.
    void reprintReceipt(const QString& transactionId);
    // Settings changed: reconnect with the new issuer address / reader (ends a sign-on).
    void applyConfig(const perso::station::StationConfig& config);
    // Gathers a DiagnosticsReport on the engine thread; diagnosticsReady() with it.
    void runDiagnostics();

signals:
    void phaseChanged(perso::station::StationPhase phase);
    void issuerLinkChanged(perso::station::LinkState state, const QString& detail);
    void terminalChanged(const perso::station::TerminalInfo& info);
    void signedOn(const perso::station::SignOnInfo& info);
    void decisionReceived(const perso::station::DecisionInfo& decision);
    void cardDetected(const perso::station::CardInfo& card);
    void progressChanged(const perso::station::ProgressInfo& progress);
    void keypadPrompt(const QString& text); // "The customer now chooses a PIN on the terminal's keypad."
    void completed(const perso::station::CompletionInfo& completion);
    void recovered(const QList<perso::station::RecoveryInfo>& outcomes);
    void receiptReady(const QString& transactionId, const QString& pdfPath);
    void cancelRequested(const QString& howTo);
    void failed(const perso::station::StationError& error);
    void signedOff();
    void diagnosticsReady(const perso::station::DiagnosticsReport& report);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace perso::station

Q_DECLARE_METATYPE(perso::station::StationPhase)
Q_DECLARE_METATYPE(perso::station::LinkState)
Q_DECLARE_METATYPE(perso::station::TerminalInfo)
Q_DECLARE_METATYPE(perso::station::SignOnInfo)
Q_DECLARE_METATYPE(perso::station::DecisionInfo)
Q_DECLARE_METATYPE(perso::station::CardInfo)
Q_DECLARE_METATYPE(perso::station::ProgressInfo)
Q_DECLARE_METATYPE(perso::station::CompletionInfo)
Q_DECLARE_METATYPE(perso::station::RecoveryInfo)
Q_DECLARE_METATYPE(perso::station::StationError)
Q_DECLARE_METATYPE(perso::station::DiagnosticsReport)
