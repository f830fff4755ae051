// SPDX-License-Identifier: Apache-2.0
#pragma once

// One valid message of every type, shared by the wire tests and the fuzz corpus writer.

#include "protocol/wire/Messages.h"

#include <QString>

#include <utility>
#include <vector>

namespace perso::wire::samples {

inline Bytes id(std::uint8_t seed)
{
    Bytes b(16);
    for (std::size_t i = 0; i < b.size(); ++i)
        b[i] = static_cast<std::uint8_t>(seed + i * 17);
    return b;
}

// 20-digit ICCID 8944 1000 3012 3456 7890 in EF.ICCID layout (nibbles swapped).
inline Bytes iccid()
{
    return fromHex("98440100032143658709");
}

inline Receipt receipt()
{
    Receipt r;
    r.receiptId = id(0x40);
    r.iccid = iccid();
    r.msisdn = QStringLiteral("447700900123");
    r.issuedAt = 1763700000;
    r.shopId = QStringLiteral("SHOP-0042");
    r.signature = Bytes(64, 0x5A);
    return r;
}

inline std::vector<std::pair<QString, Message>> allMessages()
{
    std::vector<std::pair<QString, Message>> out;
    auto add = [&](const char* name, std::uint64_t seq, MessageBody body) {
        out.emplace_back(QString::fromLatin1(name), Message{seq, std::move(body)});
    };
    add("sign-on-request", 1,
        SignOnRequest{fromHex("0102030405060708"), QStringLiteral("TERM-0001"),
                      TerminalStatus{false, QStringLiteral("1.4.2")}, 0x30});
    add("sign-on-challenge", 1, SignOnChallenge{id(1), fromHex("8050300008A0A1A2A3A4A5A6A700")});
    add("sign-on-proof", 2,
        SignOnProof{id(1), fromHex("000102030405060708093003700011223344556677889900AABBCCDDEEFF9000")});
    add("sign-on-accepted", 2,
        SignOnAccepted{fromHex("8482330010112233445566778899AABBCCDDEEFF0011"), QStringLiteral("Corner Shop — Zoë"),
                       QStringLiteral("SHOP-0042")});
    add("assessment-request", 3, AssessmentRequest{id(1), fromHex("9000"), Bytes(64, 0xC3)});
    add("assessment-request-later", 5, AssessmentRequest{id(1), std::nullopt, Bytes(41, 0xC4)});
    add("assessment-decision", 3, AssessmentDecision{Decision::Approved, 0, QStringLiteral("CUST-2026-000123")});
    add("package-request", 7,
        PackageRequest{id(1), id(2), QStringLiteral("CUST-2026-000123"), Operation::New, iccid()});
    add("package-response", 4, PackageResponse{id(2), Bytes(300, 0xA5)});
    add("result-submission", 9, ResultSubmission{id(1), id(2), Bytes(120, 0x3C)});
    add("result-verdict-verified", 5,
        ResultVerdict{id(2), Outcome::Verified, std::nullopt, std::nullopt, QStringLiteral("447700900123"), receipt()});
    add("result-verdict-failed", 6,
        ResultVerdict{id(2), Outcome::Failed, std::uint16_t(7), std::uint16_t(0x6982), std::nullopt, std::nullopt});
    add("sign-off", 11, SignOff{id(1)});
    add("sign-off-ack", 7, SignOffAck{id(1)});
    add("transaction-status-query", 1, TransactionStatusQuery{id(2)});
    add("transaction-status", 1, TransactionStatus{id(2), TransactionState::Verified, std::nullopt, receipt()});
    add("transaction-status-failed", 2,
        TransactionStatus{id(2), TransactionState::FailedUnverified, std::uint16_t(3), std::nullopt});
    add("error-report", 8, ErrorReport{QStringLiteral("schema-violation"), QStringLiteral("body key 4 missing"), 9});
    add("error-report-no-seq", 9, ErrorReport{QStringLiteral("invalid-encoding"), QString(), std::nullopt});
    return out;
}

} // namespace perso::wire::samples
