// SPDX-License-Identifier: Apache-2.0
#include "SimPlanFixtures.h"
#include "protocol/milenage/Milenage.h"

#include <botan/system_rng.h>

using namespace simplantest;

// The SIM plans run on a real virtual SIM from a batch: every step 9000, the files read back, RES checked.
class TestIssuerSimCard : public QObject
{
    Q_OBJECT

private slots:
    void personalisesARealVirtualSim()
    {
        QTemporaryDir dir;
        const QString body = QStringLiteral("894400000000000001"); // 18 digits + the Luhn check digit
        const QString withCheck = body + QString::number(cards::Iccids::luhnCheckDigit(body));
        const BlankCard blank = makeBatchCard(dir, withCheck);
        QVERIFY(!blank.path.isEmpty());
        const SecureBytes op = secureFromHex("CDC202D5123E20F62B6D676AC72CB318");
        const auto profile = newSimProfile(withCheck, kImsi, QStringLiteral("+447700900123"), op, Botan::system_rng());
        QVERIFY(profile.ok());
        QCOMPARE(profile.value().msisdn, kMsisdn);
        QCOMPARE(profile.value().sqn, std::uint64_t{1});
        QCOMPARE(profile.value().accessClass, std::uint16_t{0x0200});
        QVERIFY(profile.value().opc == milenage::Milenage::computeOpc(profile.value().ki, op).value());
        const auto plan = planNewCard(profile.value(), exampleOperator(), blank.adm, Botan::system_rng());
        QVERIFY(plan.ok());

        {
            auto card = cards::SimCard::open(blank.path);
            QVERIFY(card.ok());
            const auto runs = runBody(*card.value(), plan.value(), kPin, kPuk);
            QCOMPARE(runs.size(), plan.value().body.size());
            for (std::size_t i = 0; i < runs.size(); ++i)
                QVERIFY2(runs[i].sw == 0x9000, qPrintable(plan.value().body[i].label));
            const SecureBytes& answer = runs.back().data;
            QVERIFY(authenticationResponseMatches(plan.value(), view(answer)));
            for (std::size_t bit = 0; bit < 8 * 10; ++bit) { // DB, length and RES
                SecureBytes flipped = answer;
                flipped[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
                QVERIFY2(!authenticationResponseMatches(plan.value(), view(flipped)), qPrintable(QString::number(bit)));
            }
            QVERIFY(!authenticationResponseMatches(plan.value(), ByteView(answer.data(), 10)));
            QVERIFY(!authenticationResponseMatches(plan.value(), {}));
        }

        // Read back from the saved file, as a handset would.
        auto card = cards::SimCard::open(blank.path);
        QVERIFY(card.ok());
        cards::SimCard& sim = *card.value();
        QCOMPARE(send(sim, "00A4000C027FF0").sw(), std::uint16_t{0x9000});
        QCOMPARE(readTransparent(sim, 0x6FAD, 4), QStringLiteral("00000002"));
        QCOMPARE(readTransparent(sim, 0x6F46, 17), QStringLiteral("0152657461696C20506572736FFFFFFFFF"));
        QCOMPARE(readTransparent(sim, 0x6F07, 9).left(8), QStringLiteral("read 698")); // PIN1 not yet given
        const QByteArray pinBlock = kPin + QByteArray(4, '\xFF');
        QCOMPARE(sim.process(CommandApdu(0x00, 0x20, 0x00, 0x01, SecureBytes(pinBlock.begin(), pinBlock.end()))).sw(),
                 std::uint16_t{0x9000});
        QCOMPARE(readTransparent(sim, 0x6F07, 9), QStringLiteral("080910101032547698"));
        QCOMPARE(readTransparent(sim, 0x6F78, 2), QStringLiteral("0200"));
        QCOMPARE(readTransparent(sim, 0x6F38, 8), QStringLiteral("9E731C000C000000"));
        QCOMPARE(readTransparent(sim, 0x6F30, 3 * 8).left(6), QStringLiteral("00F110"));
        QCOMPARE(readMsisdn(sim), QStringLiteral("4F776E206E756D626572FFFF0791447700091032FFFFFFFFFFFF"));
        QCOMPARE(readTransparent(sim, 0xFF01, 32).left(4), QStringLiteral("read")); // Ki/OPc never readable
        // PUK1 is what the customer typed: unblocking with it works.
        const QByteArray unblock = kPuk + QByteArray("1357") + QByteArray(4, '\xFF');
        QCOMPARE(sim.process(CommandApdu(0x00, 0x2C, 0x00, 0x01, SecureBytes(unblock.begin(), unblock.end()))).sw(),
                 std::uint16_t{0x9000});
    }

    void modifiesAPersonalisedSim()
    {
        QTemporaryDir dir;
        const QString body = QStringLiteral("894400000000000002");
        const QString iccid = body + QString::number(cards::Iccids::luhnCheckDigit(body));
        const BlankCard blank = makeBatchCard(dir, iccid);
        QVERIFY(!blank.path.isEmpty());
        const SecureBytes op = secureFromHex("CDC202D5123E20F62B6D676AC72CB318");
        SimProfile profile = newSimProfile(iccid, kImsi, kMsisdn, op, Botan::system_rng()).value();
        {
            auto card = cards::SimCard::open(blank.path);
            const auto plan = planNewCard(profile, exampleOperator(), blank.adm, Botan::system_rng()).value();
            const auto runs = runBody(*card.value(), plan, kPin, kPuk);
            QCOMPARE(runs.size(), std::size_t{22});
            QCOMPARE(runs.back().sw, std::uint16_t{0x9000});
        }

        // New number, new SPN and roaming list; the stored Ki/OPc and the next SQN.
        profile.msisdn = QStringLiteral("447700900999");
        profile.sqn = 2;
        OperatorProfile op2 = exampleOperator();
        op2.spn = QStringLiteral("New Name");
        op2.spnDisplayCondition = 0x00;
        op2.plmnSelector = {QStringLiteral("00101"), QStringLiteral("23415")};
        const auto modify = planModification(profile, op2, blank.adm, Botan::system_rng());
        QVERIFY(modify.ok());
        for (const auto& step : modify.value().body) {
            if (const auto* forward = forwardOf(step)) {
                QVERIFY(forward->cardCommand.ins() != 0xE0); // no CREATE FILE
                QVERIFY(forward->cardCommand.ins() != 0x24); // no code changed
                const SecureBytes& data = forward->cardCommand.data();
                QVERIFY(!(data.size() == 2 && data[0] == 0xFF && data[1] == 0x01)); // EF.KEYS untouched
            } else {
                const auto& entry = std::get<PinEntryInstruction>(step.instruction);
                QCOMPARE(hexOf(entry.cardTemplate), QStringLiteral("0020000108FFFFFFFFFFFFFFFF")); // VERIFY PIN1
                QVERIFY(!entry.confirmTwice);
            }
        }
        QCOMPARE(modify.value().authenticateStep, static_cast<std::uint16_t>(modify.value().body.size()));
        {
            auto card = cards::SimCard::open(blank.path);
            const auto runs = runBody(*card.value(), modify.value(), kPin, kPuk);
            QCOMPARE(runs.size(), modify.value().body.size());
            for (std::size_t i = 0; i < runs.size(); ++i)
                QVERIFY2(runs[i].sw == 0x9000, qPrintable(modify.value().body[i].label));
            QVERIFY(authenticationResponseMatches(modify.value(), view(runs.back().data)));
        }
        {
            auto card = cards::SimCard::open(blank.path);
            cards::SimCard& sim = *card.value();
            const QByteArray pinBlock = kPin + QByteArray(4, '\xFF');
            QCOMPARE(
                sim.process(CommandApdu(0x00, 0x20, 0x00, 0x01, SecureBytes(pinBlock.begin(), pinBlock.end()))).sw(),
                std::uint16_t{0x9000});
            QCOMPARE(send(sim, "00A4000C027FF0").sw(), std::uint16_t{0x9000});
            QCOMPARE(readMsisdn(sim), QStringLiteral("4F776E206E756D626572FFFF0791447700099099FFFFFFFFFFFF"));
            QCOMPARE(readTransparent(sim, 0x6F46, 17), QStringLiteral("004E6577204E616D65FFFFFFFFFFFFFFFF"));
            QCOMPARE(readTransparent(sim, 0x6F30, 6), QStringLiteral("00F11032F451"));
        }

        // Replaying an old SQN: the card answers with a resynchronisation (DC), which never matches.
        profile.sqn = 2;
        const auto replay = planModification(profile, op2, blank.adm, Botan::system_rng()).value();
        auto card = cards::SimCard::open(blank.path);
        const auto runs = runBody(*card.value(), replay, kPin, kPuk);
        QCOMPARE(runs.size(), replay.body.size());
        QCOMPARE(runs.back().sw, std::uint16_t{0x9000});
        QCOMPARE(runs.back().data.front(), std::uint8_t{0xDC});
        QVERIFY(!authenticationResponseMatches(replay, view(runs.back().data)));

        // A different Ki fails the card's MAC check.
        profile.ki = secureFromHex("000102030405060708090A0B0C0D0E0F");
        profile.sqn = 3;
        const auto wrongKey = planModification(profile, op2, blank.adm, Botan::system_rng()).value();
        auto card2 = cards::SimCard::open(blank.path);
        const auto runs2 = runBody(*card2.value(), wrongKey, kPin, kPuk);
        QCOMPARE(runs2.size(), wrongKey.body.size());
        QCOMPARE(runs2.back().sw, std::uint16_t{0x9862});
    }
};

QTEST_GUILESS_MAIN(TestIssuerSimCard)
#include "tst_issuersimcard.moc"
