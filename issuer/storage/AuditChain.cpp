// SPDX-License-Identifier: Apache-2.0
#include "issuer/storage/AuditChain.h"

#include "issuer/storage/Validation.h"

#include <botan/hash.h>

#include <QDebug>

namespace perso::issuer::storage {
namespace {

constexpr std::size_t kHashSize = 32;

void putU64(Bytes& out, std::uint64_t value)
{
    for (int shift = 56; shift >= 0; shift -= 8) {
        out.push_back(static_cast<std::uint8_t>(value >> shift));
    }
}

void putField(Bytes& out, const QString& text)
{
    const QByteArray utf8 = text.toUtf8();
    const auto size = static_cast<std::uint32_t>(utf8.size());
    for (int shift = 24; shift >= 0; shift -= 8) {
        out.push_back(static_cast<std::uint8_t>(size >> shift));
    }
    out.insert(out.end(), utf8.begin(), utf8.end());
}

AuditRecord recordFrom(const QSqlQuery& row)
{
    AuditRecord record;
    record.sequence = row.value(0).toLongLong();
    record.entry.kind = row.value(1).toString();
    record.entry.actor = row.value(2).toString();
    record.entry.subject = row.value(3).toString();
    record.entry.detail = row.value(4).toString();
    record.entry.at = row.value(5).toLongLong();
    record.previousHash = toBytes(row.value(6));
    record.hash = toBytes(row.value(7));
    return record;
}

const QString kSelect =
    QStringLiteral("SELECT sequence, kind, actor, subject, detail, at, previous_hash, hash FROM audit_log");

} // namespace

Bytes canonicalAuditEncoding(std::int64_t sequence, const AuditEntry& entry)
{
    Bytes out;
    putU64(out, static_cast<std::uint64_t>(sequence));
    putField(out, entry.kind);
    putField(out, entry.actor);
    putField(out, entry.subject);
    putField(out, entry.detail);
    putU64(out, static_cast<std::uint64_t>(entry.at));
    return out;
}

Bytes auditHash(ByteView previousHash, std::int64_t sequence, const AuditEntry& entry)
{
    auto sha = Botan::HashFunction::create_or_throw("SHA-256");
    sha->update(previousHash.data(), previousHash.size());
    const Bytes encoding = canonicalAuditEncoding(sequence, entry);
    sha->update(encoding.data(), encoding.size());
    Bytes out(kHashSize);
    sha->final(out.data());
    return out;
}

IssuerStatus validateAuditEntry(const AuditEntry& entry)
{
    if (!isToken(entry.kind, 32) || entry.actor.isEmpty() || entry.actor.size() > 64 || entry.subject.size() > 128 ||
        entry.detail.size() > 512) {
        return invalid(QStringLiteral("audit entry: kind must be a token, actor 1..64, subject ..128, detail ..512"));
    }
    return Ok{};
}

IssuerStatus appendAudit(Sql& sql, const AuditEntry& entry)
{
    if (auto valid = validateAuditEntry(entry); !valid) {
        return valid;
    }
    if (const QString lock = sql.dialect().lockAuditChain(); !lock.isEmpty()) {
        if (auto locked = sql.command(lock); !locked) {
            return locked;
        }
    }
    auto head = sql.exec(QStringLiteral("SELECT sequence, hash FROM audit_head WHERE id = 1"));
    if (!head) {
        return head.error();
    }
    std::int64_t sequence = 1;
    Bytes previous(kHashSize, 0);
    const bool hasHead = head.value().next();
    if (hasHead) {
        sequence = head.value().value(0).toLongLong() + 1;
        previous = toBytes(head.value().value(1));
    }
    const Bytes hash = auditHash(view(previous), sequence, entry);
    auto inserted = sql.exec(QStringLiteral("INSERT INTO audit_log (sequence, kind, actor, subject, detail, at,"
                                            " previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                             {int64(sequence), text(entry.kind), text(entry.actor), text(entry.subject),
                              text(entry.detail), int64(entry.at), blob(view(previous)), blob(view(hash))});
    if (!inserted) {
        return inserted.error();
    }
    auto moved = hasHead ? sql.exec(QStringLiteral("UPDATE audit_head SET sequence = ?, hash = ? WHERE id = 1"),
                                    {int64(sequence), blob(view(hash))})
                         : sql.exec(QStringLiteral("INSERT INTO audit_head (id, sequence, hash) VALUES (1, ?, ?)"),
                                    {int64(sequence), blob(view(hash))});
    if (!moved) {
        return moved.error();
    }
    return Ok{};
}

void appendAuditBestEffort(Sql& sql, const AuditEntry& entry)
{
    if (auto mark = sql.command(QStringLiteral("SAVEPOINT audit_one")); !mark) {
        qWarning().noquote() << "audit entry" << entry.kind << "not appended:" << mark.error().message;
        return;
    }
    IssuerStatus appended = appendAudit(sql, entry);
    if (!appended) {
        qWarning().noquote() << "audit entry" << entry.kind << "not appended:" << appended.error().message;
        (void)sql.command(QStringLiteral("ROLLBACK TO SAVEPOINT audit_one"));
    }
    (void)sql.command(QStringLiteral("RELEASE SAVEPOINT audit_one"));
}

IssuerResult<AuditVerdict> verifyAuditChain(Sql& sql)
{
    auto rows = sql.exec(kSelect + QStringLiteral(" ORDER BY sequence"));
    if (!rows) {
        return rows.error();
    }
    std::int64_t expected = 1;
    Bytes previous(kHashSize, 0);
    while (rows.value().next()) {
        const AuditRecord record = recordFrom(rows.value());
        if (record.sequence != expected || record.previousHash != previous ||
            record.hash != auditHash(view(previous), record.sequence, record.entry)) {
            return AuditVerdict(expected);
        }
        previous = record.hash;
        ++expected;
    }
    auto head = sql.exec(QStringLiteral("SELECT sequence, hash FROM audit_head WHERE id = 1"));
    if (!head) {
        return head.error();
    }
    const std::int64_t last = expected - 1;
    if (head.value().next()) {
        if (head.value().value(0).toLongLong() != last || toBytes(head.value().value(1)) != previous) {
            return AuditVerdict(std::min<std::int64_t>(head.value().value(0).toLongLong(), last) + 1);
        }
    } else if (last != 0) {
        return AuditVerdict(1);
    }
    return AuditVerdict(std::nullopt);
}

IssuerResult<std::vector<AuditRecord>> readAuditLog(Sql& sql, std::int64_t first, std::int64_t last)
{
    if (first < 1 || last < first || last - first >= 100'000) {
        return invalid(QStringLiteral("audit range must be 1 <= first <= last, at most 100000 entries"));
    }
    auto rows = sql.exec(kSelect + QStringLiteral(" WHERE sequence >= ? AND sequence <= ? ORDER BY sequence"),
                         {int64(first), int64(last)});
    if (!rows) {
        return rows.error();
    }
    std::vector<AuditRecord> out;
    while (rows.value().next()) {
        out.push_back(recordFrom(rows.value()));
    }
    return out;
}

} // namespace perso::issuer::storage
