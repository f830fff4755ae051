// SPDX-License-Identifier: Apache-2.0
#pragma once

// The shop's transaction journal (DESIGN §7): SQLite, WAL, synchronous=FULL, file mode 0600,
// append-only and hash-chained, versioned schema. One row per event; a row is durable when append()
// returns. Holds no secret and no more personal data than the shop needs: customer names are masked
// ("A. L*******"), ID numbers reduced to their last 3 characters, no address, no date of birth.
//
// Chain: hash(n) = SHA-256(hash(n-1) ‖ canonical bytes of row n) (hash(0) = 32 zero bytes), the
// canonical bytes being the deterministic CBOR array [seq, at, event, session, transaction, data]. A
// head row keeps the last seq and hash so that a deleted last row is detected too.
// Triggers refuse UPDATE and DELETE on the event table; verifyChain() still checks everything, since a
// file can be edited with other tools.

#include "app/core/StationError.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace perso::station {

enum class JournalEvent
{
    StationStarted,   // version, journal schema
    SignOn,           // retailer id, shop id, terminal id, display name
    SignOnFailed,     // error name
    DetailsSubmitted, // masked name, document type + last 3, plan, operation
    Decision,         // decision, reason code, customer reference
    CardSelected,     // ICCID
    PackageRequested, // written BEFORE the PackageRequest leaves: recovery finds it
    PackageFetched,   // step count
    ResultSubmitted,  // run state (completed / stopped at k / channel closed)
    Verification,     // outcome, reason code, failing step, MSISDN
    Receipt,          // receipt id, MSISDN, ICCID, issuedAt, signature (public), encoded receipt (base64)
    ReceiptPrinted,   // copy (customer / shop), printer or PDF path
    Recovered,        // after a restart: issuer state, resolution (finished / voided / unused)
    Cancelled,
    Error, // error name, public detail
    SignOff
};

QString journalEventName(JournalEvent event); // "sign-on", "details-submitted", …
std::optional<JournalEvent> journalEventFromName(const QString& name);

struct JournalEntry
{
    qint64 seq = 0;
    QDateTime at; // UTC, milliseconds
    JournalEvent event = JournalEvent::Error;
    QString sessionId;     // hex of the issuer session id; empty outside a sign-on
    QString transactionId; // hex of the 16-byte transaction id; empty outside a card
    QJsonObject data;      // public fields only (see each event above)
    QByteArray hash;       // 32 bytes
};

struct JournalFilter
{
    std::optional<QDateTime> from, to;
    std::vector<JournalEvent> events; // empty: all
    QString transactionId;            // exact
    QString text;                     // substring of the data's JSON text (case-insensitive)
    int limit = 1000;
    bool newestFirst = true;
};

struct ChainCheck
{
    bool intact = true;
    qint64 rows = 0;
    qint64 firstBadSeq = 0; // 0 when intact
    QString problem;        // e.g. "row 17: hash does not match", "last row missing"
};

// A transaction that reached PackageRequested but has no final event (Verification, Recovered,
// Cancelled-with-result): what restart recovery must reconcile with the issuer.
struct OpenTransaction
{
    QString transactionId;
    QString sessionId;
    QString iccid;
    QString lastEvent;
    QDateTime since;
};

class Journal
{
public:
    // Creates the file (0600) and schema, or opens and migrates it; a newer schema is refused.
    static StationResult<std::unique_ptr<Journal>> open(const QString& path);
    ~Journal();

    StationResult<qint64> append(JournalEvent event, const QString& sessionId, const QString& transactionId,
                                 const QJsonObject& data);

    StationResult<std::vector<JournalEntry>> entries(const JournalFilter& filter) const;
    ChainCheck verifyChain() const;
    StationStatus exportCsv(const QString& path, const JournalFilter& filter) const; // written atomically
    StationResult<std::vector<OpenTransaction>> openTransactions() const;
    // The Receipt event's data of a transaction, for a reprint.
    StationResult<std::optional<QJsonObject>> receiptOf(const QString& transactionId) const;

    QString path() const;
    int schemaVersion() const;

private:
    struct Impl;
    explicit Journal(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

// "A. L*******": first letter of the given names, family name's first letter then one '*' per letter.
QString maskedName(const QString& givenNames, const QString& familyName);

} // namespace perso::station
