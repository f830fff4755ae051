// SPDX-License-Identifier: Apache-2.0
#include "issuer/daemon/StoreSettings.h"

#include "issuer/common/ProtectedFiles.h"

#include <QByteArray>

namespace perso::issuer {

IssuerResult<StoreConfig> storeConfigFor(const DaemonConfig& config)
{
    StoreConfig store;
    if (config.engine == DaemonConfig::Engine::Sqlite) {
        store.engine = StoreConfig::Sqlite;
        store.sqlitePath = config.sqlitePath;
        return store;
    }
    store.engine = StoreConfig::Postgres;
    store.pgHost = config.pgHost;
    store.pgPort = config.pgPort;
    store.pgDatabase = config.pgDatabase;
    store.pgUser = config.pgUser;
    if (!config.pgPasswordFile.isEmpty()) {
        auto password = readPrivateFile(config.pgPasswordFile, 4096);
        if (!password)
            return password.error();
        QByteArray text(reinterpret_cast<const char*>(password.value().data()),
                        static_cast<qsizetype>(password.value().size()));
        const qsizetype newline = text.indexOf('\n');
        store.pgPassword = QString::fromUtf8((newline < 0 ? text : text.left(newline)).trimmed());
        text.fill('\0');
    }
    return store;
}

} // namespace perso::issuer
