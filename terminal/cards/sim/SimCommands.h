// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "terminal/cards/sim/SimSession.h"
#include "terminal/cards/sim/SimState.h"
#include "terminal/cards/sim/SimStatus.h"

#include "protocol/apdu/CommandApdu.h"
#include "protocol/apdu/ResponseApdu.h"

#include <optional>

namespace perso::cards::sim {

// The SIM's command interpreter: GSM class A0 (TS 51.011), UICC class 00 (TS 102 221, TS 31.102) and
// the administration commands of TS 102 222. It works on a state and a session it does not own;
// SimCard copies the state before each command, saves it afterwards and rolls back on failure.
class SimCommands
{
public:
    SimCommands(SimState& state, SimSession& session) : m_state(state), m_session(session) {}

    struct Outcome
    {
        ResponseApdu response;
        bool stateChanged = false; // the persistent state must be saved before the response leaves
    };
    Outcome process(const CommandApdu& command);

private:
    // Dispatch per class.
    ResponseApdu dispatch(const CommandApdu& c);

    // Files (SimFileCommands.cpp)
    ResponseApdu select(const CommandApdu& c);
    ResponseApdu status(const CommandApdu& c);
    ResponseApdu getResponse(const CommandApdu& c);
    ResponseApdu readBinary(const CommandApdu& c);
    ResponseApdu updateBinary(const CommandApdu& c);
    ResponseApdu readRecord(const CommandApdu& c);
    ResponseApdu updateRecord(const CommandApdu& c);

    // Secret codes (SimPinCommands.cpp)
    ResponseApdu verify(const CommandApdu& c);
    ResponseApdu changeCode(const CommandApdu& c);
    ResponseApdu setVerificationRequirement(const CommandApdu& c, bool enable);
    ResponseApdu unblock(const CommandApdu& c);

    // Administration (SimAdminCommands.cpp)
    ResponseApdu createFile(const CommandApdu& c);
    ResponseApdu deleteFile(const CommandApdu& c);
    ResponseApdu setLifeCycle(const CommandApdu& c, LifeCycle target);
    Result<AccessRules> accessRulesFromArr(std::uint16_t arrFid, std::uint8_t record);

    // Authentication (SimAuthCommands.cpp)
    ResponseApdu authenticate(const CommandApdu& c);
    ResponseApdu runGsmAlgorithm(const CommandApdu& c);

    // Helpers (SimCommands.cpp)
    ResponseApdu fail(Fault fault) const { return ResponseApdu(statusWord(fault, m_dialect)); }
    ResponseApdu ok() { return ResponseApdu(0x9000); }
    // Data for the terminal: returned at once when the command carried Le (class 00), otherwise kept
    // for GET RESPONSE and announced with 61xx / 9Fxx.
    ResponseApdu offer(SecureBytes data, std::size_t ne);
    SimFile* nodeAt(const FilePath& path);
    SimFile* currentDf() { return nodeAt(m_session.currentDf); }
    FilePath currentEfPath() const;
    // FID selection relative to the current DF (TS 102 221 §8.4.1, TS 51.011 §6.5).
    std::optional<FilePath> resolveFid(std::uint16_t fid);
    std::optional<FilePath> resolvePath(ByteView path, bool fromMf);
    void makeCurrent(const FilePath& path);
    // Access check for an operation on the file at path (life cycle of the file and its DFs, then
    // the access condition). nullopt = allowed.
    std::optional<Fault> checkAccess(const FilePath& path, Operation op, bool lifeCycleOperation = false);
    bool satisfied(Condition condition) const;
    std::size_t freeMemory() const;
    // The EF a READ/UPDATE addresses: the current EF, or the one with this SFI in the current DF
    // (which then becomes current). Fault when there is none.
    struct Target
    {
        FilePath path;
        SimFile* file = nullptr;
        std::optional<Fault> fault;
    };
    Target efForAccess(std::optional<std::uint8_t> sfi);
    void markChanged() { m_changed = true; }

    SimState& m_state;
    SimSession& m_session;
    Dialect m_dialect = Dialect::Uicc;
    bool m_changed = false;
};

} // namespace perso::cards::sim
