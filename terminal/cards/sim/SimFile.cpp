// SPDX-License-Identifier: Apache-2.0
#include "terminal/cards/sim/SimFile.h"

#include <QCborArray>
#include <QCborValue>

namespace perso::cards::sim {

namespace {

constexpr std::size_t kHeaderBytes = 32;

const QString kFid = QStringLiteral("fid");
const QString kKind = QStringLiteral("kind");
const QString kLcs = QStringLiteral("lcs");
const QString kRules = QStringLiteral("rules");
const QString kSfi = QStringLiteral("sfi");
const QString kAid = QStringLiteral("aid");
const QString kRecordLength = QStringLiteral("recordLength");
const QString kData = QStringLiteral("data");
const QString kChildren = QStringLiteral("children");

QByteArray toQt(ByteView bytes)
{
    return QByteArray(reinterpret_cast<const char*>(bytes.data()), static_cast<qsizetype>(bytes.size()));
}

Error schema(const char* what)
{
    return makeError(ErrorCode::SchemaViolation, QStringLiteral("malformed file node: %1").arg(QLatin1String(what)));
}

bool validLifeCycle(qint64 v)
{
    return v == 0x01 || v == 0x03 || v == 0x04 || v == 0x05 || v == 0x0C;
}

} // namespace

SimFile* SimFile::child(std::uint16_t id)
{
    for (auto& c : children) {
        if (c.fid == id) {
            return &c;
        }
    }
    return nullptr;
}

const SimFile* SimFile::child(std::uint16_t id) const
{
    for (const auto& c : children) {
        if (c.fid == id) {
            return &c;
        }
    }
    return nullptr;
}

const SimFile* SimFile::childBySfi(std::uint8_t sfiValue) const
{
    for (const auto& c : children) {
        if (!c.isDf() && c.sfi && *c.sfi == sfiValue) {
            return &c;
        }
    }
    return nullptr;
}

std::size_t SimFile::footprint() const
{
    std::size_t total = kHeaderBytes + data.size();
    for (const auto& c : children) {
        total += c.footprint();
    }
    return total;
}

QCborMap SimFile::toCbor() const
{
    QCborMap map;
    map.insert(kFid, fid);
    map.insert(kKind, static_cast<int>(kind));
    map.insert(kLcs, static_cast<int>(lifeCycle));
    map.insert(kRules, toQt(view(rules.compact())));
    map.insert(kSfi, sfi ? static_cast<int>(*sfi) : 0);
    map.insert(kAid, toQt(view(aid)));
    map.insert(kRecordLength, recordLength);
    map.insert(kData, toQt(view(data)));
    QCborArray list;
    for (const auto& c : children) {
        list.append(c.toCbor());
    }
    map.insert(kChildren, list);
    return map;
}

Result<SimFile> SimFile::fromCbor(const QCborMap& map, int depth)
{
    if (depth < 0) {
        return schema("tree too deep");
    }
    if (map.size() != 9) {
        return schema("field count");
    }
    const QCborValue fid = map.value(kFid), kind = map.value(kKind), lcs = map.value(kLcs);
    const QCborValue rules = map.value(kRules), sfi = map.value(kSfi), aid = map.value(kAid);
    const QCborValue recLen = map.value(kRecordLength), data = map.value(kData), children = map.value(kChildren);
    if (!fid.isInteger() || !kind.isInteger() || !lcs.isInteger() || !rules.isByteArray() || !sfi.isInteger() ||
        !aid.isByteArray() || !recLen.isInteger() || !data.isByteArray() || !children.isArray()) {
        return schema("field type");
    }
    SimFile file;
    if (fid.toInteger() < 0 || fid.toInteger() > 0xFFFF || kind.toInteger() < 0 || kind.toInteger() > 3 ||
        !validLifeCycle(lcs.toInteger()) || sfi.toInteger() < 0 || sfi.toInteger() > 30 || recLen.toInteger() < 0 ||
        recLen.toInteger() > 255 || aid.toByteArray().size() > 16) {
        return schema("field range");
    }
    file.fid = static_cast<std::uint16_t>(fid.toInteger());
    file.kind = static_cast<FileKind>(kind.toInteger());
    file.lifeCycle = static_cast<LifeCycle>(lcs.toInteger());
    const QByteArray ruleBytes = rules.toByteArray();
    auto parsed = AccessRules::fromCompact(ByteView(reinterpret_cast<const std::uint8_t*>(ruleBytes.constData()),
                                                    static_cast<std::size_t>(ruleBytes.size())));
    if (!parsed) {
        return schema("access rules");
    }
    file.rules = parsed.value();
    if (sfi.toInteger() != 0) {
        file.sfi = static_cast<std::uint8_t>(sfi.toInteger());
    }
    const QByteArray aidBytes = aid.toByteArray();
    file.aid.assign(aidBytes.begin(), aidBytes.end());
    file.recordLength = static_cast<std::uint8_t>(recLen.toInteger());
    const QByteArray content = data.toByteArray();
    file.data.assign(content.begin(), content.end());
    if (file.isRecordEf() != (file.recordLength != 0) ||
        (file.isRecordEf() && (file.data.empty() || file.data.size() % file.recordLength != 0)) ||
        (file.isDf() && !file.data.empty()) || (!file.isDf() && !children.toArray().isEmpty())) {
        return schema("structure");
    }
    for (const QCborValue& c : children.toArray()) {
        if (!c.isMap()) {
            return schema("child type");
        }
        auto node = fromCbor(c.toMap(), depth - 1);
        if (!node) {
            return node.error();
        }
        if (file.child(node.value().fid) != nullptr) {
            return schema("duplicate file id");
        }
        file.children.push_back(std::move(node).value());
    }
    return file;
}

} // namespace perso::cards::sim
