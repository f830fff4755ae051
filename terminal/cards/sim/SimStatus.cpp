// SPDX-License-Identifier: Apache-2.0
#include "terminal/cards/sim/SimStatus.h"

#include <cstddef>

namespace perso::cards::sim {

namespace {

struct StatusPair
{
    std::uint16_t uicc;
    std::uint16_t gsm;
};

StatusPair pairFor(Fault fault)
{
    switch (fault) {
    case Fault::WrongLength:
        return {0x6700, 0x6700};
    case Fault::WrongP1P2:
        return {0x6B00, 0x6B00};
    case Fault::IncorrectP1P2:
        return {0x6A86, 0x6B00};
    case Fault::WrongData:
        return {0x6A80, 0x6B00};
    case Fault::FileNotFound:
        return {0x6A82, 0x9404};
    case Fault::RecordNotFound:
        return {0x6A83, 0x9402};
    case Fault::OutOfRange:
        return {0x6B00, 0x9402};
    case Fault::NoCurrentEf:
        return {0x6986, 0x9400};
    case Fault::WrongFileType:
        return {0x6981, 0x9408};
    case Fault::SecurityNotSatisfied:
        return {0x6982, 0x9804};
    case Fault::NotInitialised:
        return {0x6984, 0x9802};
    case Fault::Blocked:
        return {0x6983, 0x9840};
    case Fault::PinStateContradiction:
        return {0x6985, 0x9808};
    case Fault::FileNotUsable:
        return {0x6985, 0x9810};
    case Fault::ConditionsNotSatisfied:
        return {0x6985, 0x9808};
    case Fault::FileExists:
        return {0x6A89, 0x6F00};
    case Fault::NoSpace:
        return {0x6A84, 0x9240};
    case Fault::ReferenceNotFound:
        return {0x6A88, 0x9404};
    case Fault::AuthMacFailure:
        return {0x9862, 0x9804};
    case Fault::InsNotSupported:
        return {0x6D00, 0x6D00};
    case Fault::ClaNotSupported:
        return {0x6E00, 0x6E00};
    case Fault::MemoryFailure:
        return {0x6581, 0x9240};
    case Fault::Technical:
        break;
    }
    return {0x6F00, 0x6F00};
}

} // namespace

std::uint16_t statusWord(Fault fault, Dialect dialect)
{
    const StatusPair pair = pairFor(fault);
    return dialect == Dialect::Gsm ? pair.gsm : pair.uicc;
}

std::uint16_t responsePending(std::size_t length, Dialect dialect)
{
    const auto xx = static_cast<std::uint16_t>(length >= 256 ? 0 : length);
    return static_cast<std::uint16_t>((dialect == Dialect::Gsm ? 0x9F00 : 0x6100) | xx);
}

std::uint16_t wrongSecret(unsigned triesLeft, Dialect dialect)
{
    if (dialect == Dialect::Gsm) {
        return triesLeft == 0 ? 0x9840 : 0x9804;
    }
    return static_cast<std::uint16_t>(0x63C0 | (triesLeft & 0x0F));
}

} // namespace perso::cards::sim
