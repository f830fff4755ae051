// SPDX-License-Identifier: Apache-2.0
#include "issuer/assessment/Assessment.h"

#include <QtTest>

using namespace perso;
using namespace perso::issuer;
using wire::Decision;
using wire::IdDocumentType;

Q_DECLARE_METATYPE(perso::wire::IdDocumentType)
Q_DECLARE_METATYPE(perso::wire::Decision)
Q_DECLARE_METATYPE(perso::issuer::ReasonCode)

namespace {

const QDate kToday(2026, 11, 22);

wire::CustomerDetails adult()
{
    wire::CustomerDetails c;
    c.givenNames = QStringLiteral("Ada");
    c.familyName = QStringLiteral("Lovelace");
    c.dateOfBirth = QDate(1990, 5, 17);
    c.address.lines = {QStringLiteral("1 High Street")};
    c.address.city = QStringLiteral("London");
    c.address.country = QStringLiteral("GB");
    c.idDocument = {IdDocumentType::Passport, QStringLiteral("X1234567")};
    c.email = QStringLiteral("ada@example.org");
    c.planCode = QStringLiteral("PAYG-10");
    return c;
}

AssessmentFacts facts(int cards = 0, bool deny = false, QDate today = kToday)
{
    return AssessmentFacts{cards, deny, today};
}

} // namespace

class TestIssuerAssessment : public QObject
{
    Q_OBJECT

private slots:
    void ageOnCalendarDates_data()
    {
        QTest::addColumn<QDate>("birth");
        QTest::addColumn<QDate>("today");
        QTest::addColumn<int>("age");
        QTest::newRow("birthday today") << QDate(2008, 11, 22) << kToday << 18;
        QTest::newRow("17y364d") << QDate(2008, 11, 23) << kToday << 17;
        QTest::newRow("day after birthday") << QDate(2008, 11, 21) << kToday << 18;
        QTest::newRow("earlier month") << QDate(2008, 12, 1) << kToday << 17;
        QTest::newRow("leap birth, 28 Feb common year") << QDate(2008, 2, 29) << QDate(2026, 2, 28) << 17;
        QTest::newRow("leap birth, 1 Mar common year") << QDate(2008, 2, 29) << QDate(2026, 3, 1) << 18;
        QTest::newRow("leap birth, 29 Feb leap year") << QDate(2008, 2, 29) << QDate(2028, 2, 29) << 20;
        QTest::newRow("leap birth, 28 Feb leap year") << QDate(2008, 2, 29) << QDate(2028, 2, 28) << 19;
        QTest::newRow("born today") << kToday << kToday << 0;
        QTest::newRow("future") << QDate(2026, 11, 23) << kToday << -1;
        QTest::newRow("invalid birth") << QDate() << kToday << -1;
        QTest::newRow("invalid today") << QDate(1990, 1, 1) << QDate() << -1;
    }

    void ageOnCalendarDates()
    {
        QFETCH(QDate, birth);
        QFETCH(QDate, today);
        QFETCH(int, age);
        QCOMPARE(ageInYears(birth, today), age);
    }

    void rules_data()
    {
        QTest::addColumn<QDate>("birth");
        QTest::addColumn<int>("idType");
        QTest::addColumn<QString>("idNumber");
        QTest::addColumn<QString>("plan");
        QTest::addColumn<int>("cards");
        QTest::addColumn<bool>("deny");
        QTest::addColumn<bool>("referAtLimit");
        QTest::addColumn<Decision>("decision");
        QTest::addColumn<ReasonCode>("reason");
        const QString id = QStringLiteral("X1234567");
        const QString plan = QStringLiteral("PAYG-10");
        const QDate ok(1990, 5, 17);
        QTest::newRow("approved") << ok << 1 << id << plan << 0 << false << false << Decision::Approved
                                  << ReasonCode::None;
        QTest::newRow("exactly 18") << QDate(2008, 11, 22) << 1 << id << plan << 0 << false << false
                                    << Decision::Approved << ReasonCode::None;
        QTest::newRow("17y364d") << QDate(2008, 11, 23) << 1 << id << plan << 0 << false << false << Decision::Declined
                                 << ReasonCode::Underage;
        QTest::newRow("leap-day birth 18 on 1 Mar")
            << QDate(2008, 2, 29) << 1 << id << plan << 0 << false << false << Decision::Approved << ReasonCode::None;
        QTest::newRow("birth in the future") << QDate(2027, 1, 1) << 1 << id << plan << 0 << false << false
                                             << Decision::Declined << ReasonCode::BirthDateInvalid;
        QTest::newRow("131 years old") << QDate(1895, 1, 1) << 1 << id << plan << 0 << false << false
                                       << Decision::Declined << ReasonCode::BirthDateInvalid;
        QTest::newRow("130 years old") << QDate(1896, 1, 1) << 1 << id << plan << 0 << false << false
                                       << Decision::Approved << ReasonCode::None;
        QTest::newRow("deny listed") << ok << 1 << id << plan << 0 << true << false << Decision::Declined
                                     << ReasonCode::DenyListed;
        QTest::newRow("deny list wins over underage") << QDate(2015, 1, 1) << 1 << id << plan << 0 << true << false
                                                      << Decision::Declined << ReasonCode::DenyListed;
        QTest::newRow("bad id document") << ok << 1 << QStringLiteral("x12") << plan << 0 << false << false
                                         << Decision::Declined << ReasonCode::IdDocumentInvalid;
        QTest::newRow("unknown plan") << ok << 1 << id << QStringLiteral("GOLD") << 0 << false << false
                                      << Decision::Declined << ReasonCode::UnknownPlan;
        QTest::newRow("below limit") << ok << 1 << id << plan << 1 << false << false << Decision::Approved
                                     << ReasonCode::None;
        QTest::newRow("last allowed card")
            << ok << 1 << id << plan << 2 << false << false << Decision::Approved << ReasonCode::None;
        QTest::newRow("last allowed card, refer")
            << ok << 1 << id << plan << 2 << false << true << Decision::Referred << ReasonCode::ReferredNearLimit;
        QTest::newRow("below limit, refer")
            << ok << 1 << id << plan << 1 << false << true << Decision::Approved << ReasonCode::None;
        QTest::newRow("at limit") << ok << 1 << id << plan << 3 << false << false << Decision::Declined
                                  << ReasonCode::TooManyCards;
        QTest::newRow("at limit, refer") << ok << 1 << id << plan << 3 << false << true << Decision::Declined
                                         << ReasonCode::TooManyCards;
        QTest::newRow("above limit") << ok << 1 << id << plan << 7 << false << false << Decision::Declined
                                     << ReasonCode::TooManyCards;
    }

    void rules()
    {
        QFETCH(QDate, birth);
        QFETCH(int, idType);
        QFETCH(QString, idNumber);
        QFETCH(QString, plan);
        QFETCH(int, cards);
        QFETCH(bool, deny);
        QFETCH(bool, referAtLimit);
        QFETCH(Decision, decision);
        QFETCH(ReasonCode, reason);
        AssessmentPolicy policy;
        policy.planCodes = {QStringLiteral("PAYG-10"), QStringLiteral("MONTHLY-20")};
        policy.referAtLimit = referAtLimit;
        wire::CustomerDetails customer = adult();
        customer.dateOfBirth = birth;
        customer.idDocument = {static_cast<IdDocumentType>(idType), idNumber};
        customer.planCode = plan;
        const AssessmentOutcome outcome = assess(policy, customer, facts(cards, deny));
        QCOMPARE(outcome.decision, decision);
        QCOMPARE(outcome.reason, reason);
    }

    void anyPlanWhenListEmpty()
    {
        AssessmentPolicy policy;
        wire::CustomerDetails customer = adult();
        customer.planCode = QStringLiteral("ANYTHING");
        QCOMPARE(assess(policy, customer, facts()).decision, Decision::Approved);
    }

    void policyMinimumAgeApplies()
    {
        AssessmentPolicy policy;
        policy.minimumAge = 21;
        wire::CustomerDetails customer = adult();
        customer.dateOfBirth = QDate(2005, 11, 23); // 20 years 364 days
        QCOMPARE(assess(policy, customer, facts()).reason, ReasonCode::Underage);
        customer.dateOfBirth = QDate(2005, 11, 22);
        QCOMPARE(assess(policy, customer, facts()).reason, ReasonCode::None);
    }

    void idDocumentFormats_data()
    {
        QTest::addColumn<IdDocumentType>("type");
        QTest::addColumn<QString>("number");
        QTest::addColumn<bool>("valid");
        const auto P = IdDocumentType::Passport;
        const auto N = IdDocumentType::NationalIdCard;
        const auto D = IdDocumentType::DrivingLicence;
        const auto R = IdDocumentType::ResidencePermit;
        QTest::newRow("passport 9") << P << QStringLiteral("123456789") << true;
        QTest::newRow("passport letters+digits") << P << QStringLiteral("AB1234567") << true;
        QTest::newRow("passport 6") << P << QStringLiteral("C12345") << true;
        QTest::newRow("passport 5") << P << QStringLiteral("C1234") << false;
        QTest::newRow("passport 10") << P << QStringLiteral("AB12345678") << false;
        QTest::newRow("passport lower case") << P << QStringLiteral("ab1234567") << false;
        QTest::newRow("passport space") << P << QStringLiteral("AB 123456") << false;
        QTest::newRow("passport no digit") << P << QStringLiteral("ABCDEFGH") << false;
        QTest::newRow("passport one repeated digit") << P << QStringLiteral("000000000") << false;
        QTest::newRow("national id 12") << N << QStringLiteral("T22000129ABC") << true;
        QTest::newRow("national id 6") << N << QStringLiteral("A12345") << true;
        QTest::newRow("national id 13") << N << QStringLiteral("T22000129ABCD") << false;
        QTest::newRow("national id hyphen") << N << QStringLiteral("T2200-0129") << false;
        QTest::newRow("driving licence 16") << D << QStringLiteral("MORGA753116SM9IJ") << true;
        QTest::newRow("driving licence 5") << D << QStringLiteral("A1234") << true;
        QTest::newRow("driving licence 18") << D << QStringLiteral("ABCDEF123456789012") << true;
        QTest::newRow("driving licence 19") << D << QStringLiteral("ABCDEF1234567890123") << false;
        QTest::newRow("driving licence 4") << D << QStringLiteral("A123") << false;
        QTest::newRow("residence permit") << R << QStringLiteral("ZU1234567") << true;
        QTest::newRow("residence permit 3 letters 10 digits") << R << QStringLiteral("ABC1234567890") << true;
        QTest::newRow("residence permit no letter") << R << QStringLiteral("1234567") << false;
        QTest::newRow("residence permit 4 letters") << R << QStringLiteral("ABCD123456") << false;
        QTest::newRow("residence permit 5 digits") << R << QStringLiteral("AB12345") << false;
        QTest::newRow("residence permit letter after digits") << R << QStringLiteral("AB123456C") << false;
        QTest::newRow("empty") << P << QString() << false;
        QTest::newRow("non-ASCII") << N << QStringLiteral("A12345\u00C9") << false;
        QTest::newRow("unknown type") << static_cast<IdDocumentType>(9) << QStringLiteral("X1234567") << false;
    }

    void idDocumentFormats()
    {
        QFETCH(IdDocumentType, type);
        QFETCH(QString, number);
        QFETCH(bool, valid);
        QCOMPARE(isValidIdDocumentNumber(type, number), valid);
    }

    void policyFromJson()
    {
        const auto policy = AssessmentPolicy::fromJson(
            R"({"minimumAge": 21, "maxCardsPerWindow": 5, "windowDays": 90, "referAtLimit": true,
                "planCodes": ["PAYG-10", "MONTHLY-20"]})");
        QVERIFY2(policy.ok(), policy.ok() ? "" : qPrintable(policy.error().message));
        QCOMPARE(policy.value().minimumAge, 21);
        QCOMPARE(policy.value().maxCardsPerWindow, 5);
        QCOMPARE(policy.value().windowDays, 90);
        QCOMPARE(policy.value().referAtLimit, true);
        QCOMPARE(policy.value().planCodes, (QStringList{QStringLiteral("PAYG-10"), QStringLiteral("MONTHLY-20")}));

        const auto defaults = AssessmentPolicy::fromJson("{}");
        QVERIFY(defaults.ok());
        QCOMPARE(defaults.value().minimumAge, 18);
        QCOMPARE(defaults.value().maxCardsPerWindow, 3);
        QCOMPARE(defaults.value().windowDays, 30);
        QCOMPARE(defaults.value().referAtLimit, false);
        QVERIFY(defaults.value().planCodes.isEmpty());
    }

    void policyJsonErrors_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("not json") << QByteArray("minimumAge=18");
        QTest::newRow("truncated") << QByteArray(R"({"minimumAge": 18)");
        QTest::newRow("array root") << QByteArray("[]");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("unknown key") << QByteArray(R"({"minAge": 18})");
        QTest::newRow("age as string") << QByteArray(R"({"minimumAge": "18"})");
        QTest::newRow("age fractional") << QByteArray(R"({"minimumAge": 18.5})");
        QTest::newRow("age too low") << QByteArray(R"({"minimumAge": 15})");
        QTest::newRow("age too high") << QByteArray(R"({"minimumAge": 26})");
        QTest::newRow("max cards 0") << QByteArray(R"({"maxCardsPerWindow": 0})");
        QTest::newRow("max cards 101") << QByteArray(R"({"maxCardsPerWindow": 101})");
        QTest::newRow("window 0") << QByteArray(R"({"windowDays": 0})");
        QTest::newRow("window huge") << QByteArray(R"({"windowDays": 1e9})");
        QTest::newRow("window null") << QByteArray(R"({"windowDays": null})");
        QTest::newRow("refer as number") << QByteArray(R"({"referAtLimit": 1})");
        QTest::newRow("plans not array") << QByteArray(R"({"planCodes": "PAYG"})");
        QTest::newRow("plan not string") << QByteArray(R"({"planCodes": [1]})");
        QTest::newRow("plan empty") << QByteArray(R"({"planCodes": [""]})");
        QTest::newRow("plan with space") << QByteArray(R"({"planCodes": ["PAY G"]})");
        QTest::newRow("plan too long") << QByteArray(R"({"planCodes": ["ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456"]})");
        QTest::newRow("plan repeated") << QByteArray(R"({"planCodes": ["A", "A"]})");
    }

    void policyJsonErrors()
    {
        QFETCH(QByteArray, json);
        const auto policy = AssessmentPolicy::fromJson(json);
        QVERIFY(!policy.ok());
        QCOMPARE(policy.code(), IssuerErrorCode::InvalidInput);
    }

    void reasonNames()
    {
        QCOMPARE(reasonCodeName(ReasonCode::Underage), QStringLiteral("underage"));
        QCOMPARE(reasonCodeName(ReasonCode::ReferredNearLimit), QStringLiteral("referred-near-limit"));
        QCOMPARE(static_cast<int>(ReasonCode::TooManyCards), 104);
        QSet<QString> names;
        for (ReasonCode code : {ReasonCode::None, ReasonCode::Underage, ReasonCode::IdDocumentInvalid,
                                ReasonCode::DenyListed, ReasonCode::TooManyCards, ReasonCode::UnknownPlan,
                                ReasonCode::BirthDateInvalid, ReasonCode::ReferredNearLimit})
            names.insert(reasonCodeName(code));
        QCOMPARE(names.size(), 8);
    }
};

QTEST_GUILESS_MAIN(TestIssuerAssessment)
#include "tst_issuerassessment.moc"
