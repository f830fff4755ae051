// SPDX-License-Identifier: Apache-2.0
#include "MilenageVectors.h"

#include "protocol/milenage/GsmConversion.h"
#include "protocol/milenage/Milenage.h"

#include <QTest>

using namespace perso;
using namespace perso::milenage;

namespace {

QByteArray hex(ByteView bytes)
{
    return QByteArray::fromStdString(toHex(bytes)).toLower();
}
QByteArray hex(const Bytes& bytes)
{
    return hex(view(bytes));
}
QByteArray hex(const SecureBytes& bytes)
{
    return hex(view(bytes));
}

Bytes xorBytes(const Bytes& a, const Bytes& b)
{
    Bytes out(a.size());
    for (std::size_t i = 0; i < a.size(); ++i)
        out[i] = a[i] ^ b[i];
    return out;
}

Bytes concat(std::initializer_list<Bytes> parts)
{
    Bytes out;
    for (const Bytes& p : parts)
        append(out, view(p));
    return out;
}

Milenage make(const vectors::MilenageSet& s)
{
    auto m = Milenage::fromOpc(secureFromHex(s.k), secureFromHex(s.opc));
    if (!m)
        qFatal("fromOpc failed for %s set %d", s.document, s.set);
    return std::move(m).value();
}

// SQN - 1 as 6 bytes (the published SQNs are all non-zero).
Bytes previousSqn(const Bytes& sqn)
{
    Bytes out = sqn;
    for (auto it = out.rbegin(); it != out.rend(); ++it) {
        if ((*it)-- != 0)
            break;
    }
    return out;
}

void addSetRows(const vectors::MilenageSet* sets, std::size_t count)
{
    QTest::addColumn<const vectors::MilenageSet*>("set");
    for (std::size_t i = 0; i < count; ++i)
        QTest::addRow("%s set %d", sets[i].document, sets[i].set) << &sets[i];
}

// Every function of one published test set: OPc from OP, f1, f1*, f2, f3, f4, f5, f5*.
void verifySet(const vectors::MilenageSet& s)
{
    const auto opc = Milenage::computeOpc(secureFromHex(s.k), secureFromHex(s.op));
    QVERIFY(opc.ok());
    QCOMPARE(hex(opc.value()), QByteArray(s.opc));

    const Bytes rand = fromHex(s.rand), sqn = fromHex(s.sqn), amf = fromHex(s.amf);
    // Built from OP: must agree with the published OPc path.
    auto fromOp = Milenage::fromOp(secureFromHex(s.k), secureFromHex(s.op));
    QVERIFY(fromOp.ok());
    QCOMPARE(hex(fromOp.value().opc()), QByteArray(s.opc));

    const Milenage m = make(s);
    QCOMPARE(hex(m.f1(view(rand), view(sqn), view(amf)).value()), QByteArray(s.f1));
    QCOMPARE(hex(m.f1Star(view(rand), view(sqn), view(amf)).value()), QByteArray(s.f1Star));
    QCOMPARE(hex(m.f2(view(rand)).value()), QByteArray(s.f2));
    QCOMPARE(hex(m.f3(view(rand)).value()), QByteArray(s.f3));
    QCOMPARE(hex(m.f4(view(rand)).value()), QByteArray(s.f4));
    QCOMPARE(hex(m.f5(view(rand)).value()), QByteArray(s.f5));
    QCOMPARE(hex(m.f5Star(view(rand)).value()), QByteArray(s.f5Star));
    QCOMPARE(hex(fromOp.value().f2(view(rand)).value()), QByteArray(s.f2));
}

} // namespace

Q_DECLARE_METATYPE(const perso::milenage::vectors::MilenageSet*)
Q_DECLARE_METATYPE(const perso::milenage::vectors::GsmSet*)

class TestMilenage : public QObject
{
    Q_OBJECT

private slots:
    // 3GPP TS 35.207 test sets 1-6.
    void implementorsTestData_data() { addSetRows(vectors::ts35207, std::size(vectors::ts35207)); }
    void implementorsTestData()
    {
        QFETCH(const vectors::MilenageSet*, set);
        verifySet(*set);
    }

    // 3GPP TS 35.208 §4.3.1-§4.3.20, test sets 1-20.
    void conformanceTestData_data() { addSetRows(vectors::ts35208, std::size(vectors::ts35208)); }
    void conformanceTestData()
    {
        QFETCH(const vectors::MilenageSet*, set);
        verifySet(*set);
    }

    // The network builds AUTN = SQN xor AK || AMF || MAC-A (TS 33.102 §6.3.2) from the published
    // f5 and f1; the card accepts it with a fresh SQN and returns the published RES, CK and IK.
    void authenticationRoundTrip_data() { addSetRows(vectors::ts35208, std::size(vectors::ts35208)); }
    void authenticationRoundTrip()
    {
        QFETCH(const vectors::MilenageSet*, set);
        const Milenage m = make(*set);
        const Bytes rand = fromHex(set->rand), sqn = fromHex(set->sqn), amf = fromHex(set->amf);
        const Bytes expectedAutn = concat({xorBytes(sqn, fromHex(set->f5)), amf, fromHex(set->f1)});

        const auto vector = m.generateVector(view(rand), view(sqn), view(amf));
        QVERIFY(vector.ok());
        QCOMPARE(hex(vector.value().autn), hex(expectedAutn));
        QCOMPARE(hex(vector.value().rand), QByteArray(set->rand));
        QCOMPARE(hex(vector.value().xres), QByteArray(set->f2));
        QCOMPARE(hex(vector.value().ck), QByteArray(set->f3));
        QCOMPARE(hex(vector.value().ik), QByteArray(set->f4));

        const auto card = m.checkAutn(view(rand), view(expectedAutn), SqnPolicy{previousSqn(sqn)});
        QVERIFY2(card.ok(), qPrintable(card.ok() ? QString() : card.error().message));
        QCOMPARE(card.value().kind, CardResponse::Kind::Success);
        QCOMPARE(hex(card.value().sqn), QByteArray(set->sqn));
        QCOMPARE(hex(card.value().amf), QByteArray(set->amf));
        QCOMPARE(hex(card.value().res), QByteArray(set->f2));
        QCOMPARE(hex(card.value().ck), QByteArray(set->f3));
        QCOMPARE(hex(card.value().ik), QByteArray(set->f4));
        QVERIFY(card.value().auts.empty());
    }

    // Any single flipped bit of AUTN (concealed SQN, AMF or MAC-A) makes MAC-A fail: BadMac, and no
    // RES, CK or IK leaves the card.
    void autnWithFlippedBitIsRejected()
    {
        const auto& s = vectors::ts35208[2];
        const Milenage m = make(s);
        const Bytes rand = fromHex(s.rand), sqn = fromHex(s.sqn), amf = fromHex(s.amf);
        const Bytes autn = m.generateVector(view(rand), view(sqn), view(amf)).value().autn;
        for (std::size_t bit = 0; bit < autn.size() * 8; ++bit) {
            Bytes bad = autn;
            bad[bit / 8] ^= static_cast<std::uint8_t>(0x80 >> (bit % 8));
            const auto r = m.checkAutn(view(rand), view(bad), SqnPolicy{previousSqn(sqn)});
            QVERIFY2(!r.ok(), qPrintable(QStringLiteral("bit %1 accepted").arg(bit)));
            QCOMPARE(r.code(), ErrorCode::BadMac);
        }
        // A different subscriber key cannot produce a valid MAC either.
        SecureBytes otherK = secureFromHex(s.k);
        otherK[0] ^= 0x01;
        const auto other = Milenage::fromOpc(otherK, secureFromHex(s.opc)).value();
        QCOMPARE(other.checkAutn(view(rand), view(autn), SqnPolicy{previousSqn(sqn)}).code(), ErrorCode::BadMac);
    }

    // SQN not above SQN_MS (replay) or too far above it: synchronisation failure with AUTS
    // (TS 33.102 §6.3.3); the network recovers SQN_MS from AUTS (§6.3.5).
    void sqnResynchronisation_data() { addSetRows(vectors::ts35208, std::size(vectors::ts35208)); }
    void sqnResynchronisation()
    {
        QFETCH(const vectors::MilenageSet*, set);
        const Milenage m = make(*set);
        const Bytes rand = fromHex(set->rand), sqn = fromHex(set->sqn), amf = fromHex(set->amf);
        const Bytes autn = m.generateVector(view(rand), view(sqn), view(amf)).value().autn;

        // Replay: the card has already accepted this SQN.
        const auto replay = m.checkAutn(view(rand), view(autn), SqnPolicy{sqn});
        QVERIFY(replay.ok());
        QCOMPARE(replay.value().kind, CardResponse::Kind::SyncFailure);
        QVERIFY(replay.value().res.empty());
        QVERIFY(replay.value().ck.empty());
        QVERIFY(replay.value().ik.empty());
        const Bytes& auts = replay.value().auts;
        QCOMPARE(auts.size(), kAutsSize);
        // AUTS = SQN_MS xor AK* || MAC-S: the concealment uses the published f5*; MAC-S is f1* over
        // SQN_MS with the dummy AMF 0000.
        QCOMPARE(hex(Bytes(auts.begin(), auts.begin() + 6)), hex(xorBytes(sqn, fromHex(set->f5Star))));
        const Bytes zeroAmf{0x00, 0x00};
        QCOMPARE(hex(Bytes(auts.begin() + 6, auts.end())), hex(m.f1Star(view(rand), view(sqn), view(zeroAmf)).value()));
        QCOMPARE(hex(m.buildAuts(view(rand), view(sqn)).value()), hex(auts));

        const auto recovered = m.sqnFromAuts(view(rand), view(auts));
        QVERIFY(recovered.ok());
        QCOMPARE(hex(recovered.value()), QByteArray(set->sqn));
        for (std::size_t bit = 0; bit < auts.size() * 8; bit += 7) {
            Bytes bad = auts;
            bad[bit / 8] ^= static_cast<std::uint8_t>(0x80 >> (bit % 8));
            QCOMPARE(m.sqnFromAuts(view(rand), view(bad)).code(), ErrorCode::BadMac);
        }

        // SQN too far ahead of SQN_MS under a delta limit.
        const Bytes older = previousSqn(previousSqn(previousSqn(sqn)));
        const auto jump = m.checkAutn(view(rand), view(autn), SqnPolicy{older, 2});
        QVERIFY(jump.ok());
        QCOMPARE(jump.value().kind, CardResponse::Kind::SyncFailure);
        QCOMPARE(hex(m.sqnFromAuts(view(rand), view(jump.value().auts)).value()), hex(older));
        const auto withinLimit = m.checkAutn(view(rand), view(autn), SqnPolicy{older, 3});
        QVERIFY(withinLimit.ok());
        QCOMPARE(withinLimit.value().kind, CardResponse::Kind::Success);
    }

    void wrongLengthsAreInvalidParameter()
    {
        const auto& s = vectors::ts35208[0];
        const SecureBytes k = secureFromHex(s.k), op = secureFromHex(s.op), opc = secureFromHex(s.opc);
        const SecureBytes k15(k.begin(), k.end() - 1);
        SecureBytes k17 = k;
        k17.push_back(0);
        QCOMPARE(Milenage::computeOpc(k15, op).code(), ErrorCode::InvalidParameter);
        QCOMPARE(Milenage::computeOpc(k, SecureBytes(op.begin(), op.end() - 1)).code(), ErrorCode::InvalidParameter);
        QCOMPARE(Milenage::fromOpc(k17, opc).code(), ErrorCode::InvalidParameter);
        QCOMPARE(Milenage::fromOpc(SecureBytes(), opc).code(), ErrorCode::InvalidParameter);
        QCOMPARE(Milenage::fromOpc(k, SecureBytes(opc.begin(), opc.end() - 1)).code(), ErrorCode::InvalidParameter);
        QCOMPARE(Milenage::fromOp(k, SecureBytes(20)).code(), ErrorCode::InvalidParameter);

        const Milenage m = make(s);
        const Bytes rand = fromHex(s.rand), sqn = fromHex(s.sqn), amf = fromHex(s.amf);
        const Bytes shortRand(rand.begin(), rand.end() - 1), longSqn = concat({sqn, {0x00}});
        const Bytes shortAmf{0xb9};
        QCOMPARE(m.f1(view(shortRand), view(sqn), view(amf)).code(), ErrorCode::InvalidParameter);
        QCOMPARE(m.f1(view(rand), view(longSqn), view(amf)).code(), ErrorCode::InvalidParameter);
        QCOMPARE(m.f1Star(view(rand), view(sqn), view(shortAmf)).code(), ErrorCode::InvalidParameter);
        QCOMPARE(m.f2(view(shortRand)).code(), ErrorCode::InvalidParameter);
        QCOMPARE(m.f3(ByteView()).code(), ErrorCode::InvalidParameter);
        QCOMPARE(m.f4(view(shortRand)).code(), ErrorCode::InvalidParameter);
        QCOMPARE(m.f5(view(shortRand)).code(), ErrorCode::InvalidParameter);
        QCOMPARE(m.f5Star(view(shortRand)).code(), ErrorCode::InvalidParameter);
        QCOMPARE(m.generateVector(view(rand), view(sqn), view(shortAmf)).code(), ErrorCode::InvalidParameter);

        const Bytes autn = m.generateVector(view(rand), view(sqn), view(amf)).value().autn;
        const Bytes shortAutn(autn.begin(), autn.end() - 1);
        QCOMPARE(m.checkAutn(view(rand), view(shortAutn), SqnPolicy{previousSqn(sqn)}).code(),
                 ErrorCode::InvalidParameter);
        QCOMPARE(m.checkAutn(view(shortRand), view(autn), SqnPolicy{previousSqn(sqn)}).code(),
                 ErrorCode::InvalidParameter);
        QCOMPARE(m.checkAutn(view(rand), view(autn), SqnPolicy{Bytes(5)}).code(), ErrorCode::InvalidParameter);
        QCOMPARE(m.buildAuts(view(rand), view(longSqn)).code(), ErrorCode::InvalidParameter);
        QCOMPARE(m.sqnFromAuts(view(rand), view(Bytes(13))).code(), ErrorCode::InvalidParameter);
        QCOMPARE(m.sqnFromAuts(view(shortRand), view(Bytes(14))).code(), ErrorCode::InvalidParameter);

        // Error messages carry lengths, never key material.
        const QString message = Milenage::fromOpc(k17, opc).error().message;
        QVERIFY(message.contains(QLatin1String("17")));
        QVERIFY(!message.contains(QLatin1String(s.k), Qt::CaseInsensitive));
    }

    // r1..r5 and c1..c5 are operator-configurable (TS 35.206 §4.1): the standard values give the
    // published results, other values give other functions, rotations outside 0..127 are refused.
    void configurableConstants()
    {
        const auto& s = vectors::ts35208[4];
        const SecureBytes k = secureFromHex(s.k), opc = secureFromHex(s.opc);
        const Bytes rand = fromHex(s.rand), sqn = fromHex(s.sqn), amf = fromHex(s.amf);

        const auto standard = Milenage::fromOpc(k, opc, Constants::standard()).value();
        QCOMPARE(hex(standard.f2(view(rand)).value()), QByteArray(s.f2));

        Constants custom = Constants::standard();
        custom.r[1] = 8;       // f2/f5 rotation
        custom.c[2][0] = 0x5a; // f3 constant
        custom.r[3] = 65;      // f4: a rotation that is not a whole number of bytes
        const auto other = Milenage::fromOpc(k, opc, custom).value();
        QVERIFY(hex(other.f2(view(rand)).value()) != QByteArray(s.f2));
        QVERIFY(hex(other.f3(view(rand)).value()) != QByteArray(s.f3));
        QVERIFY(hex(other.f4(view(rand)).value()) != QByteArray(s.f4));
        // Unchanged constants still give the published values.
        QCOMPARE(hex(other.f1(view(rand), view(sqn), view(amf)).value()), QByteArray(s.f1));
        QCOMPARE(hex(other.f5Star(view(rand)).value()), QByteArray(s.f5Star));

        Constants bad = Constants::standard();
        bad.r[4] = 128;
        QCOMPARE(Milenage::fromOpc(k, opc, bad).code(), ErrorCode::InvalidParameter);
    }

    // TS 55.205 V6.0.0 test sets 1-19: SRES#1 = c2(RES), Kc = c3(CK, IK) (TS 33.102 §6.8.1.2),
    // computed from the Milenage outputs of the same K, RAND, OPc.
    void gsmConversion_data()
    {
        QTest::addColumn<const vectors::GsmSet*>("gsm");
        for (const auto& g : vectors::ts55205)
            QTest::addRow("TS 55.205 set %d", g.set) << &g;
    }
    void gsmConversion()
    {
        QFETCH(const vectors::GsmSet*, gsm);
        const auto& s = vectors::ts35208[gsm->ts35208Index];
        const Milenage m = make(s);
        const Bytes rand = fromHex(s.rand);
        const Bytes res = m.f2(view(rand)).value();
        QCOMPARE(hex(sresFromRes(view(res)).value()), QByteArray(gsm->sres1));
        QCOMPARE(hex(kcFromCkIk(m.f3(view(rand)).value(), m.f4(view(rand)).value()).value()), QByteArray(gsm->kc));
        // GSM-MILENAGE's SRES#2 is the first 32 bits of RES: checks the row against the RES it came from.
        QCOMPARE(hex(Bytes(res.begin(), res.begin() + 4)), QByteArray(gsm->sres2));
    }

    // c2 over RES lengths other than 8: zero padding to 16 bytes, then xor of the 4-byte quarters.
    void sresFromResLengths()
    {
        const Bytes res16 = fromHex("00112233445566778899aabbccddeeff");
        // 00112233 ^ 44556677 ^ 8899aabb ^ ccddeeff = 00000000
        QCOMPARE(hex(sresFromRes(view(res16)).value()), QByteArray("00000000"));
        const Bytes res4 = fromHex("deadbeef");
        QCOMPARE(hex(sresFromRes(view(res4)).value()), QByteArray("deadbeef"));
        const Bytes res6 = fromHex("0102030410f0");
        QCOMPARE(hex(sresFromRes(view(res6)).value()), QByteArray("11f20304"));
        QCOMPARE(sresFromRes(view(fromHex("010203"))).code(), ErrorCode::InvalidParameter);
        QCOMPARE(sresFromRes(view(Bytes(17))).code(), ErrorCode::InvalidParameter);
    }

    // c4 and c5 (no published vectors: their definition is a byte layout), and c3(c4(Kc), c5(Kc)) = Kc.
    void gsmToUmtsConversion()
    {
        const SecureBytes kc = secureFromHex("eae4be823af9a08b");
        const auto ck = ckFromKc(kc);
        const auto ik = ikFromKc(kc);
        QVERIFY(ck.ok() && ik.ok());
        QCOMPARE(hex(ck.value()), QByteArray("eae4be823af9a08beae4be823af9a08b"));
        // Kc1 xor Kc2 = eae4be82 ^ 3af9a08b = d01d1e09
        QCOMPARE(hex(ik.value()), QByteArray("d01d1e09eae4be823af9a08bd01d1e09"));
        QCOMPARE(hex(kcFromCkIk(ck.value(), ik.value()).value()), hex(kc));

        QCOMPARE(ckFromKc(SecureBytes(7)).code(), ErrorCode::InvalidParameter);
        QCOMPARE(ikFromKc(SecureBytes(9)).code(), ErrorCode::InvalidParameter);
        QCOMPARE(kcFromCkIk(SecureBytes(15), SecureBytes(16)).code(), ErrorCode::InvalidParameter);
        QCOMPARE(kcFromCkIk(SecureBytes(16), SecureBytes(17)).code(), ErrorCode::InvalidParameter);
    }
};

QTEST_GUILESS_MAIN(TestMilenage)
#include "tst_milenage.moc"
