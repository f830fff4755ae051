// SPDX-License-Identifier: Apache-2.0
// VERIFY, CHANGE, DISABLE/ENABLE and UNBLOCK of PIN1/CHV1, PIN2/CHV2 and ADM1 for both classes.
#include "terminal/cards/sim/SimCommands.h"

namespace perso::cards::sim {

namespace {

constexpr std::size_t kMinPinDigits = 4;
constexpr std::size_t kPukDigits = 8;
constexpr std::size_t kAdmDigits = 8;

// Key reference of the P2 byte: TS 102 221 (01, 81, 0A) or TS 51.011 (CHV 01, 02; UNBLOCK 00, 02).
// ADM1 (0A) is accepted in both classes. 0 = unknown.
std::uint8_t referenceOf(std::uint8_t p2, Dialect dialect, bool unblockCommand)
{
    if (dialect == Dialect::Uicc) {
        return (p2 == kRefPin1 || p2 == kRefPin2 || p2 == kRefAdm1) ? p2 : 0;
    }
    if (p2 == 0x02) {
        return kRefPin2;
    }
    if (p2 == (unblockCommand ? 0x00 : 0x01)) {
        return kRefPin1;
    }
    return p2 == kRefAdm1 && !unblockCommand ? kRefAdm1 : 0;
}

std::size_t minDigitsFor(std::uint8_t reference)
{
    if (reference == kRefAdm1) {
        return kAdmDigits;
    }
    return (reference == kRefPuk1 || reference == kRefPuk2) ? kPukDigits : kMinPinDigits;
}

SecureBytes slice(const SecureBytes& data, std::size_t offset)
{
    return SecureBytes(data.begin() + static_cast<std::ptrdiff_t>(offset),
                       data.begin() + static_cast<std::ptrdiff_t>(offset + SecretCode::kLength));
}

// A code that was never set: PIN2 is simply absent in the UICC view (6A88); TS 51.011 answers 9802.
Fault absentCode(std::uint8_t reference, Dialect dialect)
{
    return reference == kRefPin2 && dialect == Dialect::Uicc ? Fault::ReferenceNotFound : Fault::NotInitialised;
}

bool& verifiedFlag(SimSession& session, std::uint8_t reference)
{
    if (reference == kRefPin2) {
        return session.pin2Verified;
    }
    return reference == kRefAdm1 ? session.admVerified : session.pin1Verified;
}
} // namespace

ResponseApdu SimCommands::verify(const CommandApdu& c)
{
    const std::uint8_t ref = referenceOf(c.p2(), m_dialect, false);
    if (c.p1() != 0x00) {
        return fail(Fault::IncorrectP1P2);
    }
    if (ref == 0) {
        return fail(m_dialect == Dialect::Gsm ? Fault::WrongP1P2 : Fault::ReferenceNotFound);
    }
    SecretCode& code = *m_state.code(ref);
    bool& verified = verifiedFlag(m_session, ref);
    if (!code.initialised()) {
        return fail(absentCode(ref, m_dialect));
    }
    if (c.data().empty() && m_dialect == Dialect::Uicc) {
        if (code.blocked()) {
            return fail(Fault::Blocked);
        }
        return (verified || !code.enabled()) ? ok() : ResponseApdu(wrongSecret(code.triesLeft(), m_dialect));
    }
    if (c.data().size() != SecretCode::kLength) {
        return fail(Fault::WrongLength);
    }
    if (code.blocked()) {
        return fail(Fault::Blocked);
    }
    if (!code.enabled()) {
        return fail(Fault::PinStateContradiction);
    }
    markChanged(); // the retry counter is written before the answer, match or not
    if (!code.check(view(c.data()))) {
        verified = false;
        return ResponseApdu(wrongSecret(code.triesLeft(), m_dialect));
    }
    verified = true;
    return ok();
}

ResponseApdu SimCommands::changeCode(const CommandApdu& c)
{
    if (c.p1() == 0x01 && m_dialect == Dialect::Uicc) {
        // Personalisation: CHANGE REFERENCE DATA with "new value only" (ISO/IEC 7816-4 P1 = 01),
        // for PIN1, PIN2, PUK1 (11) and PUK2 (91), only with ADM1 verified.
        SecretCode* target = c.p2() == kRefAdm1 ? nullptr : m_state.code(c.p2());
        if (target == nullptr) {
            return fail(Fault::ReferenceNotFound);
        }
        if (c.data().size() != SecretCode::kLength) {
            return fail(Fault::WrongLength);
        }
        if (!m_session.admVerified) {
            return fail(Fault::SecurityNotSatisfied);
        }
        if (!isWellFormedCode(view(c.data()), minDigitsFor(c.p2()))) {
            return fail(Fault::WrongData);
        }
        target->assign(c.data());
        if (c.p2() == kRefPin1 || c.p2() == kRefPin2) {
            verifiedFlag(m_session, c.p2()) = true;
        }
        markChanged();
        return ok();
    }
    if (c.p1() != 0x00) {
        return fail(Fault::IncorrectP1P2);
    }
    const std::uint8_t ref = referenceOf(c.p2(), m_dialect, false);
    if (ref == 0) {
        return fail(m_dialect == Dialect::Gsm ? Fault::WrongP1P2 : Fault::ReferenceNotFound);
    }
    if (c.data().size() != 2 * SecretCode::kLength) {
        return fail(Fault::WrongLength);
    }
    SecretCode& code = *m_state.code(ref);
    if (!code.initialised()) {
        return fail(absentCode(ref, m_dialect));
    }
    if (code.blocked()) {
        return fail(Fault::Blocked);
    }
    if (!code.enabled()) {
        return fail(Fault::PinStateContradiction);
    }
    SecureBytes newValue = slice(c.data(), SecretCode::kLength);
    if (!isWellFormedCode(view(newValue), minDigitsFor(ref))) {
        return fail(Fault::WrongData);
    }
    markChanged();
    bool& verified = verifiedFlag(m_session, ref);
    if (!code.check(view(slice(c.data(), 0)))) {
        verified = false;
        return ResponseApdu(wrongSecret(code.triesLeft(), m_dialect));
    }
    code.assign(std::move(newValue));
    verified = true;
    return ok();
}

ResponseApdu SimCommands::setVerificationRequirement(const CommandApdu& c, bool enable)
{
    if (c.p1() != 0x00) {
        return fail(Fault::IncorrectP1P2);
    }
    if (referenceOf(c.p2(), m_dialect, false) != kRefPin1) {
        // Only PIN1/CHV1 may be disabled (TS 51.011 §8.10; our profile keeps PIN2 and ADM1 always on).
        return fail(m_dialect == Dialect::Gsm ? Fault::WrongP1P2 : Fault::IncorrectP1P2);
    }
    if (c.data().size() != SecretCode::kLength) {
        return fail(Fault::WrongLength);
    }
    SecretCode& code = m_state.pin1;
    if (!code.initialised()) {
        return fail(Fault::NotInitialised);
    }
    if (code.blocked()) {
        return fail(Fault::Blocked);
    }
    if (code.enabled() == enable) {
        return fail(Fault::PinStateContradiction);
    }
    markChanged();
    if (!code.check(view(c.data()))) {
        m_session.pin1Verified = false;
        return ResponseApdu(wrongSecret(code.triesLeft(), m_dialect));
    }
    code.setEnabled(enable);
    m_session.pin1Verified = true;
    return ok();
}

ResponseApdu SimCommands::unblock(const CommandApdu& c)
{
    if (c.p1() != 0x00) {
        return fail(Fault::IncorrectP1P2);
    }
    const std::uint8_t ref = referenceOf(c.p2(), m_dialect, m_dialect == Dialect::Gsm);
    if (ref != kRefPin1 && ref != kRefPin2) {
        return fail(m_dialect == Dialect::Gsm ? Fault::WrongP1P2 : Fault::ReferenceNotFound);
    }
    SecretCode& pin = *m_state.code(ref);
    SecretCode& puk = *m_state.unblockKeyOf(ref);
    if (!pin.initialised() || !puk.initialised()) {
        return fail(ref == kRefPin2 && m_dialect == Dialect::Uicc ? Fault::ReferenceNotFound : Fault::NotInitialised);
    }
    if (c.data().empty() && m_dialect == Dialect::Uicc) {
        return puk.blocked() ? fail(Fault::Blocked) : ResponseApdu(wrongSecret(puk.triesLeft(), m_dialect));
    }
    if (c.data().size() != 2 * SecretCode::kLength) {
        return fail(Fault::WrongLength);
    }
    if (puk.blocked()) {
        return fail(Fault::Blocked);
    }
    SecureBytes newPin = slice(c.data(), SecretCode::kLength);
    if (!isWellFormedCode(view(newPin), kMinPinDigits)) {
        return fail(Fault::WrongData);
    }
    markChanged();
    bool& verified = verifiedFlag(m_session, ref);
    if (!puk.check(view(slice(c.data(), 0)))) {
        return ResponseApdu(wrongSecret(puk.triesLeft(), m_dialect));
    }
    pin.assign(std::move(newPin));
    verified = true;
    return ok();
}

} // namespace perso::cards::sim
