// SPDX-License-Identifier: Apache-2.0
// READ RECORD and UPDATE RECORD (modes next, previous, absolute/current) for both classes.
#include "terminal/cards/sim/SimCommands.h"

#include <algorithm>

namespace perso::cards::sim {

namespace {

enum class Mode
{
    Next = 0x02,
    Previous = 0x03,
    Absolute = 0x04
};

struct Addressing
{
    std::optional<std::uint8_t> sfi;
    Mode mode = Mode::Absolute;
    bool valid = false;
};

Addressing decodeP2(std::uint8_t p1, std::uint8_t p2, Dialect dialect)
{
    Addressing a;
    const std::uint8_t mode = dialect == Dialect::Gsm ? p2 : (p2 & 0x07);
    if (dialect == Dialect::Uicc && (p2 >> 3) != 0) {
        if ((p2 >> 3) == 0x1F) {
            return a;
        }
        a.sfi = static_cast<std::uint8_t>(p2 >> 3);
    }
    if (mode != 0x02 && mode != 0x03 && mode != 0x04) {
        return a;
    }
    a.mode = static_cast<Mode>(mode);
    a.valid = a.mode == Mode::Absolute || p1 == 0;
    return a;
}

// The record a command addresses, and the record pointer afterwards; 0 = no such record.
struct Position
{
    std::size_t record = 0;
    std::size_t pointer = 0;
};

Position locate(Mode mode, std::uint8_t p1, std::size_t pointer, std::size_t count, bool cyclic)
{
    switch (mode) {
    case Mode::Absolute: {
        const std::size_t n = p1 == 0 ? pointer : p1;
        return {n <= count ? n : 0, pointer};
    }
    case Mode::Next: {
        std::size_t n = pointer == 0 ? 1 : pointer + 1;
        if (n > count) {
            n = cyclic ? 1 : 0;
        }
        return {n, n == 0 ? pointer : n};
    }
    case Mode::Previous:
        break;
    }
    std::size_t n = pointer == 0 ? count : pointer - 1;
    if (n == 0) {
        n = cyclic ? count : 0;
    }
    return {n, n == 0 ? pointer : n};
}

} // namespace

ResponseApdu SimCommands::readRecord(const CommandApdu& c)
{
    const Addressing a = decodeP2(c.p1(), c.p2(), m_dialect);
    if (!a.valid) {
        return fail(Fault::IncorrectP1P2);
    }
    if (!c.data().empty() || c.ne() == 0) {
        return fail(Fault::WrongLength);
    }
    Target target = efForAccess(a.sfi);
    if (target.fault) {
        return fail(*target.fault);
    }
    if (!target.file->isRecordEf()) {
        return fail(Fault::WrongFileType);
    }
    if (auto denied = checkAccess(target.path, Operation::ReadOrDeleteChild)) {
        return fail(*denied);
    }
    const std::size_t length = target.file->recordLength;
    if (c.ne() != length && (m_dialect == Dialect::Gsm || c.ne() != CommandApdu::kMaxShortNe)) {
        return m_dialect == Dialect::Gsm ? fail(Fault::WrongLength)
                                         : ResponseApdu(static_cast<std::uint16_t>(0x6C00 | length));
    }
    const Position pos =
        locate(a.mode, c.p1(), m_session.record, target.file->recordCount(), target.file->kind == FileKind::Cyclic);
    if (pos.record == 0) {
        return fail(Fault::RecordNotFound);
    }
    m_session.record = pos.pointer;
    const auto begin = target.file->data.begin() + static_cast<std::ptrdiff_t>((pos.record - 1) * length);
    return ResponseApdu(0x9000, SecureBytes(begin, begin + static_cast<std::ptrdiff_t>(length)));
}

ResponseApdu SimCommands::updateRecord(const CommandApdu& c)
{
    const Addressing a = decodeP2(c.p1(), c.p2(), m_dialect);
    if (!a.valid) {
        return fail(Fault::IncorrectP1P2);
    }
    if (c.data().empty() || c.ne() != 0) {
        return fail(Fault::WrongLength);
    }
    Target target = efForAccess(a.sfi);
    if (target.fault) {
        return fail(*target.fault);
    }
    SimFile& file = *target.file;
    if (!file.isRecordEf()) {
        return fail(Fault::WrongFileType);
    }
    if (auto denied = checkAccess(target.path, Operation::UpdateOrCreateEf)) {
        return fail(*denied);
    }
    if (c.data().size() != file.recordLength) {
        return fail(Fault::WrongLength);
    }
    const std::size_t length = file.recordLength;
    if (file.kind == FileKind::Cyclic) {
        // TS 102 221 §11.1.6: a cyclic file is updated in previous mode only; the oldest record is
        // overwritten and becomes record 1.
        if (a.mode != Mode::Previous) {
            return fail(Fault::IncorrectP1P2);
        }
        std::rotate(file.data.begin(), file.data.end() - static_cast<std::ptrdiff_t>(length), file.data.end());
        std::copy(c.data().begin(), c.data().end(), file.data.begin());
        m_session.record = 1;
        markChanged();
        return ok();
    }
    const Position pos = locate(a.mode, c.p1(), m_session.record, file.recordCount(), false);
    if (pos.record == 0) {
        return fail(Fault::RecordNotFound);
    }
    m_session.record = pos.pointer;
    std::copy(c.data().begin(), c.data().end(),
              file.data.begin() + static_cast<std::ptrdiff_t>((pos.record - 1) * length));
    markChanged();
    return ok();
}

} // namespace perso::cards::sim
