// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "pcsc/PcscError.h"
#include "protocol/core/Result.h"

#include <utility>
#include <variant>

namespace perso::pcsc {

// A value or a PcscError. Nothing in pcsc/ throws; every operation that can fail returns this.
template <typename T> class [[nodiscard]] PcscResult
{
public:
    PcscResult(T value) : m_state(std::in_place_index<0>, std::move(value)) {}
    PcscResult(PcscError error) : m_state(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return m_state.index() == 0; }
    explicit operator bool() const { return ok(); }

    const T& value() const& { return std::get<0>(m_state); }
    T& value() & { return std::get<0>(m_state); }
    T&& value() && { return std::get<0>(std::move(m_state)); }

    const PcscError& error() const { return std::get<1>(m_state); }
    ErrorKind kind() const { return error().kind; }

private:
    std::variant<T, PcscError> m_state;
};

using PcscStatus = PcscResult<perso::Ok>;

} // namespace perso::pcsc
