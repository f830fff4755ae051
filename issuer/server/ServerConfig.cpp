// SPDX-License-Identifier: Apache-2.0
#include "issuer/server/ServerConfig.h"

#include <QThread>

#include <algorithm>

namespace perso::issuer {

int ServerConfig::defaultWorkerThreads()
{
    return std::max(4, 2 * QThread::idealThreadCount());
}

} // namespace perso::issuer
