// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QLoggingCategory>

// "perso.issuer.server": connection ids, peers, message types, sizes and error codes; never contents.
Q_DECLARE_LOGGING_CATEGORY(lcIssuerServer)
