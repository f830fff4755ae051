// SPDX-License-Identifier: Apache-2.0
// Fuzz target for the issuer's configuration parsers: the input as JSON text to DaemonConfig::parse,
// AssessmentPolicy::fromJson and OperatorProfile::fromJson. Properties: no crash; whatever is
// accepted, written back as JSON (the serialisers below) and parsed again, gives the same values;
// the "assessment" and "operator" objects an accepted daemon config carries parse on their own.
#include "issuer/assessment/Assessment.h"
#include "issuer/daemon/DaemonConfig.h"
#include "issuer/sim/SimPlan.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <cstdlib>

using namespace perso::issuer;

namespace {

const QString kBase = QStringLiteral("/etc/perso-issuer");

void require(bool condition, const char* what)
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_issuerconfig: %s\n", what);
        std::abort();
    }
}

QByteArray compact(const QJsonObject& object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject objectOf(const QByteArray& json)
{
    return QJsonDocument::fromJson(json).object();
}

QByteArray serialise(const AssessmentPolicy& policy)
{
    QJsonObject object{{QStringLiteral("minimumAge"), policy.minimumAge},
                       {QStringLiteral("maxCardsPerWindow"), policy.maxCardsPerWindow},
                       {QStringLiteral("windowDays"), policy.windowDays},
                       {QStringLiteral("referAtLimit"), policy.referAtLimit}};
    if (!policy.planCodes.isEmpty())
        object.insert(QStringLiteral("planCodes"), QJsonArray::fromStringList(policy.planCodes));
    return compact(object);
}

bool same(const AssessmentPolicy& a, const AssessmentPolicy& b)
{
    return a.minimumAge == b.minimumAge && a.maxCardsPerWindow == b.maxCardsPerWindow && a.windowDays == b.windowDays &&
           a.referAtLimit == b.referAtLimit && a.planCodes == b.planCodes;
}

QByteArray serialise(const OperatorProfile& profile)
{
    QJsonArray plmn;
    for (const QString& entry : profile.plmnSelector)
        plmn.append(entry);
    return compact(QJsonObject{{QStringLiteral("mcc"), profile.mcc},
                               {QStringLiteral("mnc"), profile.mnc},
                               {QStringLiteral("spn"), profile.spn},
                               {QStringLiteral("spnDisplayCondition"), int(profile.spnDisplayCondition)},
                               {QStringLiteral("plmnSelector"), plmn}});
}

bool same(const OperatorProfile& a, const OperatorProfile& b)
{
    return a.mcc == b.mcc && a.mnc == b.mnc && a.spn == b.spn && a.spnDisplayCondition == b.spnDisplayCondition &&
           a.plmnSelector == b.plmnSelector;
}

QByteArray serialise(const DaemonConfig& config)
{
    QJsonObject storage;
    if (config.engine == DaemonConfig::Engine::Sqlite) {
        storage = {{QStringLiteral("engine"), QStringLiteral("sqlite")}, {QStringLiteral("path"), config.sqlitePath}};
    } else {
        storage = {{QStringLiteral("engine"), QStringLiteral("postgres")},
                   {QStringLiteral("host"), config.pgHost},
                   {QStringLiteral("port"), int(config.pgPort)},
                   {QStringLiteral("database"), config.pgDatabase},
                   {QStringLiteral("user"), config.pgUser}};
        if (!config.pgPasswordFile.isEmpty())
            storage.insert(QStringLiteral("passwordFile"), config.pgPasswordFile);
    }
    return compact(QJsonObject{
        {QStringLiteral("listen"), QJsonObject{{QStringLiteral("address"), config.listenAddress.toString()},
                                               {QStringLiteral("port"), int(config.listenPort)}}},
        {QStringLiteral("tls"), QJsonObject{{QStringLiteral("certificateChain"), config.certificateChainFile},
                                            {QStringLiteral("privateKey"), config.privateKeyFile}}},
        {QStringLiteral("keys"), config.keyDirectory},
        {QStringLiteral("storage"), storage},
        {QStringLiteral("assessment"), objectOf(config.assessmentPolicyJson)},
        {QStringLiteral("operator"), objectOf(config.operatorProfileJson)},
        {QStringLiteral("limits"), QJsonObject{{QStringLiteral("workerThreads"), config.workerThreads},
                                               {QStringLiteral("maxConnections"), config.maxConnections},
                                               {QStringLiteral("idleTimeoutSeconds"), config.idleTimeoutSeconds},
                                               {QStringLiteral("maxFailedAuthPerHour"), config.maxFailedAuthPerHour}}},
    });
}

bool same(const DaemonConfig& a, const DaemonConfig& b)
{
    return a.listenAddress == b.listenAddress && a.listenPort == b.listenPort &&
           a.certificateChainFile == b.certificateChainFile && a.privateKeyFile == b.privateKeyFile &&
           a.keyDirectory == b.keyDirectory && a.engine == b.engine && a.sqlitePath == b.sqlitePath &&
           a.pgHost == b.pgHost && a.pgPort == b.pgPort && a.pgDatabase == b.pgDatabase && a.pgUser == b.pgUser &&
           a.pgPasswordFile == b.pgPasswordFile && a.assessmentPolicyJson == b.assessmentPolicyJson &&
           a.operatorProfileJson == b.operatorProfileJson && a.workerThreads == b.workerThreads &&
           a.maxConnections == b.maxConnections && a.idleTimeoutSeconds == b.idleTimeoutSeconds &&
           a.maxFailedAuthPerHour == b.maxFailedAuthPerHour;
}

void checkPolicy(const QByteArray& json)
{
    const auto policy = AssessmentPolicy::fromJson(json);
    if (!policy)
        return;
    const auto again = AssessmentPolicy::fromJson(serialise(policy.value()));
    require(again.ok(), "re-serialised assessment policy refused");
    require(same(policy.value(), again.value()), "assessment policy changed on a round trip");
}

void checkOperator(const QByteArray& json)
{
    const auto profile = OperatorProfile::fromJson(json);
    if (!profile)
        return;
    const auto again = OperatorProfile::fromJson(serialise(profile.value()));
    require(again.ok(), "re-serialised operator profile refused");
    require(same(profile.value(), again.value()), "operator profile changed on a round trip");
}

void checkDaemon(const QByteArray& json)
{
    const auto config = DaemonConfig::parse(json, kBase);
    if (!config)
        return;
    const auto again = DaemonConfig::parse(serialise(config.value()), kBase);
    require(again.ok(), "re-serialised daemon config refused");
    require(same(config.value(), again.value()), "daemon config changed on a round trip");
    checkPolicy(config.value().assessmentPolicyJson);
    checkOperator(config.value().operatorProfileJson);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QByteArray json(reinterpret_cast<const char*>(data), qsizetype(size));
    checkDaemon(json);
    checkPolicy(json);
    checkOperator(json);
    return 0;
}
