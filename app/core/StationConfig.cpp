// SPDX-License-Identifier: Apache-2.0
#include "app/core/StationConfig.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSslCertificate>
#include <QStandardPaths>

#include <cmath>
#include <functional>
#include <map>

namespace perso::station {

namespace {

constexpr qint64 kMaxConfigFileSize = 64 * 1024;
constexpr qint64 kMaxCaFileSize = 64 * 1024;
constexpr qsizetype kMaxPathLength = 4096;
constexpr qsizetype kMaxHostLength = 253;
constexpr qsizetype kMaxNameLength = 256; // reader and printer names
constexpr qsizetype kMaxRetailerIdLength = 32;
constexpr qsizetype kMaxQuotedKey = 48; // unknown keys are quoted shortened: error texts stay short
constexpr int kMinIssuerSeconds = 1;
constexpr int kMaxIssuerSeconds = 600;
constexpr int kMinKeypadSeconds = 1;
constexpr int kMaxKeypadSeconds = 3600;

StationError invalid(const QString& file, const QString& key, const QString& what)
{
    return stationError(StationErrorKind::InvalidInput, key.isEmpty()
                                                            ? QStringLiteral("%1: %2").arg(file, what)
                                                            : QStringLiteral("%1: %2: %3").arg(file, key, what));
}

QString shortened(const QString& text, qsizetype max)
{
    return text.size() <= max ? text : text.left(max) + QStringLiteral("...");
}

QString expandHome(const QString& path)
{
    if (path == QStringLiteral("~"))
        return QDir::homePath();
    if (path.startsWith(QStringLiteral("~/")))
        return QDir::homePath() + path.mid(1);
    return path;
}

bool hasControlCharacters(const QString& text)
{
    for (const QChar c : text) {
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            return true;
    }
    return false;
}

// ASCII letters and digits plus the given punctuation only.
bool isAsciiToken(const QString& text, QLatin1String punctuation)
{
    for (const QChar c : text) {
        const bool allowed = (c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
                             (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) ||
                             (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || punctuation.contains(c);
        if (!allowed)
            return false;
    }
    return true;
}

bool isHostName(const QString& host)
{
    return !host.isEmpty() && host.size() <= kMaxHostLength && isAsciiToken(host, QLatin1String("-.:"));
}

bool isRetailerId(const QString& id)
{
    return id.size() <= kMaxRetailerIdLength && isAsciiToken(id, QLatin1String("-_."));
}

// Reads one JSON object strictly: every key must have a handler, every handler checks its value's
// type and range. The first problem is kept; later ones are not reported.
class ObjectReader
{
public:
    ObjectReader(QString file, QString baseDir) : m_file(std::move(file)), m_baseDir(std::move(baseDir)) {}

    using Handler = std::function<void(const QString& key, const QJsonValue& value)>;

    void readObject(const QJsonObject& object, const QString& prefix, const std::map<QString, Handler>& handlers)
    {
        for (auto it = object.begin(); it != object.end() && !m_error; ++it) {
            const QString key = prefix + it.key();
            const auto handler = handlers.find(it.key());
            if (handler == handlers.end()) {
                fail(shortened(key, kMaxQuotedKey), QStringLiteral("unknown key"));
                return;
            }
            handler->second(key, it.value());
        }
    }

    QJsonObject object(const QString& key, const QJsonValue& value)
    {
        if (!value.isObject())
            fail(key, QStringLiteral("must be an object"));
        return value.toObject();
    }

    QString string(const QString& key, const QJsonValue& value, qsizetype maxLength)
    {
        if (!value.isString()) {
            fail(key, QStringLiteral("must be a string"));
            return {};
        }
        const QString text = value.toString();
        if (text.size() > maxLength)
            fail(key, QStringLiteral("longer than %1 characters").arg(maxLength));
        else if (hasControlCharacters(text))
            fail(key, QStringLiteral("holds control characters"));
        return text;
    }

    int integer(const QString& key, const QJsonValue& value, int min, int max)
    {
        const double number = value.toDouble();
        if (!value.isDouble() || std::floor(number) != number || number < min || number > max) {
            fail(key, QStringLiteral("must be an integer in %1..%2").arg(min).arg(max));
            return min;
        }
        return static_cast<int>(number);
    }

    QString host(const QString& key, const QJsonValue& value)
    {
        const QString text = string(key, value, kMaxHostLength);
        if (!m_error && !isHostName(text))
            fail(key, QStringLiteral("is not a host name or address"));
        return text;
    }

    // A non-empty path; "~/" is the home directory, a relative path is taken from the file's folder.
    QString path(const QString& key, const QJsonValue& value)
    {
        const QString text = string(key, value, kMaxPathLength);
        if (m_error)
            return {};
        if (text.isEmpty()) {
            fail(key, QStringLiteral("must not be empty"));
            return {};
        }
        const QString expanded = expandHome(text);
        if (QDir::isRelativePath(expanded) && !m_baseDir.isEmpty())
            return QDir::cleanPath(QDir(m_baseDir).filePath(expanded));
        return QDir::cleanPath(expanded);
    }

    void fail(const QString& key, const QString& what)
    {
        if (!m_error)
            m_error = invalid(m_file, key, what);
    }

    const std::optional<StationError>& error() const { return m_error; }

private:
    QString m_file;
    QString m_baseDir;
    std::optional<StationError> m_error;
};

// The bytes of a config file, bounded; nullopt with `missing` set when it does not exist.
StationResult<QByteArray> readBounded(const QString& path, const QString& label, bool& missing)
{
    missing = false;
    const QFileInfo info(path);
    if (!info.exists()) {
        missing = true;
        return QByteArray();
    }
    if (!info.isFile())
        return invalid(label, {}, QStringLiteral("not a regular file"));
    if (info.size() > kMaxConfigFileSize)
        return invalid(label, {}, QStringLiteral("larger than %1 bytes").arg(kMaxConfigFileSize));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return invalid(label, {}, QStringLiteral("cannot be read"));
    QByteArray bytes = file.read(kMaxConfigFileSize + 1);
    if (bytes.size() > kMaxConfigFileSize)
        return invalid(label, {}, QStringLiteral("larger than %1 bytes").arg(kMaxConfigFileSize));
    return bytes;
}

StationResult<QJsonObject> parseObject(const QByteArray& bytes, const QString& label)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return invalid(label, {},
                       QStringLiteral("not valid JSON (%1 at offset %2)")
                           .arg(shortened(parseError.errorString(), 60))
                           .arg(parseError.offset));
    if (!document.isObject())
        return invalid(label, {}, QStringLiteral("the top level must be a JSON object"));
    return document.object();
}

StationStatus checkCaFile(const QString& caFile, const QString& label)
{
    const QFileInfo info(caFile);
    if (!info.isFile())
        return invalid(label, QStringLiteral("issuer.caFile"), QStringLiteral("no such file"));
    if (info.size() > kMaxCaFileSize)
        return invalid(label, QStringLiteral("issuer.caFile"),
                       QStringLiteral("larger than %1 bytes").arg(kMaxCaFileSize));
    QFile file(caFile);
    if (!file.open(QIODevice::ReadOnly))
        return invalid(label, QStringLiteral("issuer.caFile"), QStringLiteral("cannot be read"));
    const QList<QSslCertificate> certificates = QSslCertificate::fromData(file.read(kMaxCaFileSize), QSsl::Pem);
    if (certificates.size() != 1 || certificates.front().isNull())
        return invalid(label, QStringLiteral("issuer.caFile"),
                       QStringLiteral("must hold exactly one PEM CA certificate"));
    return Ok{};
}

// The baked file: every key. Applies what it holds on top of `config`.
StationStatus applyMain(const QJsonObject& root, const QString& label, const QString& baseDir, StationConfig& config)
{
    ObjectReader r(label, baseDir);
    using H = ObjectReader::Handler;
    const std::map<QString, H> issuerKeys{
        {QStringLiteral("host"), [&](const QString& k, const QJsonValue& v) { config.issuer.host = r.host(k, v); }},
        {QStringLiteral("port"),
         [&](const QString& k, const QJsonValue& v) { config.issuer.port = quint16(r.integer(k, v, 1, 65535)); }},
        {QStringLiteral("caFile"), [&](const QString& k, const QJsonValue& v) { config.issuer.caFile = r.path(k, v); }},
        {QStringLiteral("serverName"),
         [&](const QString& k, const QJsonValue& v) { config.issuer.serverName = r.host(k, v); }},
    };
    const std::map<QString, H> timeoutKeys{
        {QStringLiteral("issuerSeconds"),
         [&](const QString& k, const QJsonValue& v) {
             config.issuerTimeoutSeconds = r.integer(k, v, kMinIssuerSeconds, kMaxIssuerSeconds);
         }},
        {QStringLiteral("keypadSeconds"),
         [&](const QString& k, const QJsonValue& v) {
             config.keypadTimeoutSeconds = r.integer(k, v, kMinKeypadSeconds, kMaxKeypadSeconds);
         }},
    };
    const std::map<QString, H> rootKeys{
        {QStringLiteral("issuer"),
         [&](const QString& k, const QJsonValue& v) {
             const QJsonObject o = r.object(k, v);
             r.readObject(o, k + QLatin1Char('.'), issuerKeys);
         }},
        {QStringLiteral("retailerId"),
         [&](const QString& k, const QJsonValue& v) {
             config.retailerId = r.string(k, v, kMaxRetailerIdLength);
             if (!r.error() && !isRetailerId(config.retailerId))
                 r.fail(k, QStringLiteral("only letters, digits, '-', '_' and '.' allowed"));
         }},
        {QStringLiteral("terminalReader"),
         [&](const QString& k, const QJsonValue& v) { config.terminalReader = r.string(k, v, kMaxNameLength); }},
        {QStringLiteral("journal"), [&](const QString& k, const QJsonValue& v) { config.journalPath = r.path(k, v); }},
        {QStringLiteral("receipts"),
         [&](const QString& k, const QJsonValue& v) { config.receiptDirectory = r.path(k, v); }},
        {QStringLiteral("printer"),
         [&](const QString& k, const QJsonValue& v) { config.printer = r.string(k, v, kMaxNameLength); }},
        {QStringLiteral("language"),
         [&](const QString& k, const QJsonValue& v) {
             config.language = r.string(k, v, 2);
             static const QStringList known{QString(), QStringLiteral("en"), QStringLiteral("de"),
                                            QStringLiteral("fr")};
             if (!r.error() && !known.contains(config.language))
                 r.fail(k, QStringLiteral("must be \"\", \"en\", \"de\" or \"fr\""));
         }},
        {QStringLiteral("timeouts"),
         [&](const QString& k, const QJsonValue& v) {
             const QJsonObject o = r.object(k, v);
             r.readObject(o, k + QLatin1Char('.'), timeoutKeys);
         }},
    };
    r.readObject(root, QString(), rootKeys);
    if (r.error())
        return *r.error();
    return Ok{};
}

// The user settings: only what the shop may change in the UI.
StationStatus applyUser(const QJsonObject& root, const QString& label, StationConfig& config)
{
    ObjectReader r(label, QString());
    using H = ObjectReader::Handler;
    const std::map<QString, H> issuerKeys{
        {QStringLiteral("host"), [&](const QString& k, const QJsonValue& v) { config.issuer.host = r.host(k, v); }},
        {QStringLiteral("port"),
         [&](const QString& k, const QJsonValue& v) { config.issuer.port = quint16(r.integer(k, v, 1, 65535)); }},
    };
    const std::map<QString, H> rootKeys{
        {QStringLiteral("issuer"),
         [&](const QString& k, const QJsonValue& v) {
             const QJsonObject o = r.object(k, v);
             r.readObject(o, k + QLatin1Char('.'), issuerKeys);
         }},
        {QStringLiteral("terminalReader"),
         [&](const QString& k, const QJsonValue& v) { config.terminalReader = r.string(k, v, kMaxNameLength); }},
        {QStringLiteral("printer"),
         [&](const QString& k, const QJsonValue& v) { config.printer = r.string(k, v, kMaxNameLength); }},
        {QStringLiteral("language"),
         [&](const QString& k, const QJsonValue& v) {
             config.language = r.string(k, v, 2);
             static const QStringList known{QString(), QStringLiteral("en"), QStringLiteral("de"),
                                            QStringLiteral("fr")};
             if (!r.error() && !known.contains(config.language))
                 r.fail(k, QStringLiteral("must be \"\", \"en\", \"de\" or \"fr\""));
         }},
    };
    r.readObject(root, QString(), rootKeys);
    if (r.error())
        return *r.error();
    return Ok{};
}

QString label(const QString& path)
{
    return shortened(QFileInfo(path).fileName(), 80);
}

} // namespace

QString StationConfig::defaultConfigPath()
{
    return QStringLiteral("/etc/retail-perso/station.json");
}

QString StationConfig::defaultUserSettingsPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
           QStringLiteral("/retail-perso/station-user.json");
}

StationResult<StationConfig> StationConfig::load(const QString& path, const QString& userSettingsPath)
{
    StationConfig config;
    const QString dataDir =
        QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/retail-perso");
    config.journalPath = dataDir + QStringLiteral("/journal.sqlite");
    config.receiptDirectory = dataDir + QStringLiteral("/receipts");

    if (!path.isEmpty()) {
        const QString file = expandHome(path);
        bool missing = false;
        auto bytes = readBounded(file, label(file), missing);
        if (!bytes)
            return bytes.error();
        if (missing && QDir::cleanPath(file) != defaultConfigPath())
            return invalid(label(file), {}, QStringLiteral("no such file"));
        if (!missing) {
            auto root = parseObject(bytes.value(), label(file));
            if (!root)
                return root.error();
            auto applied = applyMain(root.value(), label(file), QFileInfo(file).absolutePath(), config);
            if (!applied)
                return applied.error();
        }
    }

    if (!userSettingsPath.isEmpty()) {
        const QString file = expandHome(userSettingsPath);
        bool missing = false;
        auto bytes = readBounded(file, label(file), missing);
        if (!bytes)
            return bytes.error();
        if (!missing) { // no user settings yet: the baked values apply
            auto root = parseObject(bytes.value(), label(file));
            if (!root)
                return root.error();
            auto applied = applyUser(root.value(), label(file), config);
            if (!applied)
                return applied.error();
        }
    }

    if (!config.issuer.caFile.isEmpty()) {
        auto ca = checkCaFile(config.issuer.caFile, label(path));
        if (!ca)
            return ca.error();
    }
    return config;
}

StationStatus StationConfig::saveUserSettings(const QString& userSettingsPath) const
{
    const QString file = expandHome(userSettingsPath);
    const QString name = label(file);
    if (file.isEmpty())
        return invalid(QStringLiteral("user settings"), {}, QStringLiteral("no file name"));
    if (!issuer.host.isEmpty() && !isHostName(issuer.host))
        return invalid(name, QStringLiteral("issuer.host"), QStringLiteral("is not a host name or address"));
    if (issuer.port == 0)
        return invalid(name, QStringLiteral("issuer.port"), QStringLiteral("must be an integer in 1..65535"));
    if (terminalReader.size() > kMaxNameLength || hasControlCharacters(terminalReader))
        return invalid(name, QStringLiteral("terminalReader"), QStringLiteral("not a reader name"));
    if (printer.size() > kMaxNameLength || hasControlCharacters(printer))
        return invalid(name, QStringLiteral("printer"), QStringLiteral("not a printer name"));
    if (!language.isEmpty() && language != QStringLiteral("en") && language != QStringLiteral("de") &&
        language != QStringLiteral("fr"))
        return invalid(name, QStringLiteral("language"), QStringLiteral("must be \"\", \"en\", \"de\" or \"fr\""));

    QJsonObject issuerObject{{QStringLiteral("port"), int(issuer.port)}};
    if (!issuer.host.isEmpty())
        issuerObject.insert(QStringLiteral("host"), issuer.host);
    const QJsonObject root{{QStringLiteral("issuer"), issuerObject},
                           {QStringLiteral("terminalReader"), terminalReader},
                           {QStringLiteral("printer"), printer},
                           {QStringLiteral("language"), language}};

    if (!QDir().mkpath(QFileInfo(file).absolutePath()))
        return stationError(StationErrorKind::Internal, QStringLiteral("%1: cannot create its folder").arg(name));
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly))
        return stationError(StationErrorKind::Internal, QStringLiteral("%1: cannot be written").arg(name));
    out.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    const QByteArray bytes = QJsonDocument(root).toJson(QJsonDocument::Indented);
    if (out.write(bytes) != bytes.size() || !out.commit())
        return stationError(StationErrorKind::Internal, QStringLiteral("%1: cannot be written").arg(name));
    QFile::setPermissions(file, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return Ok{};
}

} // namespace perso::station
