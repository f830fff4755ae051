// SPDX-License-Identifier: Apache-2.0
#include "issuer/daemon/DaemonConfig.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <cmath>
#include <optional>

namespace perso::issuer {

namespace {

IssuerError invalid(const QString& message)
{
    return makeIssuerError(IssuerErrorCode::InvalidInput, message);
}

// Fails on the first key of `object` that is not in `allowed`.
IssuerStatus onlyKeys(const QJsonObject& object, const QString& where, std::initializer_list<const char*> allowed)
{
    QSet<QString> known;
    for (const char* key : allowed)
        known.insert(QString::fromLatin1(key));
    for (auto it = object.begin(); it != object.end(); ++it)
        if (!known.contains(it.key()))
            return invalid(QStringLiteral("unknown key \"%1%2\"").arg(where, it.key()));
    return Ok{};
}

class Reader
{
public:
    Reader(const QJsonObject& object, QString where, QString base)
        : m_object(object), m_where(std::move(where)), m_base(std::move(base))
    {}

    const std::optional<IssuerError>& error() const { return m_error; }

    void text(const char* key, QString& out, bool required)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isUndefined()) {
            if (required)
                fail(QStringLiteral("missing \"%1%2\"").arg(m_where, QLatin1String(key)));
            return;
        }
        if (!value.isString() || value.toString().isEmpty()) {
            fail(QStringLiteral("\"%1%2\" must be a non-empty string").arg(m_where, QLatin1String(key)));
            return;
        }
        out = value.toString();
    }

    void path(const char* key, QString& out, bool required)
    {
        QString raw;
        text(key, raw, required);
        if (!raw.isEmpty())
            out = QDir::cleanPath(QDir(m_base).absoluteFilePath(raw));
    }

    void integer(const char* key, int& out, int minimum, int maximum)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isUndefined())
            return;
        // Range first: casting a double outside long long's range (1e300) is undefined behaviour.
        const double number = value.toDouble(-1.0);
        if (!value.isDouble() || number < minimum || number > maximum || std::floor(number) != number) {
            fail(QStringLiteral("\"%1%2\" must be an integer in %3..%4")
                     .arg(m_where, QLatin1String(key))
                     .arg(minimum)
                     .arg(maximum));
            return;
        }
        out = static_cast<int>(number);
    }

    void object(const char* key, QJsonObject& out, bool required)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isUndefined()) {
            if (required)
                fail(QStringLiteral("missing \"%1%2\"").arg(m_where, QLatin1String(key)));
            return;
        }
        if (!value.isObject()) {
            fail(QStringLiteral("\"%1%2\" must be an object").arg(m_where, QLatin1String(key)));
            return;
        }
        out = value.toObject();
    }

    void fail(const QString& message)
    {
        if (!m_error)
            m_error = invalid(message);
    }

private:
    QJsonObject m_object;
    QString m_where;
    QString m_base;
    std::optional<IssuerError> m_error;
};

} // namespace

IssuerResult<DaemonConfig> DaemonConfig::parse(const QByteArray& json, const QString& baseDirectory)
{
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return invalid(
            QStringLiteral("not valid JSON at offset %1: %2").arg(parseError.offset).arg(parseError.errorString()));
    if (!document.isObject())
        return invalid(QStringLiteral("the configuration must be a JSON object"));
    const QJsonObject root = document.object();
    if (auto keys = onlyKeys(root, {}, {"listen", "tls", "keys", "storage", "assessment", "operator", "limits"}); !keys)
        return keys.error();

    DaemonConfig config;
    Reader top(root, {}, baseDirectory);
    QJsonObject listen, tls, storage, assessment, op, limits;
    top.object("listen", listen, false);
    top.object("tls", tls, true);
    top.path("keys", config.keyDirectory, true);
    top.object("storage", storage, true);
    top.object("assessment", assessment, true);
    top.object("operator", op, true);
    top.object("limits", limits, false);
    if (top.error())
        return *top.error();

    for (auto keys : {onlyKeys(listen, QStringLiteral("listen."), {"address", "port"}),
                      onlyKeys(tls, QStringLiteral("tls."), {"certificateChain", "privateKey"}),
                      onlyKeys(storage, QStringLiteral("storage."),
                               {"engine", "path", "host", "port", "database", "user", "passwordFile"}),
                      onlyKeys(limits, QStringLiteral("limits."),
                               {"workerThreads", "maxConnections", "idleTimeoutSeconds", "maxFailedAuthPerHour"})}) {
        if (!keys)
            return keys.error();
    }

    Reader listenReader(listen, QStringLiteral("listen."), baseDirectory);
    QString address;
    listenReader.text("address", address, false);
    int port = config.listenPort;
    listenReader.integer("port", port, 0, 65535);
    if (listenReader.error())
        return *listenReader.error();
    if (!address.isEmpty() && !config.listenAddress.setAddress(address))
        return invalid(QStringLiteral("\"listen.address\" is not an IP address: %1").arg(address));
    config.listenPort = static_cast<std::uint16_t>(port);

    Reader tlsReader(tls, QStringLiteral("tls."), baseDirectory);
    tlsReader.path("certificateChain", config.certificateChainFile, true);
    tlsReader.path("privateKey", config.privateKeyFile, true);
    if (tlsReader.error())
        return *tlsReader.error();

    Reader storageReader(storage, QStringLiteral("storage."), baseDirectory);
    QString engine;
    storageReader.text("engine", engine, true);
    if (storageReader.error())
        return *storageReader.error();
    if (engine == QLatin1String("sqlite")) {
        config.engine = Engine::Sqlite;
        storageReader.path("path", config.sqlitePath, true);
        for (const char* key : {"host", "port", "database", "user", "passwordFile"})
            if (storage.contains(QLatin1String(key)))
                storageReader.fail(QStringLiteral("\"storage.%1\" is for engine \"postgres\"").arg(QLatin1String(key)));
    } else if (engine == QLatin1String("postgres")) {
        config.engine = Engine::Postgres;
        int pgPort = config.pgPort;
        storageReader.text("host", config.pgHost, false);
        storageReader.integer("port", pgPort, 1, 65535);
        storageReader.text("database", config.pgDatabase, true);
        storageReader.text("user", config.pgUser, true);
        storageReader.path("passwordFile", config.pgPasswordFile, false);
        if (storage.contains(QLatin1String("path")))
            storageReader.fail(QStringLiteral("\"storage.path\" is for engine \"sqlite\""));
        config.pgPort = static_cast<std::uint16_t>(pgPort);
    } else {
        storageReader.fail(QStringLiteral("\"storage.engine\" must be \"sqlite\" or \"postgres\""));
    }
    if (storageReader.error())
        return *storageReader.error();

    Reader limitsReader(limits, QStringLiteral("limits."), baseDirectory);
    limitsReader.integer("workerThreads", config.workerThreads, 0, 256);
    limitsReader.integer("maxConnections", config.maxConnections, 1, 100000);
    limitsReader.integer("idleTimeoutSeconds", config.idleTimeoutSeconds, 1, 86400);
    limitsReader.integer("maxFailedAuthPerHour", config.maxFailedAuthPerHour, 1, 1000);
    if (limitsReader.error())
        return *limitsReader.error();

    config.assessmentPolicyJson = QJsonDocument(assessment).toJson(QJsonDocument::Compact);
    config.operatorProfileJson = QJsonDocument(op).toJson(QJsonDocument::Compact);
    return config;
}

IssuerResult<DaemonConfig> DaemonConfig::load(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return invalid(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    constexpr qint64 kMaxConfigBytes = 1 << 20;
    if (file.size() > kMaxConfigBytes)
        return invalid(QStringLiteral("%1 is larger than 1 MiB").arg(path));
    auto config = parse(file.readAll(), QFileInfo(path).absolutePath());
    if (!config)
        return invalid(QStringLiteral("%1: %2").arg(path, config.error().message));
    return config;
}

} // namespace perso::issuer
