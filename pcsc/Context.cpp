// SPDX-License-Identifier: Apache-2.0
#include "pcsc/Context.h"

#include <vector>

namespace perso::pcsc {

namespace {

bool isServiceLost(LONG rv)
{
    return rv == SCARD_E_NO_SERVICE || rv == SCARD_E_SERVICE_STOPPED || rv == SCARD_E_INVALID_HANDLE;
}

constexpr int kListAttempts = 3; // the list can grow between the size query and the read

} // namespace

Context::~Context()
{
    release();
}

PcscStatus Context::establish()
{
    if (m_established)
        return perso::Ok{};
    SCARDCONTEXT context = 0;
    const LONG rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &context);
    if (rv != SCARD_S_SUCCESS)
        return fromPcscCode(static_cast<std::uint32_t>(rv), QStringLiteral("SCardEstablishContext"));
    m_context = context;
    m_established = true;
    ++m_generation;
    return perso::Ok{};
}

void Context::release()
{
    if (!m_established)
        return;
    SCardReleaseContext(m_context); // fails harmlessly when pcscd is already gone
    m_context = 0;
    m_established = false;
}

PcscStatus Context::run(const std::function<LONG(SCARDCONTEXT)>& call, const QString& what)
{
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (const auto up = establish(); !up)
            return up.error();
        const LONG rv = call(m_context);
        if (rv == SCARD_S_SUCCESS)
            return perso::Ok{};
        if (!isServiceLost(rv) || attempt == 1)
            return fromPcscCode(static_cast<std::uint32_t>(rv), what);
        release(); // pcscd went away or was restarted: a fresh context, then once more
    }
    return makePcscError(ErrorKind::Internal, what); // not reached
}

PcscResult<QStringList> Context::listReaders()
{
    for (int attempt = 0; attempt < kListAttempts; ++attempt) {
        DWORD size = 0;
        const auto sized = run([&size](SCARDCONTEXT c) { return SCardListReaders(c, nullptr, nullptr, &size); },
                               QStringLiteral("SCardListReaders"));
        if (!sized) {
            if (sized.kind() == ErrorKind::NoReader)
                return QStringList();
            return sized.error();
        }
        std::vector<char> buffer(size);
        DWORD filled = size;
        const LONG rv = SCardListReaders(m_context, nullptr, buffer.data(), &filled);
        if (rv == SCARD_E_INSUFFICIENT_BUFFER)
            continue;
        if (rv == SCARD_E_NO_READERS_AVAILABLE)
            return QStringList();
        if (rv != SCARD_S_SUCCESS)
            return fromPcscCode(static_cast<std::uint32_t>(rv), QStringLiteral("SCardListReaders"));
        if (filled > size)
            return makePcscError(ErrorKind::MalformedResponse, QStringLiteral("SCardListReaders: length"));
        return parseMultiString(buffer.data(), filled);
    }
    return makePcscError(ErrorKind::Busy, QStringLiteral("SCardListReaders: the reader list keeps changing"));
}

PcscResult<QStringList> parseMultiString(const char* data, std::size_t length)
{
    QStringList out;
    if (length == 0)
        return out;
    if (data[length - 1] != '\0')
        return makePcscError(ErrorKind::MalformedResponse, QStringLiteral("reader list is not NUL-terminated"));
    std::size_t start = 0;
    while (start < length) {
        std::size_t end = start;
        while (data[end] != '\0')
            ++end; // stops at data[length - 1] at the latest
        if (end == start)
            break; // the empty string ends the list
        out.append(QString::fromUtf8(data + start, qsizetype(end - start)));
        start = end + 1;
    }
    return out;
}

} // namespace perso::pcsc
