// SPDX-License-Identifier: Apache-2.0
#include "terminal/cards/Batch.h"

#include "protocol/keys/Diversification.h"
#include "protocol/wire/Iccid.h"
#include "terminal/cards/CardFile.h"
#include "terminal/cards/SimCard.h"

#include <QCborMap>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>

#include <algorithm>
#include <string_view>

namespace perso::cards {

namespace {

const QString kFormat = QStringLiteral("retail-perso-batch");
constexpr qint64 kVersion = 1;

namespace key {
const QString kFormat = QStringLiteral("format");
const QString kVersion = QStringLiteral("version");
const QString kBatchId = QStringLiteral("batchId");
const QString kFirstIccid = QStringLiteral("firstIccid");
const QString kLastIccid = QStringLiteral("lastIccid");
const QString kCount = QStringLiteral("count");
const QString kAdmDerivation = QStringLiteral("admDerivation");
const QString kCreated = QStringLiteral("created");
} // namespace key

bool isValidBatchId(const QString& id)
{
    if (id.isEmpty() || id.size() > 32)
        return false;
    return std::all_of(id.begin(), id.end(), [](QChar c) { return c.unicode() >= 0x21 && c.unicode() <= 0x7E; });
}

bool isValidKeyLength(std::size_t n)
{
    return n == 16 || n == 24 || n == 32;
}

Error invalid(const QString& message)
{
    return makeError(ErrorCode::InvalidParameter, message);
}

Error schema(const QString& folder, const QString& message)
{
    return makeError(ErrorCode::SchemaViolation,
                     QStringLiteral("%1/%2: %3").arg(folder, Batch::manifestFileName(), message));
}

QString timestamp(const QDateTime& t)
{
    return t.toUTC().toString(Qt::ISODate);
}

Result<BatchManifest> manifestFromMap(const QCborMap& map, const QString& folder)
{
    static const QSet<QString> allowed{key::kFormat,    key::kVersion, key::kBatchId,       key::kFirstIccid,
                                       key::kLastIccid, key::kCount,   key::kAdmDerivation, key::kCreated};
    for (auto it = map.constBegin(); it != map.constEnd(); ++it) {
        if (!it.key().isString() || !allowed.contains(it.key().toString()))
            return schema(folder, QStringLiteral("unknown key"));
    }
    if (map.value(key::kFormat).toString() != kFormat)
        return schema(folder, QStringLiteral("\"format\" is not \"%1\"").arg(kFormat));
    const QCborValue version = map.value(key::kVersion);
    if (!version.isInteger())
        return schema(folder, QStringLiteral("\"version\" is not an integer"));
    if (version.toInteger() != kVersion)
        return makeError(
            ErrorCode::UnsupportedVersion,
            QStringLiteral("%1: batch manifest version %2, this build reads 1").arg(folder).arg(version.toInteger()));

    BatchManifest m;
    const QCborValue id = map.value(key::kBatchId);
    if (!id.isString() || !isValidBatchId(id.toString()))
        return schema(folder, QStringLiteral("\"batchId\" is not 1..32 printable ASCII characters"));
    m.batchId = id.toString();
    const QCborValue count = map.value(key::kCount);
    if (!count.isInteger() || count.toInteger() < 1 || count.toInteger() > Batch::kMaxCards)
        return schema(folder, QStringLiteral("\"count\" is not 1..%1").arg(Batch::kMaxCards));
    m.count = static_cast<int>(count.toInteger());
    const QCborValue adm = map.value(key::kAdmDerivation);
    if (!adm.isInteger() || adm.toInteger() != keys::kDiversificationVersion1)
        return makeError(ErrorCode::UnsupportedVersion, QStringLiteral("%1: unknown ADM derivation").arg(folder));
    m.admDerivation = static_cast<int>(adm.toInteger());
    const QCborValue first = map.value(key::kFirstIccid);
    const QCborValue last = map.value(key::kLastIccid);
    if (!first.isString() || !last.isString())
        return schema(folder, QStringLiteral("\"firstIccid\" or \"lastIccid\" missing"));
    const Result<std::vector<QString>> range = Iccids::consecutive(first.toString(), m.count);
    if (!range || range.value().back() != last.toString())
        return schema(folder, QStringLiteral("the ICCID range does not match \"count\""));
    m.firstIccid = first.toString();
    m.lastIccid = last.toString();
    const QCborValue created = map.value(key::kCreated);
    m.created = QDateTime::fromString(created.toString(), Qt::ISODate);
    if (!created.isString() || !m.created.isValid())
        return schema(folder, QStringLiteral("\"created\" is not an ISO 8601 time"));
    return m;
}

// Which state a card file of the stock is in, asked of the SIM itself: a blank card's MF holds nothing
// but EF.ICCID (SimCard.h); anything more was created by a personalisation package.
void probeStockCard(StockCard& card)
{
    if (!QFileInfo::exists(card.path)) {
        card.state = StockCard::State::Unreadable;
        card.problem = QStringLiteral("no card file");
        return;
    }
    const Result<std::unique_ptr<SimCard>> sim = SimCard::open(card.path);
    if (!sim) {
        card.state = StockCard::State::Unreadable;
        card.problem = sim.error().message;
        return;
    }
    if (wire::iccidDigits(view(sim.value()->state().iccid())) != card.iccid) {
        card.state = StockCard::State::Unreadable;
        card.problem = QStringLiteral("the card's EF.ICCID does not match its file name");
        return;
    }
    const sim::SimFile& mf = sim.value()->state().mf;
    const bool blank = mf.children.size() == 1 && mf.children.front().fid == sim::kFidIccid;
    card.state = blank ? StockCard::State::Blank : StockCard::State::Personalised;
}

} // namespace

int Iccids::luhnCheckDigit(QStringView body)
{
    if (body.isEmpty())
        return -1;
    int sum = 0;
    bool twice = true; // the digit left of the check digit is doubled
    for (qsizetype i = body.size() - 1; i >= 0; --i) {
        const char16_t c = body.at(i).unicode();
        if (c < u'0' || c > u'9')
            return -1;
        int d = c - u'0';
        if (twice) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
        twice = !twice;
    }
    return (10 - sum % 10) % 10;
}

bool Iccids::hasValidLuhn(QStringView digits)
{
    if (digits.size() < 2)
        return false;
    const char16_t last = digits.back().unicode();
    return last >= u'0' && last <= u'9' && luhnCheckDigit(digits.first(digits.size() - 1)) == last - u'0';
}

Result<std::vector<QString>> Iccids::consecutive(const QString& first, int count)
{
    if (!wire::iccidFromDigits(first))
        return invalid(QStringLiteral("the first ICCID must be 18 to 20 digits"));
    if (!hasValidLuhn(first))
        return invalid(QStringLiteral("the first ICCID %1 has a wrong Luhn check digit").arg(first));
    if (count < 1 || count > Batch::kMaxCards)
        return invalid(QStringLiteral("batch of %1 cards, expected 1..%2").arg(count).arg(Batch::kMaxCards));
    std::vector<QString> out;
    out.reserve(static_cast<std::size_t>(count));
    QString body = first.left(first.size() - 1);
    for (int n = 0; n < count; ++n) {
        if (n > 0) {
            qsizetype i = body.size() - 1;
            while (i >= 0 && body.at(i) == QLatin1Char('9'))
                body[i--] = QLatin1Char('0');
            if (i < 0)
                return invalid(QStringLiteral("the ICCID range overflows after %1 cards").arg(n));
            body[i] = QChar(body.at(i).unicode() + 1);
        }
        out.push_back(body + QChar(u'0' + luhnCheckDigit(body)));
    }
    return out;
}

Status Batch::create(const QString& folder, const QString& batchId, const QString& firstIccid, int count,
                     const SecureBytes& batchKey)
{
    return create(folder, batchId, firstIccid, count, batchKey, &SimCard::createBlank);
}

QString Batch::manifestFileName()
{
    return QStringLiteral("batch.cbor");
}

QString Batch::cardPath(const QString& iccidDigits) const
{
    return QDir(m_folder).filePath(iccidDigits + QStringLiteral(".card"));
}

Status Batch::create(const QString& folder, const QString& batchId, const QString& firstIccid, int count,
                     const SecureBytes& batchKey, const BlankCardWriter& writeBlank)
{
    if (!isValidBatchId(batchId))
        return invalid(QStringLiteral("batch id must be 1..32 printable ASCII characters without space"));
    if (!isValidKeyLength(batchKey.size()))
        return invalid(QStringLiteral("batch key must be AES-128, -192 or -256"));
    const Result<std::vector<QString>> iccids = Iccids::consecutive(firstIccid, count);
    if (!iccids)
        return iccids.error();
    const QDir dir(folder);
    if (dir.exists() && !dir.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System))
        return invalid(QStringLiteral("%1 exists and is not empty").arg(folder));
    if (!QDir().mkpath(folder))
        return invalid(QStringLiteral("cannot create the folder %1").arg(folder));

    Batch batch;
    batch.m_folder = folder;
    std::vector<QString> written;
    const auto undo = [&written](Error error) -> Status {
        for (const QString& path : written)
            QFile::remove(path);
        return error;
    };
    for (const QString& iccid : iccids.value()) {
        const QByteArray ascii = iccid.toLatin1();
        const Result<SecureBytes> adm = keys::deriveAdmCode(
            view(batchKey), std::string_view(ascii.constData(), static_cast<std::size_t>(ascii.size())));
        if (!adm)
            return undo(adm.error());
        const QString path = batch.cardPath(iccid);
        const Status blank = writeBlank(path, wire::iccidFromDigits(iccid).value(), adm.value());
        if (!blank)
            return undo(blank.error());
        written.push_back(path);
    }

    QCborMap map;
    map.insert(key::kFormat, kFormat);
    map.insert(key::kVersion, kVersion);
    map.insert(key::kBatchId, batchId);
    map.insert(key::kFirstIccid, iccids.value().front());
    map.insert(key::kLastIccid, iccids.value().back());
    map.insert(key::kCount, count);
    map.insert(key::kAdmDerivation, keys::kDiversificationVersion1);
    map.insert(key::kCreated, timestamp(QDateTime::currentDateTimeUtc()));
    const Status manifest = CardFile::writeAtomically(dir.filePath(manifestFileName()), map.toCborValue().toCbor());
    if (!manifest)
        return undo(manifest.error());
    return Ok{};
}

Result<Batch> Batch::open(const QString& folder)
{
    const Result<QByteArray> bytes = CardFile::readBounded(QDir(folder).filePath(manifestFileName()), kMaxManifestSize);
    if (!bytes)
        return bytes.error();
    const Result<QCborValue> parsed = CardFile::parseCbor(bytes.value());
    if (!parsed)
        return makeError(parsed.code(),
                         QStringLiteral("%1/%2: %3").arg(folder, manifestFileName(), parsed.error().message));
    if (!parsed.value().isMap())
        return schema(folder, QStringLiteral("not a CBOR map"));
    Result<BatchManifest> manifest = manifestFromMap(parsed.value().toMap(), folder);
    if (!manifest)
        return manifest.error();

    Batch batch;
    batch.m_folder = folder;
    batch.m_manifest = std::move(manifest).value();
    const std::vector<QString> iccids =
        Iccids::consecutive(batch.m_manifest.firstIccid, batch.m_manifest.count).value();
    for (const QString& iccid : iccids) {
        StockCard card;
        card.iccid = iccid;
        card.path = batch.cardPath(iccid);
        probeStockCard(card);
        batch.m_cards.push_back(std::move(card));
    }
    return batch;
}

} // namespace perso::cards
