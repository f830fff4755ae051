// SPDX-License-Identifier: Apache-2.0
#pragma once

// Contents and CREATE FILE templates of the SIM files the issuer writes (docs/cards.md, "The issuer's
// personalisation sequence"). Pure functions over validated input; docs/issuer.md ("SIM package").

#include "protocol/apdu/CommandApdu.h"
#include "protocol/core/Bytes.h"

#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

namespace perso::issuer::simfiles {

namespace fid {
constexpr std::uint16_t kAdfUsim = 0x7FF0;
constexpr std::uint16_t kImsi = 0x6F07;
constexpr std::uint16_t kAd = 0x6FAD;
constexpr std::uint16_t kUst = 0x6F38;
constexpr std::uint16_t kPlmnSel = 0x6F30;
constexpr std::uint16_t kSpn = 0x6F46;
constexpr std::uint16_t kMsisdn = 0x6F40;
constexpr std::uint16_t kAcc = 0x6F78;
constexpr std::uint16_t kKeys = 0xFF01;
} // namespace fid

constexpr std::size_t kImsiFileBytes = 9;
constexpr std::size_t kAdFileBytes = 4;
constexpr std::size_t kUstFileBytes = 8;
constexpr std::size_t kPlmnSelEntries = 8;
constexpr std::size_t kPlmnSelFileBytes = 3 * kPlmnSelEntries;
constexpr std::size_t kSpnNameBytes = 16;
constexpr std::size_t kSpnFileBytes = 1 + kSpnNameBytes;
constexpr std::size_t kMsisdnAlphaBytes = 12;
constexpr std::size_t kMsisdnRecordBytes = kMsisdnAlphaBytes + 14;
constexpr std::size_t kMsisdnMaxDigits = 15; // E.164
constexpr std::size_t kAccFileBytes = 2;
constexpr std::size_t kKeysFileBytes = 32;

// The USIM application identifier written with the ADF (3GPP RID A000000087, app code 1002).
Bytes usimAid();

// EF.IMSI (TS 31.102 §4.2.2): length 08, then the digits as BCD with the parity/type nibble 9 first.
// imsi: 15 decimal digits (checked by the caller).
Bytes imsiFile(const QString& imsi);
// EF.AD: UE operation mode 00 (normal), additional info 0000, MNC length (2 or 3).
Bytes adFile(int mncDigits);
// EF.UST (TS 31.102 §4.2.8): the fixed service table of our profile.
Bytes ustFile();
// One PLMN (MCC+MNC, 5 or 6 digits) as 3 bytes (TS 24.008 §10.5.1.3 order).
Bytes plmnBytes(const QString& mccMnc);
// EF.PLMNsel (TS 51.011 §10.3.4): up to 8 PLMNs, unused entries FF FF FF.
Bytes plmnSelFile(const std::vector<QString>& plmns);
// EF.SPN (TS 31.102 §4.2.12): display condition, then the name in the GSM default alphabet
// (ASCII-compatible characters only), FF-padded to 16 bytes.
Bytes spnFile(std::uint8_t displayCondition, const QString& name);
// EF.MSISDN record (TS 51.011 §10.5.5 / TS 31.102 §4.2.26): alpha "Own number" (12 bytes, FF-padded),
// BCD length, TON/NPI 91 (international, ISDN), 10 bytes of swapped BCD (F-padded), CCP FF, EXT FF.
Bytes msisdnRecord(const QString& digits);
// EF.ACC (TS 31.102 §4.2.15): the 16 class bits, big-endian.
Bytes accFile(std::uint16_t accessClass);

// Whether a character can go into EF.SPN unchanged (GSM 7-bit default alphabet code == ASCII code).
bool isSpnCharacter(QChar c);

// Security condition bytes of the compact format (docs/cards.md, "Access conditions").
namespace sc {
constexpr std::uint8_t kAlways = 0x00;
constexpr std::uint8_t kPin1 = 0x11;
constexpr std::uint8_t kAdm = 0x1A;
} // namespace sc

// CREATE FILE commands (FCP template 62) for the files of the sequence.
CommandApdu createAdfUsim();
// A transparent EF with READ / UPDATE conditions and ACTIVATE / DEACTIVATE by ADM1. sfi: nullopt =
// no 88 tag (SFI from the FID), 0 = "88 00" (no SFI), else the SFI.
CommandApdu createTransparentEf(std::uint16_t fileId, std::uint16_t size, std::uint8_t read, std::uint8_t update,
                                std::optional<std::uint8_t> sfi);
CommandApdu createMsisdnEf();
CommandApdu createKeysEf();

// Plain commands of the sequence.
CommandApdu selectByFid(std::uint16_t fileId);     // 00 A4 00 0C 02 FID (child of the current DF)
CommandApdu selectAdfFromMf();                     // 00 A4 08 0C 02 7FF0 (path from the MF)
CommandApdu updateBinary(const SecureBytes& data); // offset 0
CommandApdu updateRecordAbsolute(std::uint8_t record, const Bytes& data);
CommandApdu verifyAdm(const SecureBytes& admCode);
CommandApdu activateAdf();

} // namespace perso::issuer::simfiles
