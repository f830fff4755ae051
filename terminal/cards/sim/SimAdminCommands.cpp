// SPDX-License-Identifier: Apache-2.0
// ETSI TS 102 222 administration: CREATE FILE, DELETE FILE, ACTIVATE/DEACTIVATE FILE, TERMINATE DF/EF
// (and the GSM INVALIDATE/REHABILITATE of TS 51.011, which share INS 04/44).
#include "terminal/cards/sim/FileDescription.h"
#include "terminal/cards/sim/SimCommands.h"

#include <algorithm>

namespace perso::cards::sim {

namespace {
constexpr std::size_t kMaxDfDepth = 2; // MF / DF / DF
} // namespace

ResponseApdu SimCommands::createFile(const CommandApdu& c)
{
    if (c.p1() != 0 || c.p2() != 0) {
        return fail(Fault::IncorrectP1P2);
    }
    if (c.data().empty() || c.ne() != 0) {
        return fail(Fault::WrongLength);
    }
    auto parsed = FileDescription::parseCreate(view(c.data()), [this](std::uint16_t arrFid, std::uint8_t record) {
        return accessRulesFromArr(arrFid, record);
    });
    if (!parsed) {
        return fail(Fault::WrongData);
    }
    SimFile file = std::move(parsed).value();
    const FilePath parentPath = m_session.currentDf;
    SimFile* parent = nodeAt(parentPath);
    if (parent == nullptr) {
        return fail(Fault::Technical);
    }
    const Operation op = file.isDf() ? Operation::WriteOrCreateDf : Operation::UpdateOrCreateEf;
    if (auto denied = checkAccess(parentPath, op)) {
        return fail(*denied);
    }
    const bool isAdf = !file.aid.empty();
    if ((file.isDf() && parentPath.size() >= kMaxDfDepth) || (isAdf && !parentPath.empty()) ||
        (file.fid == kFidKeys && (parentPath.size() != 1 || parent->aid.empty()))) {
        return fail(Fault::WrongData);
    }
    if (parent->child(file.fid) != nullptr || file.fid == parent->fid ||
        (file.sfi && parent->childBySfi(*file.sfi) != nullptr)) {
        return fail(Fault::FileExists);
    }
    if (isAdf && std::any_of(parent->children.begin(), parent->children.end(),
                             [&](const SimFile& s) { return s.aid == file.aid; })) {
        return fail(Fault::FileExists);
    }
    if (file.footprint() > freeMemory()) {
        return fail(Fault::NoSpace);
    }
    FilePath path = parentPath;
    path.push_back(file.fid);
    parent->children.push_back(std::move(file));
    makeCurrent(path); // TS 102 222 §6.3: the new file is the current file
    markChanged();
    return ok();
}

Result<AccessRules> SimCommands::accessRulesFromArr(std::uint16_t arrFid, std::uint8_t record)
{
    // The EF.ARR is looked for in the current DF, then in each DF above it up to the MF.
    FilePath path = m_session.currentDf;
    while (true) {
        const SimFile* df = nodeAt(path);
        const SimFile* arr = df != nullptr ? df->child(arrFid) : nullptr;
        if (arr != nullptr) {
            if (arr->kind != FileKind::LinearFixed || record > arr->recordCount()) {
                return makeError(ErrorCode::SchemaViolation, QStringLiteral("EF.ARR record not found"));
            }
            const auto begin = arr->data.begin() + static_cast<std::ptrdiff_t>((record - 1) * arr->recordLength);
            return AccessRules::fromExpanded(ByteView(&*begin, arr->recordLength));
        }
        if (path.empty()) {
            return makeError(ErrorCode::SchemaViolation, QStringLiteral("EF.ARR not found"));
        }
        path.pop_back();
    }
}

ResponseApdu SimCommands::deleteFile(const CommandApdu& c)
{
    if (c.p1() != 0 || c.p2() != 0) {
        return fail(Fault::IncorrectP1P2);
    }
    if (c.data().size() != 2 || c.ne() != 0) {
        return fail(Fault::WrongLength);
    }
    const auto fid = static_cast<std::uint16_t>(c.data()[0] << 8 | c.data()[1]);
    SimFile* parent = currentDf();
    if (parent == nullptr || parent->child(fid) == nullptr || fid == kFidIccid) {
        return fail(Fault::FileNotFound);
    }
    FilePath path = m_session.currentDf;
    path.push_back(fid);
    if (auto denied = checkAccess(path, Operation::Delete, true)) {
        return fail(*denied);
    }
    parent->children.erase(std::remove_if(parent->children.begin(), parent->children.end(),
                                          [fid](const SimFile& f) { return f.fid == fid; }),
                           parent->children.end());
    m_session.currentEf.reset();
    m_session.record = 0;
    markChanged();
    return ok();
}

ResponseApdu SimCommands::setLifeCycle(const CommandApdu& c, LifeCycle target)
{
    if (c.p1() != 0 || c.p2() != 0) {
        return fail(m_dialect == Dialect::Gsm ? Fault::WrongP1P2 : Fault::IncorrectP1P2);
    }
    if (c.ne() != 0 || (!c.data().empty() && (c.data().size() != 2 || m_dialect == Dialect::Gsm))) {
        return fail(Fault::WrongLength);
    }
    FilePath path;
    if (c.data().empty()) {
        if (m_dialect == Dialect::Gsm && !m_session.currentEf) {
            return fail(Fault::NoCurrentEf); // INVALIDATE / REHABILITATE act on the current EF
        }
        path = currentEfPath();
    } else {
        auto resolved = resolveFid(static_cast<std::uint16_t>(c.data()[0] << 8 | c.data()[1]));
        if (!resolved) {
            return fail(Fault::FileNotFound);
        }
        path = *resolved;
        makeCurrent(path);
    }
    SimFile* file = nodeAt(path);
    if (file == nullptr) {
        return fail(Fault::FileNotFound);
    }
    Operation op = Operation::Terminate;
    if (target == LifeCycle::Activated) {
        op = Operation::Activate;
    } else if (target == LifeCycle::Deactivated) {
        op = Operation::Deactivate;
    } else if (file->isDf() != (c.ins() == 0xE6)) {
        return fail(Fault::WrongFileType); // TERMINATE DF on an EF or TERMINATE EF on a DF
    }
    if (auto denied = checkAccess(path, op, true)) {
        return fail(*denied);
    }
    if (target == LifeCycle::Deactivated &&
        (file->lifeCycle == LifeCycle::Creation || file->lifeCycle == LifeCycle::Initialisation)) {
        return fail(Fault::ConditionsNotSatisfied);
    }
    if (file->lifeCycle != target) {
        file->lifeCycle = target;
        markChanged();
    }
    return ok();
}

} // namespace perso::cards::sim
