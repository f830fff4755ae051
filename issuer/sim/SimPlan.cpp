// SPDX-License-Identifier: Apache-2.0
#include "issuer/sim/SimPlan.h"

#include "issuer/sim/SimFiles.h"
#include "issuer/sim/SimValidation.h"
#include "protocol/milenage/Milenage.h"

#include <array>

namespace perso::issuer {

namespace {

using package::ForwardInstruction;
using package::PackageStep;
using package::PinEntryInstruction;
namespace sf = simfiles;

constexpr std::uint8_t kAuthenticateSuccessTag = 0xDB;
constexpr std::array<std::uint8_t, 2> kAmf{0x80, 0x00}; // separation bit set (TS 33.102 Annex F)

// Prompt ids of our PIN ENTRY steps (the terminal shows its own text for each).
namespace prompt {
constexpr std::uint16_t kNewPin1 = 1;
constexpr std::uint16_t kNewPuk1 = 2;
constexpr std::uint16_t kCurrentPin1 = 3;
} // namespace prompt

PackageStep forward(CommandApdu command, const char* label, std::uint8_t flags = 0)
{
    return PackageStep{ForwardInstruction{flags, std::move(command)}, QString::fromLatin1(label)};
}

PackageStep pinEntry(PinEntryInstruction::Purpose purpose, std::uint8_t p1, std::uint8_t reference,
                     std::uint8_t minDigits, std::uint16_t promptId, bool confirmTwice, const char* label)
{
    PinEntryInstruction pin;
    pin.purpose = purpose;
    pin.cardTemplate = CommandApdu(0x00, p1 == 0x01 ? 0x24 : 0x20, p1, reference, SecureBytes(8, 0xFF));
    pin.pinOffset = 0;
    pin.minDigits = minDigits;
    pin.maxDigits = 8;
    pin.padByte = 0xFF;
    pin.promptId = promptId;
    pin.confirmTwice = confirmTwice;
    return PackageStep{pin, QString::fromLatin1(label)};
}

SecureBytes secure(const Bytes& bytes)
{
    return SecureBytes(bytes.begin(), bytes.end());
}

// The operator/subscriber files both plans write, as (file id, content) pairs.
struct FileContents
{
    Bytes imsi, ad, plmnSel, spn, msisdn, acc;
};

FileContents contentsOf(const SimProfile& profile, const OperatorProfile& op)
{
    return FileContents{sf::imsiFile(profile.imsi),       sf::adFile(static_cast<int>(op.mnc.size())),
                        sf::plmnSelFile(op.plmnSelector), sf::spnFile(op.spnDisplayCondition, op.spn),
                        sf::msisdnRecord(profile.msisdn), sf::accFile(profile.accessClass)};
}

// The closing AUTHENTICATE (fresh RAND, AUTN for profile.sqn) and the XRES it must produce.
IssuerResult<Ok> appendAuthenticate(SimPlan& plan, const SimProfile& profile, Botan::RandomNumberGenerator& rng)
{
    auto milenage = milenage::Milenage::fromOpc(profile.ki, profile.opc);
    if (!milenage)
        return makeIssuerError(IssuerErrorCode::InvalidInput, QStringLiteral("Ki/OPc rejected by Milenage"));
    Bytes rand(milenage::kRandSize);
    try {
        rng.randomize(rand.data(), rand.size());
    } catch (const std::exception&) {
        return makeIssuerError(IssuerErrorCode::Internal, QStringLiteral("random generator failed"));
    }
    std::array<std::uint8_t, milenage::kSqnSize> sqn{};
    for (std::size_t i = 0; i < sqn.size(); ++i)
        sqn[i] = static_cast<std::uint8_t>(profile.sqn >> (8 * (sqn.size() - 1 - i)));
    auto vector = milenage.value().generateVector(rand, sqn, kAmf);
    if (!vector)
        return makeIssuerError(IssuerErrorCode::Internal, QStringLiteral("authentication vector failed"));
    SecureBytes data{static_cast<std::uint8_t>(milenage::kRandSize)};
    append(data, view(rand));
    data.push_back(static_cast<std::uint8_t>(milenage::kAutnSize));
    append(data, view(vector.value().autn));
    plan.body.push_back(forward(CommandApdu(0x00, 0x88, 0x00, 0x81, std::move(data), CommandApdu::kMaxShortNe),
                                "Check the card's keys", ForwardInstruction::ReturnData));
    plan.authenticateStep = static_cast<std::uint16_t>(plan.body.size()); // BEGIN is step 0
    plan.expectedRes = secure(vector.value().xres);
    return Ok{};
}

} // namespace

std::uint16_t accessClassForImsi(const QString& imsi)
{
    if (!simcheck::isDigits(imsi, 15, 15))
        return 0;
    return static_cast<std::uint16_t>(1u << (imsi.back().unicode() - u'0'));
}

IssuerResult<SimProfile> newSimProfile(const QString& iccid, const QString& imsi, const QString& msisdn,
                                       const SecureBytes& opVariant, Botan::RandomNumberGenerator& rng)
{
    const QString number = msisdn.startsWith(QLatin1Char('+')) ? msisdn.mid(1) : msisdn;
    if (auto ok = simcheck::validateIccid(iccid); !ok)
        return ok.error();
    if (auto ok = simcheck::validateImsi(imsi); !ok)
        return ok.error();
    if (auto ok = simcheck::validateMsisdn(number); !ok)
        return ok.error();
    if (opVariant.size() != milenage::kKeySize)
        return makeIssuerError(IssuerErrorCode::InvalidInput, QStringLiteral("OP must be 16 bytes"));
    SimProfile profile;
    profile.iccid = iccid;
    profile.imsi = imsi;
    profile.msisdn = number;
    profile.accessClass = accessClassForImsi(imsi);
    try {
        profile.ki = rng.random_vec(milenage::kKeySize);
    } catch (const std::exception&) {
        return makeIssuerError(IssuerErrorCode::Internal, QStringLiteral("random generator failed"));
    }
    auto opc = milenage::Milenage::computeOpc(profile.ki, opVariant);
    if (!opc)
        return makeIssuerError(IssuerErrorCode::Internal, QStringLiteral("OPc computation failed"));
    profile.opc = std::move(opc).value();
    profile.sqn = 1;
    return profile;
}

IssuerResult<SimPlan> planNewCard(const SimProfile& profile, const OperatorProfile& op, const SecureBytes& admCode,
                                  Botan::RandomNumberGenerator& rng)
{
    if (auto ok = simcheck::validateProfile(profile, op); !ok)
        return ok.error();
    if (auto ok = simcheck::validateAdmCode(admCode); !ok)
        return ok.error();
    const FileContents files = contentsOf(profile, op);
    SecureBytes keys = profile.ki;
    append(keys, view(profile.opc));

    SimPlan plan;
    auto& body = plan.body;
    body.push_back(forward(sf::verifyAdm(admCode), "Unlock the blank card"));
    body.push_back(forward(sf::createAdfUsim(), "Create the USIM application"));
    body.push_back(forward(sf::createTransparentEf(sf::fid::kImsi, sf::kImsiFileBytes, sf::sc::kPin1, sf::sc::kAdm, 7),
                           "Create the IMSI file"));
    body.push_back(forward(sf::updateBinary(secure(files.imsi)), "Write the IMSI"));
    body.push_back(forward(sf::createTransparentEf(sf::fid::kAd, sf::kAdFileBytes, sf::sc::kAlways, sf::sc::kAdm, 3),
                           "Create the administrative data file"));
    body.push_back(forward(sf::updateBinary(secure(files.ad)), "Write the administrative data"));
    body.push_back(forward(sf::createTransparentEf(sf::fid::kUst, sf::kUstFileBytes, sf::sc::kPin1, sf::sc::kAdm, 4),
                           "Create the service table"));
    body.push_back(forward(sf::updateBinary(secure(sf::ustFile())), "Write the service table"));
    body.push_back(
        forward(sf::createTransparentEf(sf::fid::kPlmnSel, sf::kPlmnSelFileBytes, sf::sc::kPin1, sf::sc::kPin1, 0),
                "Create the network list"));
    body.push_back(forward(sf::updateBinary(secure(files.plmnSel)), "Write the network list"));
    body.push_back(forward(sf::createTransparentEf(sf::fid::kSpn, sf::kSpnFileBytes, sf::sc::kAlways, sf::sc::kAdm, 0),
                           "Create the provider name file"));
    body.push_back(forward(sf::updateBinary(secure(files.spn)), "Write the provider name"));
    body.push_back(forward(sf::createMsisdnEf(), "Create the phone number file"));
    body.push_back(forward(sf::updateRecordAbsolute(1, files.msisdn), "Write the phone number"));
    body.push_back(forward(sf::createTransparentEf(sf::fid::kAcc, sf::kAccFileBytes, sf::sc::kPin1, sf::sc::kAdm, 6),
                           "Create the access class file"));
    body.push_back(forward(sf::updateBinary(secure(files.acc)), "Write the access class"));
    body.push_back(forward(sf::createKeysEf(), "Create the key file"));
    body.push_back(forward(sf::updateBinary(keys), "Write the subscriber keys"));
    body.push_back(pinEntry(PinEntryInstruction::Purpose::Pin1, 0x01, 0x01, 4, prompt::kNewPin1, true,
                            "Customer chooses the PIN"));
    body.push_back(pinEntry(PinEntryInstruction::Purpose::Puk1, 0x01, 0x11, 8, prompt::kNewPuk1, true,
                            "Customer chooses the PUK"));
    body.push_back(forward(sf::activateAdf(), "Activate the application"));
    if (auto ok = appendAuthenticate(plan, profile, rng); !ok)
        return ok.error();
    return plan;
}

IssuerResult<SimPlan> planModification(const SimProfile& profile, const OperatorProfile& op, const SecureBytes& admCode,
                                       Botan::RandomNumberGenerator& rng)
{
    if (auto ok = simcheck::validateProfile(profile, op); !ok)
        return ok.error();
    if (auto ok = simcheck::validateAdmCode(admCode); !ok)
        return ok.error();
    const FileContents files = contentsOf(profile, op);

    SimPlan plan;
    auto& body = plan.body;
    body.push_back(forward(sf::verifyAdm(admCode), "Unlock the card"));
    body.push_back(pinEntry(PinEntryInstruction::Purpose::Pin1, 0x00, 0x01, 4, prompt::kCurrentPin1, false,
                            "Customer enters the PIN"));
    body.push_back(forward(sf::selectAdfFromMf(), "Open the USIM application"));
    const struct
    {
        std::uint16_t fileId;
        const Bytes* content;
        const char* selectLabel;
        const char* writeLabel;
    } updates[] = {
        {sf::fid::kImsi, &files.imsi, "Open the IMSI file", "Write the IMSI"},
        {sf::fid::kAd, &files.ad, "Open the administrative data file", "Write the administrative data"},
        {sf::fid::kPlmnSel, &files.plmnSel, "Open the network list", "Write the network list"},
        {sf::fid::kSpn, &files.spn, "Open the provider name file", "Write the provider name"},
        {sf::fid::kMsisdn, &files.msisdn, "Open the phone number file", "Write the phone number"},
        {sf::fid::kAcc, &files.acc, "Open the access class file", "Write the access class"},
    };
    for (const auto& update : updates) {
        body.push_back(forward(sf::selectByFid(update.fileId), update.selectLabel));
        body.push_back(forward(update.fileId == sf::fid::kMsisdn ? sf::updateRecordAbsolute(1, *update.content)
                                                                 : sf::updateBinary(secure(*update.content)),
                               update.writeLabel));
    }
    if (auto ok = appendAuthenticate(plan, profile, rng); !ok)
        return ok.error();
    return plan;
}

bool authenticationResponseMatches(const SimPlan& plan, ByteView responseData)
{
    // DB || L(RES) || RES || L(CK) || CK || L(IK) || IK [|| L(Kc) || Kc]
    if (plan.expectedRes.empty() || responseData.size() < 2 || responseData[0] != kAuthenticateSuccessTag)
        return false;
    const std::size_t resLength = responseData[1];
    if (resLength < 4 || resLength > 16 || responseData.size() < 2 + resLength)
        return false;
    std::size_t offset = 2 + resLength;
    for (int i = 0; i < 2; ++i) { // CK and IK must follow, 16 bytes each
        if (responseData.size() < offset + 1 + milenage::kKeySize || responseData[offset] != milenage::kKeySize)
            return false;
        offset += 1 + milenage::kKeySize;
    }
    if (resLength != plan.expectedRes.size())
        return false;
    return constantTimeEqual(responseData.subspan(2, resLength), view(plan.expectedRes));
}

} // namespace perso::issuer
