// SPDX-License-Identifier: Apache-2.0
#include "protocol/scp03/Handshake.h"

#include <botan/rng.h>

namespace perso::scp03 {

namespace {

constexpr std::uint8_t kInsInitializeUpdate = 0x50;
constexpr std::uint8_t kInsExternalAuthenticate = 0x82;
constexpr std::uint16_t kSwReferencedDataNotFound = 0x6A88;

Error outOfOrder(const char* call)
{
    return makeError(ErrorCode::StateViolation,
                     QStringLiteral("host handshake: %1 out of order").arg(QLatin1String(call)));
}

} // namespace

HostHandshake::HostHandshake(StaticKeys keys, std::uint8_t securityLevel, ChallengeMode mode)
    : m_keys(std::move(keys)), m_level(securityLevel), m_mode(mode)
{}

Error HostHandshake::fail(Error error)
{
    m_step = Step::Failed;
    m_sessionKeys.reset();
    return error;
}

Result<CommandApdu> HostHandshake::initializeUpdate(Botan::RandomNumberGenerator& rng)
{
    Bytes challenge(static_cast<std::size_t>(m_mode));
    rng.randomize(challenge.data(), challenge.size());
    return initializeUpdate(challenge);
}

Result<CommandApdu> HostHandshake::initializeUpdate(ByteView hostChallenge)
{
    if (m_step != Step::Initial)
        return outOfOrder("INITIALIZE UPDATE");
    if (m_mode != ChallengeMode::S8 && m_mode != ChallengeMode::S16)
        return fail(makeError(ErrorCode::InvalidParameter, QStringLiteral("unknown challenge mode")));
    if (hostChallenge.size() != static_cast<std::size_t>(m_mode))
        return fail(makeError(ErrorCode::InvalidParameter, QStringLiteral("host challenge must be %1 bytes, got %2")
                                                               .arg(static_cast<int>(m_mode))
                                                               .arg(hostChallenge.size())));
    // The channel parameters are checked now so that a bad level fails before anything is sent.
    if (auto probe = SecureChannel::open(SessionKeys{SecureBytes(16), SecureBytes(16), SecureBytes(16), m_mode},
                                         m_level, SecureChannel::Role::Host);
        !probe)
        return fail(probe.error());
    m_hostChallenge.assign(hostChallenge.begin(), hostChallenge.end());
    m_step = Step::AwaitingInitializeUpdateResponse;
    return CommandApdu(0x80, kInsInitializeUpdate, m_keys.keyVersion, 0x00,
                       SecureBytes(hostChallenge.begin(), hostChallenge.end()), CommandApdu::kMaxShortNe);
}

Result<CommandApdu> HostHandshake::externalAuthenticate(const ResponseApdu& response)
{
    if (m_step != Step::AwaitingInitializeUpdateResponse)
        return outOfOrder("EXTERNAL AUTHENTICATE");
    if (response.sw() == kSwReferencedDataNotFound)
        return fail(
            makeError(ErrorCode::InvalidParameter,
                      QStringLiteral("card has no key version %1").arg(m_keys.keyVersion, 2, 16, QLatin1Char('0'))));
    if (response.sw() != 0x9000)
        return fail(makeError(
            ErrorCode::UnexpectedMessage,
            QStringLiteral("INITIALIZE UPDATE failed with SW %1").arg(response.sw(), 4, 16, QLatin1Char('0'))));
    auto decoded = InitializeUpdateResponse::decode(response.data());
    if (!decoded)
        return fail(decoded.error());
    const InitializeUpdateResponse& parsed = decoded.value();
    if (parsed.mode() != m_mode)
        return fail(makeError(ErrorCode::InvalidParameter, QStringLiteral("card answered in S%1 mode, S%2 requested")
                                                               .arg(static_cast<int>(parsed.mode()))
                                                               .arg(static_cast<int>(m_mode))));
    if (m_keys.keyVersion != 0 && parsed.keyVersion != m_keys.keyVersion)
        return fail(makeError(ErrorCode::InvalidParameter, QStringLiteral("card answered with key version %1, not %2")
                                                               .arg(parsed.keyVersion, 2, 16, QLatin1Char('0'))
                                                               .arg(m_keys.keyVersion, 2, 16, QLatin1Char('0'))));
    if (((m_level & level::kRMac) && !(parsed.iParameter & iparam::kRMacSupport)) ||
        ((m_level & level::kREncryption) && !(parsed.iParameter & iparam::kREncryptionSupport)))
        return fail(
            makeError(ErrorCode::SecurityLevelNotMet, QStringLiteral("card (i=%1) does not support security level %2")
                                                          .arg(parsed.iParameter, 2, 16, QLatin1Char('0'))
                                                          .arg(m_level, 2, 16, QLatin1Char('0'))));

    auto keys = deriveSessionKeys(m_keys, m_hostChallenge, parsed.cardChallenge, m_mode);
    if (!keys)
        return fail(keys.error());
    const Bytes expected = cardCryptogram(keys.value(), m_hostChallenge, parsed.cardChallenge);
    if (!constantTimeEqual(expected, parsed.cardCryptogram))
        return fail(makeError(ErrorCode::BadCryptogram, QStringLiteral("card cryptogram does not verify")));

    // EXTERNAL AUTHENTICATE is C-MAC'd (never encrypted) from a zero chaining value.
    auto macOnly = SecureChannel::open(keys.value(), level::kCMac, SecureChannel::Role::Host);
    if (!macOnly)
        return fail(macOnly.error());
    const Bytes hostCgram = hostCryptogram(keys.value(), m_hostChallenge, parsed.cardChallenge);
    auto wrapped = macOnly.value().wrapCommand(
        CommandApdu(0x80, kInsExternalAuthenticate, m_level, 0x00, SecureBytes(hostCgram.begin(), hostCgram.end())));
    if (!wrapped)
        return fail(wrapped.error());
    m_afterAuthentication = SecureChannel::State{macOnly.value().state().macChainingValue, 0};
    macOnly.value().close();
    m_cardChallenge = parsed.cardChallenge;
    m_keyDiversificationData = parsed.keyDiversificationData;
    m_keyVersion = parsed.keyVersion;
    m_sessionKeys = std::move(keys).value();
    m_step = Step::AwaitingExternalAuthenticateResponse;
    return wrapped;
}

Result<SecureChannel> HostHandshake::complete(const ResponseApdu& response)
{
    if (m_step != Step::AwaitingExternalAuthenticateResponse || !m_sessionKeys)
        return outOfOrder("completion");
    if (response.sw() != 0x9000)
        return fail(makeError(ErrorCode::BadCryptogram, QStringLiteral("card refused EXTERNAL AUTHENTICATE with SW %1")
                                                            .arg(response.sw(), 4, 16, QLatin1Char('0'))));
    if (!response.data().empty())
        return fail(
            makeError(ErrorCode::TrailingData,
                      QStringLiteral("EXTERNAL AUTHENTICATE response carries %1 bytes").arg(response.data().size())));
    auto channel =
        SecureChannel::open(std::move(*m_sessionKeys), m_level, SecureChannel::Role::Host, m_afterAuthentication);
    m_sessionKeys.reset();
    if (!channel)
        return fail(channel.error());
    m_step = Step::Done;
    return channel;
}

} // namespace perso::scp03
