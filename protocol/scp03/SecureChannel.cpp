// SPDX-License-Identifier: Apache-2.0
#include "protocol/scp03/SecureChannel.h"

#include "protocol/scp03/Kdf.h"

#include <botan/block_cipher.h>
#include <botan/cipher_mode.h>
#include <botan/mac.h>
#include <botan/mem_ops.h>

#include <array>
#include <limits>
#include <string>

namespace perso::scp03 {

namespace {

constexpr std::size_t kBlock = 16;
constexpr std::uint8_t kClaSecureMessaging = 0x04;
constexpr std::uint8_t kAllowedLevelBits = level::kCMac | level::kCDecryption | level::kRMac | level::kREncryption;

std::string aesName(std::size_t keyLength)
{
    return "AES-" + std::to_string(keyLength * 8);
}

std::size_t macLength(ChallengeMode mode)
{
    return static_cast<std::size_t>(mode);
}

Error stateError(const char* what)
{
    return makeError(ErrorCode::StateViolation, QStringLiteral("secure channel: %1").arg(QLatin1String(what)));
}

// GP: '9000' and warnings '62xx'/'63xx' are protected; every other status word travels alone.
bool isProtectedStatus(std::uint16_t sw)
{
    const std::uint8_t sw1 = static_cast<std::uint8_t>(sw >> 8);
    return sw == 0x9000 || sw1 == 0x62 || sw1 == 0x63;
}

// ISO/IEC 9797-1 padding method 2 to a multiple of the AES block: 80 00 .. 00 (always added).
void pad(SecureBytes& data)
{
    data.push_back(0x80);
    while (data.size() % kBlock != 0)
        data.push_back(0x00);
}

bool unpad(SecureBytes& data)
{
    std::size_t end = data.size();
    while (end > 0 && data[end - 1] == 0x00)
        --end;
    if (end == 0 || data[end - 1] != 0x80 || data.size() - end >= kBlock)
        return false;
    data.resize(end - 1);
    return true;
}

// ICV = AES-ECB(S-ENC, counter as a 16-byte big-endian block); responses set the first byte to 80.
SecureBytes icv(const SecureBytes& sEnc, std::uint32_t counter, bool response)
{
    SecureBytes block(kBlock, 0x00);
    block[12] = static_cast<std::uint8_t>(counter >> 24);
    block[13] = static_cast<std::uint8_t>(counter >> 16);
    block[14] = static_cast<std::uint8_t>(counter >> 8);
    block[15] = static_cast<std::uint8_t>(counter);
    if (response)
        block[0] = 0x80;
    auto aes = Botan::BlockCipher::create_or_throw(aesName(sEnc.size()));
    aes->set_key(sEnc);
    aes->encrypt(block);
    return block;
}

// AES-CBC without padding over block-aligned data, in place.
void cbc(const SecureBytes& sEnc, const SecureBytes& iv, SecureBytes& data, Botan::Cipher_Dir direction)
{
    auto mode = Botan::Cipher_Mode::create_or_throw(aesName(sEnc.size()) + "/CBC/NoPadding", direction);
    mode->set_key(sEnc);
    mode->start(iv);
    mode->finish(data);
}

// Lc as transmitted: one byte in the short form, 00 Lc1 Lc2 in the extended form.
void appendLc(Bytes& out, std::size_t nc, bool extended)
{
    if (extended) {
        out.push_back(0x00);
        out.push_back(static_cast<std::uint8_t>(nc >> 8));
    }
    out.push_back(static_cast<std::uint8_t>(nc & 0xFF));
}

bool needsExtended(std::size_t nc, std::size_t ne)
{
    return nc > CommandApdu::kMaxShortNc || ne > CommandApdu::kMaxShortNe;
}

// CMAC(S-MAC, chaining value || CLA' INS P1 P2 Lc || data), CLA' = logical channel 0, b4 = 0, b3 = 1.
Bytes commandMac(const SecureBytes& sMac, ByteView chainingValue, const CommandApdu& header, ByteView body,
                 std::size_t wrappedNc, std::size_t wrappedNe)
{
    Bytes head{static_cast<std::uint8_t>((header.cla() & 0xF0) | kClaSecureMessaging), header.ins(), header.p1(),
               header.p2()};
    appendLc(head, wrappedNc, needsExtended(wrappedNc, wrappedNe));
    auto cmac = Botan::MessageAuthenticationCode::create_or_throw("CMAC(" + aesName(sMac.size()) + ")");
    cmac->set_key(sMac);
    cmac->update(chainingValue.data(), chainingValue.size());
    cmac->update(head);
    cmac->update(body.data(), body.size());
    Bytes out(kBlock);
    cmac->final(out.data());
    return out;
}

Bytes responseMac(const SecureBytes& sRmac, ByteView chainingValue, ByteView body, std::uint16_t sw)
{
    auto cmac = Botan::MessageAuthenticationCode::create_or_throw("CMAC(" + aesName(sRmac.size()) + ")");
    cmac->set_key(sRmac);
    cmac->update(chainingValue.data(), chainingValue.size());
    cmac->update(body.data(), body.size());
    cmac->update(static_cast<std::uint8_t>(sw >> 8));
    cmac->update(static_cast<std::uint8_t>(sw & 0xFF));
    Bytes out(kBlock);
    cmac->final(out.data());
    return out;
}

} // namespace

SecureChannel::SecureChannel(SessionKeys keys, std::uint8_t level, Role role, State initial)
    : m_keys(std::move(keys)), m_level(level), m_role(role), m_state(std::move(initial)), m_open(true)
{}

Result<SecureChannel> SecureChannel::open(SessionKeys keys, std::uint8_t securityLevel, Role role, State initial)
{
    const std::size_t keyLength = keys.sEnc.size();
    if (!isAesKeyLength(keyLength) || keys.sMac.size() != keyLength || keys.sRmac.size() != keyLength)
        return makeError(ErrorCode::InvalidParameter,
                         QStringLiteral("session keys must all be 16, 24 or 32 bytes (S-ENC %1, S-MAC %2, S-RMAC %3)")
                             .arg(keys.sEnc.size())
                             .arg(keys.sMac.size())
                             .arg(keys.sRmac.size()));
    if (keys.mode != ChallengeMode::S8 && keys.mode != ChallengeMode::S16)
        return makeError(ErrorCode::InvalidParameter, QStringLiteral("unknown challenge mode"));
    const bool rEnc = (securityLevel & level::kREncryption) != 0;
    if ((securityLevel & ~kAllowedLevelBits) != 0 || (securityLevel & level::kCMac) == 0 ||
        (rEnc && (securityLevel & (level::kRMac | level::kCDecryption)) != (level::kRMac | level::kCDecryption)))
        return makeError(ErrorCode::InvalidParameter,
                         QStringLiteral("security level %1 is not supported (01, 03, 11, 13 or 33)")
                             .arg(securityLevel, 2, 16, QLatin1Char('0')));
    if (initial.macChainingValue.size() != kBlock)
        return makeError(
            ErrorCode::InvalidParameter,
            QStringLiteral("MAC chaining value must be 16 bytes, got %1").arg(initial.macChainingValue.size()));
    return SecureChannel(std::move(keys), securityLevel, role, std::move(initial));
}

Status SecureChannel::restore(const State& state)
{
    if (!m_open)
        return stateError("channel is closed");
    if (m_role != Role::Host)
        return stateError("only the host may restore a recorded state");
    if (state.macChainingValue.size() != kBlock)
        return makeError(
            ErrorCode::InvalidParameter,
            QStringLiteral("MAC chaining value must be 16 bytes, got %1").arg(state.macChainingValue.size()));
    m_state = state;
    return Ok{};
}

void SecureChannel::close()
{
    Botan::zap(m_keys.sEnc);
    Botan::zap(m_keys.sMac);
    Botan::zap(m_keys.sRmac);
    m_open = false;
}

Result<CommandApdu> SecureChannel::wrapCommand(const CommandApdu& plain)
{
    if (!m_open)
        return stateError("channel is closed");
    if (m_role != Role::Host)
        return stateError("wrapCommand is a host operation");
    if ((plain.cla() & 0x40) != 0 || (plain.cla() & kClaSecureMessaging) != 0 || plain.cla() == 0xFF)
        return makeError(
            ErrorCode::InvalidParameter,
            QStringLiteral("CLA %1 cannot carry GP secure messaging").arg(plain.cla(), 2, 16, QLatin1Char('0')));
    if (m_state.encryptionCounter == std::numeric_limits<std::uint32_t>::max())
        return stateError("encryption counter exhausted");

    const std::uint32_t counter = m_state.encryptionCounter + 1;
    SecureBytes body = plain.data();
    if ((m_level & level::kCDecryption) != 0 && !body.empty()) {
        pad(body);
        cbc(m_keys.sEnc, icv(m_keys.sEnc, counter, false), body, Botan::ENCRYPTION);
    }
    const std::size_t macLen = macLength(m_keys.mode);
    const std::size_t wrappedNc = body.size() + macLen;
    if (wrappedNc > CommandApdu::kMaxExtendedNc)
        return makeError(ErrorCode::InvalidLength,
                         QStringLiteral("wrapped command data of %1 bytes exceeds 65535").arg(wrappedNc));
    std::size_t wrappedNe = 0;
    if (plain.ne() != 0)
        wrappedNe = (plain.ne() <= CommandApdu::kMaxShortNe && wrappedNc <= CommandApdu::kMaxShortNc)
                        ? CommandApdu::kMaxShortNe
                        : CommandApdu::kMaxExtendedNe;

    const Bytes mac = commandMac(m_keys.sMac, m_state.macChainingValue, plain, body, wrappedNc, wrappedNe);
    body.insert(body.end(), mac.begin(), mac.begin() + static_cast<std::ptrdiff_t>(macLen));
    m_state.macChainingValue = mac;
    m_state.encryptionCounter = counter;
    return CommandApdu(static_cast<std::uint8_t>(plain.cla() | kClaSecureMessaging), plain.ins(), plain.p1(),
                       plain.p2(), std::move(body), wrappedNe);
}

Result<CommandApdu> SecureChannel::unwrapCommand(const CommandApdu& wrapped)
{
    if (!m_open)
        return stateError("channel is closed");
    if (m_role != Role::Card)
        return stateError("unwrapCommand is a card operation");
    // From here on every failure closes the channel, as GP requires of the card.
    const auto fail = [this](Error error) -> Result<CommandApdu> {
        close();
        return error;
    };
    if ((wrapped.cla() & kClaSecureMessaging) == 0 || (wrapped.cla() & 0x40) != 0)
        return fail(
            makeError(ErrorCode::SecurityLevelNotMet,
                      QStringLiteral("command CLA %1 carries no C-MAC").arg(wrapped.cla(), 2, 16, QLatin1Char('0'))));
    const std::size_t macLen = macLength(m_keys.mode);
    const SecureBytes& data = wrapped.data();
    if (data.size() < macLen)
        return fail(makeError(ErrorCode::BadMac,
                              QStringLiteral("command data of %1 bytes is shorter than the C-MAC").arg(data.size())));
    if (m_state.encryptionCounter == std::numeric_limits<std::uint32_t>::max())
        return fail(stateError("encryption counter exhausted"));

    const ByteView body(data.data(), data.size() - macLen);
    const Bytes mac = commandMac(m_keys.sMac, m_state.macChainingValue, wrapped, body, data.size(), wrapped.ne());
    if (!constantTimeEqual(ByteView(mac.data(), macLen), ByteView(data.data() + body.size(), macLen)))
        return fail(makeError(ErrorCode::BadMac, QStringLiteral("C-MAC does not verify")));

    const std::uint32_t counter = m_state.encryptionCounter + 1;
    SecureBytes plainData(body.begin(), body.end());
    if ((m_level & level::kCDecryption) != 0 && !plainData.empty()) {
        if (plainData.size() % kBlock != 0)
            return fail(
                makeError(ErrorCode::BadPadding,
                          QStringLiteral("encrypted data of %1 bytes is not block aligned").arg(plainData.size())));
        cbc(m_keys.sEnc, icv(m_keys.sEnc, counter, false), plainData, Botan::DECRYPTION);
        if (!unpad(plainData))
            return fail(makeError(ErrorCode::BadPadding, QStringLiteral("decrypted command data is not padded")));
    }
    m_state.macChainingValue = mac;
    m_state.encryptionCounter = counter;
    return CommandApdu(static_cast<std::uint8_t>(wrapped.cla() & ~kClaSecureMessaging), wrapped.ins(), wrapped.p1(),
                       wrapped.p2(), std::move(plainData), wrapped.ne());
}

Result<ResponseApdu> SecureChannel::wrapResponse(const ResponseApdu& plain)
{
    if (!m_open)
        return stateError("channel is closed");
    if (m_role != Role::Card)
        return stateError("wrapResponse is a card operation");
    if ((m_level & level::kRMac) == 0)
        return plain;
    if (!isProtectedStatus(plain.sw()))
        return ResponseApdu(plain.sw()); // GP: an error status word travels alone, without R-MAC

    SecureBytes body = plain.data();
    if ((m_level & level::kREncryption) != 0 && !body.empty()) {
        pad(body);
        cbc(m_keys.sEnc, icv(m_keys.sEnc, m_state.encryptionCounter, true), body, Botan::ENCRYPTION);
    }
    const std::size_t macLen = macLength(m_keys.mode);
    if (body.size() + macLen > ResponseApdu::kMaxData)
        return makeError(ErrorCode::InvalidLength,
                         QStringLiteral("wrapped response data of %1 bytes is too long").arg(body.size() + macLen));
    const Bytes mac = responseMac(m_keys.sRmac, m_state.macChainingValue, body, plain.sw());
    body.insert(body.end(), mac.begin(), mac.begin() + static_cast<std::ptrdiff_t>(macLen));
    return ResponseApdu(plain.sw(), std::move(body));
}

Result<ResponseApdu> SecureChannel::unwrapResponse(const ResponseApdu& wrapped)
{
    if (!m_open)
        return stateError("channel is closed");
    if (m_role != Role::Host)
        return stateError("unwrapResponse is a host operation");
    if ((m_level & level::kRMac) == 0)
        return wrapped;
    const SecureBytes& data = wrapped.data();
    if (!isProtectedStatus(wrapped.sw())) {
        if (!data.empty())
            return makeError(ErrorCode::BadMac, QStringLiteral("error status %1 with %2 unprotected data bytes")
                                                    .arg(wrapped.sw(), 4, 16, QLatin1Char('0'))
                                                    .arg(data.size()));
        return wrapped;
    }
    const std::size_t macLen = macLength(m_keys.mode);
    if (data.size() < macLen)
        return makeError(ErrorCode::BadMac,
                         QStringLiteral("response data of %1 bytes is shorter than the R-MAC").arg(data.size()));
    const ByteView body(data.data(), data.size() - macLen);
    const Bytes mac = responseMac(m_keys.sRmac, m_state.macChainingValue, body, wrapped.sw());
    if (!constantTimeEqual(ByteView(mac.data(), macLen), ByteView(data.data() + body.size(), macLen)))
        return makeError(ErrorCode::BadMac, QStringLiteral("R-MAC does not verify"));

    SecureBytes plainData(body.begin(), body.end());
    if ((m_level & level::kREncryption) != 0 && !plainData.empty()) {
        if (plainData.size() % kBlock != 0)
            return makeError(
                ErrorCode::BadPadding,
                QStringLiteral("encrypted response of %1 bytes is not block aligned").arg(plainData.size()));
        cbc(m_keys.sEnc, icv(m_keys.sEnc, m_state.encryptionCounter, true), plainData, Botan::DECRYPTION);
        if (!unpad(plainData))
            return makeError(ErrorCode::BadPadding, QStringLiteral("decrypted response data is not padded"));
    }
    return ResponseApdu(wrapped.sw(), std::move(plainData));
}

} // namespace perso::scp03
