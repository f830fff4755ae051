// SPDX-License-Identifier: Apache-2.0
#include "issuer/server/ServerConfig.h"

#include <QThread>

#include <algorithm>

namespace perso::issuer {

int ServerConfig::defaultWorkerThreads()
{
    // Workers spend most of a personalisation waiting for the store's commits, not on a core; more
    // of them let the writer group more writes into one commit (one fsync). perso-bench-issuer, 200
    // stations on 2 cores: 4 workers 5.5 ms of daemon CPU per personalisation, 16 workers 4.3 ms,
    // 32 workers 4.3 ms.
    return std::max(16, 4 * QThread::idealThreadCount());
}

} // namespace perso::issuer
