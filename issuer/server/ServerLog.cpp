// SPDX-License-Identifier: Apache-2.0
#include "issuer/server/ServerLog.h"

Q_LOGGING_CATEGORY(lcIssuerServer, "perso.issuer.server")
