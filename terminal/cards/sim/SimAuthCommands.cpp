// SPDX-License-Identifier: Apache-2.0
// AUTHENTICATE (TS 31.102 §7.1, 3G and GSM contexts) and RUN GSM ALGORITHM (TS 51.011 §9.2.16) with
// Milenage (TS 35.206) and the TS 33.102 c2/c3 conversions, keyed by the ADF's key file (Ki || OPc).
#include "terminal/cards/sim/SimCommands.h"

#include "protocol/milenage/GsmConversion.h"
#include "protocol/milenage/Milenage.h"

namespace perso::cards::sim {

namespace {

constexpr std::uint8_t kTagSuccess = 0xDB;
constexpr std::uint8_t kTagSyncFailure = 0xDC;

void appendLv(SecureBytes& out, ByteView value)
{
    out.push_back(static_cast<std::uint8_t>(value.size()));
    append(out, value);
}

// SRES (4) || Kc (8) for a RAND, or an empty buffer when Milenage refuses its input.
SecureBytes gsmTriplet(const milenage::Milenage& m, ByteView rand)
{
    auto res = m.f2(rand);
    auto ck = m.f3(rand);
    auto ik = m.f4(rand);
    if (!res || !ck || !ik) {
        return {};
    }
    auto sres = milenage::sresFromRes(view(res.value()));
    auto kc = milenage::kcFromCkIk(ck.value(), ik.value());
    if (!sres || !kc) {
        return {};
    }
    SecureBytes out;
    append(out, view(sres.value()));
    append(out, view(kc.value()));
    return out;
}

} // namespace

namespace {
// The application's Milenage instance, when the ADF holds a complete key file.
std::optional<milenage::Milenage> subscriberOf(const SimFile& adf)
{
    const SimFile* keys = adf.child(kFidKeys);
    if (keys == nullptr || keys->data.size() != kKeyFileSize || keys->lifeCycle != LifeCycle::Activated) {
        return std::nullopt;
    }
    const SecureBytes ki(keys->data.begin(), keys->data.begin() + 16);
    const SecureBytes opc(keys->data.begin() + 16, keys->data.end());
    auto m = milenage::Milenage::fromOpc(ki, opc);
    if (!m) {
        return std::nullopt;
    }
    return std::move(m).value();
}
} // namespace

ResponseApdu SimCommands::authenticate(const CommandApdu& c)
{
    if (c.p1() != 0x00 || (c.p2() != 0x80 && c.p2() != 0x81)) {
        return fail(Fault::IncorrectP1P2);
    }
    const bool gsmContext = c.p2() == 0x80;
    const SecureBytes& data = c.data();
    const std::size_t expected = gsmContext ? 1 + milenage::kRandSize : 2 + milenage::kRandSize + milenage::kAutnSize;
    if (data.size() != expected) {
        return fail(Fault::WrongLength);
    }
    if (data[0] != milenage::kRandSize || (!gsmContext && data[1 + milenage::kRandSize] != milenage::kAutnSize)) {
        return fail(Fault::WrongData);
    }
    const SimFile* adf = m_session.currentDf.empty() ? nullptr : m_state.mf.child(m_session.currentDf.front());
    if (adf == nullptr || adf->aid.empty()) {
        return fail(Fault::ConditionsNotSatisfied); // no application selected
    }
    if (adf->lifeCycle != LifeCycle::Activated) {
        return fail(Fault::FileNotUsable);
    }
    if (!satisfied(Condition::Pin1)) {
        return fail(m_state.pin1.initialised() ? Fault::SecurityNotSatisfied : Fault::NotInitialised);
    }
    auto subscriber = subscriberOf(*adf);
    if (!subscriber) {
        return fail(Fault::ReferenceNotFound);
    }
    const ByteView rand(data.data() + 1, milenage::kRandSize);
    if (gsmContext) {
        SecureBytes triplet = gsmTriplet(*subscriber, rand);
        if (triplet.empty()) {
            return fail(Fault::Technical);
        }
        SecureBytes out;
        appendLv(out, ByteView(triplet.data(), 4));
        appendLv(out, ByteView(triplet.data() + 4, 8));
        return offer(std::move(out), c.ne());
    }
    const ByteView autn(data.data() + 2 + milenage::kRandSize, milenage::kAutnSize);
    auto answer = subscriber->checkAutn(rand, autn, milenage::SqnPolicy{m_state.sqnMs});
    if (!answer) {
        return fail(answer.code() == ErrorCode::BadMac ? Fault::AuthMacFailure : Fault::Technical);
    }
    const milenage::CardResponse& r = answer.value();
    SecureBytes out;
    if (r.kind == milenage::CardResponse::Kind::SyncFailure) {
        out.push_back(kTagSyncFailure);
        appendLv(out, view(r.auts));
        return offer(std::move(out), c.ne());
    }
    auto kc = milenage::kcFromCkIk(r.ck, r.ik);
    if (!kc) {
        return fail(Fault::Technical);
    }
    out.push_back(kTagSuccess);
    appendLv(out, view(r.res));
    appendLv(out, view(r.ck));
    appendLv(out, view(r.ik));
    appendLv(out, view(kc.value()));
    m_state.sqnMs = r.sqn; // SQN tracking: written before the answer leaves the card
    markChanged();
    return offer(std::move(out), c.ne());
}

ResponseApdu SimCommands::runGsmAlgorithm(const CommandApdu& c)
{
    if (c.p1() != 0x00 || c.p2() != 0x00) {
        return fail(Fault::WrongP1P2);
    }
    if (c.data().size() != milenage::kRandSize) {
        return fail(Fault::WrongLength);
    }
    const SimFile* adf = m_session.currentDf.size() == 1 ? m_state.mf.child(m_session.currentDf.front()) : nullptr;
    if (adf == nullptr || adf->aid.empty()) {
        return fail(Fault::ConditionsNotSatisfied); // DF.GSM must be the current directory
    }
    if (adf->lifeCycle != LifeCycle::Activated) {
        return fail(Fault::FileNotUsable);
    }
    if (!satisfied(Condition::Pin1)) {
        return fail(m_state.pin1.initialised() ? Fault::SecurityNotSatisfied : Fault::NotInitialised);
    }
    auto subscriber = subscriberOf(*adf);
    if (!subscriber) {
        return fail(Fault::ReferenceNotFound);
    }
    SecureBytes triplet = gsmTriplet(*subscriber, view(c.data()));
    if (triplet.empty()) {
        return fail(Fault::Technical);
    }
    return offer(std::move(triplet), 0);
}

} // namespace perso::cards::sim
