// SPDX-License-Identifier: Apache-2.0
#include "protocol/wire/SealedBox.h"

#include <botan/aead.h>
#include <botan/exceptn.h>

#include <limits>

namespace perso::wire {

namespace {

constexpr std::size_t kSessionIdLength = 16;
constexpr std::size_t kCounterLength = 8;
constexpr std::size_t kTagLength = 16;

void putBigEndian(Bytes& out, std::uint64_t value, std::size_t length)
{
    for (std::size_t i = length; i-- > 0;)
        out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

Bytes nonce(std::uint32_t label, std::uint64_t counter)
{
    Bytes n;
    n.reserve(12);
    putBigEndian(n, label, 4);
    putBigEndian(n, counter, kCounterLength);
    return n;
}

Bytes associatedData(const Bytes& sessionId, std::uint32_t messageType)
{
    Bytes ad = sessionId;
    putBigEndian(ad, messageType, 4);
    return ad;
}

} // namespace

SealedBox::SealedBox(SealedBox&&) noexcept = default;
SealedBox& SealedBox::operator=(SealedBox&&) noexcept = default;
SealedBox::~SealedBox() = default;

Result<SealedBox> SealedBox::create(const SecureBytes& key, ByteView sessionId, const Config& config)
{
    if (key.size() != 16 && key.size() != 24 && key.size() != 32)
        return makeError(ErrorCode::InvalidParameter, QStringLiteral("AES key of %1 bytes").arg(key.size()));
    if (sessionId.size() != kSessionIdLength)
        return makeError(ErrorCode::InvalidParameter, QStringLiteral("session id of %1 bytes").arg(sessionId.size()));
    if (config.sealLabel == config.openLabel)
        return makeError(ErrorCode::InvalidParameter, QStringLiteral("both directions share one nonce label"));
    if (config.nextSealCounter == 0)
        return makeError(ErrorCode::InvalidParameter, QStringLiteral("seal counter starts at 1"));
    const std::string algorithm = "AES-" + std::to_string(key.size() * 8) + "/GCM";
    SealedBox box;
    box.m_sessionId.assign(sessionId.begin(), sessionId.end());
    box.m_config = config;
    box.m_encryptor = Botan::AEAD_Mode::create_or_throw(algorithm, Botan::ENCRYPTION);
    box.m_decryptor = Botan::AEAD_Mode::create_or_throw(algorithm, Botan::DECRYPTION);
    box.m_encryptor->set_key(key);
    box.m_decryptor->set_key(key);
    return box;
}

Result<SealedBox> SealedBox::forStation(const SecureBytes& key, ByteView sessionId)
{
    return create(key, sessionId, Config{kStationToIssuer, kIssuerToStation, 1, 0});
}

Result<SealedBox> SealedBox::forIssuer(const SecureBytes& key, ByteView sessionId)
{
    return create(key, sessionId, Config{kIssuerToStation, kStationToIssuer, 1, 0});
}

Result<Bytes> SealedBox::seal(ByteView plaintext, std::uint32_t messageType)
{
    const std::uint64_t counter = m_config.nextSealCounter;
    if (counter == 0 || counter == std::numeric_limits<std::uint64_t>::max())
        return makeError(ErrorCode::StateViolation, QStringLiteral("seal counter exhausted"));
    m_config.nextSealCounter = counter + 1; // consumed even if sealing failed below: never reused

    const Bytes ad = associatedData(m_sessionId, messageType);
    m_encryptor->set_associated_data(ad.data(), ad.size());
    m_encryptor->start(nonce(m_config.sealLabel, counter));
    SecureBytes buffer(plaintext.begin(), plaintext.end());
    m_encryptor->finish(buffer);

    Bytes out = m_sessionId;
    putBigEndian(out, counter, kCounterLength);
    out.insert(out.end(), buffer.begin(), buffer.end()); // ciphertext || tag: public
    return out;
}

Result<SecureBytes> SealedBox::open(ByteView sealed, std::uint32_t messageType)
{
    if (sealed.size() < kSessionIdLength + kCounterLength + kTagLength)
        return makeError(ErrorCode::Truncated, QStringLiteral("sealed box of %1 bytes").arg(sealed.size()));
    if (!constantTimeEqual(sealed.first(kSessionIdLength), view(m_sessionId)))
        return makeError(ErrorCode::WrongSession, QStringLiteral("sealed box belongs to another session"));
    std::uint64_t counter = 0;
    for (std::size_t i = 0; i < kCounterLength; ++i)
        counter = (counter << 8) | sealed[kSessionIdLength + i];
    if (counter <= m_config.lastOpenedCounter)
        return makeError(
            ErrorCode::SequenceViolation,
            QStringLiteral("sealed box counter %1 not above %2").arg(counter).arg(m_config.lastOpenedCounter));

    const Bytes ad = associatedData(m_sessionId, messageType);
    const ByteView body = sealed.subspan(kSessionIdLength + kCounterLength);
    SecureBytes buffer(body.begin(), body.end());
    try {
        m_decryptor->set_associated_data(ad.data(), ad.size());
        m_decryptor->start(nonce(m_config.openLabel, counter));
        m_decryptor->finish(buffer);
    } catch (const Botan::Invalid_Authentication_Tag&) {
        return makeError(ErrorCode::BadMac,
                         QStringLiteral("sealed box of %1 bytes does not authenticate").arg(sealed.size()));
    } catch (const Botan::Exception&) {
        return makeError(ErrorCode::BadMac, QStringLiteral("sealed box of %1 bytes rejected").arg(sealed.size()));
    }
    m_config.lastOpenedCounter = counter;
    return buffer;
}

} // namespace perso::wire
