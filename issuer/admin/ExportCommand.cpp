// SPDX-License-Identifier: Apache-2.0
// perso-admin export subscribers: verified cards for an HLR/HSS, as CSV. Ki and OPc are wrapped
// (RFC 3394) under the operator's AES transport key, or in hex only when --plaintext-secrets is given.

#include "issuer/admin/AdminHome.h"
#include "issuer/common/ProtectedFiles.h"

#include <botan/rfc3394.h>
#include <botan/symkey.h>

#include <QFileInfo>

namespace perso::issuer::admin {

namespace {

constexpr std::size_t kSecretLength = 16; // Ki and OPc

AdminResult<SecureBytes> transportKey(const QString& path)
{
    PERSO_ADMIN_TRY(content, fromIssuer(readPrivateFile(path)));
    std::string text(content.value().begin(), content.value().end());
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
        text.pop_back();
    SecureBytes key = secureFromHex(text);
    std::fill(text.begin(), text.end(), '\0');
    if (key.size() != 16 && key.size() != 24 && key.size() != 32)
        return failure(QStringLiteral("%1 must hold an AES-128, -192 or -256 key in hex").arg(path));
    return key;
}

void appendText(SecureBytes& out, const QString& text)
{
    const QByteArray bytes = text.toLatin1();
    out.insert(out.end(), bytes.begin(), bytes.end());
}

void appendHex(SecureBytes& out, ByteView bytes)
{
    static const char digits[] = "0123456789abcdef";
    for (const std::uint8_t b : bytes) {
        out.push_back(static_cast<std::uint8_t>(digits[b >> 4]));
        out.push_back(static_cast<std::uint8_t>(digits[b & 0x0F]));
    }
}

} // namespace

AdminStatus runExportSubscribers(const CommandContext& ctx)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("out"), QStringLiteral("The CSV file to create (0600)."), QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("transport-key"),
                      QStringLiteral("File (0600) holding the AES transport key in hex; Ki/OPc are wrapped under it."),
                      QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("plaintext-secrets"), QStringLiteral("Write Ki/OPc in clear hex instead.")});
    PERSO_ADMIN_TRY(parsed, parseCommandLine(parser, ctx));
    if (!parsed.value())
        return Ok{};
    PERSO_ADMIN_TRY(out, requiredValue(parser, QStringLiteral("out")));
    const bool plaintext = parser.isSet(QStringLiteral("plaintext-secrets"));
    if (plaintext == parser.isSet(QStringLiteral("transport-key")))
        return usageError(QStringLiteral("give exactly one of --transport-key FILE and --plaintext-secrets"));
    if (QFileInfo::exists(out.value()) || QFileInfo(out.value()).isSymLink())
        return failure(QStringLiteral("%1 exists: refusing to overwrite it").arg(out.value()));
    SecureBytes kek;
    if (!plaintext) {
        PERSO_ADMIN_TRY(keyFile, requiredValue(parser, QStringLiteral("transport-key")));
        PERSO_ADMIN_TRY(key, transportKey(keyFile.value()));
        kek = std::move(key.value());
    }
    PERSO_ADMIN_TRY(keys, AdminHome(ctx.home).openKeys());
    PERSO_ADMIN_TRY(store, AdminHome(ctx.home).openStore());
    PERSO_ADMIN_TRY(rows, fromIssuer(store.value()->subscribersForExport()));

    SecureBytes csv;
    appendText(csv, plaintext ? QStringLiteral("iccid,imsi,msisdn,ki,opc\n")
                              : QStringLiteral("iccid,imsi,msisdn,ki_wrapped,opc_wrapped\n"));
    for (const SubscriberExportRow& row : rows.value()) {
        PERSO_ADMIN_TRY(secrets, fromIssuer(keys.value().unwrapCardSecrets(view(row.wrappedSecrets))));
        if (secrets.value().size() != 2 * kSecretLength)
            return failure(QStringLiteral("card %1: stored secrets have the wrong length").arg(row.iccid));
        appendText(csv, QStringLiteral("%1,%2,%3,").arg(row.iccid, row.imsi, row.msisdn));
        for (std::size_t part = 0; part < 2; ++part) {
            const SecureBytes secret(secrets.value().begin() + static_cast<std::ptrdiff_t>(part * kSecretLength),
                                     secrets.value().begin() + static_cast<std::ptrdiff_t>((part + 1) * kSecretLength));
            if (plaintext) {
                appendHex(csv, view(secret));
            } else {
                const SecureBytes wrapped = Botan::rfc3394_keywrap(secret, Botan::SymmetricKey(kek));
                appendHex(csv, view(wrapped));
            }
            csv.push_back(part == 0 ? ',' : '\n');
        }
    }
    if (IssuerStatus written = writeNewFile(out.value(), view(csv), 0600); !written)
        return failure(written.error());
    ctx.out << "Exported " << rows.value().size() << " subscribers to " << out.value()
            << (plaintext ? " (Ki/OPc in clear: protect this file)\n" : " (Ki/OPc wrapped under the transport key)\n");
    return auditAdminAction(*store.value(), QStringLiteral("subscribers-exported"), QFileInfo(out.value()).fileName(),
                            QStringLiteral("%1 rows, %2")
                                .arg(rows.value().size())
                                .arg(plaintext ? QStringLiteral("plaintext") : QStringLiteral("wrapped")));
}

} // namespace perso::issuer::admin
