// SPDX-License-Identifier: Apache-2.0
#include "terminal/cards/SimCard.h"

#include "terminal/cards/CardFile.h"
#include "terminal/cards/sim/SimCommands.h"

#include "protocol/wire/Iccid.h"

#include <QFileInfo>

namespace perso::cards {

namespace {

const QString kKindKey = QStringLiteral("kind");
constexpr qsizetype kCardFileKeys = 10; // format, version, kind + the 7 keys of SimState

bool isAdmCode(const SecureBytes& adm)
{
    if (adm.size() != sim::SecretCode::kLength) {
        return false;
    }
    for (std::uint8_t b : adm) {
        if (b < '0' || b > '9') {
            return false;
        }
    }
    return true;
}

} // namespace

SimCard::SimCard(QString path, sim::SimState state) : m_path(std::move(path)), m_state(std::move(state)) {}

Result<std::unique_ptr<SimCard>> SimCard::open(const QString& path)
{
    auto loaded = CardFile::load(path);
    if (!loaded) {
        return loaded.error();
    }
    const QCborMap& map = loaded.value();
    if (map.value(kKindKey).toString() != CardFile::kindSim() || map.size() != kCardFileKeys) {
        return makeError(ErrorCode::SchemaViolation, QStringLiteral("not a SIM card file"));
    }
    auto state = sim::SimState::fromCbor(map);
    if (!state) {
        return state.error();
    }
    if (!wire::validateIccid(view(state.value().iccid()))) {
        return makeError(ErrorCode::SchemaViolation, QStringLiteral("SIM card file holds an invalid ICCID"));
    }
    return std::unique_ptr<SimCard>(new SimCard(path, std::move(state).value()));
}

Status SimCard::createBlank(const QString& path, const Bytes& iccid, const SecureBytes& adm)
{
    if (auto valid = wire::validateIccid(view(iccid)); !valid) {
        return valid.error();
    }
    if (!isAdmCode(adm)) {
        return makeError(ErrorCode::InvalidParameter, QStringLiteral("ADM1 must be 8 ASCII digits"));
    }
    if (QFileInfo::exists(path)) {
        return makeError(ErrorCode::InvalidParameter, QStringLiteral("card file already exists"));
    }
    const SimCard card(path, sim::SimState::blank(iccid, adm));
    return card.save();
}

Status SimCard::save() const
{
    QCborMap map = m_state.toCbor();
    map.insert(kKindKey, CardFile::kindSim());
    return CardFile::save(m_path, map);
}

Bytes SimCard::atr() const
{
    // T=0 and T=15 (UICC) with class A/B/C and clock stop, historical bytes in COMPACT-TLV.
    Bytes atr{0x3B, 0x97, 0x11, 0x80, 0x1F, 0xC7, 0x80, 0x31, 0xE0, 0x73, 0xFE, 0x21, 0x13};
    std::uint8_t tck = 0;
    for (std::size_t i = 1; i < atr.size(); ++i) {
        tck ^= atr[i];
    }
    atr.push_back(tck);
    return atr;
}

void SimCard::powerOn()
{
    m_session.reset();
    m_powered = true;
}

void SimCard::powerOff()
{
    m_session.reset();
    m_powered = false;
}

ResponseApdu SimCard::process(const CommandApdu& command)
{
    if (!m_powered) {
        return ResponseApdu(0x6F00);
    }
    const sim::SimState stateBefore = m_state;
    const sim::SimSession sessionBefore = m_session;
    sim::SimCommands::Outcome outcome = sim::SimCommands(m_state, m_session).process(command);
    if (outcome.stateChanged && !save()) {
        m_state = stateBefore;
        m_session = sessionBefore;
        return ResponseApdu(command.cla() == 0xA0 ? 0x9240 : 0x6581);
    }
    return std::move(outcome.response);
}

QString SimCard::kind() const
{
    return CardFile::kindSim();
}

QString SimCard::label() const
{
    return wire::iccidDigits(view(m_state.iccid()));
}

} // namespace perso::cards
