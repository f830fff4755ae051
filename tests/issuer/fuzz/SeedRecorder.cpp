// SPDX-License-Identifier: Apache-2.0
// Writes the seed corpus of fuzz_issuersession: genuine message sequences of a station in the
// harness's input format (SessionHarness.h), with placeholders the harness replaces by the live
// session id, sealed details, EA response and customer reference. Usage: issuer_fuzz_seeds <dir>
#include "SessionHarness.h"

#include <QFile>

using namespace perso;
using namespace perso::issuer::test;

namespace {

const Bytes kPlaceholder(16, 0x00);

class SeedWriter
{
public:
    explicit SeedWriter(std::uint8_t mode) : m_bytes{mode} {}

    SeedWriter& add(std::uint8_t flags, wire::MessageBody body)
    {
        const Bytes payload = wire::encodeMessage(wire::Message{++m_sequence, std::move(body)}).value();
        m_bytes.push_back(flags);
        m_bytes.push_back(static_cast<std::uint8_t>(payload.size() >> 8));
        m_bytes.push_back(static_cast<std::uint8_t>(payload.size()));
        m_bytes.insert(m_bytes.end(), payload.begin(), payload.end());
        return *this;
    }
    bool write(const QString& path) const
    {
        QFile file(path);
        return file.open(QIODevice::WriteOnly) && file.write(reinterpret_cast<const char*>(m_bytes.data()),
                                                             qint64(m_bytes.size())) == qint64(m_bytes.size());
    }

private:
    Bytes m_bytes;
    std::uint64_t m_sequence = 10;
};

Bytes details(const QString& idNumber = QStringLiteral("P1234567"))
{
    const SecureBytes plain = wire::encodeCustomerDetails(customer(idNumber)).value();
    return Bytes(plain.begin(), plain.end());
}

wire::PackageRequest packageFor(int card, std::uint8_t tx, wire::Operation op = wire::Operation::New)
{
    return wire::PackageRequest{kPlaceholder, txId(tx), QStringLiteral("C0"), op, iccidBytes(card)};
}

wire::ResultSubmission result(std::uint8_t tx, Bytes spec)
{
    return wire::ResultSubmission{kPlaceholder, txId(tx), std::move(spec)};
}

constexpr std::uint8_t kS = kSetSession;
constexpr std::uint8_t kPkg = kSetSession | kSetReference;
constexpr std::uint8_t kRes = kSetSession | kSeal;

} // namespace

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: issuer_fuzz_seeds <dir>\n");
        return 2;
    }
    const QString dir = QString::fromLocal8Bit(argv[1]);
    std::vector<std::pair<QString, SeedWriter>> seeds;
    auto seed = [&](const char* name, std::uint8_t mode) -> SeedWriter& {
        seeds.emplace_back(QLatin1String(name), SeedWriter(mode));
        return seeds.back().second;
    };

    seed("raw-signon", 0)
        .add(0, signOnRequest())
        .add(kS, wire::SignOnProof{kPlaceholder, fromHex("9000")})
        .add(0, wire::TransactionStatusQuery{txId(1)});
    seed("raw-two-sign-ons", 0)
        .add(0, signOnRequest())
        .add(kS | kSeal, wire::SignOnProof{kPlaceholder, fromHex("9000")})
        .add(kS | kSeal | kWithEa, wire::AssessmentRequest{kPlaceholder, Bytes(8, 0x90), details()})
        .add(kPkg, packageFor(1, 16))
        .add(kRes, result(16, {0x00, 0xFF}))
        .add(kS, wire::SignOff{kPlaceholder})
        .add(0, signOnRequest())
        .add(kS | kSeal, wire::SignOnProof{kPlaceholder, fromHex("9000")})
        .add(kS | kSeal | kWithEa, wire::AssessmentRequest{kPlaceholder, Bytes(8, 0x90), details()})
        .add(kPkg, packageFor(2, 17));
    seed("open-closed-then-sign-on", 2)
        .add(kPkg, packageFor(3, 18))
        .add(kRes, result(18, {0x07, 0x02}))
        .add(0, signOnRequest())
        .add(kS | kSeal, wire::SignOnProof{kPlaceholder, fromHex("9000")})
        .add(kS | kSeal | kWithEa, wire::AssessmentRequest{kPlaceholder, Bytes(8, 0x90), details()})
        .add(0, wire::TransactionStatusQuery{txId(18)})
        .add(kPkg, packageFor(3, 18));
    seed("raw-refusals", 0)
        .add(0, signOnRequest(QStringLiteral("T-OTHER")))
        .add(0, signOnRequest(kTerminalId, 1, true))
        .add(0, signOnRequest(kTerminalId, 2))
        .add(0, wire::SignOff{kPlaceholder});
    seed("authenticating-full", 1)
        .add(kS | kSeal | kWithEa, wire::AssessmentRequest{kPlaceholder, Bytes(8, 0x90), details()})
        .add(kPkg, packageFor(1, 1))
        .add(kRes, result(1, {0x00, 0xFF}))
        .add(0, wire::TransactionStatusQuery{txId(1)})
        .add(kS, wire::SignOff{kPlaceholder});
    seed("authenticating-bad-ea", 1)
        .add(kS | kSeal, wire::AssessmentRequest{kPlaceholder, fromHex("6982"), details()})
        .add(0, signOnRequest());
    seed("open-completed", 2)
        .add(kPkg, packageFor(2, 2))
        .add(kRes, result(2, {0x00, 0xFF}))
        .add(kS, wire::SignOff{kPlaceholder});
    seed("open-modify", 2)
        .add(kPkg, packageFor(2, 14))
        .add(kRes, result(14, {0x00, 0xFF}))
        .add(kPkg, packageFor(2, 15, wire::Operation::Modify))
        .add(kRes, result(15, {0x00, 0xFF}))
        .add(0, wire::TransactionStatusQuery{txId(15)});
    seed("open-card-status-failed", 2)
        .add(kPkg, packageFor(1, 3))
        .add(kRes, result(3, {0x01, 0x05, 0x90, 0x00, 0x90, 0x00, 0x90, 0x00, 0x90, 0x00, 0x6A, 0x82}))
        .add(0, wire::TransactionStatusQuery{txId(3)})
        .add(kPkg, packageFor(2, 4))
        .add(kRes, result(4, {0x03, 0x02}));
    seed("open-channel-closed", 2)
        .add(kPkg, packageFor(3, 5))
        .add(kPkg, packageFor(3, 5))
        .add(kRes, result(5, {0x07, 0x04}))
        .add(0, signOnRequest());
    seed("open-second-customer", 2)
        .add(kS | kSeal, wire::AssessmentRequest{kPlaceholder, std::nullopt, details(QStringLiteral("X7654321"))})
        .add(kPkg, packageFor(9, 6))
        .add(kPkg, packageFor(4, 7, wire::Operation::Modify))
        .add(kS, wire::AssessmentRequest{kPlaceholder, std::nullopt, Bytes(64, 0x00)})
        .add(kS, wire::SignOff{kPlaceholder});
    seed("open-idle-expiry", 2)
        .add(kPkg, packageFor(1, 8))
        .add(kRes | kAdvanceClock, result(8, {0x06, 0x03}))
        .add(0, signOnRequest());
    seed("open-foreign-session", 2)
        .add(0,
             wire::PackageRequest{Bytes(16, 0x42), txId(9), QStringLiteral("C0"), wire::Operation::New, iccidBytes(1)})
        .add(kPkg | kKeepSequence, packageFor(1, 9))
        .add(kPkg, packageFor(1, 9))
        .add(kS, result(9, fromHex("E3 04 80 02 00 01")));
    seed("open-pool-exhausted", 2)
        .add(kPkg, packageFor(1, 10))
        .add(kRes, result(10, {0x00, 0xFF}))
        .add(kPkg, packageFor(2, 11))
        .add(kRes, result(11, {0x02, 0x01}))
        .add(kPkg, packageFor(3, 12))
        .add(kRes, result(12, {0x05, 0x03}))
        .add(kPkg, packageFor(4, 13));

    for (const auto& [name, writer] : seeds)
        if (!writer.write(dir + QLatin1Char('/') + name))
            return 1;
    std::printf("wrote %zu seeds\n", seeds.size());
    return 0;
}
