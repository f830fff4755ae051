// SPDX-License-Identifier: Apache-2.0
// SELECT, STATUS, READ/UPDATE BINARY and READ/UPDATE RECORD for both classes.
#include "terminal/cards/sim/FileDescription.h"
#include "terminal/cards/sim/SimCommands.h"

#include <algorithm>

namespace perso::cards::sim {

namespace {
std::uint16_t fidOf(const SecureBytes& data)
{
    return static_cast<std::uint16_t>(data[0] << 8 | data[1]);
}
} // namespace

ResponseApdu SimCommands::select(const CommandApdu& c)
{
    const SecureBytes& data = c.data();
    std::optional<FilePath> path;
    if (m_dialect == Dialect::Gsm) {
        if (c.p1() != 0 || c.p2() != 0) {
            return fail(Fault::WrongP1P2);
        }
        if (data.size() != 2) {
            return fail(Fault::WrongLength);
        }
        path = resolveFid(fidOf(data));
        if (!path) {
            return fail(Fault::FileNotFound);
        }
        makeCurrent(*path);
        return offer(FileDescription::gsm(*nodeAt(*path), m_state, freeMemory()), 0);
    }
    if (c.p2() != 0x04 && c.p2() != 0x0C) {
        return fail(Fault::IncorrectP1P2);
    }
    switch (c.p1()) {
    case 0x00:
        if (data.empty()) {
            path = FilePath{};
        } else if (data.size() == 2) {
            path = resolveFid(fidOf(data));
        } else {
            return fail(Fault::WrongLength);
        }
        break;
    case 0x01: {
        if (data.size() != 2) {
            return fail(Fault::WrongLength);
        }
        const SimFile* df = currentDf();
        const SimFile* child = df != nullptr ? df->child(fidOf(data)) : nullptr;
        if (child != nullptr && child->isDf()) {
            path = m_session.currentDf;
            path->push_back(child->fid);
        }
        break;
    }
    case 0x03:
        if (!data.empty()) {
            return fail(Fault::WrongLength);
        }
        if (!m_session.currentDf.empty()) {
            path = FilePath(m_session.currentDf.begin(), m_session.currentDf.end() - 1);
        }
        break;
    case 0x04:
        if (data.empty() || data.size() > 16) {
            return fail(Fault::WrongLength);
        }
        for (const SimFile& app : m_state.mf.children) {
            if (app.aid.size() >= data.size() && std::equal(data.begin(), data.end(), app.aid.begin())) {
                path = FilePath{app.fid};
                break;
            }
        }
        break;
    case 0x08:
    case 0x09:
        if (data.empty() || data.size() % 2 != 0) {
            return fail(Fault::WrongLength);
        }
        path = resolvePath(view(data), c.p1() == 0x08);
        break;
    default:
        return fail(Fault::IncorrectP1P2);
    }
    if (!path) {
        return fail(Fault::FileNotFound);
    }
    makeCurrent(*path);
    const SimFile& file = *nodeAt(*path);
    std::uint16_t sw = 0x9000;
    if (file.lifeCycle == LifeCycle::Deactivated) {
        sw = 0x6283;
    } else if (file.lifeCycle == LifeCycle::Terminated) {
        sw = 0x6285;
    }
    if (c.p2() == 0x0C) {
        return ResponseApdu(sw);
    }
    SecureBytes fcp = FileDescription::fcp(file, m_state, freeMemory());
    if (sw != 0x9000) {
        return ResponseApdu(sw, std::move(fcp));
    }
    return offer(std::move(fcp), c.ne());
}

ResponseApdu SimCommands::status(const CommandApdu& c)
{
    const SimFile* df = currentDf();
    if (df == nullptr) {
        return fail(Fault::Technical);
    }
    if (m_dialect == Dialect::Gsm) {
        if (c.p1() != 0 || c.p2() != 0) {
            return fail(Fault::WrongP1P2);
        }
        SecureBytes data = FileDescription::gsm(*df, m_state, freeMemory());
        if (c.ne() > 0 && c.ne() < data.size()) {
            data.resize(c.ne());
        }
        return ResponseApdu(0x9000, std::move(data));
    }
    if (c.p1() > 0x02) {
        return fail(Fault::IncorrectP1P2);
    }
    switch (c.p2()) {
    case 0x00:
        return offer(FileDescription::fcp(*df, m_state, freeMemory()), c.ne());
    case 0x01: {
        if (df->aid.empty()) {
            return ok();
        }
        SecureBytes name{0x84, static_cast<std::uint8_t>(df->aid.size())};
        append(name, view(df->aid));
        return offer(std::move(name), c.ne());
    }
    case 0x0C:
        return ok();
    default:
        return fail(Fault::IncorrectP1P2);
    }
}

ResponseApdu SimCommands::readBinary(const CommandApdu& c)
{
    std::optional<std::uint8_t> sfi;
    std::size_t offset = static_cast<std::size_t>(c.p1() << 8 | c.p2());
    if (m_dialect == Dialect::Uicc && (c.p1() & 0x80) != 0) {
        if ((c.p1() & 0x60) != 0 || (c.p1() & 0x1F) == 0) {
            return fail(Fault::IncorrectP1P2);
        }
        sfi = static_cast<std::uint8_t>(c.p1() & 0x1F);
        offset = c.p2();
    }
    if (!c.data().empty() || c.ne() == 0) {
        return fail(Fault::WrongLength);
    }
    Target target = efForAccess(sfi);
    if (target.fault) {
        return fail(*target.fault);
    }
    if (target.file->kind != FileKind::Transparent) {
        return fail(Fault::WrongFileType);
    }
    if (auto denied = checkAccess(target.path, Operation::ReadOrDeleteChild)) {
        return fail(*denied);
    }
    const SecureBytes& content = target.file->data;
    if (offset >= content.size()) {
        return fail(Fault::OutOfRange);
    }
    const std::size_t remaining = content.size() - offset;
    std::size_t n = c.ne();
    std::uint16_t sw = 0x9000;
    if (n > remaining) {
        if (m_dialect == Dialect::Gsm) {
            return fail(Fault::WrongLength);
        }
        if (n != CommandApdu::kMaxShortNe && n != CommandApdu::kMaxExtendedNe) {
            sw = 0x6282; // end of file reached before Ne bytes
        }
        n = remaining;
    }
    const auto begin = content.begin() + static_cast<std::ptrdiff_t>(offset);
    return ResponseApdu(sw, SecureBytes(begin, begin + static_cast<std::ptrdiff_t>(n)));
}

ResponseApdu SimCommands::updateBinary(const CommandApdu& c)
{
    std::optional<std::uint8_t> sfi;
    std::size_t offset = static_cast<std::size_t>(c.p1() << 8 | c.p2());
    if (m_dialect == Dialect::Uicc && (c.p1() & 0x80) != 0) {
        if ((c.p1() & 0x60) != 0 || (c.p1() & 0x1F) == 0) {
            return fail(Fault::IncorrectP1P2);
        }
        sfi = static_cast<std::uint8_t>(c.p1() & 0x1F);
        offset = c.p2();
    }
    if (c.data().empty() || c.ne() != 0) {
        return fail(Fault::WrongLength);
    }
    Target target = efForAccess(sfi);
    if (target.fault) {
        return fail(*target.fault);
    }
    if (target.file->kind != FileKind::Transparent) {
        return fail(Fault::WrongFileType);
    }
    if (auto denied = checkAccess(target.path, Operation::UpdateOrCreateEf)) {
        return fail(*denied);
    }
    SecureBytes& content = target.file->data;
    if (offset >= content.size()) {
        return fail(Fault::OutOfRange);
    }
    if (c.data().size() > content.size() - offset) {
        return fail(Fault::WrongLength);
    }
    std::copy(c.data().begin(), c.data().end(), content.begin() + static_cast<std::ptrdiff_t>(offset));
    markChanged();
    return ok();
}

} // namespace perso::cards::sim
