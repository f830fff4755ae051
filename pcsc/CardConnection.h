// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "pcsc/ApduExchange.h"
#include "pcsc/ApduTransport.h"
#include "pcsc/CallWorker.h"
#include "pcsc/Context.h"
#include "pcsc/PcscResult.h"
#include "pcsc/ReaderFeatures.h"

#include <QByteArray>
#include <QString>

#include <functional>
#include <memory>

namespace perso::pcsc {

class CardConnection;

// RAII exclusive access to the card around multi-APDU work (SCardBeginTransaction ... End). Ends
// with SCARD_LEAVE_CARD when destroyed unless end() was called. Move-only; must not outlive its
// CardConnection.
class Transaction
{
public:
    Transaction(Transaction&& other) noexcept;
    Transaction& operator=(Transaction&& other) noexcept;
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();

    bool isActive() const { return m_connection != nullptr; }
    // Ends the transaction; with resetCard the card is reset (e.g. to drop a verified PIN).
    PcscStatus end(bool resetCard = false);

private:
    friend class CardConnection;
    explicit Transaction(CardConnection* connection) : m_connection(connection) {}
    CardConnection* m_connection = nullptr;
};

// One connection to the card (or, in Direct mode, to the reader) in one reader. Used from the
// thread that owns its Context; must not outlive it. Disconnects with SCARD_LEAVE_CARD on
// destruction.
//
// Bounded transmit: the connection holds a SCARDCONTEXT of its own (the Context passed to connect()
// only tells when pcscd was restarted) and every SCardTransmit runs on a CallWorker thread. A transmit
// that does not return within its timeout gives Timeout; the connection is then abandoned: every call
// but reconnect() fails with InvalidHandle at once, and the stuck SCardTransmit is left to the worker,
// which disconnects (resetting the card) and releases the private context once it returns — a card or
// reader that never answers keeps that one thread and socket until then. reconnect() on an abandoned
// connection opens a fresh private context and handle. The caller's Context and other connections
// stay usable throughout. See docs/pcsc.md, "Timeouts".
//
// Card reset by another application (SCARD_W_RESET_CARD): the failing call reconnects once
// (SCardReconnect, leave card) and reports CardReset — the command was not sent, and everything
// the card held for us (selected file, verified PIN, secure channel) is gone. transact() runs a
// unit of work in a transaction and runs it once more from the start after such a reset.
class CardConnection : public ApduTransport
{
public:
    enum class ShareMode
    {
        Shared,    // other applications may connect; use a Transaction around multi-APDU work
        Exclusive, // no other application may connect while we are connected
        Direct     // to the reader itself, with or without a card (for control() and features())
    };
    enum class Protocol
    {
        T0,
        T1,
        Any // whatever the card and reader negotiate
    };

    // Errors: NoService, ReaderUnavailable, NoCard, SharingViolation, ProtocolMismatch, CardUnresponsive.
    static PcscResult<std::unique_ptr<CardConnection>> connect(Context& context, const QString& reader,
                                                               ShareMode share = ShareMode::Shared,
                                                               Protocol protocol = Protocol::Any);
    ~CardConnection() override;
    CardConnection(const CardConnection&) = delete;
    CardConnection& operator=(const CardConnection&) = delete;

    const QString& reader() const { return m_reader; }
    // The ATR read at connect (and again after a reconnect); empty in Direct mode without a card.
    const QByteArray& atr() const { return m_atr; }
    // 0 (Direct), 1 (T=0) or 2 (T=1): the negotiated protocol.
    int activeProtocol() const;
    // How many times a reset by another application was seen (each one reconnected).
    int resetsSeen() const { return m_resets; }

    // One command APDU with T=0 follow-ups and, without extended length, chaining (exchangeApdu).
    // Any status word is a value; see requireSuccess(). Timeout after options.timeout.
    PcscResult<ResponseApdu> transmit(const CommandApdu& command, const ExchangeOptions& options = {});
    // ApduTransport: one SCardTransmit, nothing interpreted, within ExchangeOptions::kDefaultTimeout.
    PcscResult<SecureBytes> transmitRaw(ByteView command) override;
    // One SCardTransmit given up after `timeout`: Timeout, and the connection is abandoned.
    PcscResult<SecureBytes> transmitRawWithin(ByteView command, std::chrono::milliseconds timeout) override;
    // False once a transmit timed out, until reconnect() succeeded.
    bool isUsable() const { return !m_abandoned; }
    bool supportsExtendedLength() const override { return m_extendedLength; }
    // Declare that reader and card take extended-length APDUs (the card says so in its ATR or EF.ATR).
    void setExtendedLength(bool enabled);

    // SCardControl; the answer is at most maxAnswer bytes (above: ResponseTooLong).
    PcscResult<SecureBytes> control(std::uint32_t controlCode, ByteView input, std::size_t maxAnswer = 1024);
    // PC/SC part 10 features (CM_IOCTL_GET_FEATURE_REQUEST). A reader that does not implement the
    // request yields an empty list, not an error; a malformed list is MalformedResponse.
    PcscResult<ReaderFeatures> features();

    // SCardBeginTransaction; a reset seen here reconnects once and begins again.
    PcscResult<Transaction> beginTransaction();
    // Runs `work` inside a transaction; if it fails with CardReset, runs it once more from the start
    // in a new transaction. Any other error is returned as is.
    PcscStatus transact(const std::function<PcscStatus(CardConnection&)>& work);

    // SCardReconnect with the same share mode and protocols; resetCard resets the card first. On an
    // abandoned connection (a transmit timed out) or one whose reopening failed: a new private context
    // and SCardConnect, bounded by ExchangeOptions::kDefaultTimeout.
    PcscStatus reconnect(bool resetCard = false);

private:
    friend class Transaction;
    CardConnection(Context& context, QString reader, ShareMode share, Protocol protocol);
    PcscStatus open();
    void close();
    PcscStatus checkContext(const QString& what) const;
    PcscError failure(long rv, const QString& what);
    PcscError resetSeen(const QString& what);
    void readStatus();

    Context& m_context;
    int m_generation = 0;
    QString m_reader;
    ShareMode m_share;
    Protocol m_protocol;
    SCARDCONTEXT m_private = 0; // ours alone; 0 when none
    SCARDHANDLE m_card = 0;
    std::unique_ptr<CallWorker> m_worker;
    bool m_abandoned = false;
    DWORD m_active = 0;
    QByteArray m_atr;
    int m_resets = 0;
    bool m_extendedLength = false;
    std::size_t m_answerCapacity;
};

} // namespace perso::pcsc
