// SPDX-License-Identifier: Apache-2.0
#include "terminal/cards/RetailerCard.h"

#include "protocol/tlv/BerTlv.h"
#include "terminal/cards/CardFile.h"

#include <QFileInfo>
#include <QSet>

#include <algorithm>

namespace perso::cards {

namespace {

namespace key {
const QString kSerial = QStringLiteral("serial");
const QString kRetailerId = QStringLiteral("retailerId");
const QString kKeyVersion = QStringLiteral("keyVersion");
const QString kKeyEnc = QStringLiteral("keyEnc");
const QString kKeyMac = QStringLiteral("keyMac");
const QString kKeyDek = QStringLiteral("keyDek");
const QString kPinBlock = QStringLiteral("pinBlock");
const QString kPinTries = QStringLiteral("pinTries");
const QString kAdminCode = QStringLiteral("adminCode");
const QString kAdminTries = QStringLiteral("adminTries");
} // namespace key

constexpr std::uint16_t kSwMemoryFailure = 0x6581;
constexpr std::uint16_t kSwNoCurrentEf = 0x6986;
constexpr std::uint16_t kSwWrongLe = 0x6C00;
constexpr std::uint16_t kSwTriesLeft = 0x63C0;

constexpr std::uint8_t kInsSelect = 0xA4;
constexpr std::uint8_t kInsReadBinary = 0xB0;
constexpr std::uint8_t kInsVerify = 0x20;
constexpr std::uint8_t kInsResetRetryCounter = 0x2C;
constexpr std::uint8_t kPinReference = 0x01;
constexpr std::uint8_t kSelectNoData = 0x0C;
constexpr std::uint8_t kSelectFcp = 0x04;

bool isDigits(ByteView bytes)
{
    return std::all_of(bytes.begin(), bytes.end(), [](std::uint8_t b) { return b >= '0' && b <= '9'; });
}

bool isValidPin(ByteView pin)
{
    return pin.size() >= RetailerCard::kMinPinDigits && pin.size() <= RetailerCard::kMaxPinDigits && isDigits(pin);
}

// 4..8 ASCII digits followed by FF up to 8 bytes.
bool isValidPinBlock(ByteView block)
{
    if (block.size() != RetailerCard::kPinBlockLength)
        return false;
    const auto end = std::find(block.begin(), block.end(), std::uint8_t{0xFF});
    const auto digits = static_cast<std::size_t>(end - block.begin());
    return digits >= RetailerCard::kMinPinDigits && isDigits(block.first(digits)) &&
           std::all_of(end, block.end(), [](std::uint8_t b) { return b == 0xFF; });
}

bool isValidAdminCode(ByteView code)
{
    return code.size() == RetailerCard::kAdminCodeDigits && isDigits(code);
}

bool isValidRetailerId(const QString& id)
{
    const qsizetype bytes = id.toUtf8().size();
    if (bytes < 1 || bytes > static_cast<qsizetype>(RetailerCard::kMaxRetailerIdBytes) || !id.isValidUtf16())
        return false;
    return std::none_of(id.begin(), id.end(), [](QChar c) {
        const char16_t u = c.unicode();
        return u < 0x20 || (u >= 0x7F && u <= 0x9F);
    });
}

bool isValidKeys(const scp03::StaticKeys& keys)
{
    const std::size_t n = keys.enc.size();
    return (n == 16 || n == 24 || n == 32) && keys.mac.size() == n && keys.dek.size() == n && keys.keyVersion >= 0x01 &&
           keys.keyVersion <= 0xFE;
}

QByteArray toQByteArray(ByteView bytes)
{
    return QByteArray(reinterpret_cast<const char*>(bytes.data()), static_cast<qsizetype>(bytes.size()));
}

SecureBytes toSecure(const QByteArray& bytes)
{
    return SecureBytes(bytes.begin(), bytes.end());
}

ResponseApdu status(std::uint16_t sw)
{
    return ResponseApdu(sw);
}

ResponseApdu triesLeft(int tries)
{
    return ResponseApdu(static_cast<std::uint16_t>(kSwTriesLeft | (tries & 0x0F)));
}

// Field readers for fromMap(): each returns false when the field is missing or has the wrong shape.
bool readBytes(const QCborMap& map, const QString& name, SecureBytes& out)
{
    const QCborValue v = map.value(name);
    if (!v.isByteArray())
        return false;
    out = toSecure(v.toByteArray());
    return true;
}

bool readInt(const QCborMap& map, const QString& name, int min, int max, int& out)
{
    const QCborValue v = map.value(name);
    if (!v.isInteger() || v.toInteger() < min || v.toInteger() > max)
        return false;
    out = static_cast<int>(v.toInteger());
    return true;
}

Bytes makeAtr()
{
    // TS 3B, T0 88 (TD1 follows, 8 historical bytes), TD1 80 (TD2 follows, T=0), TD2 01 (T=1),
    // historical bytes 80 (compact-TLV) 66 "RETAIL" (pre-issuing data), TCK.
    Bytes atr{0x3B, 0x88, 0x80, 0x01, 0x80, 0x66, 'R', 'E', 'T', 'A', 'I', 'L'};
    std::uint8_t tck = 0;
    for (std::size_t i = 1; i < atr.size(); ++i)
        tck ^= atr[i];
    atr.push_back(tck);
    return atr;
}

} // namespace

RetailerCard::~RetailerCard() = default;

SecureBytes RetailerCard::pinBlock(const SecureBytes& pin)
{
    if (!isValidPin(view(pin)))
        return {};
    SecureBytes block(pin.begin(), pin.end());
    block.resize(kPinBlockLength, 0xFF);
    return block;
}

Status RetailerCard::create(const QString& path, const Bytes& serial, const QString& retailerId, const SecureBytes& pin,
                            const SecureBytes& adminCode, const scp03::StaticKeys& keys)
{
    if (serial.size() != kSerialLength)
        return makeError(ErrorCode::InvalidParameter,
                         QStringLiteral("retailer card serial of %1 bytes, expected 8").arg(serial.size()));
    if (!isValidRetailerId(retailerId))
        return makeError(ErrorCode::InvalidParameter,
                         QStringLiteral("retailer id must be 1..32 bytes of UTF-8 without control characters"));
    if (!isValidPin(view(pin)))
        return makeError(ErrorCode::InvalidParameter, QStringLiteral("retailer PIN must be 4..8 digits"));
    if (!isValidAdminCode(view(adminCode)))
        return makeError(ErrorCode::InvalidParameter, QStringLiteral("issuer admin code must be 8 digits"));
    if (!isValidKeys(keys))
        return makeError(ErrorCode::InvalidParameter,
                         QStringLiteral("retailer keys must be AES-128/192/256 of one length, key version 01..FE"));
    if (QFileInfo::exists(path))
        return makeError(ErrorCode::InvalidParameter, QStringLiteral("%1 exists already").arg(path));

    RetailerCard card;
    card.m_path = path;
    card.m_serial = serial;
    card.m_retailerId = retailerId;
    card.m_keys = keys;
    card.m_state.pinBlock = pinBlock(pin);
    card.m_state.adminCode = adminCode;
    return CardFile::save(path, card.toMap(card.m_state));
}

Result<std::unique_ptr<RetailerCard>> RetailerCard::open(const QString& path)
{
    Result<QCborMap> loaded = CardFile::load(path);
    if (!loaded)
        return loaded.error();
    Result<std::unique_ptr<RetailerCard>> card = fromMap(loaded.value());
    if (!card)
        return makeError(card.code(), QStringLiteral("%1: %2").arg(path, card.error().message));
    card.value()->m_path = path;
    return card;
}

Result<std::unique_ptr<RetailerCard>> RetailerCard::fromMap(const QCborMap& map)
{
    static const QSet<QString> allowed{QStringLiteral("format"),
                                       QStringLiteral("version"),
                                       QStringLiteral("kind"),
                                       key::kSerial,
                                       key::kRetailerId,
                                       key::kKeyVersion,
                                       key::kKeyEnc,
                                       key::kKeyMac,
                                       key::kKeyDek,
                                       key::kPinBlock,
                                       key::kPinTries,
                                       key::kAdminCode,
                                       key::kAdminTries};
    const auto bad = [](const QString& what) {
        return makeError(ErrorCode::SchemaViolation, QStringLiteral("retailer card file: %1").arg(what));
    };
    if (map.value(QStringLiteral("kind")).toString() != CardFile::kindRetailer())
        return bad(QStringLiteral("not a retailer card"));
    for (auto it = map.constBegin(); it != map.constEnd(); ++it) {
        if (!allowed.contains(it.key().toString()))
            return bad(QStringLiteral("unknown key \"%1\"").arg(it.key().toString()));
    }

    std::unique_ptr<RetailerCard> card(new RetailerCard);
    SecureBytes serial;
    if (!readBytes(map, key::kSerial, serial) || serial.size() != kSerialLength)
        return bad(QStringLiteral("\"serial\" is not 8 bytes"));
    card->m_serial.assign(serial.begin(), serial.end());
    const QCborValue id = map.value(key::kRetailerId);
    if (!id.isString() || !isValidRetailerId(id.toString()))
        return bad(QStringLiteral("\"retailerId\" is not 1..32 bytes of text"));
    card->m_retailerId = id.toString();
    int keyVersion = 0;
    if (!readInt(map, key::kKeyVersion, 0x01, 0xFE, keyVersion))
        return bad(QStringLiteral("\"keyVersion\" is not 1..254"));
    card->m_keys.keyVersion = static_cast<std::uint8_t>(keyVersion);
    if (!readBytes(map, key::kKeyEnc, card->m_keys.enc) || !readBytes(map, key::kKeyMac, card->m_keys.mac) ||
        !readBytes(map, key::kKeyDek, card->m_keys.dek) || !isValidKeys(card->m_keys))
        return bad(QStringLiteral("the keys are not AES keys of one length"));
    if (!readBytes(map, key::kPinBlock, card->m_state.pinBlock) || !isValidPinBlock(view(card->m_state.pinBlock)))
        return bad(QStringLiteral("\"pinBlock\" is not a PIN block"));
    if (!readBytes(map, key::kAdminCode, card->m_state.adminCode) || !isValidAdminCode(view(card->m_state.adminCode)))
        return bad(QStringLiteral("\"adminCode\" is not 8 digits"));
    if (!readInt(map, key::kPinTries, 0, kPinTries, card->m_state.pinTries))
        return bad(QStringLiteral("\"pinTries\" is not 0..3"));
    if (!readInt(map, key::kAdminTries, 0, kAdminTries, card->m_state.adminTries))
        return bad(QStringLiteral("\"adminTries\" is not 0..10"));
    return card;
}

QCborMap RetailerCard::toMap(const Persistent& state) const
{
    QCborMap map;
    map.insert(QStringLiteral("format"), CardFile::formatName());
    map.insert(QStringLiteral("version"), CardFile::kFormatVersion);
    map.insert(QStringLiteral("kind"), CardFile::kindRetailer());
    map.insert(key::kSerial, toQByteArray(view(m_serial)));
    map.insert(key::kRetailerId, m_retailerId);
    map.insert(key::kKeyVersion, m_keys.keyVersion);
    map.insert(key::kKeyEnc, toQByteArray(view(m_keys.enc)));
    map.insert(key::kKeyMac, toQByteArray(view(m_keys.mac)));
    map.insert(key::kKeyDek, toQByteArray(view(m_keys.dek)));
    map.insert(key::kPinBlock, toQByteArray(view(state.pinBlock)));
    map.insert(key::kPinTries, state.pinTries);
    map.insert(key::kAdminCode, toQByteArray(view(state.adminCode)));
    map.insert(key::kAdminTries, state.adminTries);
    return map;
}

bool RetailerCard::commit(Persistent next)
{
    if (!CardFile::save(m_path, toMap(next)))
        return false;
    m_state = std::move(next);
    return true;
}

Bytes RetailerCard::atr() const
{
    static const Bytes atr = makeAtr();
    return atr;
}

void RetailerCard::powerOn()
{
    m_current = CurrentFile::None;
    m_pinVerified = false;
}

void RetailerCard::powerOff()
{
    m_current = CurrentFile::None;
    m_pinVerified = false;
}

QString RetailerCard::kind() const
{
    return CardFile::kindRetailer();
}

QString RetailerCard::label() const
{
    return QString::fromStdString(toHex(view(m_serial))).toUpper();
}

ResponseApdu RetailerCard::process(const CommandApdu& command)
{
    if (isDead())
        return status(sw::kAuthenticationBlocked);
    if (command.cla() != 0x00)
        return status(sw::kClaNotSupported);
    switch (command.ins()) {
    case kInsSelect:
        return select(command);
    case kInsReadBinary:
        return readBinary(command);
    case kInsVerify:
        return verify(command);
    case kInsResetRetryCounter:
        return resetRetryCounter(command);
    default:
        return status(sw::kInsNotSupported);
    }
}

ResponseApdu RetailerCard::select(const CommandApdu& command)
{
    if (command.p1() != 0x00 || (command.p2() != kSelectNoData && command.p2() != kSelectFcp))
        return status(sw::kIncorrectP1P2);
    if (command.data().size() != 2)
        return status(sw::kWrongLength);
    const auto fid = static_cast<std::uint16_t>((command.data()[0] << 8) | command.data()[1]);
    CurrentFile file = CurrentFile::None;
    switch (fid) {
    case kFidMf:
        file = CurrentFile::None;
        break;
    case kFidSerial:
        file = CurrentFile::Serial;
        break;
    case kFidRetailer:
        file = CurrentFile::Retailer;
        break;
    case kFidKeys:
        file = CurrentFile::Keys;
        break;
    default:
        return status(sw::kFileNotFound);
    }
    m_current = file;
    if (command.p2() == kSelectNoData)
        return status(sw::kSuccess);

    const SecureBytes fidBytes{command.data()[0], command.data()[1]};
    std::vector<Tlv> fcp;
    if (file == CurrentFile::None) {
        fcp.push_back(Tlv::primitive(0x82, SecureBytes{0x38})); // DF
        fcp.push_back(Tlv::primitive(0x83, fidBytes));          // file identifier
    } else {
        const std::size_t size = fileContent(file).size();
        fcp.push_back(Tlv::primitive(0x80, SecureBytes{static_cast<std::uint8_t>(size >> 8),
                                                       static_cast<std::uint8_t>(size & 0xFF)})); // data bytes
        fcp.push_back(Tlv::primitive(0x82, SecureBytes{0x01}));                                   // transparent EF
        fcp.push_back(Tlv::primitive(0x83, fidBytes));
    }
    fcp.push_back(Tlv::primitive(0x8A, SecureBytes{0x05})); // life cycle: operational, activated
    return ResponseApdu(sw::kSuccess, BerTlv::encode(Tlv::constructed(0x62, std::move(fcp))));
}

SecureBytes RetailerCard::fileContent(CurrentFile file) const
{
    switch (file) {
    case CurrentFile::Serial:
        return SecureBytes(m_serial.begin(), m_serial.end());
    case CurrentFile::Retailer: {
        const QByteArray utf8 = m_retailerId.toUtf8();
        return SecureBytes(utf8.begin(), utf8.end());
    }
    case CurrentFile::Keys:
        return BerTlv::encode(std::vector<Tlv>{Tlv::primitive(0xC0, SecureBytes{m_keys.keyVersion}),
                                               Tlv::primitive(0xC1, m_keys.enc), Tlv::primitive(0xC2, m_keys.mac),
                                               Tlv::primitive(0xC3, m_keys.dek)});
    case CurrentFile::None:
        break;
    }
    return {};
}

ResponseApdu RetailerCard::readBinary(const CommandApdu& command)
{
    if (command.p1() & 0x80)
        return status(sw::kIncorrectP1P2); // short EF identifiers are not supported
    if (!command.data().empty() || command.ne() == 0)
        return status(sw::kWrongLength);
    if (m_current == CurrentFile::None)
        return status(kSwNoCurrentEf);
    if (m_current == CurrentFile::Keys && !m_pinVerified)
        return status(sw::kSecurityStatusNotSatisfied);
    const std::size_t offset = (std::size_t{command.p1()} << 8) | command.p2();
    SecureBytes content = fileContent(m_current);
    if (offset >= content.size())
        return status(sw::kWrongP1P2);
    const std::size_t available = content.size() - offset;
    // Le = 00 (Ne 256) or an extended Le asks for "up to Ne": answer what there is. A short Le beyond
    // the end of the file gets 6Cxx with the exact length, as T=0 readers expect.
    if (command.ne() < CommandApdu::kMaxShortNe && command.ne() > available)
        return status(static_cast<std::uint16_t>(kSwWrongLe | available));
    const std::size_t length = std::min(available, command.ne());
    const auto first = content.begin() + static_cast<std::ptrdiff_t>(offset);
    return ResponseApdu(sw::kSuccess, SecureBytes(first, first + static_cast<std::ptrdiff_t>(length)));
}

ResponseApdu RetailerCard::verify(const CommandApdu& command)
{
    if (command.p1() != 0x00 || command.p2() != kPinReference)
        return status(sw::kIncorrectP1P2);
    if (m_state.pinTries == 0)
        return status(sw::kAuthenticationBlocked);
    const SecureBytes& data = command.data();
    if (data.empty())
        return m_pinVerified ? status(sw::kSuccess) : triesLeft(m_state.pinTries);
    if (data.size() != kPinBlockLength)
        return status(sw::kWrongLength);
    if (!isValidPinBlock(view(data)))
        return status(sw::kWrongData);

    Persistent next = m_state;
    if (constantTimeEqual(view(data), view(m_state.pinBlock))) {
        next.pinTries = kPinTries;
        if (next.pinTries != m_state.pinTries && !commit(std::move(next)))
            return status(kSwMemoryFailure);
        m_pinVerified = true;
        return status(sw::kSuccess);
    }
    next.pinTries = m_state.pinTries - 1;
    if (!commit(std::move(next)))
        return status(kSwMemoryFailure);
    m_pinVerified = false;
    return triesLeft(m_state.pinTries);
}

ResponseApdu RetailerCard::resetRetryCounter(const CommandApdu& command)
{
    if (command.p1() != 0x00 || command.p2() != kPinReference)
        return status(sw::kIncorrectP1P2);
    const SecureBytes& data = command.data();
    if (data.size() != kAdminCodeDigits + kPinBlockLength)
        return status(sw::kWrongLength);
    const ByteView code = view(data).first(kAdminCodeDigits);
    const ByteView newPin = view(data).subspan(kAdminCodeDigits);
    if (!isValidAdminCode(code) || !isValidPinBlock(newPin))
        return status(sw::kWrongData);

    Persistent next = m_state;
    if (!constantTimeEqual(code, view(m_state.adminCode))) {
        next.adminTries = m_state.adminTries - 1;
        if (!commit(std::move(next)))
            return status(kSwMemoryFailure);
        return triesLeft(m_state.adminTries);
    }
    next.adminTries = kAdminTries;
    next.pinTries = kPinTries;
    next.pinBlock.assign(newPin.begin(), newPin.end());
    if (!commit(std::move(next)))
        return status(kSwMemoryFailure);
    m_pinVerified = false;
    return status(sw::kSuccess);
}

} // namespace perso::cards
