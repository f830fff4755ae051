// SPDX-License-Identifier: Apache-2.0
#pragma once

// Shared by the live-card fuzz targets (fuzz_simcard, fuzz_retailercard): an input is a sequence of
// records, each a length byte and that many bytes of command APDU (a length byte 00 is a power
// cycle); the card file is restored from a master copy before every input; every answer is checked
// and a broken invariant aborts.

#include "protocol/apdu/CommandApdu.h"
#include "protocol/apdu/ResponseApdu.h"
#include "protocol/core/Bytes.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <cstdlib>
#include <cstring>
#include <optional>
#include <vector>

namespace perso::fuzzing {

// At most this many records per input: long enough for a SELECT, VERIFY, READ walk with retries.
inline constexpr std::size_t kMaxRecords = 64;

struct Record
{
    bool powerCycle = false;
    std::optional<CommandApdu> command; // nullopt: bytes that do not decode (the reader would refuse them)
};

inline std::vector<Record> splitRecords(const std::uint8_t* data, std::size_t size)
{
    std::vector<Record> records;
    std::size_t at = 0;
    while (at < size && records.size() < kMaxRecords) {
        const std::size_t length = data[at++];
        Record record;
        if (length == 0) {
            record.powerCycle = true;
        } else {
            const std::size_t take = std::min(length, size - at);
            auto decoded = CommandApdu::decode(ByteView(data + at, take));
            if (decoded)
                record.command = std::move(decoded).value();
            at += take;
        }
        records.push_back(std::move(record));
    }
    return records;
}

// A temporary folder on tmpfs when there is one (an input costs two file writes).
inline QTemporaryDir& scratch()
{
    static QTemporaryDir dir(QDir(QStringLiteral("/dev/shm")).exists()
                                 ? QStringLiteral("/dev/shm/perso-fuzz-XXXXXX")
                                 : QDir::tempPath() + QStringLiteral("/perso-fuzz-XXXXXX"));
    if (!dir.isValid())
        std::abort();
    return dir;
}

inline QByteArray readFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        std::abort();
    return file.readAll();
}

inline void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
        std::abort();
}

// An answer a reader could carry: at most 256 data bytes and a status word of ISO/IEC 7816-4
// (SW1 6x other than 60, or 9x). 61xx is not a final answer of a processed command in our cards' T=1
// world, but the card may use it in class A0/00 for T=0 style GET RESPONSE, so it is accepted.
inline bool wellFormed(const ResponseApdu& response)
{
    if (response.data().size() > 256)
        return false;
    const std::uint8_t sw1 = static_cast<std::uint8_t>(response.sw() >> 8);
    return (sw1 >= 0x61 && sw1 <= 0x6F) || (sw1 >= 0x90 && sw1 <= 0x9F);
}

// True when any `window` consecutive bytes of `secret` appear in `data`.
inline bool leaks(const SecureBytes& data, ByteView secret, std::size_t window = 8)
{
    if (secret.size() < window || data.size() < window)
        return false;
    for (std::size_t s = 0; s + window <= secret.size(); ++s) {
        for (std::size_t d = 0; d + window <= data.size(); ++d) {
            if (std::memcmp(data.data() + d, secret.data() + s, window) == 0)
                return true;
        }
    }
    return false;
}

inline bool succeeded(const ResponseApdu& response)
{
    return response.sw() == 0x9000;
}

// The commands that present a secret code: only these, answered 9000, may raise a retry counter
// (back to its maximum), as a correct VERIFY or UNBLOCK does.
inline bool presentsCode(const CommandApdu& command)
{
    switch (command.ins()) {
    case 0x20: // VERIFY
    case 0x24: // CHANGE
    case 0x26: // DISABLE
    case 0x28: // ENABLE
    case 0x2C: // UNBLOCK / RESET RETRY COUNTER
        return true;
    default:
        return false;
    }
}

} // namespace perso::fuzzing
