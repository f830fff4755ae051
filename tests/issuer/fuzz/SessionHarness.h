// SPDX-License-Identifier: Apache-2.0
#pragma once

// The session fuzz harness: one IssuerSession per input over a fresh copy of a seeded store, with a
// real key ring and a software terminal, and the invariants every reply and the store must keep.
//
// Input: [mode:1] then records [flags:1][length:2, big-endian][payload:length]. Each payload goes
// through wire::decodeMessage; decodable ones are fixed up by the flags and handed to handle().
//   mode % 3: 0 raw (Idle), 1 signed on up to SignOnAccepted (the harness keeps the EA response),
//             2 signed on and one customer approved (Open).
//   flags: 0x01 the message's session id := the real one; 0x02 SignOnProof: the terminal's answer
//          to the last SignOnChallenge (and to the next SignOnAccepted), AssessmentRequest: seal the
//          sealedCustomerDetails bytes (plaintext) with the terminal's box, ResultSubmission: build
//          a genuine sealed result from the sealedResult bytes (spec below); 0x04 AssessmentRequest:
//          carry the terminal's EA response; 0x08 keep the decoded sequence number (otherwise the
//          next one); 0x10 advance the clock 1000 s first; 0x20 PackageRequest: the approved
//          customer reference.
//   Result spec: [selector][k][sw hi, sw lo]*: selector % 8 = 7 "channel closed at k", otherwise the
//          terminal unwraps up to k steps of the last package and seals package::Outcome(selector % 7)
//          with the given status words (9000 when absent).
// Every abort() is a finding; the message says which invariant broke.

#include "../session/SoftTerminal.h"
#include "RecordingStore.h"

#include "protocol/milenage/Milenage.h"
#include "protocol/package/PackageUnwrapper.h"
#include "protocol/wire/MessageCodec.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <set>

namespace perso::issuer::test {

inline void fuzzRequire(bool condition, const char* what)
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_issuersession: %s\n", what);
        std::abort();
    }
}

inline Bytes orElse(Result<Bytes> result, const Bytes& fallback)
{
    return result ? std::move(result).value() : fallback;
}

enum RecordFlag : std::uint8_t
{
    kSetSession = 0x01,
    kSeal = 0x02,
    kWithEa = 0x04,
    kKeepSequence = 0x08,
    kAdvanceClock = 0x10,
    kSetReference = 0x20,
};

inline SecureBytes secureOf(const Bytes& bytes)
{
    return SecureBytes(bytes.begin(), bytes.end());
}

inline constexpr int kCards = 4;
inline constexpr int kNumbers = 3;

// Built once per process: the key ring, the seeded store, the secrets any reply must never carry.
struct SessionWorld
{
    IssuerFixture fixture{kCards, kNumbers};
    scp03::StaticKeys retailerKeys = fixture.retailerKeys();
    SecureBytes operatorVariant = secureOf(fromHex("3C 91 0A 5E 77 D2 18 B4 E5 09 6F 2A C3 81 4D F0"));
    std::vector<SecureBytes> secrets;
    std::set<QString> errorNames;

    SessionWorld()
    {
        secrets = {retailerKeys.enc, retailerKeys.mac, retailerKeys.dek, fixture.batchKey, operatorVariant};
        for (int i = 1; i <= kCards; ++i)
            secrets.push_back(fixture.admOf(i));
        for (int c = 0; c <= static_cast<int>(ErrorCode::SecurityLevelNotMet); ++c)
            errorNames.insert(errorCodeName(static_cast<ErrorCode>(c)));
        for (int c = 0; c <= static_cast<int>(IssuerErrorCode::Internal); ++c)
            errorNames.insert(issuerErrorName(static_cast<IssuerErrorCode>(c)));
    }

    static SessionWorld& instance()
    {
        static SessionWorld world;
        return world;
    }
};

// Every 8-byte window of the secrets, to look for in the replies.
class SecretWindows
{
public:
    void add(ByteView secret)
    {
        for (std::size_t i = 0; i + kWindow <= secret.size(); ++i)
            m_windows.insert(Bytes(secret.begin() + i, secret.begin() + i + kWindow));
    }
    // A window the station itself sent (an echoed transaction id) is no leak: libFuzzer learns the
    // secrets from the comparisons in this very check and writes them into its inputs.
    bool foundIn(ByteView bytes, ByteView stationSent) const
    {
        for (std::size_t i = 0; i + kWindow <= bytes.size(); ++i) {
            const Bytes window(bytes.begin() + i, bytes.begin() + i + kWindow);
            if (m_windows.count(window) &&
                std::search(stationSent.begin(), stationSent.end(), window.begin(), window.end()) == stationSent.end())
                return true;
        }
        return false;
    }

private:
    static constexpr std::size_t kWindow = 8;
    std::set<Bytes> m_windows;
};

class SessionRun
{
public:
    // `input`: the fuzz input, the bytes the station sent (see SecretWindows::foundIn).
    SessionRun(SessionWorld& world, ByteView input)
        : m_world(world), m_input(input), m_store(m_memory, *world.fixture.keys),
          m_context(m_store, *world.fixture.keys, AssessmentPolicy{}, world.fixture.context->operatorProfile(),
                    world.operatorVariant, [this] { return m_now; }),
          m_session(m_context, ConnectionInfo{1, QStringLiteral("fuzz:1")}), m_station(m_session),
          m_terminal(world.retailerKeys)
    {
        copySeed(m_memory, world.fixture.store);
        for (const auto& secret : world.secrets)
            m_windows.add(secret);
    }

    // mode % 3 as in the file comment; true when the harness's own sign-on went as it should.
    bool start(std::uint8_t mode)
    {
        switch (mode % 3) {
        case 0:
            return true;
        case 1:
            m_ea = signOnUntilAccepted(m_station, m_terminal);
            noteSessionSecrets();
            return !m_ea.empty();
        default:
            m_reference = signOnAndAssess(m_station, m_terminal);
            noteSessionSecrets();
            return !m_reference.isEmpty();
        }
    }

    void feed(std::uint8_t flags, ByteView payload)
    {
        auto decoded = wire::decodeMessage(payload);
        if (!decoded)
            return;
        wire::Message message = std::move(decoded).value();
        fixUp(flags, message);
        if (flags & kAdvanceClock)
            m_now += 1000;
        const HandlerReply reply = m_session.handle(message);
        checkReply(reply);
        checkStore();
    }

    void finish()
    {
        m_session.connectionClosed();
        fuzzRequire(!m_session.holdsKeys(), "session keys held after connectionClosed()");
        for (const auto& [id, tx] : m_memory.transactions)
            fuzzRequire(tx.state != wire::TransactionState::PackageIssued,
                        "PackageIssued transaction outstanding after connectionClosed()");
        checkStore();
    }

    const IssuerSession& session() const { return m_session; }
    const std::optional<wire::PackageResponse>& lastPackage() const { return m_lastPackage; }

private:
    void noteSessionSecrets()
    {
        if (!m_terminal.handshake)
            return;
        const Bytes& host = m_terminal.handshake->hostChallenge();
        const Bytes& card = m_terminal.handshake->cardChallenge();
        const auto mode = host.size() == 16 ? scp03::ChallengeMode::S16 : scp03::ChallengeMode::S8;
        if (auto keys = scp03::deriveSessionKeys(m_terminal.keys, host, card, mode)) {
            m_windows.add(keys.value().sEnc);
            m_windows.add(keys.value().sMac);
            m_windows.add(keys.value().sRmac);
        }
        if (auto dataKey = keys::deriveStationDataKey(m_terminal.keys.enc, host, card))
            m_windows.add(dataKey.value());
    }

    void fixUp(std::uint8_t flags, wire::Message& message)
    {
        if (!(flags & kKeepSequence))
            message.sequence = ++m_station.sequence;
        else
            m_station.sequence = std::max(m_station.sequence, message.sequence);
        const Bytes& id = m_terminal.sessionId;
        std::visit(
            [&](auto& body) {
                using T = std::decay_t<decltype(body)>;
                if constexpr (requires { body.sessionId; })
                    if ((flags & kSetSession) && !id.empty())
                        body.sessionId = id;
                if constexpr (std::is_same_v<T, wire::SignOnProof>)
                    if ((flags & kSeal) && m_challenge)
                        body.initializeUpdateResponse = answerInitializeUpdate(body.initializeUpdateResponse);
                if constexpr (std::is_same_v<T, wire::AssessmentRequest>) {
                    if ((flags & kSeal) && m_terminal.box) {
                        auto sealed =
                            m_terminal.box->seal(body.sealedCustomerDetails,
                                                 static_cast<std::uint32_t>(wire::MessageType::AssessmentRequest));
                        if (sealed)
                            body.sealedCustomerDetails = std::move(sealed).value();
                    }
                    if ((flags & kWithEa) && !m_ea.empty())
                        body.externalAuthenticateResponse = m_ea;
                }
                if constexpr (std::is_same_v<T, wire::PackageRequest>)
                    if ((flags & kSetReference) && !m_reference.isEmpty())
                        body.customerReference = m_reference;
                if constexpr (std::is_same_v<T, wire::ResultSubmission>)
                    if (flags & kSeal)
                        body.sealedResult = sealResult(body.sealedResult);
            },
            message.body);
    }

    // A sign-on the fuzzer started itself (raw mode, or again after a close): the terminal answers
    // the last challenge genuinely, and the following SignOnAccepted's EXTERNAL AUTHENTICATE.
    Bytes answerInitializeUpdate(const Bytes& fallback)
    {
        try {
            return m_terminal.answerInitializeUpdate(m_challenge->initializeUpdate);
        } catch (const std::runtime_error&) {
            return fallback;
        }
    }
    void answerExternalAuthenticate(const wire::SignOnAccepted& accepted)
    {
        if (!m_terminal.handshake || m_terminal.sessionId.empty())
            return;
        try {
            m_ea = m_terminal.answerExternalAuthenticate(accepted.externalAuthenticate);
            noteSessionSecrets();
        } catch (const std::runtime_error&) {
        }
    }

    // The terminal's side of a package run, as the result spec asks (see the file comment).
    Bytes sealResult(const Bytes& spec)
    {
        const std::uint8_t selector = spec.empty() ? 0 : spec[0];
        const std::uint16_t limit = spec.size() > 1 ? spec[1] : 0xFFFF;
        if (selector % 8 == 7)
            return orElse(package::ResultBuilder::channelClosed(limit).encode(), spec);
        if (!m_lastPackage || !m_terminal.channel)
            return spec;
        auto container = package::PersonalisationPackage::decode(m_lastPackage->package);
        if (!container)
            return spec;
        auto unwrapper = package::PackageUnwrapper::start(*m_terminal.channel, std::move(container).value());
        if (!unwrapper)
            return spec;
        auto& run = unwrapper.value();
        std::vector<SecureBytes> answers;
        while (!run.finished() && run.stepsConsumed() < limit && !run.stop()) {
            auto instruction = run.next();
            if (!instruction)
                break;
            answers.push_back(answerOf(instruction.value()));
        }
        if (run.stop() && run.stop()->outcome == package::Outcome::ChannelClosed)
            return orElse(package::ResultBuilder::channelClosed(run.stepsConsumed()).encode(), spec);
        package::ResultBuilder builder = run.resultBuilder();
        for (std::uint16_t step = 0; step < run.stepsConsumed(); ++step) {
            const std::size_t at = 2 + 2 * std::size_t(step);
            const std::uint16_t sw = at + 1 < spec.size() ? std::uint16_t(spec[at] << 8 | spec[at + 1]) : 0x9000;
            if (step < answers.size() && !answers[step].empty())
                builder.addStep(sw, answers[step]);
            else
                builder.addStep(sw);
        }
        auto sealed = builder.seal(*m_terminal.channel, static_cast<package::Outcome>(selector % 7));
        if (!sealed)
            return spec;
        return orElse(sealed.value().encode(), spec);
    }

    // What a genuine SIM answers to a FORWARD that returns data: for AUTHENTICATE (INS 88, data
    // 10 RAND 10 AUTN) DB || 08 RES || 10 CK || 10 IK under the last recorded Ki/OPc; else nothing.
    SecureBytes answerOf(const package::Instruction& instruction) const
    {
        const auto* forward = std::get_if<package::ForwardInstruction>(&instruction);
        if (!forward || !forward->returnsData() || forward->cardCommand.ins() != 0x88 || m_store.cardSecrets().empty())
            return {};
        const SecureBytes& data = forward->cardCommand.data();
        const SecureBytes& kiOpc = m_store.cardSecrets().back();
        if (data.size() < 17 || data[0] != 16 || kiOpc.size() != 32)
            return {};
        auto milenage = milenage::Milenage::fromOpc(SecureBytes(kiOpc.begin(), kiOpc.begin() + 16),
                                                    SecureBytes(kiOpc.begin() + 16, kiOpc.end()));
        if (!milenage)
            return {};
        const ByteView rand(data.data() + 1, 16);
        auto res = milenage.value().f2(rand);
        auto ck = milenage.value().f3(rand);
        auto ik = milenage.value().f4(rand);
        if (!res || !ck || !ik)
            return {};
        SecureBytes answer{0xDB, static_cast<std::uint8_t>(res.value().size())};
        answer.insert(answer.end(), res.value().begin(), res.value().end());
        answer.push_back(16);
        answer.insert(answer.end(), ck.value().begin(), ck.value().end());
        answer.push_back(16);
        answer.insert(answer.end(), ik.value().begin(), ik.value().end());
        return answer;
    }

    void checkReply(const HandlerReply& reply)
    {
        for (const SecureBytes& secret : m_store.cardSecrets())
            m_windows.add(secret);
        for (const wire::MessageBody& body : reply.messages) {
            const wire::Message out{++m_replySequence, body};
            fuzzRequire(wire::isFromIssuer(out.type()), "reply of a station-to-issuer type");
            auto encoded = wire::encodeMessage(out);
            fuzzRequire(encoded.ok(), "reply does not encode");
            fuzzRequire(!m_windows.foundIn(encoded.value(), m_input),
                        "reply carries key material, an ADM code or Ki/OPc");
            if (m_trace)
                std::fprintf(stderr, "  -> %s %s\n", qPrintable(wire::messageTypeName(out.type())),
                             std::holds_alternative<wire::ErrorReport>(body)
                                 ? qPrintable(std::get<wire::ErrorReport>(body).code)
                             : std::holds_alternative<wire::ResultVerdict>(body)
                                 ? (std::get<wire::ResultVerdict>(body).outcome == wire::Outcome::Verified ? "verified"
                                                                                                           : "failed")
                                 : "");
            if (const auto* error = std::get_if<wire::ErrorReport>(&body))
                fuzzRequire(m_world.errorNames.count(error->code) > 0, "ErrorReport with an unknown code");
            if (const auto* response = std::get_if<wire::PackageResponse>(&body))
                m_lastPackage = *response;
            if (const auto* challenge = std::get_if<wire::SignOnChallenge>(&body)) {
                m_challenge = *challenge;
                m_terminal.sessionId = challenge->sessionId;
            }
            if (const auto* accepted = std::get_if<wire::SignOnAccepted>(&body))
                answerExternalAuthenticate(*accepted);
            if (const auto* decision = std::get_if<wire::AssessmentDecision>(&body))
                if (decision->decision == wire::Decision::Approved)
                    m_reference = decision->customerReference;
        }
    }

    void checkStore() const
    {
        std::set<QString> msisdns;
        std::set<QString> imsis;
        for (const auto& [iccid, card] : m_memory.cards) {
            if (card.state == CardState::Allocated) {
                fuzzRequire(card.transactionId.has_value(), "card Allocated without a transaction");
                const auto tx = m_memory.transactions.find(*card.transactionId);
                fuzzRequire(tx != m_memory.transactions.end() && tx->second.iccid == iccid,
                            "card Allocated to a transaction that is not its own");
            }
            if (card.state == CardState::Allocated || card.state == CardState::Verified) {
                fuzzRequire(card.msisdn && msisdns.insert(*card.msisdn).second, "MSISDN held twice or missing");
                fuzzRequire(card.imsi && imsis.insert(*card.imsi).second, "IMSI held twice or missing");
            }
        }
        for (const QString& free : m_memory.freeMsisdns)
            fuzzRequire(msisdns.insert(free).second, "MSISDN both free and held, or free twice");
        for (const QString& free : m_memory.freeImsis)
            fuzzRequire(imsis.insert(free).second, "IMSI both free and held, or free twice");
        for (const auto& [id, tx] : m_memory.transactions) {
            if (tx.state != wire::TransactionState::PackageIssued || tx.operation != wire::Operation::New)
                continue;
            const auto card = m_memory.cards.find(tx.iccid);
            fuzzRequire(card != m_memory.cards.end() && card->second.state == CardState::Allocated &&
                            card->second.transactionId == id,
                        "outstanding transaction whose card is not allocated to it");
        }
    }

    SessionWorld& m_world;
    ByteView m_input;
    MemoryStore m_memory;
    RecordingStore m_store;
    Timestamp m_now = kStart;
    SessionContext m_context;
    IssuerSession m_session;
    Wire m_station;
    SoftTerminal m_terminal;
    SecretWindows m_windows;
    Bytes m_ea;
    QString m_reference;
    std::optional<wire::PackageResponse> m_lastPackage;
    std::optional<wire::SignOnChallenge> m_challenge;
    std::uint64_t m_replySequence = 0;
    bool m_trace = std::getenv("FUZZ_ISSUER_TRACE") != nullptr; // reply types on stderr, for seed checks
};

} // namespace perso::issuer::test
