// SPDX-License-Identifier: Apache-2.0
#include "protocol/scp03/Handshake.h"

#include <botan/rng.h>

namespace perso::scp03 {

namespace {

constexpr std::uint8_t kInsInitializeUpdate = 0x50;
constexpr std::uint8_t kInsExternalAuthenticate = 0x82;

Error outOfOrder(const char* call)
{
    return makeError(ErrorCode::StateViolation,
                     QStringLiteral("card handshake: %1 out of order").arg(QLatin1String(call)));
}

QString hexByte(std::uint8_t value)
{
    return QStringLiteral("%1").arg(value, 2, 16, QLatin1Char('0'));
}

} // namespace

CardHandshake::CardHandshake(StaticKeys keys, Bytes keyDiversificationData, ChallengeMode mode)
    : m_keys(std::move(keys)), m_keyDiversificationData(std::move(keyDiversificationData)), m_mode(mode)
{}

Error CardHandshake::fail(Error error)
{
    m_step = Step::Failed;
    m_sessionKeys.reset();
    return error;
}

Result<ResponseApdu> CardHandshake::initializeUpdate(const CommandApdu& command, Botan::RandomNumberGenerator& rng)
{
    Bytes challenge(static_cast<std::size_t>(m_mode));
    rng.randomize(challenge.data(), challenge.size());
    return initializeUpdate(command, challenge);
}

Result<ResponseApdu> CardHandshake::initializeUpdate(const CommandApdu& command, ByteView cardChallenge)
{
    if (m_step != Step::Initial)
        return outOfOrder("INITIALIZE UPDATE");
    const std::size_t length = static_cast<std::size_t>(m_mode);
    if ((command.cla() & 0xFC) != 0x80 || command.ins() != kInsInitializeUpdate || command.p2() != 0x00)
        return fail(makeError(ErrorCode::InvalidEncoding,
                              QStringLiteral("not an INITIALIZE UPDATE: %1 %2 .. %3")
                                  .arg(hexByte(command.cla()), hexByte(command.ins()), hexByte(command.p2()))));
    if (command.p1() != 0x00 && command.p1() != m_keys.keyVersion)
        return fail(
            makeError(ErrorCode::InvalidParameter, QStringLiteral("key version %1 requested, this card has %2")
                                                       .arg(hexByte(command.p1()), hexByte(m_keys.keyVersion))));
    if (command.data().size() != length)
        return fail(makeError(
            ErrorCode::InvalidLength,
            QStringLiteral("host challenge of %1 bytes, expected %2").arg(command.data().size()).arg(length)));
    if (cardChallenge.size() != length || m_keyDiversificationData.size() != kKeyDiversificationDataLength)
        return fail(makeError(ErrorCode::InvalidParameter,
                              QStringLiteral("card challenge (%1 bytes) or key diversification data (%2 bytes) invalid")
                                  .arg(cardChallenge.size())
                                  .arg(m_keyDiversificationData.size())));

    m_hostChallenge.assign(command.data().begin(), command.data().end());
    m_cardChallenge.assign(cardChallenge.begin(), cardChallenge.end());
    auto keys = deriveSessionKeys(m_keys, m_hostChallenge, m_cardChallenge, m_mode);
    if (!keys)
        return fail(keys.error());

    InitializeUpdateResponse response;
    response.keyDiversificationData = m_keyDiversificationData;
    response.keyVersion = m_keys.keyVersion;
    response.iParameter = static_cast<std::uint8_t>((m_mode == ChallengeMode::S16 ? iparam::kS16 : 0) |
                                                    iparam::kRMacSupport | iparam::kREncryptionSupport);
    response.cardChallenge = m_cardChallenge;
    response.cardCryptogram = cardCryptogram(keys.value(), m_hostChallenge, m_cardChallenge);
    m_sessionKeys = std::move(keys).value();
    m_step = Step::AwaitingExternalAuthenticate;
    const Bytes data = response.encode();
    return ResponseApdu(0x9000, SecureBytes(data.begin(), data.end()));
}

Result<CardHandshake::Established> CardHandshake::externalAuthenticate(const CommandApdu& command)
{
    if (m_step != Step::AwaitingExternalAuthenticate || !m_sessionKeys)
        return outOfOrder("EXTERNAL AUTHENTICATE");
    const std::size_t length = static_cast<std::size_t>(m_mode);
    if ((command.cla() & 0xF8) != 0x80 || command.ins() != kInsExternalAuthenticate || command.p2() != 0x00)
        return fail(makeError(ErrorCode::InvalidEncoding,
                              QStringLiteral("not an EXTERNAL AUTHENTICATE: %1 %2 .. %3")
                                  .arg(hexByte(command.cla()), hexByte(command.ins()), hexByte(command.p2()))));
    if ((command.cla() & 0x04) == 0)
        return fail(makeError(ErrorCode::SecurityLevelNotMet, QStringLiteral("EXTERNAL AUTHENTICATE without C-MAC")));
    if (command.data().size() != 2 * length)
        return fail(
            makeError(ErrorCode::InvalidLength, QStringLiteral("EXTERNAL AUTHENTICATE data of %1 bytes, expected %2")
                                                    .arg(command.data().size())
                                                    .arg(2 * length)));
    const std::uint8_t securityLevel = command.p1();
    if (auto probe = SecureChannel::open(*m_sessionKeys, securityLevel, SecureChannel::Role::Card); !probe)
        return fail(probe.error());

    const Bytes expected = hostCryptogram(*m_sessionKeys, m_hostChallenge, m_cardChallenge);
    if (!constantTimeEqual(expected, ByteView(command.data().data(), length)))
        return fail(makeError(ErrorCode::BadCryptogram, QStringLiteral("host cryptogram does not verify")));
    auto macOnly = SecureChannel::open(*m_sessionKeys, level::kCMac, SecureChannel::Role::Card);
    if (!macOnly)
        return fail(macOnly.error());
    auto unwrapped = macOnly.value().unwrapCommand(command);
    if (!unwrapped)
        return fail(unwrapped.error());
    const SecureChannel::State afterAuthentication{macOnly.value().state().macChainingValue, 0};
    macOnly.value().close();

    auto channel =
        SecureChannel::open(std::move(*m_sessionKeys), securityLevel, SecureChannel::Role::Card, afterAuthentication);
    m_sessionKeys.reset();
    if (!channel)
        return fail(channel.error());
    m_step = Step::Done;
    return Established{std::move(channel).value(), ResponseApdu(0x9000)};
}

} // namespace perso::scp03
