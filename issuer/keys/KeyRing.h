// SPDX-License-Identifier: Apache-2.0
#pragma once

// The issuer's keys: the master key (AES-256, a file readable only by the issuer; a PKCS#11 HSM
// later behind the same class) and the receipt signing key (ECDSA P-256). Every other key is
// derived from the master key with the project KDF (protocol/keys/Diversification.h's layout, own
// derivation constants), so nothing but these two files needs a backup.
//
// Wrapped blobs start with the master key version that wrapped them, so a master key rotation keeps
// old records readable: load() reads every version present, new wraps use the newest.
//
// Thread-safe for concurrent const calls (sessions on several worker threads).

#include "issuer/common/IssuerError.h"
#include "protocol/core/Bytes.h"
#include "protocol/scp03/SessionKeys.h"

#include <QString>

#include <cstdint>
#include <memory>
#include <vector>

namespace perso::issuer {

struct KeyRingPaths
{
    QString directory; // holds master-v<N>.key (N = 1..255) and receipt-signing.pem
};

class KeyRing
{
public:
    ~KeyRing();
    KeyRing(KeyRing&&) noexcept;
    KeyRing& operator=(KeyRing&&) noexcept;

    // perso-admin init: creates the directory (0700) with master-v1.key (32 random bytes, 0600)
    // and receipt-signing.pem (PKCS#8, 0600). Refuses to overwrite existing files (AlreadyExists).
    static IssuerStatus create(const KeyRingPaths& paths);
    // perso-admin key rotate: adds master-v<newest+1>.key.
    static IssuerResult<std::uint8_t> addMasterKeyVersion(const KeyRingPaths& paths);
    // Loads every master key version and the signing key. KeyUnavailable if a file is missing,
    // malformed, a symlink, not a regular file, or readable/writable by group or others.
    static IssuerResult<KeyRing> load(const KeyRingPaths& paths);

    std::uint8_t currentMasterKeyVersion() const;

    // Static SCP03 keys of a retailer card (deriveRetailerCardKeys under the current master key).
    IssuerResult<scp03::StaticKeys> retailerCardKeys(ByteView serial, std::uint8_t keyVersion) const;

    // Batch keys (perso-admin batch create) are stored wrapped (RFC 3394 AES key wrap).
    static IssuerResult<SecureBytes> generateBatchKey(); // 16 random bytes
    IssuerResult<Bytes> wrapBatchKey(const SecureBytes& batchKey) const;
    IssuerResult<SecureBytes> unwrapBatchKey(ByteView wrapped) const;
    // ADM1 code of a blank SIM: deriveAdmCode(unwrapped batch key, ICCID digits).
    IssuerResult<SecureBytes> admCode(ByteView wrappedBatchKey, const QString& iccidDigits) const;

    // Ki || OPc (32 bytes) of a card, stored in its profile record.
    IssuerResult<Bytes> wrapCardSecrets(const SecureBytes& kiOpc) const;
    IssuerResult<SecureBytes> unwrapCardSecrets(ByteView wrapped) const;

    // Personal data at rest: AES-256-GCM with a random nonce; `context` (e.g. the customer
    // reference) is bound as associated data, so a sealed row moved to another record fails.
    IssuerResult<Bytes> sealPersonalData(ByteView plaintext, ByteView context) const;
    IssuerResult<SecureBytes> openPersonalData(ByteView sealed, ByteView context) const;

    // A stable pseudonym for one person (HMAC-SHA-256 over the ID document type and number under a
    // derived key): counts cards per customer and matches the deny list without storing the number.
    Bytes customerKey(std::uint8_t idDocumentType, const QString& idDocumentNumber) const;

    // ECDSA P-256 / SHA-256 over `message` (e.g. wire::receiptSignedBytes), 64 bytes r || s.
    IssuerResult<Bytes> sign(ByteView message) const;
    // SubjectPublicKeyInfo PEM of the signing key, for perso-admin verify-receipt and the station.
    QString signingPublicKeyPem() const;
    static bool verifySignature(const QString& publicKeyPem, ByteView message, ByteView signature);

    // The operator's Milenage OP (16 bytes), derived from the oldest master key version loaded (so a
    // rotation does not change it), never stored. A card's OPc = Milenage::computeOpc(Ki, OP).
    SecureBytes operatorVariant() const;
    // Master key versions loaded, ascending.
    std::vector<std::uint8_t> masterKeyVersions() const;

private:
    struct Impl;
    explicit KeyRing(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace perso::issuer
