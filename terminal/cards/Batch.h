// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/core/Bytes.h"
#include "protocol/core/Result.h"

#include <QDateTime>
#include <QString>
#include <QStringView>

#include <functional>
#include <vector>

namespace perso::cards {

// ICCID numbering (ITU-T E.118): decimal digits whose last one is a Luhn check digit.
namespace Iccids {
// The Luhn check digit (0..9) that completes `body`, or -1 when `body` is empty or not all digits.
int luhnCheckDigit(QStringView body);
// True when `digits` is all decimal digits and its last digit is the Luhn check digit of the rest.
bool hasValidLuhn(QStringView digits);
// `count` consecutive ICCIDs from `first` (18..20 digits with a valid check digit): the body (all digits
// but the check digit) counts up by one, each with its own check digit. InvalidParameter when `first`
// is not a valid ICCID, `count` < 1, or the body would overflow its length.
Result<std::vector<QString>> consecutive(const QString& first, int count);
} // namespace Iccids

// What a manufacturer batch's manifest (batch.cbor) records.
struct BatchManifest
{
    QString batchId;    // 1..32 printable ASCII characters, no space
    QString firstIccid; // digits, as printed
    QString lastIccid;
    int count = 0;
    int admDerivation = 1; // perso::keys diversification version the ADM codes were derived with
    QDateTime created;     // UTC, whole seconds
};

// One card file of the stock.
struct StockCard
{
    enum class State
    {
        Blank,        // as the manufacturer shipped it
        Personalised, // the issuer's package has run on it (some files created)
        Unreadable    // the file is missing or does not load (the reason is in `problem`)
    };
    QString iccid; // digits
    QString path;
    State state = State::Unreadable;
    QString problem;
};

// A manufacturer batch of blank SIMs: a folder holding batch.cbor and one "<ICCID digits>.card" file
// per card, each created blank with its ICCID and its ADM1 code derived from the batch key
// (perso::keys::deriveAdmCode), which the issuer recomputes at personalisation time.
class Batch
{
public:
    static constexpr int kMaxCards = 10000;
    static constexpr qint64 kMaxManifestSize = 64 * 1024;

    // Writes one blank card file: SimCard::createBlank's signature.
    using BlankCardWriter = std::function<Status(const QString& path, const Bytes& iccid, const SecureBytes& adm)>;

    static QString manifestFileName(); // "batch.cbor"

    // Creates `folder` (refused when it exists and is not empty) with `count` blank SIMs from
    // `firstIccid` on. `batchKey`: AES-128/192/256. The manifest is written last, so a folder left by
    // a failed run has none and Batch::open refuses it; card files already written are removed.
    // Errors: InvalidParameter, and those of the writer and of the file system.
    static Status create(const QString& folder, const QString& batchId, const QString& firstIccid, int count,
                         const SecureBytes& batchKey);
    static Status create(const QString& folder, const QString& batchId, const QString& firstIccid, int count,
                         const SecureBytes& batchKey, const BlankCardWriter& writeBlank);

    // Reads the manifest (strict: SchemaViolation, UnsupportedVersion, CardFile's read errors) and
    // lists the stock: every ICCID of the batch's range, in order, with the state of its file.
    static Result<Batch> open(const QString& folder);

    const QString& folder() const { return m_folder; }
    const BatchManifest& manifest() const { return m_manifest; }
    const std::vector<StockCard>& cards() const { return m_cards; }
    // Path of the card file of `iccidDigits` in this batch's folder.
    QString cardPath(const QString& iccidDigits) const;

private:
    QString m_folder;
    BatchManifest m_manifest;
    std::vector<StockCard> m_cards;
};

} // namespace perso::cards
