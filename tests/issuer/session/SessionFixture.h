// SPDX-License-Identifier: Apache-2.0
#pragma once

// The issuer session under test: a real KeyRing in a temporary directory, the in-memory store with
// one retailer, shop, terminal, batch of blank SIMs and number pools, a fake clock, and a station
// that numbers its messages.

#include "MemoryStore.h"
#include "terminal/cards/Batch.h"

#include "issuer/session/IssuerSession.h"
#include "protocol/wire/CustomerDetails.h"
#include "protocol/wire/Iccid.h"

#include <QTemporaryDir>

#include <memory>
#include <stdexcept>

namespace perso::issuer::test {

inline const Bytes kSerial = fromHex("52 50 00 00 00 00 00 07");
inline const QString kShop = QStringLiteral("SHOP-7");
inline const QString kTerminalId = QStringLiteral("T-0042");
inline const QString kBatchId = QStringLiteral("B1");
inline constexpr Timestamp kStart = 1'790'000'000; // 2026-09-21

inline Bytes txId(std::uint8_t n)
{
    return Bytes(16, n);
}

inline QString iccidDigitsOf(int n)
{
    // 19 digits + Luhn check digit, consecutive cards of the batch.
    const QString body = QStringLiteral("8944990000000000%1").arg(n, 3, 10, QLatin1Char('0'));
    return body + QString::number(cards::Iccids::luhnCheckDigit(body));
}

inline Bytes iccidBytes(int n)
{
    return wire::iccidFromDigits(iccidDigitsOf(n)).value();
}

inline wire::CustomerDetails customer(const QString& idNumber = QStringLiteral("P1234567"))
{
    wire::CustomerDetails details;
    details.givenNames = QStringLiteral("Ada");
    details.familyName = QStringLiteral("Lovelace");
    details.dateOfBirth = QDate(1990, 12, 10);
    details.address.lines = {QStringLiteral("1 High Street")};
    details.address.city = QStringLiteral("London");
    details.address.country = QStringLiteral("GB");
    details.idDocument = {wire::IdDocumentType::Passport, idNumber};
    details.email = QStringLiteral("ada@example.org");
    details.planCode = QStringLiteral("PAYG");
    return details;
}

template <typename T> T valueOr(IssuerResult<T> result)
{
    if (!result)
        throw std::runtime_error(result.error().message.toStdString());
    return std::move(result).value();
}

struct IssuerFixture
{
    QTemporaryDir dir;
    MemoryStore store;
    std::optional<KeyRing> keys;
    Timestamp now = kStart;
    std::unique_ptr<SessionContext> context;
    SecureBytes batchKey;

    explicit IssuerFixture(int cards = 4, int numbers = 4)
    {
        const KeyRingPaths paths{dir.filePath(QStringLiteral("keys"))};
        if (auto created = KeyRing::create(paths); !created)
            throw std::runtime_error(created.error().message.toStdString());
        keys.emplace(valueOr(KeyRing::load(paths)));

        store.retailers[QStringLiteral("R1")] = RetailerRecord{QStringLiteral("R1"), QStringLiteral("Corner Phones")};
        store.retailerCards[kSerial] =
            RetailerCardRecord{kSerial, 1, QStringLiteral("R1"), kShop, RetailerCardState::Active};
        store.terminals[kTerminalId] = TerminalRecord{kTerminalId, kShop, false};
        store.terminals[QStringLiteral("T-OTHER")] =
            TerminalRecord{QStringLiteral("T-OTHER"), QStringLiteral("SHOP-9"), false};
        batchKey = valueOr(KeyRing::generateBatchKey());
        store.batches[kBatchId] =
            BatchRecord{kBatchId, valueOr(keys->wrapBatchKey(batchKey)), 1, QStringLiteral("Maker"), kStart};
        for (int i = 1; i <= cards; ++i) {
            CardRecord card;
            card.iccid = iccidDigitsOf(i);
            card.batchId = kBatchId;
            store.cards[card.iccid] = card;
        }
        for (int i = 1; i <= numbers; ++i) {
            store.freeImsis.push_back(QStringLiteral("00101000000%1").arg(i, 4, 10, QLatin1Char('0')));
            store.freeMsisdns.push_back(QStringLiteral("4477009000%1").arg(i, 2, 10, QLatin1Char('0')));
        }
        OperatorProfile op;
        op.mcc = QStringLiteral("001");
        op.mnc = QStringLiteral("01");
        op.spn = QStringLiteral("Retail");
        op.plmnSelector = {QStringLiteral("00101")};
        context = std::make_unique<SessionContext>(store, *keys, AssessmentPolicy{}, op, SecureBytes(16, 0x11),
                                                   [this] { return now; });
    }

    scp03::StaticKeys retailerKeys() const { return valueOr(keys->retailerCardKeys(kSerial, 1)); }
    SecureBytes admOf(int n) const
    {
        return valueOr(keys->admCode(store.batches.at(kBatchId).wrappedBatchKey, iccidDigitsOf(n)));
    }
    Bytes customerKeyOf(const wire::CustomerDetails& details) const
    {
        return keys->customerKey(static_cast<std::uint8_t>(details.idDocument.type), details.idDocument.number);
    }
};

// The station's side of the wire: numbers every message and hands it to the session.
struct Wire
{
    explicit Wire(IssuerSession& s) : session(s) {}

    IssuerSession& session;
    std::uint64_t sequence = 0;
    HandlerReply last;

    HandlerReply send(wire::MessageBody body)
    {
        last = session.handle(wire::Message{++sequence, std::move(body)});
        return last;
    }

    template <typename T> std::optional<T> reply(wire::MessageBody body)
    {
        send(std::move(body));
        if (last.messages.size() != 1 || !std::holds_alternative<T>(last.messages[0]))
            return std::nullopt;
        return std::get<T>(last.messages[0]);
    }

    // The ErrorReport code of the last reply, or "" when it was not an ErrorReport.
    QString errorCode() const
    {
        if (last.messages.size() != 1 || !std::holds_alternative<wire::ErrorReport>(last.messages[0]))
            return {};
        return std::get<wire::ErrorReport>(last.messages[0]).code;
    }
    std::optional<std::uint64_t> errorRefersTo() const
    {
        if (last.messages.size() != 1 || !std::holds_alternative<wire::ErrorReport>(last.messages[0]))
            return std::nullopt;
        return std::get<wire::ErrorReport>(last.messages[0]).refersToSequence;
    }
};

inline wire::SignOnRequest signOnRequest(const QString& terminal = kTerminalId, std::uint8_t kvn = 1,
                                         bool tampered = false, const Bytes& serial = kSerial)
{
    return wire::SignOnRequest{serial, terminal, wire::TerminalStatus{tampered, QStringLiteral("perso-terminal-1.0")},
                               kvn};
}

} // namespace perso::issuer::test
