// SPDX-License-Identifier: Apache-2.0
#include "issuer/sim/SimFiles.h"

#include "protocol/tlv/BerTlv.h"

namespace perso::issuer::simfiles {

namespace {

constexpr std::uint8_t kFdTransparent = 0x41;
constexpr std::uint8_t kFdLinearFixed = 0x42;
constexpr std::uint8_t kFdDf = 0x78;
constexpr std::uint8_t kDataCoding = 0x21;

// Access-mode bits (docs/cards.md): EF b1 READ, b2 UPDATE, b4 DEACTIVATE, b5 ACTIVATE.
constexpr std::uint8_t kEfRead = 0x01;
constexpr std::uint8_t kEfUpdate = 0x02;
constexpr std::uint8_t kEfDeactivate = 0x08;
constexpr std::uint8_t kEfActivate = 0x10;

std::uint8_t digitAt(const QString& digits, qsizetype i)
{
    return static_cast<std::uint8_t>(digits.at(i).unicode() - u'0');
}

SecureBytes two(std::uint16_t value)
{
    return SecureBytes{static_cast<std::uint8_t>(value >> 8), static_cast<std::uint8_t>(value & 0xFF)};
}

CommandApdu createFile(std::vector<Tlv> fields)
{
    return CommandApdu(0x00, 0xE0, 0x00, 0x00, BerTlv::encode(Tlv::constructed(0x62, std::move(fields))));
}

// 8C: access mode, then one condition per bit set from b7 down to b1.
Tlv compactRules(std::uint8_t accessMode, const std::vector<std::uint8_t>& conditionsHighToLow)
{
    SecureBytes value{accessMode};
    value.insert(value.end(), conditionsHighToLow.begin(), conditionsHighToLow.end());
    return Tlv::primitive(0x8C, std::move(value));
}

} // namespace

Bytes usimAid()
{
    return fromHex("A0000000871002FFFFFFFF8907090000");
}

Bytes imsiFile(const QString& imsi)
{
    Bytes out{0x08, static_cast<std::uint8_t>((digitAt(imsi, 0) << 4) | 0x09)};
    for (qsizetype i = 1; i + 1 < imsi.size(); i += 2)
        out.push_back(static_cast<std::uint8_t>((digitAt(imsi, i + 1) << 4) | digitAt(imsi, i)));
    return out;
}

Bytes adFile(int mncDigits)
{
    return Bytes{0x00, 0x00, 0x00, static_cast<std::uint8_t>(mncDigits)};
}

Bytes ustFile()
{
    // Services 2-5, 8-10, 13-15, 19-21, 35 and 36 (the fixed table of docs/cards.md; docs/issuer.md).
    return fromHex("9E731C000C000000");
}

Bytes plmnBytes(const QString& mccMnc)
{
    const std::uint8_t mnc3 = mccMnc.size() == 6 ? digitAt(mccMnc, 5) : 0x0F;
    return Bytes{static_cast<std::uint8_t>((digitAt(mccMnc, 1) << 4) | digitAt(mccMnc, 0)),
                 static_cast<std::uint8_t>((mnc3 << 4) | digitAt(mccMnc, 2)),
                 static_cast<std::uint8_t>((digitAt(mccMnc, 4) << 4) | digitAt(mccMnc, 3))};
}

Bytes plmnSelFile(const std::vector<QString>& plmns)
{
    Bytes out;
    for (const QString& plmn : plmns)
        append(out, plmnBytes(plmn));
    out.resize(kPlmnSelFileBytes, 0xFF);
    return out;
}

Bytes spnFile(std::uint8_t displayCondition, const QString& name)
{
    Bytes out{displayCondition};
    for (QChar c : name)
        out.push_back(static_cast<std::uint8_t>(c.unicode()));
    out.resize(kSpnFileBytes, 0xFF);
    return out;
}

Bytes msisdnRecord(const QString& digits)
{
    const QByteArray alpha("Own number");
    Bytes out(alpha.begin(), alpha.end());
    out.resize(kMsisdnAlphaBytes, 0xFF);
    Bytes bcd;
    for (qsizetype i = 0; i < digits.size(); i += 2) {
        const std::uint8_t high = i + 1 < digits.size() ? digitAt(digits, i + 1) : 0x0F;
        bcd.push_back(static_cast<std::uint8_t>((high << 4) | digitAt(digits, i)));
    }
    out.push_back(static_cast<std::uint8_t>(1 + bcd.size())); // TON/NPI byte + BCD bytes
    out.push_back(0x91);
    bcd.resize(10, 0xFF);
    append(out, bcd);
    out.push_back(0xFF); // capability/configuration identifier: none
    out.push_back(0xFF); // extension record: none
    return out;
}

Bytes accFile(std::uint16_t accessClass)
{
    return Bytes{static_cast<std::uint8_t>(accessClass >> 8), static_cast<std::uint8_t>(accessClass & 0xFF)};
}

bool isSpnCharacter(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= u'A' && u <= u'Z')
        return true;
    if (u >= u'a' && u <= u'z')
        return true;
    // 0x20..0x3F match ASCII except 0x24 ('$' in ASCII, the currency sign in GSM).
    return u >= 0x20 && u <= 0x3F && u != 0x24;
}

CommandApdu createAdfUsim()
{
    // DF bits: b7 DELETE, b6 TERMINATE, b5 ACTIVATE, b4 DEACTIVATE, b2 CREATE EF, b1 DELETE CHILD by
    // ADM1; b3 CREATE DF absent (never).
    const Bytes aid = usimAid();
    return createFile({Tlv::primitive(0x82, SecureBytes{kFdDf, kDataCoding}), Tlv::primitive(0x83, two(fid::kAdfUsim)),
                       Tlv::primitive(0x84, SecureBytes(aid.begin(), aid.end())),
                       compactRules(0x7B, {sc::kAdm, sc::kAdm, sc::kAdm, sc::kAdm, sc::kAdm, sc::kAdm})});
}

CommandApdu createTransparentEf(std::uint16_t fileId, std::uint16_t size, std::uint8_t read, std::uint8_t update,
                                std::optional<std::uint8_t> sfi)
{
    std::vector<Tlv> fields{
        Tlv::primitive(0x82, SecureBytes{kFdTransparent, kDataCoding}), Tlv::primitive(0x83, two(fileId)),
        compactRules(kEfActivate | kEfDeactivate | kEfUpdate | kEfRead, {sc::kAdm, sc::kAdm, update, read}),
        Tlv::primitive(0x80, two(size))};
    if (sfi)
        fields.push_back(
            Tlv::primitive(0x88, *sfi == 0 ? SecureBytes{} : SecureBytes{static_cast<std::uint8_t>(*sfi << 3)}));
    return createFile(std::move(fields));
}

CommandApdu createMsisdnEf()
{
    return createFile(
        {Tlv::primitive(
             0x82, SecureBytes{kFdLinearFixed, kDataCoding, 0x00, static_cast<std::uint8_t>(kMsisdnRecordBytes), 0x01}),
         Tlv::primitive(0x83, two(fid::kMsisdn)),
         compactRules(kEfActivate | kEfDeactivate | kEfUpdate | kEfRead, {sc::kAdm, sc::kAdm, sc::kPin1, sc::kPin1}),
         Tlv::primitive(0x88, SecureBytes{})});
}

CommandApdu createKeysEf()
{
    // READ absent: never. UPDATE, DEACTIVATE, ACTIVATE: ADM1.
    return createFile({Tlv::primitive(0x82, SecureBytes{kFdTransparent, kDataCoding}),
                       Tlv::primitive(0x83, two(fid::kKeys)),
                       compactRules(kEfActivate | kEfDeactivate | kEfUpdate, {sc::kAdm, sc::kAdm, sc::kAdm}),
                       Tlv::primitive(0x80, two(kKeysFileBytes))});
}

CommandApdu selectByFid(std::uint16_t fileId)
{
    return CommandApdu(0x00, 0xA4, 0x00, 0x0C, two(fileId));
}

CommandApdu selectAdfFromMf()
{
    return CommandApdu(0x00, 0xA4, 0x08, 0x0C, two(fid::kAdfUsim));
}

CommandApdu updateBinary(const SecureBytes& data)
{
    return CommandApdu(0x00, 0xD6, 0x00, 0x00, data);
}

CommandApdu updateRecordAbsolute(std::uint8_t record, const Bytes& data)
{
    return CommandApdu(0x00, 0xDC, record, 0x04, SecureBytes(data.begin(), data.end()));
}

CommandApdu verifyAdm(const SecureBytes& admCode)
{
    return CommandApdu(0x00, 0x20, 0x00, 0x0A, admCode);
}

CommandApdu activateAdf()
{
    return CommandApdu(0x00, 0x44, 0x00, 0x00, two(fid::kAdfUsim));
}

} // namespace perso::issuer::simfiles
