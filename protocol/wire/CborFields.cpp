// SPDX-License-Identifier: Apache-2.0
#include "protocol/wire/CborFields.h"

#include <QCborParserError>

#include <algorithm>
#include <set>

namespace perso::wire::detail {

QByteArray toQByteArray(ByteView bytes)
{
    return QByteArray(reinterpret_cast<const char*>(bytes.data()), static_cast<qsizetype>(bytes.size()));
}

Bytes toBytes(const QByteArray& bytes)
{
    const auto* p = reinterpret_cast<const std::uint8_t*>(bytes.constData());
    return Bytes(p, p + bytes.size());
}

Result<QCborValue> parseDeterministic(ByteView bytes)
{
    if (bytes.empty())
        return makeError(ErrorCode::Truncated, QStringLiteral("empty CBOR input"));
    const QByteArray input = toQByteArray(bytes);
    QCborParserError parseError;
    QCborValue value = QCborValue::fromCbor(input, &parseError);
    switch (parseError.error.c) {
    case QCborError::NoError:
        break;
    case QCborError::EndOfFile:
        return makeError(ErrorCode::Truncated,
                         QStringLiteral("CBOR input of %1 bytes ends inside an item").arg(bytes.size()));
    case QCborError::DataTooLarge:
        return makeError(ErrorCode::Oversized, QStringLiteral("CBOR item declares more than Qt can hold"));
    case QCborError::NestingTooDeep:
        return makeError(ErrorCode::NestingTooDeep, QStringLiteral("CBOR nested too deeply"));
    default:
        return makeError(
            ErrorCode::InvalidEncoding,
            QStringLiteral("malformed CBOR at offset %1: %2").arg(parseError.offset).arg(parseError.errorString()));
    }
    if (parseError.offset != input.size())
        return makeError(ErrorCode::TrailingData,
                         QStringLiteral("%1 bytes after the CBOR item").arg(input.size() - parseError.offset));
    // Deterministic encoding is exactly what QCborValue writes back: shortest integer and length
    // arguments, definite lengths, no tags or floats that Qt would normalise. Anything else differs.
    if (value.toCbor() != input)
        return makeError(ErrorCode::InvalidEncoding, QStringLiteral("CBOR is not in deterministic encoding"));
    return value;
}

namespace {

bool isControl(char32_t c)
{
    return c < 0x20 || (c >= 0x7F && c <= 0x9F);
}

bool allowed(char32_t c, TextRule rule)
{
    switch (rule) {
    case TextRule::Free:
        return !isControl(c) && !(c >= 0xD800 && c <= 0xDFFF);
    case TextRule::Token:
        return c >= 0x21 && c <= 0x7E;
    case TextRule::Digits:
        return c >= '0' && c <= '9';
    }
    return false;
}

} // namespace

std::optional<Error> checkText(const QString& text, std::size_t minLength, std::size_t maxLength, TextRule rule,
                               const QString& where)
{
    std::size_t count = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        char32_t c = text.at(i).unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            c = QChar::surrogateToUcs4(text.at(i), text.at(i + 1));
            ++i;
        }
        if (!allowed(c, rule))
            return makeError(ErrorCode::SchemaViolation,
                             QStringLiteral("%1: character %2 not allowed").arg(where).arg(count));
        ++count;
    }
    if (count > maxLength)
        return makeError(ErrorCode::Oversized,
                         QStringLiteral("%1: %2 characters, at most %3").arg(where).arg(count).arg(maxLength));
    if (count < minLength)
        return makeError(ErrorCode::InvalidLength,
                         QStringLiteral("%1: %2 characters, at least %3").arg(where).arg(count).arg(minLength));
    return std::nullopt;
}

FieldReader::FieldReader(const QCborValue& value, QString what) : m_what(std::move(what))
{
    if (!value.isMap()) {
        fail(ErrorCode::SchemaViolation, QStringLiteral("%1: expected a CBOR map").arg(m_what));
        return;
    }
    const QCborMap map = value.toMap();
    std::set<std::int64_t> seen;
    for (auto it = map.cbegin(); it != map.cend(); ++it) {
        const QCborValue key = it.key();
        if (!key.isInteger() || key.toInteger() < 0) {
            fail(ErrorCode::SchemaViolation, QStringLiteral("%1: map key is not an unsigned integer").arg(m_what));
            return;
        }
        const std::int64_t k = key.toInteger();
        if (!seen.insert(k).second) {
            fail(ErrorCode::SchemaViolation, QStringLiteral("%1: duplicated key %2").arg(m_what).arg(k));
            return;
        }
        m_keys.push_back(k);
        m_values.push_back(it.value());
    }
    if (!std::is_sorted(m_keys.begin(), m_keys.end())) {
        fail(ErrorCode::InvalidEncoding, QStringLiteral("%1: map keys not in ascending order").arg(m_what));
        return;
    }
    m_taken.assign(m_keys.size(), false);
}

bool FieldReader::has(std::int64_t key) const
{
    return std::binary_search(m_keys.begin(), m_keys.end(), key);
}

const QCborValue* FieldReader::take(std::int64_t key)
{
    if (!ok())
        return nullptr;
    const auto it = std::lower_bound(m_keys.begin(), m_keys.end(), key);
    if (it == m_keys.end() || *it != key) {
        fail(ErrorCode::SchemaViolation, QStringLiteral("%1: missing key %2").arg(m_what).arg(key));
        return nullptr;
    }
    const auto index = static_cast<std::size_t>(it - m_keys.begin());
    m_taken[index] = true;
    return &m_values[index];
}

void FieldReader::fail(ErrorCode code, QString message)
{
    if (!m_error)
        m_error = makeError(code, std::move(message));
}

void FieldReader::rule(bool condition, const char* description)
{
    if (ok() && !condition)
        fail(ErrorCode::SchemaViolation, QStringLiteral("%1: %2").arg(m_what, QLatin1String(description)));
}

bool FieldReader::checkLength(std::int64_t key, std::size_t length, std::size_t minLength, std::size_t maxLength)
{
    if (length > maxLength) {
        fail(ErrorCode::Oversized,
             QStringLiteral("%1 key %2: %3 bytes, at most %4").arg(m_what).arg(key).arg(length).arg(maxLength));
        return false;
    }
    if (length < minLength) {
        fail(ErrorCode::InvalidLength,
             QStringLiteral("%1 key %2: %3 bytes, at least %4").arg(m_what).arg(key).arg(length).arg(minLength));
        return false;
    }
    return true;
}

void FieldReader::bytes(std::int64_t key, Bytes& out, std::size_t minLength, std::size_t maxLength)
{
    const QCborValue* v = take(key);
    if (!v)
        return;
    if (!v->isByteArray()) {
        fail(ErrorCode::SchemaViolation, QStringLiteral("%1 key %2: expected a byte string").arg(m_what).arg(key));
        return;
    }
    const QByteArray b = v->toByteArray();
    if (checkLength(key, static_cast<std::size_t>(b.size()), minLength, maxLength))
        out = toBytes(b);
}

void FieldReader::bytes(std::int64_t key, std::optional<Bytes>& out, std::size_t minLength, std::size_t maxLength)
{
    if (!ok() || !has(key))
        return;
    Bytes v;
    bytes(key, v, minLength, maxLength);
    if (ok())
        out = std::move(v);
}

void FieldReader::text(std::int64_t key, QString& out, std::size_t minLength, std::size_t maxLength, TextRule rule)
{
    const QCborValue* v = take(key);
    if (!v)
        return;
    if (!v->isString()) {
        fail(ErrorCode::SchemaViolation, QStringLiteral("%1 key %2: expected a text string").arg(m_what).arg(key));
        return;
    }
    QString s = v->toString();
    if (auto e = checkText(s, minLength, maxLength, rule, QStringLiteral("%1 key %2").arg(m_what).arg(key))) {
        fail(e->code, e->message);
        return;
    }
    out = std::move(s);
}

void FieldReader::text(std::int64_t key, std::optional<QString>& out, std::size_t minLength, std::size_t maxLength,
                       TextRule rule)
{
    if (!ok() || !has(key))
        return;
    QString v;
    text(key, v, minLength, maxLength, rule);
    if (ok())
        out = std::move(v);
}

void FieldReader::textList(std::int64_t key, std::vector<QString>& out, std::size_t maxCount, std::size_t minLength,
                           std::size_t maxLength, TextRule rule)
{
    const QCborValue* v = take(key);
    if (!v)
        return;
    if (!v->isArray()) {
        fail(ErrorCode::SchemaViolation, QStringLiteral("%1 key %2: expected an array").arg(m_what).arg(key));
        return;
    }
    const QCborArray array = v->toArray();
    if (static_cast<std::size_t>(array.size()) > maxCount) {
        fail(ErrorCode::Oversized,
             QStringLiteral("%1 key %2: %3 entries, at most %4").arg(m_what).arg(key).arg(array.size()).arg(maxCount));
        return;
    }
    std::vector<QString> list;
    list.reserve(static_cast<std::size_t>(array.size()));
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QCborValue item = array.at(i);
        const QString where = QStringLiteral("%1 key %2 entry %3").arg(m_what).arg(key).arg(i);
        if (!item.isString()) {
            fail(ErrorCode::SchemaViolation, QStringLiteral("%1: expected a text string").arg(where));
            return;
        }
        if (auto e = checkText(item.toString(), minLength, maxLength, rule, where)) {
            fail(e->code, e->message);
            return;
        }
        list.push_back(item.toString());
    }
    out = std::move(list);
}

void FieldReader::boolean(std::int64_t key, bool& out)
{
    const QCborValue* v = take(key);
    if (!v)
        return;
    if (!v->isBool()) {
        fail(ErrorCode::SchemaViolation, QStringLiteral("%1 key %2: expected a boolean").arg(m_what).arg(key));
        return;
    }
    out = v->toBool();
}

std::optional<QCborValue> FieldReader::raw(std::int64_t key)
{
    const QCborValue* v = take(key);
    if (!v)
        return std::nullopt;
    return *v;
}

bool FieldReader::readUint(std::int64_t key, std::uint64_t& out, std::uint64_t min, std::uint64_t max)
{
    const QCborValue* v = take(key);
    if (!v)
        return false;
    if (!v->isInteger() || v->toInteger() < 0) {
        fail(ErrorCode::SchemaViolation,
             QStringLiteral("%1 key %2: expected an unsigned integer").arg(m_what).arg(key));
        return false;
    }
    const auto value = static_cast<std::uint64_t>(v->toInteger());
    if (value < min || value > max) {
        fail(ErrorCode::SchemaViolation,
             QStringLiteral("%1 key %2: %3 outside %4..%5").arg(m_what).arg(key).arg(value).arg(min).arg(max));
        return false;
    }
    out = value;
    return true;
}

Status FieldReader::finish()
{
    if (m_error)
        return *m_error;
    for (std::size_t i = 0; i < m_keys.size(); ++i) {
        if (!m_taken[i])
            return makeError(ErrorCode::SchemaViolation,
                             QStringLiteral("%1: unexpected key %2").arg(m_what).arg(m_keys[i]));
    }
    return Ok{};
}

void FieldWriter::bytes(std::int64_t key, const Bytes& v, std::size_t, std::size_t)
{
    m_map.insert(key, QCborValue(toQByteArray(view(v))));
}

void FieldWriter::bytes(std::int64_t key, const std::optional<Bytes>& v, std::size_t a, std::size_t b)
{
    if (v)
        bytes(key, *v, a, b);
}

void FieldWriter::text(std::int64_t key, const QString& v, std::size_t, std::size_t, TextRule)
{
    m_map.insert(key, QCborValue(v));
}

void FieldWriter::text(std::int64_t key, const std::optional<QString>& v, std::size_t a, std::size_t b, TextRule r)
{
    if (v)
        text(key, *v, a, b, r);
}

void FieldWriter::textList(std::int64_t key, const std::vector<QString>& v, std::size_t, std::size_t, std::size_t,
                           TextRule)
{
    QCborArray array;
    for (const QString& s : v)
        array.append(s);
    m_map.insert(key, array);
}

void FieldWriter::boolean(std::int64_t key, bool v)
{
    m_map.insert(key, QCborValue(v));
}

} // namespace perso::wire::detail
