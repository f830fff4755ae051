// SPDX-License-Identifier: Apache-2.0
#include "terminal/cards/sim/SecretCode.h"

#include <QCborValue>

namespace perso::cards::sim {

namespace {
const QString kValue = QStringLiteral("value");
const QString kMax = QStringLiteral("max");
const QString kLeft = QStringLiteral("left");
const QString kEnabled = QStringLiteral("enabled");
} // namespace

bool SecretCode::check(ByteView presented)
{
    if (constantTimeEqual(view(m_value), presented)) {
        m_triesLeft = m_maxTries;
        return true;
    }
    if (m_triesLeft > 0) {
        --m_triesLeft;
    }
    return false;
}

void SecretCode::assign(SecureBytes value)
{
    m_value = std::move(value);
    m_triesLeft = m_maxTries;
    m_enabled = true;
}

QCborMap SecretCode::toCbor() const
{
    QCborMap map;
    map.insert(kValue,
               QByteArray(reinterpret_cast<const char*>(m_value.data()), static_cast<qsizetype>(m_value.size())));
    map.insert(kMax, m_maxTries);
    map.insert(kLeft, m_triesLeft);
    map.insert(kEnabled, m_enabled);
    return map;
}

Result<SecretCode> SecretCode::fromCbor(const QCborMap& map)
{
    const QCborValue value = map.value(kValue);
    const QCborValue max = map.value(kMax);
    const QCborValue left = map.value(kLeft);
    const QCborValue enabled = map.value(kEnabled);
    if (map.size() != 4 || !value.isByteArray() || !max.isInteger() || !left.isInteger() || !enabled.isBool()) {
        return makeError(ErrorCode::SchemaViolation, QStringLiteral("malformed secret code"));
    }
    const QByteArray bytes = value.toByteArray();
    const qint64 maxTries = max.toInteger();
    const qint64 triesLeft = left.toInteger();
    if ((!bytes.isEmpty() && bytes.size() != static_cast<qsizetype>(kLength)) || maxTries < 1 || maxTries > 15 ||
        triesLeft < 0 || triesLeft > maxTries) {
        return makeError(ErrorCode::SchemaViolation, QStringLiteral("secret code out of range"));
    }
    SecretCode code(static_cast<std::uint8_t>(maxTries));
    code.m_value.assign(bytes.begin(), bytes.end());
    code.m_triesLeft = static_cast<std::uint8_t>(triesLeft);
    code.m_enabled = enabled.toBool();
    return code;
}

bool isWellFormedCode(ByteView block, std::size_t minDigits)
{
    if (block.size() != SecretCode::kLength) {
        return false;
    }
    std::size_t digits = 0;
    while (digits < block.size() && block[digits] >= '0' && block[digits] <= '9') {
        ++digits;
    }
    for (std::size_t i = digits; i < block.size(); ++i) {
        if (block[i] != 0xFF) {
            return false;
        }
    }
    return digits >= minDigits;
}

} // namespace perso::cards::sim
