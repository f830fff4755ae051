// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/core/Error.h"

#include <utility>
#include <variant>

namespace perso {

// A value or a typed error; decoders return this so that bad input never yields a partial object.
// E is a struct with a `code` member: perso::Error here, the issuer's own error type in issuer/.
template <typename T, typename E = Error> class [[nodiscard]] BasicResult
{
public:
    BasicResult(T value) : m_state(std::in_place_index<0>, std::move(value)) {}
    BasicResult(E error) : m_state(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return m_state.index() == 0; }
    explicit operator bool() const { return ok(); }

    const T& value() const& { return std::get<0>(m_state); }
    T& value() & { return std::get<0>(m_state); }
    T&& value() && { return std::get<0>(std::move(m_state)); }

    const E& error() const { return std::get<1>(m_state); }
    auto code() const { return error().code; }

private:
    std::variant<T, E> m_state;
};

template <typename T> using Result = BasicResult<T, Error>;

// For operations that produce no value.
struct Ok
{};
using Status = Result<Ok>;

inline Error makeError(ErrorCode code, QString message)
{
    return Error{code, std::move(message)};
}

} // namespace perso
