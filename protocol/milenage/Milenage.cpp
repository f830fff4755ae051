// SPDX-License-Identifier: Apache-2.0
#include "protocol/milenage/Milenage.h"

#include <botan/block_cipher.h>
#include <botan/mem_ops.h>

#include <algorithm>

namespace perso::milenage {

namespace {

using Block = std::array<std::uint8_t, 16>;

// Scrubs stack blocks on every exit path.
template <std::size_t N> class ScrubbedBlocks
{
public:
    template <typename... Blocks> explicit ScrubbedBlocks(Blocks&... blocks) : m_blocks{&blocks...} {}
    ~ScrubbedBlocks()
    {
        for (Block* b : m_blocks)
            Botan::secure_scrub_memory(b->data(), b->size());
    }
    ScrubbedBlocks(const ScrubbedBlocks&) = delete;
    ScrubbedBlocks& operator=(const ScrubbedBlocks&) = delete;

private:
    std::array<Block*, N> m_blocks;
};
template <typename... Blocks> ScrubbedBlocks(Blocks&...) -> ScrubbedBlocks<sizeof...(Blocks)>;

Error lengthError(const char* field, std::size_t expected, std::size_t actual)
{
    return makeError(
        ErrorCode::InvalidParameter,
        QStringLiteral("Milenage: %1 must be %2 bytes, got %3").arg(QLatin1String(field)).arg(expected).arg(actual));
}

std::optional<Error> checkLength(const char* field, std::size_t expected, std::size_t actual)
{
    if (expected != actual)
        return lengthError(field, expected, actual);
    return std::nullopt;
}

// Cyclic rotation of a 128-bit value by r bit positions towards the most significant bit
// (TS 35.206 §4.1: rot(x, r)[i] = x[(i + r) mod 128], bit 0 being the most significant).
void rotate(const Block& in, unsigned r, Block& out)
{
    const unsigned byteShift = (r / 8) % 16;
    const unsigned bitShift = r % 8;
    for (unsigned i = 0; i < 16; ++i) {
        const std::uint8_t hi = in[(i + byteShift) % 16];
        const std::uint8_t lo = in[(i + byteShift + 1) % 16];
        out[i] = bitShift == 0 ? hi : static_cast<std::uint8_t>((hi << bitShift) | (lo >> (8 - bitShift)));
    }
}

std::uint64_t sqnValue(ByteView sqn)
{
    std::uint64_t v = 0;
    for (std::uint8_t b : sqn)
        v = (v << 8) | b;
    return v;
}

} // namespace

Constants Constants::standard()
{
    Constants c;
    c.r = {64, 0, 32, 64, 96};
    // c1 = 0, c2 = ..01, c3 = ..02, c4 = ..04, c5 = ..08 (TS 35.206 §4.1).
    c.c[1][15] = 0x01;
    c.c[2][15] = 0x02;
    c.c[3][15] = 0x04;
    c.c[4][15] = 0x08;
    return c;
}

Milenage::Milenage(std::unique_ptr<Botan::BlockCipher> cipher, SecureBytes opc, const Constants& constants)
    : m_cipher(std::move(cipher)), m_opc(std::move(opc)), m_constants(constants)
{}

Milenage::Milenage(Milenage&&) noexcept = default;
Milenage& Milenage::operator=(Milenage&&) noexcept = default;
Milenage::~Milenage() = default; // Botan scrubs the key schedule, secure_vector scrubs OPc

Result<SecureBytes> Milenage::computeOpc(const SecureBytes& k, const SecureBytes& op)
{
    if (auto e = checkLength("K", kKeySize, k.size()))
        return *e;
    if (auto e = checkLength("OP", kKeySize, op.size()))
        return *e;
    auto aes = Botan::BlockCipher::create_or_throw("AES-128");
    aes->set_key(k.data(), k.size());
    SecureBytes opc(kKeySize);
    aes->encrypt(op.data(), opc.data());
    for (std::size_t i = 0; i < kKeySize; ++i)
        opc[i] ^= op[i];
    return opc;
}

Result<Milenage> Milenage::fromOpc(const SecureBytes& k, const SecureBytes& opc, const Constants& constants)
{
    if (auto e = checkLength("K", kKeySize, k.size()))
        return *e;
    if (auto e = checkLength("OPc", kKeySize, opc.size()))
        return *e;
    for (std::size_t i = 0; i < constants.r.size(); ++i) {
        if (constants.r[i] > 127)
            return makeError(ErrorCode::InvalidParameter,
                             QStringLiteral("Milenage: r%1 = %2 is outside 0..127").arg(i + 1).arg(constants.r[i]));
    }
    auto aes = Botan::BlockCipher::create_or_throw("AES-128");
    aes->set_key(k.data(), k.size());
    return Milenage(std::move(aes), opc, constants);
}

Result<Milenage> Milenage::fromOp(const SecureBytes& k, const SecureBytes& op, const Constants& constants)
{
    auto opc = computeOpc(k, op);
    if (!opc)
        return opc.error();
    return fromOpc(k, opc.value(), constants);
}

void Milenage::temp(ByteView rand, Block& out) const
{
    Block in;
    ScrubbedBlocks scrub(in);
    for (std::size_t i = 0; i < 16; ++i)
        in[i] = rand[i] ^ m_opc[i];
    m_cipher->encrypt(in.data(), out.data());
}

void Milenage::out1(const Block& tmp, ByteView sqn, ByteView amf, Block& out) const
{
    // IN1 = SQN || AMF || SQN || AMF; OUT1 = E_K(TEMP xor rot(IN1 xor OPc, r1) xor c1) xor OPc.
    Block x;
    Block rotated;
    ScrubbedBlocks scrub(x, rotated);
    for (std::size_t i = 0; i < 8; ++i) {
        const std::uint8_t b = i < kSqnSize ? sqn[i] : amf[i - kSqnSize];
        x[i] = b ^ m_opc[i];
        x[i + 8] = b ^ m_opc[i + 8];
    }
    rotate(x, m_constants.r[0], rotated);
    for (std::size_t i = 0; i < 16; ++i)
        x[i] = tmp[i] ^ rotated[i] ^ m_constants.c[0][i];
    m_cipher->encrypt(x.data(), out.data());
    for (std::size_t i = 0; i < 16; ++i)
        out[i] ^= m_opc[i];
}

void Milenage::outN(const Block& tmp, std::size_t n, Block& out) const
{
    // OUTn = E_K(rot(TEMP xor OPc, rn) xor cn) xor OPc, n = 2..5.
    const std::size_t idx = n - 1;
    Block x;
    Block rotated;
    ScrubbedBlocks scrub(x, rotated);
    for (std::size_t i = 0; i < 16; ++i)
        x[i] = tmp[i] ^ m_opc[i];
    rotate(x, m_constants.r[idx], rotated);
    for (std::size_t i = 0; i < 16; ++i)
        rotated[i] ^= m_constants.c[idx][i];
    m_cipher->encrypt(rotated.data(), out.data());
    for (std::size_t i = 0; i < 16; ++i)
        out[i] ^= m_opc[i];
}

namespace {

std::optional<Error> checkF1Inputs(ByteView rand, ByteView sqn, ByteView amf)
{
    if (auto e = checkLength("RAND", kRandSize, rand.size()))
        return e;
    if (auto e = checkLength("SQN", kSqnSize, sqn.size()))
        return e;
    return checkLength("AMF", kAmfSize, amf.size());
}

} // namespace

Result<Bytes> Milenage::f1(ByteView rand, ByteView sqn, ByteView amf) const
{
    if (auto e = checkF1Inputs(rand, sqn, amf))
        return *e;
    Block t, o;
    ScrubbedBlocks scrub(t, o);
    temp(rand, t);
    out1(t, sqn, amf, o);
    return Bytes(o.begin(), o.begin() + kMacSize);
}

Result<Bytes> Milenage::f1Star(ByteView rand, ByteView sqn, ByteView amf) const
{
    if (auto e = checkF1Inputs(rand, sqn, amf))
        return *e;
    Block t, o;
    ScrubbedBlocks scrub(t, o);
    temp(rand, t);
    out1(t, sqn, amf, o);
    return Bytes(o.begin() + kMacSize, o.end());
}

template <typename Out>
Result<Out> Milenage::outputSlice(ByteView rand, std::size_t n, std::size_t first, std::size_t length) const
{
    if (auto e = checkLength("RAND", kRandSize, rand.size()))
        return *e;
    Block t, o;
    ScrubbedBlocks scrub(t, o);
    temp(rand, t);
    outN(t, n, o);
    return Out(o.begin() + first, o.begin() + first + length);
}

Result<Bytes> Milenage::f2(ByteView rand) const
{
    return outputSlice<Bytes>(rand, 2, 8, 8);
}

Result<SecureBytes> Milenage::f3(ByteView rand) const
{
    return outputSlice<SecureBytes>(rand, 3, 0, 16);
}

Result<SecureBytes> Milenage::f4(ByteView rand) const
{
    return outputSlice<SecureBytes>(rand, 4, 0, 16);
}

Result<Bytes> Milenage::f5(ByteView rand) const
{
    return outputSlice<Bytes>(rand, 2, 0, kSqnSize);
}

Result<Bytes> Milenage::f5Star(ByteView rand) const
{
    return outputSlice<Bytes>(rand, 5, 0, kSqnSize);
}

Result<AuthVector> Milenage::generateVector(ByteView rand, ByteView sqn, ByteView amf) const
{
    if (auto e = checkF1Inputs(rand, sqn, amf))
        return *e;
    Block t, o1, o2, o3, o4;
    ScrubbedBlocks scrub(t, o1, o2, o3, o4);
    temp(rand, t);
    out1(t, sqn, amf, o1);
    outN(t, 2, o2);
    outN(t, 3, o3);
    outN(t, 4, o4);

    AuthVector v;
    v.rand.assign(rand.begin(), rand.end());
    v.xres.assign(o2.begin() + 8, o2.end());
    v.ck.assign(o3.begin(), o3.end());
    v.ik.assign(o4.begin(), o4.end());
    v.autn.reserve(kAutnSize);
    for (std::size_t i = 0; i < kSqnSize; ++i)
        v.autn.push_back(sqn[i] ^ o2[i]); // SQN xor AK
    append(v.autn, amf);
    v.autn.insert(v.autn.end(), o1.begin(), o1.begin() + kMacSize);
    return v;
}

Result<CardResponse> Milenage::checkAutn(ByteView rand, ByteView autn, const SqnPolicy& policy) const
{
    if (auto e = checkLength("RAND", kRandSize, rand.size()))
        return *e;
    if (auto e = checkLength("AUTN", kAutnSize, autn.size()))
        return *e;
    if (auto e = checkLength("SQN_MS", kSqnSize, policy.sqnMs.size()))
        return *e;

    Block t, o1, o2, o3, o4;
    ScrubbedBlocks scrub(t, o1, o2, o3, o4);
    temp(rand, t);
    outN(t, 2, o2);

    CardResponse response;
    response.sqn.resize(kSqnSize);
    for (std::size_t i = 0; i < kSqnSize; ++i)
        response.sqn[i] = autn[i] ^ o2[i]; // (SQN xor AK) xor AK
    const ByteView amf = autn.subspan(kSqnSize, kAmfSize);
    response.amf.assign(amf.begin(), amf.end());

    out1(t, view(response.sqn), amf, o1);
    if (!constantTimeEqual(ByteView(o1.data(), kMacSize), autn.subspan(kSqnSize + kAmfSize, kMacSize)))
        return makeError(ErrorCode::BadMac, QStringLiteral("Milenage: MAC-A in AUTN does not verify"));

    const std::uint64_t sqn = sqnValue(view(response.sqn));
    const std::uint64_t sqnMs = sqnValue(view(policy.sqnMs));
    const bool fresh = sqn > sqnMs && (!policy.maxDelta || sqn - sqnMs <= *policy.maxDelta);
    if (!fresh) {
        auto auts = buildAuts(rand, view(policy.sqnMs));
        if (!auts)
            return auts.error();
        response.kind = CardResponse::Kind::SyncFailure;
        response.auts = std::move(auts.value());
        return response;
    }

    outN(t, 3, o3);
    outN(t, 4, o4);
    response.kind = CardResponse::Kind::Success;
    response.res.assign(o2.begin() + 8, o2.end());
    response.ck.assign(o3.begin(), o3.end());
    response.ik.assign(o4.begin(), o4.end());
    return response;
}

Result<Bytes> Milenage::buildAuts(ByteView rand, ByteView sqnMs) const
{
    if (auto e = checkLength("RAND", kRandSize, rand.size()))
        return *e;
    if (auto e = checkLength("SQN_MS", kSqnSize, sqnMs.size()))
        return *e;
    static constexpr std::array<std::uint8_t, kAmfSize> dummyAmf{0x00, 0x00};
    Block t, o1, o5;
    ScrubbedBlocks scrub(t, o1, o5);
    temp(rand, t);
    out1(t, sqnMs, ByteView(dummyAmf.data(), dummyAmf.size()), o1);
    outN(t, 5, o5);
    Bytes auts;
    auts.reserve(kAutsSize);
    for (std::size_t i = 0; i < kSqnSize; ++i)
        auts.push_back(sqnMs[i] ^ o5[i]);                     // SQN_MS xor AK*
    auts.insert(auts.end(), o1.begin() + kMacSize, o1.end()); // MAC-S
    return auts;
}

Result<Bytes> Milenage::sqnFromAuts(ByteView rand, ByteView auts) const
{
    if (auto e = checkLength("RAND", kRandSize, rand.size()))
        return *e;
    if (auto e = checkLength("AUTS", kAutsSize, auts.size()))
        return *e;
    Block t, o5;
    ScrubbedBlocks scrub(t, o5);
    temp(rand, t);
    outN(t, 5, o5);
    Bytes sqnMs(kSqnSize);
    for (std::size_t i = 0; i < kSqnSize; ++i)
        sqnMs[i] = auts[i] ^ o5[i];
    auto expected = buildAuts(rand, view(sqnMs));
    if (!expected)
        return expected.error();
    if (!constantTimeEqual(view(expected.value()).subspan(kSqnSize), auts.subspan(kSqnSize)))
        return makeError(ErrorCode::BadMac, QStringLiteral("Milenage: MAC-S in AUTS does not verify"));
    return sqnMs;
}

} // namespace perso::milenage
