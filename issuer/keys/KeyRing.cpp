// SPDX-License-Identifier: Apache-2.0
#include "issuer/keys/KeyRing.h"

#include "issuer/common/ProtectedFiles.h"
#include "issuer/keys/DerivedKeys.h"
#include "issuer/keys/KeyFiles.h"
#include "protocol/keys/Diversification.h"

#include <botan/aead.h>
#include <botan/block_cipher.h>
#include <botan/data_src.h>
#include <botan/ec_group.h>
#include <botan/ecdsa.h>
#include <botan/mac.h>
#include <botan/nist_keywrap.h>
#include <botan/pkcs8.h>
#include <botan/pubkey.h>
#include <botan/system_rng.h>
#include <botan/x509_key.h>

#include <QDir>

#include <map>
#include <mutex>

namespace perso::issuer {

namespace {

constexpr std::size_t kMasterKeyBytes = 32;
constexpr std::size_t kBatchKeyBytes = 16;
constexpr std::size_t kCardSecretsBytes = 32;
constexpr std::size_t kGcmNonceBytes = 12;
constexpr std::size_t kGcmTagBytes = 16;
constexpr std::size_t kSignatureBytes = 64;
const char* const kCurve = "secp256r1";
const char* const kSignaturePadding = "EMSA1(SHA-256)";

IssuerError keyError(QString message)
{
    return makeIssuerError(IssuerErrorCode::KeyUnavailable, std::move(message));
}

IssuerError inputError(QString message)
{
    return makeIssuerError(IssuerErrorCode::InvalidInput, std::move(message));
}

IssuerResult<std::unique_ptr<Botan::ECDSA_PrivateKey>> parseSigningKey(const QString& path, const SecureBytes& pem)
{
    try {
        Botan::DataSource_Memory source(pem.data(), pem.size());
        std::unique_ptr<Botan::Private_Key> key = Botan::PKCS8::load_key(source);
        auto* ecdsa = dynamic_cast<Botan::ECDSA_PrivateKey*>(key.get());
        if (ecdsa == nullptr)
            return keyError(QStringLiteral("%1: not an ECDSA private key").arg(path));
        if (ecdsa->domain() != Botan::EC_Group(kCurve))
            return keyError(QStringLiteral("%1: not a P-256 key").arg(path));
        key.release();
        return std::unique_ptr<Botan::ECDSA_PrivateKey>(ecdsa);
    } catch (const std::exception&) {
        return keyError(QStringLiteral("%1: not a valid PKCS#8 PEM private key").arg(path));
    }
}

// The keys derived from one master key version, computed once at load (the KDF is deterministic,
// so deriving them again on every call bought nothing). Scrubbed with the ring like the master.
struct VersionKeys
{
    SecureBytes master; // 32 bytes
    SecureBytes batchKek;
    SecureBytes cardSecretsKek;
    SecureBytes personalDataKey;
};

IssuerResult<VersionKeys> deriveVersionKeys(SecureBytes master, std::uint8_t version)
{
    auto batch = deriveIssuerKey(master, version, derivation::kBatchKeyKek, 32);
    auto card = deriveIssuerKey(master, version, derivation::kCardSecretsKek, 32);
    auto personal = deriveIssuerKey(master, version, derivation::kPersonalDataKey, 32);
    if (!batch || !card || !personal)
        return makeIssuerError(IssuerErrorCode::Internal, QStringLiteral("issuer key derivation failed"));
    return VersionKeys{std::move(master), std::move(batch).value(), std::move(card).value(),
                       std::move(personal).value()};
}

const SecureBytes& kekFor(const VersionKeys& keys, std::uint8_t constant)
{
    return constant == derivation::kBatchKeyKek ? keys.batchKek : keys.cardSecretsKek;
}

} // namespace

struct KeyRing::Impl
{
    std::map<std::uint8_t, VersionKeys> masters; // version → master key and its derived keys
    std::uint8_t current = 0;
    std::unique_ptr<Botan::ECDSA_PrivateKey> signingKey;
    QString publicKeyPem;
    // Signers set up for signingKey, reused: setting one up costs about as much as a signature.
    // A signer serves one thread at a time: sign() takes one out and puts it back.
    std::mutex signersMutex;
    std::vector<std::unique_ptr<Botan::PK_Signer>> idleSigners;

    std::unique_ptr<Botan::PK_Signer> takeSigner()
    {
        {
            std::lock_guard lock(signersMutex);
            if (!idleSigners.empty()) {
                auto signer = std::move(idleSigners.back());
                idleSigners.pop_back();
                return signer;
            }
        }
        return std::make_unique<Botan::PK_Signer>(*signingKey, Botan::system_rng(), kSignaturePadding,
                                                  Botan::IEEE_1363);
    }

    void putBack(std::unique_ptr<Botan::PK_Signer> signer)
    {
        std::lock_guard lock(signersMutex);
        idleSigners.push_back(std::move(signer));
    }
    // Keys that do not follow the blob's version: derived once from the oldest master key.
    SecureBytes customerMacKey;
    SecureBytes operatorVariant;

    const VersionKeys* master(std::uint8_t version) const
    {
        const auto it = masters.find(version);
        return it == masters.end() ? nullptr : &it->second;
    }

    // constant: derivation::kBatchKeyKek or kCardSecretsKek.
    IssuerResult<Bytes> wrap(std::uint8_t constant, const SecureBytes& secret) const
    {
        try {
            auto cipher = Botan::BlockCipher::create_or_throw("AES-256");
            cipher->set_key(kekFor(*master(current), constant));
            const std::vector<std::uint8_t> wrapped = Botan::nist_key_wrap(secret.data(), secret.size(), *cipher);
            Bytes blob{current};
            append(blob, wrapped);
            return blob;
        } catch (const std::exception&) {
            return makeIssuerError(IssuerErrorCode::Internal, QStringLiteral("key wrap failed"));
        }
    }

    IssuerResult<SecureBytes> unwrap(std::uint8_t constant, ByteView blob, std::size_t expectedBytes,
                                     const char* what) const
    {
        if (blob.size() != 1 + expectedBytes + 8)
            return inputError(QStringLiteral("wrapped %1 must be %2 bytes, got %3")
                                  .arg(QLatin1String(what))
                                  .arg(1 + expectedBytes + 8)
                                  .arg(blob.size()));
        const VersionKeys* keys = master(blob[0]);
        if (keys == nullptr)
            return keyError(QStringLiteral("master key version %1 is not loaded").arg(blob[0]));
        try {
            auto cipher = Botan::BlockCipher::create_or_throw("AES-256");
            cipher->set_key(kekFor(*keys, constant));
            SecureBytes plain = Botan::nist_key_unwrap(blob.data() + 1, blob.size() - 1, *cipher);
            if (plain.size() != expectedBytes)
                return inputError(QStringLiteral("wrapped %1 has the wrong length").arg(QLatin1String(what)));
            return plain;
        } catch (const std::exception&) {
            return inputError(QStringLiteral("wrapped %1 does not verify").arg(QLatin1String(what)));
        }
    }
};

KeyRing::KeyRing(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
KeyRing::~KeyRing() = default;
KeyRing::KeyRing(KeyRing&&) noexcept = default;
KeyRing& KeyRing::operator=(KeyRing&&) noexcept = default;

IssuerStatus KeyRing::create(const KeyRingPaths& paths)
{
    if (auto ok = keyfiles::ensureDirectory(paths.directory); !ok)
        return ok.error();
    const QDir dir(paths.directory);
    auto existing = keyfiles::listMasterKeyVersions(paths.directory);
    if (!existing)
        return existing.error();
    if (!existing.value().empty())
        return makeIssuerError(IssuerErrorCode::AlreadyExists,
                               QStringLiteral("%1: a master key already exists").arg(paths.directory));
    const QString signingPath = dir.filePath(keyfiles::signingKeyFileName());
    if (QFileInfo::exists(signingPath) || QFileInfo(signingPath).isSymLink())
        return makeIssuerError(IssuerErrorCode::AlreadyExists, QStringLiteral("%1: already exists").arg(signingPath));

    try {
        Botan::RandomNumberGenerator& rng = Botan::system_rng();
        const Botan::ECDSA_PrivateKey signing(rng, Botan::EC_Group(kCurve));
        const std::string pem = Botan::PKCS8::PEM_encode(signing);
        const SecureBytes pemBytes(pem.begin(), pem.end());
        if (auto ok = writeNewFile(signingPath, view(pemBytes), 0600); !ok)
            return ok.error();
        const SecureBytes master = rng.random_vec(kMasterKeyBytes);
        if (auto ok = writeNewFile(dir.filePath(keyfiles::masterKeyFileName(1)), view(master), 0600); !ok) {
            QFile::remove(signingPath);
            return ok.error();
        }
    } catch (const std::exception&) {
        return makeIssuerError(IssuerErrorCode::Internal, QStringLiteral("key generation failed"));
    }
    return Ok{};
}

IssuerResult<std::uint8_t> KeyRing::addMasterKeyVersion(const KeyRingPaths& paths)
{
    auto ring = load(paths); // every present file must pass the checks before one is added
    if (!ring)
        return ring.error();
    const std::uint8_t newest = ring.value().currentMasterKeyVersion();
    if (newest == 255)
        return inputError(QStringLiteral("master key version 255 is the last one"));
    const auto version = static_cast<std::uint8_t>(newest + 1);
    try {
        const SecureBytes master = Botan::system_rng().random_vec(kMasterKeyBytes);
        const QString path = QDir(paths.directory).filePath(keyfiles::masterKeyFileName(version));
        if (auto ok = writeNewFile(path, view(master), 0600); !ok)
            return ok.error();
    } catch (const std::exception&) {
        return makeIssuerError(IssuerErrorCode::Internal, QStringLiteral("key generation failed"));
    }
    return version;
}

IssuerResult<KeyRing> KeyRing::load(const KeyRingPaths& paths)
{
    if (auto ok = keyfiles::checkDirectory(paths.directory); !ok)
        return ok.error();
    auto versions = keyfiles::listMasterKeyVersions(paths.directory);
    if (!versions)
        return versions.error();
    const QDir dir(paths.directory);
    if (versions.value().empty())
        return keyError(QStringLiteral("%1: missing").arg(dir.filePath(keyfiles::masterKeyFileName(1))));

    auto impl = std::make_unique<Impl>();
    for (std::uint8_t version : versions.value()) {
        const QString path = dir.filePath(keyfiles::masterKeyFileName(version));
        auto content = readPrivateFile(path, keyfiles::kMaxKeyFileBytes);
        if (!content)
            return content.error();
        if (content.value().size() != kMasterKeyBytes)
            return keyError(QStringLiteral("%1: must hold %2 bytes, holds %3")
                                .arg(path)
                                .arg(kMasterKeyBytes)
                                .arg(content.value().size()));
        auto keys = deriveVersionKeys(std::move(content).value(), version);
        if (!keys)
            return keys.error();
        impl->masters.emplace(version, std::move(keys).value());
        impl->current = version;
    }

    const QString signingPath = dir.filePath(keyfiles::signingKeyFileName());
    auto pem = readPrivateFile(signingPath, keyfiles::kMaxKeyFileBytes);
    if (!pem)
        return pem.error();
    auto signing = parseSigningKey(signingPath, pem.value());
    if (!signing)
        return signing.error();
    impl->signingKey = std::move(signing).value();
    impl->publicKeyPem = QString::fromStdString(Botan::X509::PEM_encode(*impl->signingKey));

    const auto& [oldestVersion, oldestKeys] = *impl->masters.begin();
    const SecureBytes& oldest = oldestKeys.master;
    auto customerMac = deriveIssuerKey(oldest, oldestVersion, derivation::kCustomerKeyMac, 32);
    auto op = deriveIssuerKey(oldest, oldestVersion, derivation::kOperatorVariant, 16);
    if (!customerMac || !op)
        return makeIssuerError(IssuerErrorCode::Internal, QStringLiteral("issuer key derivation failed"));
    impl->customerMacKey = std::move(customerMac).value();
    impl->operatorVariant = std::move(op).value();
    return KeyRing(std::move(impl));
}

std::uint8_t KeyRing::currentMasterKeyVersion() const
{
    return m_impl->current;
}

std::vector<std::uint8_t> KeyRing::masterKeyVersions() const
{
    std::vector<std::uint8_t> versions;
    for (const auto& entry : m_impl->masters)
        versions.push_back(entry.first);
    return versions;
}

IssuerResult<scp03::StaticKeys> KeyRing::retailerCardKeys(ByteView serial, std::uint8_t keyVersion) const
{
    auto derived = keys::deriveRetailerCardKeys(view(m_impl->master(m_impl->current)->master), serial, keyVersion);
    if (!derived)
        return inputError(derived.error().message);
    return std::move(derived).value();
}

IssuerResult<SecureBytes> KeyRing::generateBatchKey()
{
    try {
        return Botan::system_rng().random_vec(kBatchKeyBytes);
    } catch (const std::exception&) {
        return makeIssuerError(IssuerErrorCode::Internal, QStringLiteral("random generator failed"));
    }
}

IssuerResult<Bytes> KeyRing::wrapBatchKey(const SecureBytes& batchKey) const
{
    if (batchKey.size() != kBatchKeyBytes)
        return inputError(QStringLiteral("batch key must be %1 bytes").arg(kBatchKeyBytes));
    return m_impl->wrap(derivation::kBatchKeyKek, batchKey);
}

IssuerResult<SecureBytes> KeyRing::unwrapBatchKey(ByteView wrapped) const
{
    return m_impl->unwrap(derivation::kBatchKeyKek, wrapped, kBatchKeyBytes, "batch key");
}

IssuerResult<SecureBytes> KeyRing::admCode(ByteView wrappedBatchKey, const QString& iccidDigits) const
{
    auto batchKey = unwrapBatchKey(wrappedBatchKey);
    if (!batchKey)
        return batchKey.error();
    const QByteArray digits = iccidDigits.toLatin1();
    auto code = keys::deriveAdmCode(view(batchKey.value()), std::string_view(digits.constData(), digits.size()));
    if (!code)
        return inputError(code.error().message);
    return std::move(code).value();
}

IssuerResult<Bytes> KeyRing::wrapCardSecrets(const SecureBytes& kiOpc) const
{
    if (kiOpc.size() != kCardSecretsBytes)
        return inputError(QStringLiteral("card secrets must be %1 bytes").arg(kCardSecretsBytes));
    return m_impl->wrap(derivation::kCardSecretsKek, kiOpc);
}

IssuerResult<SecureBytes> KeyRing::unwrapCardSecrets(ByteView wrapped) const
{
    return m_impl->unwrap(derivation::kCardSecretsKek, wrapped, kCardSecretsBytes, "card secrets");
}

IssuerResult<Bytes> KeyRing::sealPersonalData(ByteView plaintext, ByteView context) const
{
    const std::uint8_t version = m_impl->current;
    try {
        auto mode = Botan::AEAD_Mode::create_or_throw("AES-256/GCM", Botan::ENCRYPTION);
        mode->set_key(m_impl->master(version)->personalDataKey);
        mode->set_associated_data(context.data(), context.size());
        const Bytes nonce = Botan::unlock(Botan::system_rng().random_vec(kGcmNonceBytes));
        mode->start(nonce);
        Botan::secure_vector<std::uint8_t> buffer(plaintext.begin(), plaintext.end());
        mode->finish(buffer);
        Bytes blob{version};
        append(blob, nonce);
        append(blob, view(buffer));
        return blob;
    } catch (const std::exception&) {
        return makeIssuerError(IssuerErrorCode::Internal, QStringLiteral("sealing failed"));
    }
}

IssuerResult<SecureBytes> KeyRing::openPersonalData(ByteView sealed, ByteView context) const
{
    if (sealed.size() < 1 + kGcmNonceBytes + kGcmTagBytes)
        return inputError(QStringLiteral("sealed data too short (%1 bytes)").arg(sealed.size()));
    const std::uint8_t version = sealed[0];
    const VersionKeys* keys = m_impl->master(version);
    if (keys == nullptr)
        return keyError(QStringLiteral("master key version %1 is not loaded").arg(version));
    try {
        auto mode = Botan::AEAD_Mode::create_or_throw("AES-256/GCM", Botan::DECRYPTION);
        mode->set_key(keys->personalDataKey);
        mode->set_associated_data(context.data(), context.size());
        mode->start(sealed.data() + 1, kGcmNonceBytes);
        SecureBytes buffer(sealed.begin() + 1 + kGcmNonceBytes, sealed.end());
        mode->finish(buffer);
        return buffer;
    } catch (const std::exception&) {
        return inputError(QStringLiteral("sealed data does not verify"));
    }
}

Bytes KeyRing::customerKey(std::uint8_t idDocumentType, const QString& idDocumentNumber) const
{
    // Normalised: spaces and hyphens dropped, upper case; input = type || length || UTF-8 number.
    QString normalised = idDocumentNumber.toUpper();
    normalised.remove(QLatin1Char(' '));
    normalised.remove(QLatin1Char('-'));
    const QByteArray utf8 = normalised.toUtf8();
    auto mac = Botan::MessageAuthenticationCode::create_or_throw("HMAC(SHA-256)");
    mac->set_key(m_impl->customerMacKey);
    const std::uint8_t header[2] = {idDocumentType, static_cast<std::uint8_t>(std::min<qsizetype>(utf8.size(), 255))};
    mac->update(header, sizeof header);
    mac->update(reinterpret_cast<const std::uint8_t*>(utf8.constData()), static_cast<std::size_t>(utf8.size()));
    return Botan::unlock(mac->final());
}

IssuerResult<Bytes> KeyRing::sign(ByteView message) const
{
    try {
        std::unique_ptr<Botan::PK_Signer> signer = m_impl->takeSigner();
        Bytes signature = signer->sign_message(message.data(), message.size(), Botan::system_rng());
        m_impl->putBack(std::move(signer)); // not after an exception: that signer is dropped
        if (signature.size() != kSignatureBytes)
            return makeIssuerError(IssuerErrorCode::Internal, QStringLiteral("unexpected signature length"));
        return signature;
    } catch (const std::exception&) {
        return makeIssuerError(IssuerErrorCode::Internal, QStringLiteral("signing failed"));
    }
}

QString KeyRing::signingPublicKeyPem() const
{
    return m_impl->publicKeyPem;
}

bool KeyRing::verifySignature(const QString& publicKeyPem, ByteView message, ByteView signature)
{
    if (signature.size() != kSignatureBytes)
        return false;
    try {
        const std::string pem = publicKeyPem.toStdString();
        Botan::DataSource_Memory source(pem);
        const std::unique_ptr<Botan::Public_Key> key(Botan::X509::load_key(source));
        if (key == nullptr || key->algo_name() != "ECDSA")
            return false;
        Botan::PK_Verifier verifier(*key, kSignaturePadding, Botan::IEEE_1363);
        return verifier.verify_message(message.data(), message.size(), signature.data(), signature.size());
    } catch (const std::exception&) {
        return false;
    }
}

SecureBytes KeyRing::operatorVariant() const
{
    return m_impl->operatorVariant;
}

} // namespace perso::issuer
