// SPDX-License-Identifier: Apache-2.0
#include "protocol/keys/Diversification.h"

#include "protocol/scp03/Kdf.h"

#include <array>

namespace perso::keys {

namespace {

// Bytes of KDF output drawn for the ADM code: 8 digits need 8 bytes below 250; with 64 bytes the
// chance of running short is below 1e-90.
constexpr std::size_t kAdmStreamBytes = 64;
constexpr std::uint8_t kDigitRejectionBound = 250;

Status checkVersion(std::uint8_t version)
{
    if (version != kDiversificationVersion1)
        return makeError(ErrorCode::UnsupportedVersion,
                         QStringLiteral("diversification version %1 is not supported").arg(version));
    return Ok{};
}

Status checkKey(ByteView key, const char* what)
{
    if (!scp03::isAesKeyLength(key.size()))
        return makeError(
            ErrorCode::InvalidParameter,
            QStringLiteral("%1 must be 16, 24 or 32 bytes, got %2").arg(QLatin1String(what)).arg(key.size()));
    return Ok{};
}

// label (11) || constant || 00 || L (2 bytes, bits) || i || context
Result<SecureBytes> labelled(ByteView key, std::uint8_t derivationConstant, ByteView context, std::size_t outputBytes)
{
    std::array<std::uint8_t, 15> prefix{};
    for (std::size_t i = 0; i < kLabel.size(); ++i)
        prefix[i] = static_cast<std::uint8_t>(kLabel[i]);
    const std::size_t bits = outputBytes * 8;
    prefix[11] = derivationConstant;
    prefix[12] = 0x00;
    prefix[13] = static_cast<std::uint8_t>(bits >> 8);
    prefix[14] = static_cast<std::uint8_t>(bits & 0xFF);
    return scp03::cmacCounterKdf(key, prefix, context, outputBytes);
}

} // namespace

Result<scp03::StaticKeys> deriveRetailerCardKeys(ByteView issuerMasterKey, ByteView cardSerial, std::uint8_t keyVersion,
                                                 std::uint8_t version)
{
    if (auto ok = checkVersion(version); !ok)
        return ok.error();
    if (auto ok = checkKey(issuerMasterKey, "issuer master key"); !ok)
        return ok.error();
    if (cardSerial.empty() || cardSerial.size() > kMaxCardSerialLength)
        return makeError(
            ErrorCode::InvalidParameter,
            QStringLiteral("card serial must be 1..%1 bytes, got %2").arg(kMaxCardSerialLength).arg(cardSerial.size()));
    if (keyVersion == 0x00 || keyVersion == 0xFF)
        return makeError(ErrorCode::InvalidParameter,
                         QStringLiteral("key version %1 is reserved").arg(keyVersion, 2, 16, QLatin1Char('0')));

    // context = version || key version || serial length || serial
    Bytes context{version, keyVersion, static_cast<std::uint8_t>(cardSerial.size())};
    append(context, cardSerial);
    const std::size_t length = issuerMasterKey.size();
    auto enc = labelled(issuerMasterKey, constant::kRetailerEnc, context, length);
    auto mac = labelled(issuerMasterKey, constant::kRetailerMac, context, length);
    auto dek = labelled(issuerMasterKey, constant::kRetailerDek, context, length);
    if (!enc || !mac || !dek)
        return makeError(ErrorCode::InvalidParameter, QStringLiteral("retailer key derivation failed"));
    return scp03::StaticKeys{std::move(enc).value(), std::move(mac).value(), std::move(dek).value(), keyVersion};
}

Result<SecureBytes> deriveAdmCode(ByteView batchKey, std::string_view iccidDigits, std::uint8_t version)
{
    if (auto ok = checkVersion(version); !ok)
        return ok.error();
    if (auto ok = checkKey(batchKey, "batch key"); !ok)
        return ok.error();
    if (iccidDigits.size() < 18 || iccidDigits.size() > 20)
        return makeError(ErrorCode::InvalidParameter,
                         QStringLiteral("ICCID must be 18..20 digits, got %1 characters").arg(iccidDigits.size()));
    for (std::size_t i = 0; i < iccidDigits.size(); ++i) {
        if (iccidDigits[i] < '0' || iccidDigits[i] > '9')
            return makeError(ErrorCode::InvalidParameter, QStringLiteral("ICCID character %1 is not a digit").arg(i));
    }

    // context = version || ICCID length || ICCID (ASCII digits)
    Bytes context{version, static_cast<std::uint8_t>(iccidDigits.size())};
    for (char c : iccidDigits)
        context.push_back(static_cast<std::uint8_t>(c));
    auto stream = labelled(batchKey, constant::kAdmCode, context, kAdmStreamBytes);
    if (!stream)
        return stream.error();
    SecureBytes code;
    code.reserve(kAdmCodeDigits);
    for (std::uint8_t byte : stream.value()) {
        if (code.size() == kAdmCodeDigits)
            break;
        if (byte < kDigitRejectionBound)
            code.push_back(static_cast<std::uint8_t>('0' + byte % 10));
    }
    if (code.size() != kAdmCodeDigits)
        return makeError(ErrorCode::InvalidParameter, QStringLiteral("ADM derivation stream exhausted"));
    return code;
}

Result<SecureBytes> deriveStationDataKey(ByteView staticEncKey, ByteView hostChallenge, ByteView cardChallenge,
                                         std::uint8_t version)
{
    if (auto ok = checkVersion(version); !ok)
        return ok.error();
    if (auto ok = checkKey(staticEncKey, "static ENC key"); !ok)
        return ok.error();
    const std::size_t length = hostChallenge.size();
    if ((length != 8 && length != 16) || cardChallenge.size() != length)
        return makeError(ErrorCode::InvalidParameter,
                         QStringLiteral("challenges must both be 8 or 16 bytes (host %1, card %2)")
                             .arg(hostChallenge.size())
                             .arg(cardChallenge.size()));
    // context = host challenge || card challenge || version
    Bytes context;
    append(context, hostChallenge);
    append(context, cardChallenge);
    context.push_back(version);
    return scp03::scp03Kdf(staticEncKey, constant::kStationDataKey, context, staticEncKey.size() * 8);
}

} // namespace perso::keys
