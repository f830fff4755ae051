// SPDX-License-Identifier: Apache-2.0
#pragma once

// perso-issuerd's configuration file (JSON, docs/issuer.md "Configuration"). Strict: an unknown key,
// a wrong type or a value out of range is an error naming the key, so a typo never silently falls
// back to a default. Relative paths are resolved against the file's directory. No secret is ever
// written in this file: the PostgreSQL password comes from a file readable only by the issuer.

#include "issuer/common/IssuerError.h"

#include <QByteArray>
#include <QHostAddress>
#include <QString>

#include <cstdint>

namespace perso::issuer {

struct DaemonConfig
{
    QHostAddress listenAddress = QHostAddress::LocalHost;
    std::uint16_t listenPort = 7443; // 0: any free port (tests); the daemon prints the one it got

    QString certificateChainFile; // server certificate then the issuer CA, PEM
    QString privateKeyFile;       // the server key, PEM, mode 0600
    QString keyDirectory;         // KeyRing: master-v<N>.key, receipt-signing.pem

    enum class Engine
    {
        Sqlite,
        Postgres
    };
    Engine engine = Engine::Sqlite;
    QString sqlitePath;
    QString pgHost = QStringLiteral("127.0.0.1");
    std::uint16_t pgPort = 5432;
    QString pgDatabase;
    QString pgUser;
    QString pgPasswordFile; // optional; mode 0600

    QByteArray assessmentPolicyJson; // the "assessment" object, parsed by AssessmentPolicy::fromJson
    QByteArray operatorProfileJson;  // the "operator" object, parsed by OperatorProfile::fromJson

    int workerThreads = 0; // 0: the server's default
    int maxConnections = 2000;
    int idleTimeoutSeconds = 600;
    int maxFailedAuthPerHour = 5;

    // Parses the JSON text; `baseDirectory` resolves relative paths.
    static IssuerResult<DaemonConfig> parse(const QByteArray& json, const QString& baseDirectory);
    // Reads and parses a file (InvalidInput with the file name and the problem).
    static IssuerResult<DaemonConfig> load(const QString& path);
};

} // namespace perso::issuer
