// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/core/Bytes.h"
#include "protocol/core/Result.h"
#include "protocol/scp03/SessionKeys.h"
#include "terminal/cards/VirtualCard.h"

#include <QCborMap>
#include <QString>

#include <cstdint>
#include <memory>

namespace perso::cards {

// The retailer's card (ISO/IEC 7816-4, class 00; command set in docs/cards.md):
//   MF 3F00 ─ EF.SERIAL 2F01 (8 bytes, always readable)
//           ├ EF.RETAILER 2F02 (retailer id, UTF-8, 1..32 bytes, always readable)
//           └ EF.KEYS 2F10 (C0 key version ‖ C1 ENC ‖ C2 MAC ‖ C3 DEK; readable once the PIN was
//                           verified since power-on)
// SELECT, READ BINARY, VERIFY (PIN reference 01, 3 tries) and RESET RETRY COUNTER (issuer admin code,
// 10 tries; when they are used up the card is dead and answers 6983 to everything). Nothing is
// writable by command. Retry counters and the PIN are saved to the card file before the answer leaves
// the card; the security status and the current file are volatile.
class RetailerCard final : public VirtualCard
{
public:
    static constexpr std::size_t kSerialLength = 8;
    static constexpr std::size_t kMaxRetailerIdBytes = 32;
    static constexpr std::size_t kMinPinDigits = 4;
    static constexpr std::size_t kMaxPinDigits = 8;
    static constexpr std::size_t kPinBlockLength = 8; // ASCII digits padded with FF
    static constexpr std::size_t kAdminCodeDigits = 8;
    static constexpr int kPinTries = 3;
    static constexpr int kAdminTries = 10;

    static constexpr std::uint16_t kFidMf = 0x3F00;
    static constexpr std::uint16_t kFidSerial = 0x2F01;
    static constexpr std::uint16_t kFidRetailer = 0x2F02;
    static constexpr std::uint16_t kFidKeys = 0x2F10;

    // Writes a new card file (refused when `path` exists). serial: 8 bytes; retailerId: 1..32 bytes of
    // UTF-8 without control characters; pin: 4..8 ASCII digits; adminCode: 8 ASCII digits; keys:
    // AES-128/192/256, all three of one length, key version 01..FE. Errors: InvalidParameter, and
    // CardFile::save's.
    static Status create(const QString& path, const Bytes& serial, const QString& retailerId, const SecureBytes& pin,
                         const SecureBytes& adminCode, const scp03::StaticKeys& keys);

    // Loads a card file; every field is checked (SchemaViolation when one is missing or out of range).
    static Result<std::unique_ptr<RetailerCard>> open(const QString& path);

    ~RetailerCard() override;
    RetailerCard(const RetailerCard&) = delete;
    RetailerCard& operator=(const RetailerCard&) = delete;

    Bytes atr() const override;
    void powerOn() override;
    void powerOff() override;
    ResponseApdu process(const CommandApdu& command) override;
    QString kind() const override;
    QString label() const override; // the serial in upper-case hex

    // Public facts for listings and tests (no secret).
    const Bytes& serial() const { return m_serial; }
    QString retailerId() const { return m_retailerId; }
    int pinTriesLeft() const { return m_state.pinTries; }
    int adminTriesLeft() const { return m_state.adminTries; }
    bool isPinVerified() const { return m_pinVerified; }
    bool isDead() const { return m_state.adminTries == 0; }

    // The PIN block VERIFY expects: the digits in ASCII, padded with FF to 8 bytes. Empty when `pin`
    // is not 4..8 ASCII digits.
    static SecureBytes pinBlock(const SecureBytes& pin);

private:
    // What the card keeps across power cycles.
    struct Persistent
    {
        SecureBytes pinBlock;
        SecureBytes adminCode;
        int pinTries = kPinTries;
        int adminTries = kAdminTries;
    };
    enum class CurrentFile
    {
        None,
        Serial,
        Retailer,
        Keys
    };

    RetailerCard() = default;

    static Result<std::unique_ptr<RetailerCard>> fromMap(const QCborMap& map);
    QCborMap toMap(const Persistent& state) const;
    // Saves `next` as the new persistent state; on failure nothing changes and false is returned.
    bool commit(Persistent next);

    ResponseApdu select(const CommandApdu& command);
    ResponseApdu readBinary(const CommandApdu& command);
    ResponseApdu verify(const CommandApdu& command);
    ResponseApdu resetRetryCounter(const CommandApdu& command);
    SecureBytes fileContent(CurrentFile file) const;

    QString m_path;
    Bytes m_serial;
    QString m_retailerId;
    scp03::StaticKeys m_keys;
    Persistent m_state;

    // Volatile.
    CurrentFile m_current = CurrentFile::None;
    bool m_pinVerified = false;
};

} // namespace perso::cards
