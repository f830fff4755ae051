// SPDX-License-Identifier: Apache-2.0
#include "terminal/cards/sim/FileDescription.h"

#include "protocol/tlv/BerTlv.h"

#include <set>

namespace perso::cards::sim {

namespace {

constexpr std::uint8_t kDataCoding = 0x21;
constexpr std::size_t kMaxEfSize = 0x7FFF;

SecureBytes be16(std::size_t v)
{
    return SecureBytes{static_cast<std::uint8_t>((v >> 8) & 0xFF), static_cast<std::uint8_t>(v & 0xFF)};
}

SecureBytes one(std::uint8_t v)
{
    return SecureBytes{v};
}

std::uint8_t descriptorByte(FileKind kind)
{
    switch (kind) {
    case FileKind::Df:
        return 0x78;
    case FileKind::Transparent:
        return 0x41;
    case FileKind::LinearFixed:
        return 0x42;
    case FileKind::Cyclic:
        break;
    }
    return 0x46;
}

std::uint8_t codeStatus(const SecretCode& code)
{
    if (!code.initialised()) {
        return 0x00;
    }
    return static_cast<std::uint8_t>(0x80 | (code.triesLeft() & 0x0F));
}

Tlv pinStatusTemplate(const SimState& state)
{
    std::uint8_t psDo = 0;
    std::vector<Tlv> children;
    int bit = 7;
    auto add = [&](std::uint8_t ref, bool enabled) {
        if (enabled) {
            psDo = static_cast<std::uint8_t>(psDo | (1u << bit));
        }
        --bit;
        children.push_back(Tlv::primitive(0x83, one(ref)));
    };
    add(kRefPin1, state.pin1.initialised() && state.pin1.enabled());
    if (state.pin2.initialised()) {
        add(kRefPin2, true);
    }
    add(kRefAdm1, true);
    children.insert(children.begin(), Tlv::primitive(0x90, one(psDo)));
    // C6 is a template in TS 102 221 but a primitive tag by its encoding (b6 = 0): its value is the
    // encoded data objects.
    return Tlv::primitive(0xC6, BerTlv::encode(children));
}

Error bad(const char* what)
{
    return makeError(ErrorCode::SchemaViolation, QStringLiteral("CREATE FILE: %1").arg(QLatin1String(what)));
}

Result<AccessRules> resolveReferenced(const Tlv& referenced, const FileDescription::ArrResolver& resolveArr)
{
    const SecureBytes& v = referenced.value();
    if (v.size() != 3 || v[2] == 0x00 || v[2] == 0xFF || !resolveArr) {
        return bad("referenced security attributes: EF.ARR FID and one record number");
    }
    return resolveArr(static_cast<std::uint16_t>(v[0] << 8 | v[1]), v[2]);
}

bool reservedFid(std::uint16_t fid)
{
    return fid == kFidMf || fid == 0x3FFF || fid == 0xFFFF || fid == kFidCurrentApp;
}

} // namespace

SecureBytes FileDescription::fcp(const SimFile& file, const SimState& state, std::size_t freeMemory)
{
    std::vector<Tlv> fields;
    SecureBytes descriptor{descriptorByte(file.kind), kDataCoding};
    if (file.isRecordEf()) {
        descriptor.push_back(0x00);
        descriptor.push_back(file.recordLength);
        descriptor.push_back(static_cast<std::uint8_t>(file.recordCount()));
    }
    fields.push_back(Tlv::primitive(0x82, descriptor));
    fields.push_back(Tlv::primitive(0x83, be16(file.fid)));
    if (!file.aid.empty()) {
        fields.push_back(Tlv::primitive(0x84, SecureBytes(file.aid.begin(), file.aid.end())));
    }
    if (file.isDf()) {
        // Proprietary information (TS 102 221 §11.1.1.4.6): UICC characteristics (clock stop allowed,
        // class A/B/C) and the amount of available memory.
        fields.push_back(
            Tlv::constructed(0xA5, {Tlv::primitive(0x80, one(0x71)),
                                    Tlv::primitive(0x83, be16(std::min<std::size_t>(freeMemory, 0xFFFF)))}));
    }
    fields.push_back(Tlv::primitive(0x8A, one(static_cast<std::uint8_t>(file.lifeCycle))));
    const Bytes rules = file.rules.compact();
    fields.push_back(Tlv::primitive(0x8C, SecureBytes(rules.begin(), rules.end())));
    if (file.isDf()) {
        fields.push_back(pinStatusTemplate(state));
    } else {
        fields.push_back(Tlv::primitive(0x80, be16(file.data.size())));
        fields.push_back(
            Tlv::primitive(0x88, file.sfi ? one(static_cast<std::uint8_t>(*file.sfi << 3)) : SecureBytes{}));
    }
    return BerTlv::encode(Tlv::constructed(0x62, std::move(fields)));
}

SecureBytes FileDescription::gsm(const SimFile& file, const SimState& state, std::size_t freeMemory)
{
    SecureBytes out(2, 0x00);
    append(out, view(file.isDf() ? be16(std::min<std::size_t>(freeMemory, 0xFFFF)) : be16(file.data.size())));
    // An ADF answers as DF.GSM (7F20) in the GSM view: the dual-mode card shares one directory.
    append(out, view(be16(file.aid.empty() ? file.fid : kFidGsm)));
    if (file.isDf()) {
        out.push_back(file.fid == kFidMf ? 0x01 : 0x02);
        out.insert(out.end(), 5, 0x00);
        out.push_back(9); // bytes 14..22 follow
        const bool chv1Disabled = state.pin1.initialised() && !state.pin1.enabled();
        out.push_back(static_cast<std::uint8_t>(0x01 | (chv1Disabled ? 0x80 : 0x00)));
        std::uint8_t dfs = 0;
        std::uint8_t efs = 0;
        for (const auto& c : file.children) {
            ++(c.isDf() ? dfs : efs);
        }
        out.push_back(dfs);
        out.push_back(efs);
        std::uint8_t codes = 0;
        for (const SecretCode* c : {&state.pin1, &state.puk1, &state.pin2, &state.puk2, &state.adm1}) {
            codes = static_cast<std::uint8_t>(codes + (c->initialised() ? 1 : 0));
        }
        out.push_back(codes);
        out.push_back(0x00);
        for (const SecretCode* c : {&state.pin1, &state.puk1, &state.pin2, &state.puk2}) {
            out.push_back(codeStatus(*c));
        }
        return out;
    }
    out.push_back(0x04);
    out.push_back(0x00);
    out.push_back(
        static_cast<std::uint8_t>(AccessRules::gsmNibble(file.rules.condition(Operation::ReadOrDeleteChild)) << 4 |
                                  AccessRules::gsmNibble(file.rules.condition(Operation::UpdateOrCreateEf))));
    out.push_back(0xF0); // INCREASE: NEVER
    out.push_back(static_cast<std::uint8_t>(AccessRules::gsmNibble(file.rules.condition(Operation::Activate)) << 4 |
                                            AccessRules::gsmNibble(file.rules.condition(Operation::Deactivate))));
    out.push_back(file.lifeCycle == LifeCycle::Activated ? 0x01 : 0x00);
    out.push_back(2); // bytes 14..15 follow
    out.push_back(file.kind == FileKind::Transparent ? 0x00 : (file.kind == FileKind::LinearFixed ? 0x01 : 0x03));
    out.push_back(file.recordLength);
    return out;
}

Result<SimFile> FileDescription::parseCreate(ByteView data, const ArrResolver& resolveArr)
{
    TlvLimits limits;
    limits.maxDepth = 3;
    limits.maxObjects = 64;
    auto decoded = BerTlv::decodeOne(data, limits);
    if (!decoded) {
        return decoded.error();
    }
    const Tlv& top = decoded.value();
    if (top.tag() != 0x62) {
        return bad("not an FCP template");
    }
    std::set<std::uint32_t> seen;
    for (const Tlv& t : top.children()) {
        if (!seen.insert(t.tag()).second) {
            return bad("repeated tag");
        }
        static const std::set<std::uint32_t> allowed{0x80, 0x81, 0x82, 0x83, 0x84, 0x88, 0x8A, 0x8B, 0x8C, 0xA5, 0xC6};
        if (allowed.count(t.tag()) == 0) {
            return bad("unsupported tag");
        }
    }
    const Tlv* fd = top.find(0x82);
    const Tlv* fid = top.find(0x83);
    const Tlv* rules = top.find(0x8C);
    const Tlv* referenced = top.find(0x8B);
    if (fd == nullptr || fid == nullptr || (rules == nullptr) == (referenced == nullptr) || fid->value().size() != 2 ||
        fd->value().size() < 2 || fd->value()[1] != kDataCoding) {
        return bad("descriptor, FID or security attributes missing");
    }
    SimFile file;
    file.fid = static_cast<std::uint16_t>(fid->value()[0] << 8 | fid->value()[1]);
    if (reservedFid(file.fid) || file.fid == kFidGsm) {
        return bad("reserved file identifier");
    }
    auto parsedRules =
        rules != nullptr ? AccessRules::fromCompact(view(rules->value())) : resolveReferenced(*referenced, resolveArr);
    if (!parsedRules) {
        return parsedRules.error();
    }
    file.rules = parsedRules.value();
    const std::uint8_t fdb = fd->value()[0];
    const Tlv* size = top.find(0x80);
    const Tlv* lcs = top.find(0x8A);
    const Tlv* sfi = top.find(0x88);
    const Tlv* aid = top.find(0x84);
    if (lcs != nullptr && lcs->value().size() != 1) {
        return bad("life cycle length");
    }
    const std::uint8_t lcsValue = lcs != nullptr ? lcs->value()[0] : 0;
    if (fdb == 0x38 || fdb == 0x78) {
        file.kind = FileKind::Df;
        if (fd->value().size() != 2 || size != nullptr || sfi != nullptr ||
            (lcs != nullptr && lcsValue != 0x01 && lcsValue != 0x03)) {
            return bad("DF fields");
        }
        if (const Tlv* total = top.find(0x81);
            total != nullptr && (total->value().empty() || total->value().size() > 2)) {
            return bad("DF total size");
        }
        if (aid != nullptr) {
            if (aid->value().size() < 5 || aid->value().size() > 16) {
                return bad("AID length");
            }
            file.aid.assign(aid->value().begin(), aid->value().end());
        }
        file.lifeCycle = lcs != nullptr ? static_cast<LifeCycle>(lcsValue) : LifeCycle::Creation;
        return file;
    }
    if (aid != nullptr || top.find(0xC6) != nullptr || top.find(0x81) != nullptr) {
        return bad("DF tag in an EF");
    }
    if (lcs != nullptr && lcsValue != 0x01 && lcsValue != 0x03 && lcsValue != 0x04 && lcsValue != 0x05) {
        return bad("EF life cycle");
    }
    file.lifeCycle = lcs != nullptr ? static_cast<LifeCycle>(lcsValue) : LifeCycle::Activated;
    std::size_t bytes = 0;
    if (fdb == 0x01 || fdb == 0x41) {
        file.kind = FileKind::Transparent;
        if (fd->value().size() != 2 || size == nullptr || size->value().empty() || size->value().size() > 2) {
            return bad("transparent EF size");
        }
        bytes = size->value().size() == 1 ? size->value()[0]
                                          : static_cast<std::size_t>(size->value()[0] << 8 | size->value()[1]);
        if (bytes == 0 || bytes > kMaxEfSize) {
            return bad("transparent EF size");
        }
    } else if (fdb == 0x02 || fdb == 0x42 || fdb == 0x06 || fdb == 0x46) {
        file.kind = (fdb & 0x04) != 0 ? FileKind::Cyclic : FileKind::LinearFixed;
        const SecureBytes& v = fd->value();
        if (v.size() != 5 || v[2] != 0x00 || v[3] == 0 || v[4] == 0 || v[4] == 0xFF) {
            return bad("record descriptor");
        }
        file.recordLength = v[3];
        bytes = static_cast<std::size_t>(v[3]) * v[4];
        if (size != nullptr) {
            const SecureBytes& s = size->value();
            const std::size_t declared =
                s.size() == 1 ? s[0] : (s.size() == 2 ? static_cast<std::size_t>(s[0] << 8 | s[1]) : 0);
            if (declared != bytes) {
                return bad("record EF size");
            }
        }
    } else {
        return bad("file descriptor byte");
    }
    if (sfi == nullptr) {
        const std::uint8_t implicit = static_cast<std::uint8_t>(file.fid & 0x1F);
        if (implicit != 0 && implicit != 0x1F && file.fid != kFidKeys) {
            file.sfi = implicit;
        }
    } else if (sfi->value().size() == 1) {
        const std::uint8_t v = sfi->value()[0];
        if ((v & 0x07) != 0 || (v >> 3) == 0 || (v >> 3) == 0x1F) {
            return bad("SFI coding");
        }
        file.sfi = static_cast<std::uint8_t>(v >> 3);
    } else if (!sfi->value().empty()) {
        return bad("SFI length");
    }
    if (file.fid == kFidKeys && (file.kind != FileKind::Transparent || bytes != kKeyFileSize ||
                                 file.rules.condition(Operation::ReadOrDeleteChild) != Condition::Never || file.sfi)) {
        return bad("key file must be 32 bytes, transparent, without SFI, READ NEVER");
    }
    file.data.assign(bytes, 0xFF);
    return file;
}

} // namespace perso::cards::sim
