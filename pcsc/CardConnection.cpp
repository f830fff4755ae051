// SPDX-License-Identifier: Apache-2.0
#include "pcsc/CardConnection.h"

#include <PCSC/winscard.h>

#include <algorithm>

namespace perso::pcsc {

namespace {

constexpr std::size_t kShortAnswer = CommandApdu::kMaxShortNe + 2;
constexpr std::size_t kExtendedAnswer = ResponseApdu::kMaxData + 2;

DWORD shareFlag(CardConnection::ShareMode share)
{
    switch (share) {
    case CardConnection::ShareMode::Exclusive:
        return SCARD_SHARE_EXCLUSIVE;
    case CardConnection::ShareMode::Direct:
        return SCARD_SHARE_DIRECT;
    case CardConnection::ShareMode::Shared:
        break;
    }
    return SCARD_SHARE_SHARED;
}

DWORD protocolFlags(CardConnection::ShareMode share, CardConnection::Protocol protocol)
{
    if (share == CardConnection::ShareMode::Direct)
        return 0;
    switch (protocol) {
    case CardConnection::Protocol::T0:
        return SCARD_PROTOCOL_T0;
    case CardConnection::Protocol::T1:
        return SCARD_PROTOCOL_T1;
    case CardConnection::Protocol::Any:
        break;
    }
    return SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1;
}

QString on(const char* call, const QString& reader)
{
    return QStringLiteral("%1 on '%2'").arg(QLatin1String(call), reader);
}

} // namespace

// --- Transaction --------------------------------------------------------------------------------

Transaction::Transaction(Transaction&& other) noexcept : m_connection(std::exchange(other.m_connection, nullptr)) {}

Transaction& Transaction::operator=(Transaction&& other) noexcept
{
    if (this != &other) {
        (void)end();
        m_connection = std::exchange(other.m_connection, nullptr);
    }
    return *this;
}

Transaction::~Transaction()
{
    (void)end();
}

PcscStatus Transaction::end(bool resetCard)
{
    CardConnection* connection = std::exchange(m_connection, nullptr);
    if (!connection)
        return perso::Ok{};
    if (const auto alive = connection->checkContext(QStringLiteral("SCardEndTransaction")); !alive)
        return alive.error();
    const LONG rv = SCardEndTransaction(connection->m_card, resetCard ? SCARD_RESET_CARD : SCARD_LEAVE_CARD);
    if (rv != SCARD_S_SUCCESS)
        return connection->failure(rv, on("SCardEndTransaction", connection->m_reader));
    return perso::Ok{};
}

// --- CardConnection -----------------------------------------------------------------------------

namespace {

// What SCardEstablishContext + SCardConnect on the worker produce; owned jointly by the caller and
// the job, so that a connect given up on still has somewhere to write.
struct OpenCall
{
    QByteArray reader;
    DWORD share = 0;
    DWORD protocols = 0;
    SCARDCONTEXT context = 0;
    SCARDHANDLE card = 0;
    DWORD active = 0;
    LONG rv = SCARD_S_SUCCESS;
    bool contextFailed = false;
};

// One SCardTransmit's buffers, owned jointly by the caller and the job (see OpenCall).
struct TransmitCall
{
    SCARDHANDLE card = 0;
    const SCARD_IO_REQUEST* pci = nullptr;
    SecureBytes command;
    SecureBytes answer;
    DWORD received = 0;
    LONG rv = SCARD_S_SUCCESS;
};

void releaseHandles(SCARDCONTEXT context, SCARDHANDLE card, DWORD disposition)
{
    if (card != 0)
        SCardDisconnect(card, disposition);
    if (context != 0)
        SCardReleaseContext(context);
}

} // namespace

CardConnection::CardConnection(Context& context, QString reader, ShareMode share, Protocol protocol)
    : m_context(context), m_reader(std::move(reader)), m_share(share), m_protocol(protocol),
      m_answerCapacity(kShortAnswer)
{}

CardConnection::~CardConnection()
{
    close();
}

void CardConnection::close()
{
    const SCARDCONTEXT context = std::exchange(m_private, 0);
    const SCARDHANDLE card = std::exchange(m_card, 0);
    if (m_worker && m_worker->isAbandoned()) {
        // The stuck call still uses both: they are released on the worker thread once it returned,
        // resetting the card, whose state after an unfinished command nobody knows.
        m_worker->finish([context, card] { releaseHandles(context, card, SCARD_RESET_CARD); });
    } else {
        releaseHandles(context, card, SCARD_LEAVE_CARD);
    }
    m_worker.reset(); // joins an idle worker, lets an abandoned one end by itself
    m_abandoned = false;
}

PcscStatus CardConnection::open()
{
    const QString what = on("SCardConnect", m_reader);
    close();
    m_worker = std::make_unique<CallWorker>();
    auto call = std::make_shared<OpenCall>();
    call->reader = m_reader.toUtf8();
    call->share = shareFlag(m_share);
    call->protocols = protocolFlags(m_share, m_protocol);
    const bool returned = m_worker->run(
        [call] {
            call->rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &call->context);
            if (call->rv != SCARD_S_SUCCESS) {
                call->context = 0;
                call->contextFailed = true;
                return;
            }
            call->rv = SCardConnect(call->context, call->reader.constData(), call->share, call->protocols, &call->card,
                                    &call->active);
            if (call->rv != SCARD_S_SUCCESS)
                call->card = 0;
        },
        ExchangeOptions::kDefaultTimeout);
    if (!returned) {
        m_worker->finish([call] { releaseHandles(call->context, call->card, SCARD_LEAVE_CARD); });
        m_worker.reset();
        return makePcscError(ErrorKind::Timeout, QStringLiteral("%1: no answer within %2 ms")
                                                     .arg(what)
                                                     .arg(qint64(ExchangeOptions::kDefaultTimeout.count())));
    }
    if (call->rv != SCARD_S_SUCCESS) {
        releaseHandles(call->context, 0, SCARD_LEAVE_CARD);
        if (call->rv == SCARD_E_NO_SERVICE || call->rv == SCARD_E_SERVICE_STOPPED)
            m_context.release(); // pcscd went away: the caller's context is stale too
        return fromPcscCode(static_cast<std::uint32_t>(call->rv),
                            call->contextFailed ? on("SCardEstablishContext", m_reader) : what);
    }
    m_private = call->context;
    m_card = call->card;
    m_active = call->active;
    m_generation = m_context.generation();
    readStatus();
    return perso::Ok{};
}

PcscResult<std::unique_ptr<CardConnection>> CardConnection::connect(Context& context, const QString& reader,
                                                                    ShareMode share, Protocol protocol)
{
    // The caller's context tells when pcscd was restarted (generation); a round trip to pcscd
    // re-establishes it if it is stale, as a connect through it used to.
    if (const auto listed = context.listReaders(); !listed && listed.error().isServiceLost())
        return listed.error();
    std::unique_ptr<CardConnection> connection(new CardConnection(context, reader, share, protocol));
    if (const auto opened = connection->open(); !opened)
        return opened.error();
    return connection;
}

void CardConnection::readStatus()
{
    m_atr.clear();
    unsigned char atr[MAX_ATR_SIZE] = {};
    DWORD atrLength = sizeof(atr);
    DWORD state = 0;
    DWORD protocol = 0;
    DWORD nameLength = 0;
    const LONG rv = SCardStatus(m_card, nullptr, &nameLength, &state, &protocol, atr, &atrLength);
    if (rv == SCARD_S_SUCCESS && atrLength <= sizeof(atr))
        m_atr = QByteArray(reinterpret_cast<const char*>(atr), qsizetype(atrLength));
}

int CardConnection::activeProtocol() const
{
    if (m_active == SCARD_PROTOCOL_T0)
        return 1;
    if (m_active == SCARD_PROTOCOL_T1)
        return 2;
    return 0;
}

PcscStatus CardConnection::checkContext(const QString& what) const
{
    if (m_abandoned)
        return makePcscError(ErrorKind::InvalidHandle,
                             QStringLiteral("%1: a transmit timed out on this connection; reconnect").arg(what));
    if (m_card == 0 || !m_context.isEstablished() || m_context.generation() != m_generation)
        return makePcscError(ErrorKind::InvalidHandle,
                             QStringLiteral("%1: the PC/SC context was re-established; connect again").arg(what));
    return perso::Ok{};
}

PcscError CardConnection::failure(long rv, const QString& what)
{
    // pcscd gone: the next Context call establishes a fresh context; this handle is dead. A stale card
    // handle alone does not condemn the context that other connections may still use.
    const bool contextGone = rv == SCARD_E_NO_SERVICE || rv == SCARD_E_SERVICE_STOPPED ||
                             (rv == SCARD_E_INVALID_HANDLE && SCardIsValidContext(m_private) != SCARD_S_SUCCESS);
    if (contextGone)
        m_context.release();
    if (rv == SCARD_E_NOT_TRANSACTED || rv == SCARD_F_COMM_ERROR) {
        // Some drivers (vpcd among them) report a card pulled mid-command as a failed exchange;
        // SCardStatus tells whether the card is still there.
        DWORD nameLength = 0;
        DWORD state = 0;
        DWORD protocol = 0;
        DWORD atrLength = 0;
        const LONG status = SCardStatus(m_card, nullptr, &nameLength, &state, &protocol, nullptr, &atrLength);
        if (status == SCARD_W_REMOVED_CARD || (status == SCARD_S_SUCCESS && (state & SCARD_PRESENT) == 0))
            rv = SCARD_W_REMOVED_CARD;
    }
    return fromPcscCode(static_cast<std::uint32_t>(rv), what);
}

PcscError CardConnection::resetSeen(const QString& what)
{
    ++m_resets;
    if (const auto again = reconnect(false); !again)
        return again.error();
    return makePcscError(ErrorKind::CardReset,
                         QStringLiteral("%1: reconnected after a reset; the command was not sent").arg(what));
}

PcscStatus CardConnection::reconnect(bool resetCard)
{
    const QString what = on("SCardReconnect", m_reader);
    if (m_abandoned || m_card == 0)
        return open(); // after a timeout, or a reopen that failed: a new private context and handle
    if (const auto alive = checkContext(what); !alive)
        return alive.error();
    DWORD active = 0;
    const LONG rv = SCardReconnect(m_card, shareFlag(m_share), protocolFlags(m_share, m_protocol),
                                   resetCard ? SCARD_RESET_CARD : SCARD_LEAVE_CARD, &active);
    if (rv != SCARD_S_SUCCESS)
        return failure(rv, what);
    m_active = active;
    readStatus();
    return perso::Ok{};
}

void CardConnection::setExtendedLength(bool enabled)
{
    m_extendedLength = enabled;
    m_answerCapacity = enabled ? kExtendedAnswer : kShortAnswer;
}

PcscResult<ResponseApdu> CardConnection::transmit(const CommandApdu& command, const ExchangeOptions& options)
{
    return exchangeApdu(*this, command, options);
}

PcscResult<SecureBytes> CardConnection::transmitRaw(ByteView command)
{
    return transmitRawWithin(command, ExchangeOptions::kDefaultTimeout);
}

PcscResult<SecureBytes> CardConnection::transmitRawWithin(ByteView command, std::chrono::milliseconds timeout)
{
    const QString what = on("SCardTransmit", m_reader);
    if (const auto alive = checkContext(what); !alive)
        return alive.error();
    auto call = std::make_shared<TransmitCall>();
    call->card = m_card;
    call->pci = m_active == SCARD_PROTOCOL_T0   ? SCARD_PCI_T0
                : m_active == SCARD_PROTOCOL_T1 ? SCARD_PCI_T1
                                                : SCARD_PCI_RAW;
    call->command.assign(command.begin(), command.end());
    call->answer.resize(m_answerCapacity);
    call->received = DWORD(call->answer.size());
    const bool returned = m_worker->run(
        [call] {
            call->rv = SCardTransmit(call->card, call->pci, call->command.data(), DWORD(call->command.size()), nullptr,
                                     call->answer.data(), &call->received);
        },
        timeout);
    if (!returned) {
        m_abandoned = true;
        return makePcscError(ErrorKind::Timeout,
                             QStringLiteral("%1: no answer within %2 ms; the connection was given up, reconnect")
                                 .arg(what)
                                 .arg(qint64(timeout.count())));
    }
    if (call->rv == SCARD_W_RESET_CARD)
        return resetSeen(what);
    if (call->rv != SCARD_S_SUCCESS)
        return failure(call->rv, what);
    if (call->received > call->answer.size())
        return makePcscError(ErrorKind::MalformedResponse, QStringLiteral("%1: answer length").arg(what));
    call->answer.resize(call->received);
    return std::move(call->answer);
}

PcscResult<SecureBytes> CardConnection::control(std::uint32_t controlCode, ByteView input, std::size_t maxAnswer)
{
    const QString what = on("SCardControl", m_reader);
    if (const auto alive = checkContext(what); !alive)
        return alive.error();
    SecureBytes answer(maxAnswer);
    DWORD returned = 0;
    const LONG rv = SCardControl(m_card, controlCode, input.data(), DWORD(input.size()), answer.data(),
                                 DWORD(answer.size()), &returned);
    if (rv == SCARD_W_RESET_CARD)
        return resetSeen(what);
    if (rv != SCARD_S_SUCCESS)
        return failure(rv, what);
    if (returned > answer.size())
        return makePcscError(ErrorKind::MalformedResponse, QStringLiteral("%1: answer length").arg(what));
    answer.resize(returned);
    return answer;
}

PcscResult<ReaderFeatures> CardConnection::features()
{
    const auto answer = control(kGetFeatureRequest, {});
    if (!answer) {
        const auto& e = answer.error();
        // A driver without part 10 support answers "unsupported", "invalid" or a failed IFDHControl.
        const bool notImplemented = e.kind == ErrorKind::ReaderUnsupported || e.kind == ErrorKind::InvalidArgument ||
                                    e.pcscCode == static_cast<std::uint32_t>(SCARD_E_NOT_TRANSACTED);
        if (notImplemented)
            return ReaderFeatures();
        return e;
    }
    return ReaderFeatures::parse(view(answer.value()));
}

PcscResult<Transaction> CardConnection::beginTransaction()
{
    const QString what = on("SCardBeginTransaction", m_reader);
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (const auto alive = checkContext(what); !alive)
            return alive.error();
        const LONG rv = SCardBeginTransaction(m_card);
        if (rv == SCARD_S_SUCCESS)
            return Transaction(this);
        if (rv != SCARD_W_RESET_CARD || attempt == 1)
            return failure(rv, what);
        ++m_resets;
        if (const auto again = reconnect(false); !again)
            return again.error();
    }
    return makePcscError(ErrorKind::Internal, what); // not reached
}

PcscStatus CardConnection::transact(const std::function<PcscStatus(CardConnection&)>& work)
{
    for (int attempt = 0; attempt < 2; ++attempt) {
        auto transaction = beginTransaction();
        if (!transaction)
            return transaction.error();
        const auto result = work(*this);
        const auto ended = transaction.value().end();
        if (result.ok())
            return ended;
        if (result.kind() != ErrorKind::CardReset || attempt == 1)
            return result;
    }
    return makePcscError(ErrorKind::Internal, QStringLiteral("transact")); // not reached
}

} // namespace perso::pcsc
