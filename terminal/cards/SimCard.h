// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "terminal/cards/VirtualCard.h"
#include "terminal/cards/sim/SimSession.h"
#include "terminal/cards/sim/SimState.h"

#include "protocol/core/Result.h"

#include <QString>

#include <memory>

namespace perso::cards {

// A dual-mode SIM (GSM class A0, TS 51.011; UICC class 00, TS 102 221 / TS 31.102; administration by
// TS 102 222) whose EEPROM is a card file (CardFile, "kind": "sim"). A blank card holds only the MF,
// EF.ICCID (2FE2) and ADM1; the issuer's package creates and fills the rest and activates the ADF
// last, which is the card's commit marker (docs/cards.md).
//
// Every command that changes persistent state (file contents, life cycle, codes, retry counters,
// SQN) is saved before the response is returned; if the save fails the state in memory is rolled
// back and the command answers 6581 (class 00) or 9240 (class A0, TS 51.011's memory problem).
class SimCard final : public VirtualCard
{
public:
    // Loads a card file. The card is powered (volatile state reset) once opened.
    static Result<std::unique_ptr<SimCard>> open(const QString& path);
    // Writes a new blank card file: `iccid` is the 10-byte EF.ICCID coding, `adm` 8 ASCII digits.
    // Refuses (InvalidParameter) to overwrite an existing file.
    static Status createBlank(const QString& path, const Bytes& iccid, const SecureBytes& adm);

    Bytes atr() const override;
    void powerOn() override;
    // Clears the volatile state; commands answer 6F00 until the next powerOn().
    void powerOff() override;
    ResponseApdu process(const CommandApdu& command) override;
    QString kind() const override;
    QString label() const override;

    const QString& path() const { return m_path; }
    // The persistent state, for inspection and tests (never logged: it holds the card's secrets).
    const sim::SimState& state() const { return m_state; }

private:
    SimCard(QString path, sim::SimState state);
    Status save() const;

    QString m_path;
    sim::SimState m_state;
    sim::SimSession m_session;
    bool m_powered = true;
};

} // namespace perso::cards
