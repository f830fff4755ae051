// SPDX-License-Identifier: Apache-2.0
#pragma once

// Internal building blocks of the wire codecs: one deterministic-CBOR parser and a pair of field
// visitors. Each wire object lists its fields once, in a template `fields(io, object)`; FieldWriter
// turns the object into a CBOR map, FieldReader checks a decoded map against the same list
// (presence, CBOR type, length, range) and fills the object. Keys must appear in ascending order.

#include "protocol/core/Bytes.h"
#include "protocol/core/Result.h"

#include <QCborArray>
#include <QCborMap>
#include <QCborValue>
#include <QString>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <vector>

namespace perso::wire::detail {

QByteArray toQByteArray(ByteView bytes);
Bytes toBytes(const QByteArray& bytes);

// Parses one CBOR data item that must fill `bytes` exactly and be in deterministic encoding
// (RFC 8949 §4.2.1: shortest arguments, definite lengths). Input ending inside the item →
// Truncated; a declared length or count beyond what Qt can hold → Oversized;
// bytes after it → TrailingData; nesting beyond Qt's limit → NestingTooDeep; any other
// malformation or a non-deterministic encoding → InvalidEncoding.
Result<QCborValue> parseDeterministic(ByteView bytes);

// Allowed characters of a text field.
enum class TextRule
{
    Free,   // any Unicode scalar value except C0/C1 controls and DEL
    Token,  // printable ASCII without space (0x21..0x7E)
    Digits, // ASCII digits only
};

// Checks a text value against a rule and a length in code points; returns the problem or nothing.
std::optional<Error> checkText(const QString& text, std::size_t minLength, std::size_t maxLength, TextRule rule,
                               const QString& where);

class FieldReader
{
public:
    // `what` names the object in error messages (public context only: names and keys).
    FieldReader(const QCborValue& value, QString what);

    bool ok() const { return !m_error.has_value(); }
    bool has(std::int64_t key) const;

    void bytes(std::int64_t key, Bytes& out, std::size_t minLength, std::size_t maxLength);
    void bytes(std::int64_t key, std::optional<Bytes>& out, std::size_t minLength, std::size_t maxLength);
    void text(std::int64_t key, QString& out, std::size_t minLength, std::size_t maxLength,
              TextRule rule = TextRule::Free);
    void text(std::int64_t key, std::optional<QString>& out, std::size_t minLength, std::size_t maxLength,
              TextRule rule = TextRule::Free);
    void textList(std::int64_t key, std::vector<QString>& out, std::size_t maxCount, std::size_t minLength,
                  std::size_t maxLength, TextRule rule = TextRule::Free);
    void boolean(std::int64_t key, bool& out);
    // The value under `key` as decoded, for a caller that checks it itself.
    std::optional<QCborValue> raw(std::int64_t key);

    template <typename T> void uint(std::int64_t key, T& out, std::uint64_t min, std::uint64_t max)
    {
        std::uint64_t v = 0;
        if (readUint(key, v, min, max))
            out = static_cast<T>(v);
    }
    template <typename T> void uint(std::int64_t key, std::optional<T>& out, std::uint64_t min, std::uint64_t max)
    {
        if (!ok() || !has(key))
            return;
        T v{};
        uint(key, v, min, max);
        if (ok())
            out = v;
    }
    template <typename E> void enumeration(std::int64_t key, E& out, std::initializer_list<E> allowed)
    {
        std::uint64_t v = 0;
        if (!readUint(key, v, 0, 0xFFFF))
            return;
        for (E e : allowed) {
            if (static_cast<std::uint64_t>(e) == v) {
                out = e;
                return;
            }
        }
        fail(ErrorCode::SchemaViolation,
             QStringLiteral("%1 key %2: value %3 is not defined").arg(m_what).arg(key).arg(v));
    }
    // `fields(FieldReader&, T&)` reads the nested map.
    template <typename T, typename F> void nested(std::int64_t key, T& out, F&& fields)
    {
        const QCborValue* v = take(key);
        if (!v)
            return;
        FieldReader sub(*v, QStringLiteral("%1 key %2").arg(m_what).arg(key));
        fields(sub, out);
        if (Status s = sub.finish(); !s)
            m_error = s.error();
    }
    template <typename T, typename F> void nested(std::int64_t key, std::optional<T>& out, F&& fields)
    {
        if (!ok() || !has(key))
            return;
        T v{};
        nested(key, v, fields);
        if (ok())
            out = std::move(v);
    }

    // A cross-field rule (a field required or forbidden by another); false → SchemaViolation.
    void rule(bool condition, const char* description);
    void fail(ErrorCode code, QString message);

    // First error met, or SchemaViolation for a key that no field consumed.
    Status finish();

private:
    const QCborValue* take(std::int64_t key);
    bool readUint(std::int64_t key, std::uint64_t& out, std::uint64_t min, std::uint64_t max);
    bool checkLength(std::int64_t key, std::size_t length, std::size_t minLength, std::size_t maxLength);

    std::vector<std::int64_t> m_keys;
    std::vector<QCborValue> m_values;
    std::vector<bool> m_taken;
    QString m_what;
    std::optional<Error> m_error;
};

class FieldWriter
{
public:
    QCborMap map() const { return m_map; }

    void bytes(std::int64_t key, const Bytes& v, std::size_t, std::size_t);
    void bytes(std::int64_t key, const std::optional<Bytes>& v, std::size_t, std::size_t);
    void text(std::int64_t key, const QString& v, std::size_t, std::size_t, TextRule = TextRule::Free);
    void text(std::int64_t key, const std::optional<QString>& v, std::size_t, std::size_t, TextRule = TextRule::Free);
    void textList(std::int64_t key, const std::vector<QString>& v, std::size_t, std::size_t, std::size_t,
                  TextRule = TextRule::Free);
    void boolean(std::int64_t key, bool v);

    template <typename T> void uint(std::int64_t key, const T& v, std::uint64_t, std::uint64_t)
    {
        // Values above INT64_MAX become negative here and are refused by the encoder's self-check.
        m_map.insert(key, QCborValue(static_cast<qint64>(v)));
    }
    template <typename T> void uint(std::int64_t key, const std::optional<T>& v, std::uint64_t a, std::uint64_t b)
    {
        if (v)
            uint(key, *v, a, b);
    }
    template <typename E> void enumeration(std::int64_t key, const E& v, std::initializer_list<E>)
    {
        m_map.insert(key, QCborValue(static_cast<qint64>(v)));
    }
    template <typename T, typename F> void nested(std::int64_t key, const T& v, F&& fields)
    {
        FieldWriter sub;
        fields(sub, v);
        m_map.insert(key, sub.map());
    }
    template <typename T, typename F> void nested(std::int64_t key, const std::optional<T>& v, F&& fields)
    {
        if (v)
            nested(key, *v, fields);
    }
    void rule(bool, const char*) {}

private:
    QCborMap m_map;
};

} // namespace perso::wire::detail
