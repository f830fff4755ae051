// SPDX-License-Identifier: Apache-2.0
#include "terminal/cards/sim/SimCommands.h"

namespace perso::cards::sim {

SimCommands::Outcome SimCommands::process(const CommandApdu& command)
{
    m_changed = false;
    m_dialect = command.cla() == 0xA0 ? Dialect::Gsm : Dialect::Uicc;
    const bool keepsPending = command.ins() == 0xC0;
    if (!keepsPending) {
        m_session.pending.clear();
    }
    ResponseApdu response = dispatch(command);
    return Outcome{std::move(response), m_changed};
}

ResponseApdu SimCommands::dispatch(const CommandApdu& c)
{
    const std::uint8_t ins = c.ins();
    if (c.cla() == 0x80) { // TS 102 221 §10.1.1: STATUS is the only class 80 command we answer
        return ins == 0xF2 ? status(c) : fail(Fault::InsNotSupported);
    }
    if (c.cla() != 0xA0 && c.cla() != 0x00) {
        return fail(Fault::ClaNotSupported);
    }
    const bool gsm = m_dialect == Dialect::Gsm;
    switch (ins) {
    case 0xA4:
        return select(c);
    case 0xC0:
        return getResponse(c);
    case 0xF2:
        return gsm ? status(c) : fail(Fault::InsNotSupported);
    case 0xB0:
        return readBinary(c);
    case 0xD6:
        return updateBinary(c);
    case 0xB2:
        return readRecord(c);
    case 0xDC:
        return updateRecord(c);
    case 0x20:
        return verify(c);
    case 0x24:
        return changeCode(c);
    case 0x26:
        return setVerificationRequirement(c, false);
    case 0x28:
        return setVerificationRequirement(c, true);
    case 0x2C:
        return unblock(c);
    case 0x88:
        return gsm ? runGsmAlgorithm(c) : authenticate(c);
    case 0x04: // DEACTIVATE FILE / GSM INVALIDATE
        return setLifeCycle(c, LifeCycle::Deactivated);
    case 0x44: // ACTIVATE FILE / GSM REHABILITATE
        return setLifeCycle(c, LifeCycle::Activated);
    default:
        break;
    }
    if (gsm) {
        return fail(Fault::InsNotSupported);
    }
    switch (ins) {
    case 0xE0:
        return createFile(c);
    case 0xE4:
        return deleteFile(c);
    case 0xE6: // TERMINATE DF
    case 0xE8: // TERMINATE EF
        return setLifeCycle(c, LifeCycle::Terminated);
    default:
        return fail(Fault::InsNotSupported);
    }
}

ResponseApdu SimCommands::offer(SecureBytes data, std::size_t ne)
{
    if (m_dialect == Dialect::Uicc && ne > 0) {
        if (ne >= data.size()) {
            return ResponseApdu(0x9000, std::move(data));
        }
        SecureBytes head(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(ne));
        m_session.pending.assign(data.begin() + static_cast<std::ptrdiff_t>(ne), data.end());
        return ResponseApdu(responsePending(m_session.pending.size(), m_dialect), std::move(head));
    }
    const std::size_t size = data.size();
    m_session.pending = std::move(data);
    return ResponseApdu(responsePending(size, m_dialect));
}

ResponseApdu SimCommands::getResponse(const CommandApdu& c)
{
    if (c.p1() != 0 || c.p2() != 0) {
        return fail(Fault::WrongP1P2);
    }
    if (!c.data().empty()) {
        return fail(Fault::WrongLength);
    }
    if (m_session.pending.empty()) {
        m_session.pending.clear();
        return fail(Fault::ConditionsNotSatisfied);
    }
    SecureBytes data = std::move(m_session.pending);
    m_session.pending.clear();
    const std::size_t ne = c.ne() == 0 ? 256 : c.ne();
    if (ne != 256 && ne > data.size()) {
        const auto sw = static_cast<std::uint16_t>(0x6C00 | data.size());
        m_session.pending = std::move(data);
        return ResponseApdu(sw);
    }
    if (ne < data.size()) {
        data.resize(ne);
    }
    return ResponseApdu(0x9000, std::move(data));
}

SimFile* SimCommands::nodeAt(const FilePath& path)
{
    SimFile* node = &m_state.mf;
    for (std::uint16_t fid : path) {
        node = node->child(fid);
        if (node == nullptr) {
            return nullptr;
        }
    }
    return node;
}

FilePath SimCommands::currentEfPath() const
{
    FilePath path = m_session.currentDf;
    if (m_session.currentEf) {
        path.push_back(*m_session.currentEf);
    }
    return path;
}

std::optional<FilePath> SimCommands::resolveFid(std::uint16_t fid)
{
    const FilePath& df = m_session.currentDf;
    if (fid == kFidMf) {
        return FilePath{};
    }
    if (fid == kFidCurrentApp) {
        const SimFile* app = df.empty() ? nullptr : m_state.mf.child(df.front());
        if (app != nullptr && !app->aid.empty()) {
            return FilePath{df.front()};
        }
        return std::nullopt;
    }
    if (!df.empty() && df.back() == fid) {
        return df;
    }
    SimFile* current = nodeAt(df);
    if (current != nullptr && current->child(fid) != nullptr) {
        FilePath path = df;
        path.push_back(fid);
        return path;
    }
    if (!df.empty()) {
        FilePath parent(df.begin(), df.end() - 1);
        if (!parent.empty() && parent.back() == fid) {
            return parent;
        }
        const SimFile* parentNode = nodeAt(parent);
        const SimFile* sibling = parentNode != nullptr ? parentNode->child(fid) : nullptr;
        if (sibling != nullptr && sibling->isDf()) {
            parent.push_back(fid);
            return parent;
        }
    }
    if (fid == kFidGsm) { // DF.GSM is the ADF seen through class A0 (one shared directory)
        for (const SimFile& c : m_state.mf.children) {
            if (!c.aid.empty()) {
                return FilePath{c.fid};
            }
        }
    }
    return std::nullopt;
}

std::optional<FilePath> SimCommands::resolvePath(ByteView path, bool fromMf)
{
    if (path.empty() || path.size() % 2 != 0) {
        return std::nullopt;
    }
    FilePath result = fromMf ? FilePath{} : m_session.currentDf;
    for (std::size_t i = 0; i < path.size(); i += 2) {
        const auto fid = static_cast<std::uint16_t>(path[i] << 8 | path[i + 1]);
        if (fromMf && i == 0 && fid == kFidCurrentApp) {
            auto app = resolveFid(kFidCurrentApp);
            if (!app) {
                return std::nullopt;
            }
            result = *app;
            continue;
        }
        const SimFile* node = nodeAt(result);
        if (node == nullptr || !node->isDf() || node->child(fid) == nullptr) {
            return std::nullopt;
        }
        result.push_back(fid);
    }
    return result;
}

void SimCommands::makeCurrent(const FilePath& path)
{
    const SimFile* node = nodeAt(path);
    m_session.record = 0;
    if (node != nullptr && node->isDf()) {
        m_session.currentDf = path;
        m_session.currentEf.reset();
        return;
    }
    m_session.currentDf.assign(path.begin(), path.end() - 1);
    m_session.currentEf = path.back();
}

bool SimCommands::satisfied(Condition condition) const
{
    switch (condition) {
    case Condition::Always:
        return true;
    case Condition::Pin1:
        return m_session.pin1Verified || (m_state.pin1.initialised() && !m_state.pin1.enabled());
    case Condition::Pin2:
        return m_session.pin2Verified;
    case Condition::Adm:
        return m_session.admVerified;
    case Condition::Never:
        break;
    }
    return false;
}

std::optional<Fault> SimCommands::checkAccess(const FilePath& path, Operation op, bool lifeCycleOperation)
{
    std::vector<const SimFile*> chain{&m_state.mf};
    for (std::uint16_t fid : path) {
        const SimFile* next = chain.back()->child(fid);
        if (next == nullptr) {
            return Fault::FileNotFound;
        }
        chain.push_back(next);
    }
    bool personalising = false;
    for (std::size_t i = 0; i < chain.size(); ++i) {
        const bool self = i + 1 == chain.size();
        const LifeCycle lcs = chain[i]->lifeCycle;
        if (lcs == LifeCycle::Terminated) {
            return Fault::FileNotUsable;
        }
        if (self && lifeCycleOperation) {
            continue;
        }
        if (lcs == LifeCycle::Deactivated) {
            return Fault::FileNotUsable;
        }
        personalising = personalising || lcs == LifeCycle::Creation || lcs == LifeCycle::Initialisation;
    }
    const SimFile* file = chain.back();
    Condition condition = file->rules.condition(op);
    if (op == Operation::Delete && condition == Condition::Never && chain.size() > 1) {
        condition = chain[chain.size() - 2]->rules.condition(Operation::ReadOrDeleteChild);
    }
    if (condition == Condition::Never) {
        return Fault::SecurityNotSatisfied;
    }
    if (personalising) {
        // Inside a DF that is not activated yet only the personaliser (ADM1) works.
        return m_session.admVerified ? std::nullopt : std::optional<Fault>(Fault::FileNotUsable);
    }
    if (satisfied(condition)) {
        return std::nullopt;
    }
    if (condition == Condition::Pin1 && !m_state.pin1.initialised()) {
        return Fault::NotInitialised;
    }
    return Fault::SecurityNotSatisfied;
}

std::size_t SimCommands::freeMemory() const
{
    const std::size_t used = m_state.mf.footprint();
    return used >= kCapacity ? 0 : kCapacity - used;
}

SimCommands::Target SimCommands::efForAccess(std::optional<std::uint8_t> sfi)
{
    Target target;
    if (sfi) {
        const SimFile* df = currentDf();
        const SimFile* ef = df != nullptr ? df->childBySfi(*sfi) : nullptr;
        if (ef == nullptr) {
            target.fault = Fault::FileNotFound;
            return target;
        }
        if (m_session.currentEf != ef->fid) {
            m_session.currentEf = ef->fid;
            m_session.record = 0;
        }
    }
    if (!m_session.currentEf) {
        target.fault = Fault::NoCurrentEf;
        return target;
    }
    target.path = currentEfPath();
    target.file = nodeAt(target.path);
    if (target.file == nullptr || target.file->isDf()) {
        target.fault = Fault::NoCurrentEf;
    }
    return target;
}

} // namespace perso::cards::sim
