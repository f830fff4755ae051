// SPDX-License-Identifier: Apache-2.0
#include "terminal/cards/sim/SimState.h"

#include <QCborValue>

namespace perso::cards::sim {

namespace {
const QString kTree = QStringLiteral("mf");
const QString kPin1 = QStringLiteral("pin1");
const QString kPuk1 = QStringLiteral("puk1");
const QString kPin2 = QStringLiteral("pin2");
const QString kPuk2 = QStringLiteral("puk2");
const QString kAdm1 = QStringLiteral("adm1");
const QString kSqn = QStringLiteral("sqnMs");
} // namespace

SimState SimState::blank(const Bytes& iccid, const SecureBytes& adm)
{
    SimState state;
    state.mf.fid = kFidMf;
    state.mf.kind = FileKind::Df;
    state.mf.lifeCycle = LifeCycle::Activated;
    for (auto op : {Operation::ReadOrDeleteChild, Operation::UpdateOrCreateEf, Operation::WriteOrCreateDf,
                    Operation::Deactivate, Operation::Activate, Operation::Terminate}) {
        state.mf.rules.set(op, Condition::Adm);
    }
    SimFile ef;
    ef.fid = kFidIccid;
    ef.kind = FileKind::Transparent;
    ef.lifeCycle = LifeCycle::Activated;
    ef.rules.set(Operation::ReadOrDeleteChild, Condition::Always);
    ef.sfi = 0x02;
    ef.data.assign(iccid.begin(), iccid.end());
    state.mf.children.push_back(std::move(ef));
    state.adm1.assign(adm);
    return state;
}

SecretCode* SimState::code(std::uint8_t reference)
{
    switch (reference) {
    case kRefPin1:
        return &pin1;
    case kRefPin2:
        return &pin2;
    case kRefAdm1:
        return &adm1;
    case kRefPuk1:
        return &puk1;
    case kRefPuk2:
        return &puk2;
    default:
        return nullptr;
    }
}

SecretCode* SimState::unblockKeyOf(std::uint8_t pinReference)
{
    if (pinReference == kRefPin1) {
        return &puk1;
    }
    if (pinReference == kRefPin2) {
        return &puk2;
    }
    return nullptr;
}

Bytes SimState::iccid() const
{
    const SimFile* ef = mf.child(kFidIccid);
    return ef != nullptr ? Bytes(ef->data.begin(), ef->data.end()) : Bytes{};
}

QCborMap SimState::toCbor() const
{
    QCborMap map;
    map.insert(kTree, mf.toCbor());
    map.insert(kPin1, pin1.toCbor());
    map.insert(kPuk1, puk1.toCbor());
    map.insert(kPin2, pin2.toCbor());
    map.insert(kPuk2, puk2.toCbor());
    map.insert(kAdm1, adm1.toCbor());
    map.insert(kSqn, QByteArray(reinterpret_cast<const char*>(sqnMs.data()), static_cast<qsizetype>(sqnMs.size())));
    return map;
}

Result<SimState> SimState::fromCbor(const QCborMap& map)
{
    SimState state;
    const QCborValue tree = map.value(kTree);
    if (!tree.isMap()) {
        return makeError(ErrorCode::SchemaViolation, QStringLiteral("SIM file tree missing"));
    }
    auto mf = SimFile::fromCbor(tree.toMap());
    if (!mf) {
        return mf.error();
    }
    state.mf = std::move(mf).value();
    if (state.mf.fid != kFidMf || !state.mf.isDf() || state.mf.child(kFidIccid) == nullptr) {
        return makeError(ErrorCode::SchemaViolation, QStringLiteral("SIM file tree has no MF or EF.ICCID"));
    }
    const std::pair<const QString*, SecretCode*> codes[] = {{&kPin1, &state.pin1},
                                                            {&kPuk1, &state.puk1},
                                                            {&kPin2, &state.pin2},
                                                            {&kPuk2, &state.puk2},
                                                            {&kAdm1, &state.adm1}};
    for (const auto& [key, target] : codes) {
        const QCborValue v = map.value(*key);
        if (!v.isMap()) {
            return makeError(ErrorCode::SchemaViolation, QStringLiteral("SIM secret code missing"));
        }
        auto code = SecretCode::fromCbor(v.toMap());
        if (!code) {
            return code.error();
        }
        *target = std::move(code).value();
    }
    const QCborValue sqn = map.value(kSqn);
    if (!sqn.isByteArray() || sqn.toByteArray().size() != 6) {
        return makeError(ErrorCode::SchemaViolation, QStringLiteral("SIM sequence number malformed"));
    }
    const QByteArray sqnBytes = sqn.toByteArray();
    state.sqnMs.assign(sqnBytes.begin(), sqnBytes.end());
    return state;
}

} // namespace perso::cards::sim
