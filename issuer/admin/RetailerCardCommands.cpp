// SPDX-License-Identifier: Apache-2.0
// perso-admin retailer-card issue|unlock|revoke. The admin acts as the card bureau: it writes the
// retailer card file for the emulator and a PIN letter for the retailer.

#include "issuer/admin/AdminHome.h"
#include "issuer/admin/Listing.h"
#include "issuer/common/ProtectedFiles.h"
#include "terminal/cards/RetailerCard.h"

#include <botan/system_rng.h>

#include <QFile>
#include <QFileInfo>

namespace perso::issuer::admin {

namespace {

// `count` uniformly random ASCII digits from the system RNG (rejection sampling: bytes >= 250 skipped).
SecureBytes randomDigits(std::size_t count)
{
    Botan::System_RNG rng;
    SecureBytes digits;
    while (digits.size() < count) {
        std::uint8_t byte = 0;
        rng.randomize(&byte, 1);
        if (byte < 250)
            digits.push_back(static_cast<std::uint8_t>('0' + byte % 10));
        byte = 0;
    }
    return digits;
}

// A PIN nobody would guess first: not one digit repeated, not a run up or down (123456, 654321).
bool isTrivialPin(const SecureBytes& pin)
{
    bool same = true, up = true, down = true;
    for (std::size_t i = 1; i < pin.size(); ++i) {
        same = same && pin[i] == pin[0];
        up = up && pin[i] == (pin[i - 1] - '0' + 1) % 10 + '0';
        down = down && pin[i] == (pin[i - 1] - '0' + 9) % 10 + '0';
    }
    return same || up || down;
}

AdminResult<Bytes> serialValue(const QCommandLineParser& parser)
{
    PERSO_ADMIN_TRY(text, requiredValue(parser, QStringLiteral("serial")));
    const Bytes serial = fromHex(text.value().toStdString());
    if (serial.size() != cards::RetailerCard::kSerialLength || text.value().contains(u' '))
        return usageError(QStringLiteral("--serial must be %1 bytes in hex").arg(cards::RetailerCard::kSerialLength));
    return serial;
}

QString letterText(const QString& retailer, const QString& shop, const Bytes& serial, const SecureBytes& pin,
                   const SecureBytes& unblock)
{
    const auto ascii = [](const SecureBytes& digits) {
        return QString::fromLatin1(reinterpret_cast<const char*>(digits.data()), static_cast<qsizetype>(digits.size()));
    };
    return QStringLiteral("Retail Perso: your retailer card\n\n"
                          "Retailer:     %1\n"
                          "Shop:         %2\n"
                          "Card serial:  %3\n\n"
                          "Retailer PIN: %4\n"
                          "Unblock code: %5 (keep it for the issuer's support: it unblocks the PIN)\n\n"
                          "Type the PIN only on the secure terminal's keypad, never on the shop PC.\n"
                          "Destroy this letter after reading.\n")
        .arg(retailer, shop, QString::fromStdString(toHex(serial)).toUpper(), ascii(pin), ascii(unblock));
}

AdminStatus changeState(const CommandContext& ctx, bool unlock)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("serial"), QStringLiteral("Card serial (8 bytes, hex)."), QStringLiteral("HEX")});
    PERSO_ADMIN_TRY(parsed, parseCommandLine(parser, ctx));
    if (!parsed.value())
        return Ok{};
    PERSO_ADMIN_TRY(serial, serialValue(parser));
    PERSO_ADMIN_TRY(store, AdminHome(ctx.home).openStore());
    const IssuerStatus changed = unlock ? store.value()->unlockRetailerCard(view(serial.value()))
                                        : store.value()->revokeRetailerCard(view(serial.value()));
    if (!changed)
        return failure(changed.error());
    const QString serialHex = QString::fromStdString(toHex(serial.value())).toUpper();
    ctx.out << "Retailer card " << serialHex << (unlock ? " unlocked\n" : " revoked\n");
    return auditAdminAction(*store.value(),
                            unlock ? QStringLiteral("retailer-card-unlocked") : QStringLiteral("retailer-card-revoked"),
                            serialHex);
}

} // namespace

AdminStatus runRetailerCardIssue(const CommandContext& ctx)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("retailer"), QStringLiteral("The retailer."), QStringLiteral("ID")});
    parser.addOption({QStringLiteral("shop"), QStringLiteral("The shop the card is issued to."), QStringLiteral("ID")});
    parser.addOption({QStringLiteral("serial"), QStringLiteral("Card serial (8 bytes, hex; random if absent)."),
                      QStringLiteral("HEX")});
    parser.addOption(
        {QStringLiteral("key-version"), QStringLiteral("SCP03 key version 1..127 (1)."), QStringLiteral("N")});
    parser.addOption(
        {QStringLiteral("out"), QStringLiteral("The retailer card file to write."), QStringLiteral("FILE")});
    parser.addOption(
        {QStringLiteral("pin-letter"), QStringLiteral("The PIN letter to write (0600)."), QStringLiteral("FILE")});
    PERSO_ADMIN_TRY(parsed, parseCommandLine(parser, ctx));
    if (!parsed.value())
        return Ok{};
    PERSO_ADMIN_TRY(retailer, tokenValue(parser, QStringLiteral("retailer")));
    PERSO_ADMIN_TRY(shop, tokenValue(parser, QStringLiteral("shop")));
    PERSO_ADMIN_TRY(keyVersion, integerValue(parser, QStringLiteral("key-version"), 1, 127, 1));
    PERSO_ADMIN_TRY(out, requiredValue(parser, QStringLiteral("out")));
    PERSO_ADMIN_TRY(letter, requiredValue(parser, QStringLiteral("pin-letter")));
    Bytes serial(cards::RetailerCard::kSerialLength);
    if (parser.isSet(QStringLiteral("serial"))) {
        PERSO_ADMIN_TRY(given, serialValue(parser));
        serial = given.value();
    } else {
        Botan::System_RNG().randomize(serial.data(), serial.size());
    }
    if (QFileInfo(out.value()).absoluteFilePath() == QFileInfo(letter.value()).absoluteFilePath())
        return usageError(QStringLiteral("--out and --pin-letter must be different files"));
    for (const QString& file : {out.value(), letter.value()})
        if (QFileInfo::exists(file) || QFileInfo(file).isSymLink())
            return failure(QStringLiteral("%1 exists: refusing to overwrite it").arg(file));

    PERSO_ADMIN_TRY(keys, AdminHome(ctx.home).openKeys());
    PERSO_ADMIN_TRY(store, AdminHome(ctx.home).openStore());
    PERSO_ADMIN_TRY(retailerRecord, fromIssuer(store.value()->retailer(retailer.value())));
    if (!retailerRecord.value())
        return failure(QStringLiteral("unknown retailer %1").arg(retailer.value()));
    PERSO_ADMIN_TRY(existing, fromIssuer(store.value()->retailerCard(view(serial))));
    if (existing.value())
        return failure(QStringLiteral("retailer card %1 is already recorded")
                           .arg(QString::fromStdString(toHex(serial)).toUpper()));
    PERSO_ADMIN_TRY(cardKeys, fromIssuer(keys.value().retailerCardKeys(view(serial),
                                                                       static_cast<std::uint8_t>(keyVersion.value()))));

    SecureBytes pin;
    do
        pin = randomDigits(6);
    while (isTrivialPin(pin));
    const SecureBytes unblock = randomDigits(cards::RetailerCard::kAdminCodeDigits);

    if (const Status created =
            cards::RetailerCard::create(out.value(), serial, retailer.value(), pin, unblock, cardKeys.value());
        !created)
        return failure(QStringLiteral("cannot write the card file %1: %2").arg(out.value(), created.error().message));
    QString text = letterText(retailer.value(), shop.value(), serial, pin, unblock);
    QByteArray bytes = text.toUtf8();
    const IssuerStatus letterWritten = writeNewFile(
        letter.value(),
        ByteView(reinterpret_cast<const std::uint8_t*>(bytes.constData()), static_cast<std::size_t>(bytes.size())),
        0600);
    bytes.fill('\0');
    text.fill(u'\0');
    if (!letterWritten) {
        QFile::remove(out.value());
        return failure(letterWritten.error());
    }
    const IssuerStatus recorded =
        store.value()->addRetailerCard(RetailerCardRecord{serial, static_cast<std::uint8_t>(keyVersion.value()),
                                                          retailer.value(), shop.value(), RetailerCardState::Active});
    if (!recorded) {
        QFile::remove(out.value());
        QFile::remove(letter.value());
        return failure(recorded.error());
    }
    const QString serialHex = QString::fromStdString(toHex(serial)).toUpper();
    ctx.out << "Retailer card " << serialHex << " issued to " << retailer.value() << '/' << shop.value()
            << ": card file " << out.value() << ", PIN letter " << letter.value() << '\n';
    return auditAdminAction(*store.value(), QStringLiteral("retailer-card-issued"), serialHex,
                            QStringLiteral("%1/%2 kvn %3").arg(retailer.value(), shop.value()).arg(keyVersion.value()));
}

AdminStatus runRetailerCardUnlock(const CommandContext& ctx)
{
    return changeState(ctx, true);
}

AdminStatus runRetailerCardRevoke(const CommandContext& ctx)
{
    return changeState(ctx, false);
}

} // namespace perso::issuer::admin
