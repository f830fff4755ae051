// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/core/Bytes.h"
#include "protocol/core/Result.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>

namespace Botan {
class BlockCipher;
}

namespace perso::milenage {

// Field sizes of 3GPP TS 35.206 §2 / TS 33.102 §6.3, in bytes.
inline constexpr std::size_t kKeySize = 16;                              // K, OP, OPc, CK, IK
inline constexpr std::size_t kRandSize = 16;                             // RAND
inline constexpr std::size_t kSqnSize = 6;                               // SQN, AK, AK*
inline constexpr std::size_t kAmfSize = 2;                               // AMF
inline constexpr std::size_t kMacSize = 8;                               // MAC-A, MAC-S
inline constexpr std::size_t kResSize = 8;                               // RES as produced by Milenage f2
inline constexpr std::size_t kAutnSize = kSqnSize + kAmfSize + kMacSize; // 16
inline constexpr std::size_t kAutsSize = kSqnSize + kMacSize;            // 14

// The operator-customisable rotations r1..r5 (in bits, 0..127, towards the most significant bit) and
// the 128-bit constants c1..c5 of TS 35.206 §4.1. standard() returns the values the specification
// recommends and that every published test set uses.
struct Constants
{
    std::array<unsigned, 5> r{};
    std::array<std::array<std::uint8_t, 16>, 5> c{};

    static Constants standard();
};

// What the network (here: the issuer) keeps for one authentication: TS 33.102 §6.3.2.
struct AuthVector
{
    Bytes rand;     // 16
    Bytes xres;     // 8, compared with the card's RES by constantTimeEqual
    SecureBytes ck; // 16
    SecureBytes ik; // 16
    Bytes autn;     // 16: SQN xor AK || AMF || MAC-A
};

// The card's answer to an AUTN that carries a valid MAC (TS 33.102 §6.3.3): either the SQN was
// fresh and the card returns RES, CK and IK, or it was not and the card returns AUTS for
// resynchronisation. A bad MAC is not an answer but an error (ErrorCode::BadMac).
struct CardResponse
{
    enum class Kind
    {
        Success,
        SyncFailure
    };
    Kind kind = Kind::Success;
    Bytes sqn;      // 6: the SQN recovered from AUTN (the card stores it as its new SQN_MS on success)
    Bytes amf;      // 2: the AMF carried in AUTN
    Bytes res;      // Success: 8
    SecureBytes ck; // Success: 16
    SecureBytes ik; // Success: 16
    Bytes auts;     // SyncFailure: 14 = SQN_MS xor AK* || MAC-S
};

// How the card judges the freshness of the SQN received in AUTN. We implement the simple
// non-time-based rule of TS 33.102 Annex C without the IND array: SQN is accepted when it is
// greater than the highest SQN accepted so far (SQN_MS) and, if maxDelta is set, not more than
// maxDelta above it (Annex C.2.2's limit L on how far a SQN may jump).
struct SqnPolicy
{
    Bytes sqnMs;                             // 6: highest SQN accepted so far
    std::optional<std::uint64_t> maxDelta{}; // no limit when empty
};

// 3GPP MILENAGE (TS 35.206) over AES-128 for one subscriber (K, OPc).
//
// The object holds K's AES key schedule and OPc; both are scrubbed when it is destroyed. It is
// move-only and const member functions may be called from several threads at once.
class Milenage
{
public:
    // OPc = OP xor E_K(OP) (TS 35.206 §4.1).
    static Result<SecureBytes> computeOpc(const SecureBytes& k, const SecureBytes& op);

    static Result<Milenage> fromOpc(const SecureBytes& k, const SecureBytes& opc,
                                    const Constants& constants = Constants::standard());
    static Result<Milenage> fromOp(const SecureBytes& k, const SecureBytes& op,
                                   const Constants& constants = Constants::standard());

    Milenage(Milenage&&) noexcept;
    Milenage& operator=(Milenage&&) noexcept;
    Milenage(const Milenage&) = delete;
    Milenage& operator=(const Milenage&) = delete;
    ~Milenage();

    const SecureBytes& opc() const { return m_opc; }

    // The seven functions of TS 35.206 §4.1. Every input length is checked (InvalidParameter).
    Result<Bytes> f1(ByteView rand, ByteView sqn, ByteView amf) const;     // MAC-A, 8 bytes
    Result<Bytes> f1Star(ByteView rand, ByteView sqn, ByteView amf) const; // MAC-S, 8 bytes
    Result<Bytes> f2(ByteView rand) const;                                 // RES, 8 bytes
    Result<SecureBytes> f3(ByteView rand) const;                           // CK, 16 bytes
    Result<SecureBytes> f4(ByteView rand) const;                           // IK, 16 bytes
    Result<Bytes> f5(ByteView rand) const;                                 // AK, 6 bytes
    Result<Bytes> f5Star(ByteView rand) const;                             // AK*, 6 bytes

    // Network side (TS 33.102 §6.3.2): XRES, CK, IK and AUTN = SQN xor AK || AMF || MAC-A.
    Result<AuthVector> generateVector(ByteView rand, ByteView sqn, ByteView amf) const;

    // Card side (TS 33.102 §6.3.3, the USIM's AUTHENTICATE): recovers SQN, verifies MAC-A in
    // constant time (BadMac when it does not verify), then judges SQN by the policy and returns
    // RES/CK/IK or a synchronisation failure with AUTS.
    Result<CardResponse> checkAutn(ByteView rand, ByteView autn, const SqnPolicy& policy) const;

    // AUTS = SQN_MS xor AK* || MAC-S, MAC-S = f1*(SQN_MS, RAND, AMF = 0000) (TS 33.102 §6.3.3).
    Result<Bytes> buildAuts(ByteView rand, ByteView sqnMs) const;

    // Network side of resynchronisation (TS 33.102 §6.3.5): verifies MAC-S of AUTS and returns
    // SQN_MS; BadMac when MAC-S does not verify.
    Result<Bytes> sqnFromAuts(ByteView rand, ByteView auts) const;

private:
    Milenage(std::unique_ptr<Botan::BlockCipher> cipher, SecureBytes opc, const Constants& constants);

    using Block = std::array<std::uint8_t, 16>;
    // TEMP = E_K(RAND xor OPc); the caller scrubs it.
    void temp(ByteView rand, Block& out) const;
    // OUT1 for f1/f1*, OUTn (n = 2..5) for f2..f5*.
    void out1(const Block& temp, ByteView sqn, ByteView amf, Block& out) const;
    void outN(const Block& temp, std::size_t n, Block& out) const;
    // RAND checked, OUTn computed, bytes [first, first + length) returned; the blocks are scrubbed.
    template <typename Out>
    Result<Out> outputSlice(ByteView rand, std::size_t n, std::size_t first, std::size_t length) const;

    std::unique_ptr<Botan::BlockCipher> m_cipher;
    SecureBytes m_opc;
    Constants m_constants;
};

} // namespace perso::milenage
