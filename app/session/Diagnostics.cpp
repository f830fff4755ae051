// SPDX-License-Identifier: Apache-2.0
#include "app/session/Engine.h"

#include "pcsc/Context.h"

#include <QCoreApplication>

#include <botan/version.h>

namespace perso::station {

void Engine::runDiagnostics()
{
    m_running = true;
    DiagnosticsReport report;
    pcsc::Context pcscContext;
    if (auto readers = pcscContext.listReaders())
        report.readers = readers.value();
    else
        report.pcscProblem = readers.error().text();

    if (auto reader = m_terminal->open()) {
        report.terminalReader = reader.value();
        if (auto status = m_terminal->status())
            report.terminalStatus = status.value();
    }
    report.issuerLink = m_issuer->state();
    report.issuerAddress = QStringLiteral("%1:%2").arg(m_context.config.issuer.host).arg(m_context.config.issuer.port);
    report.issuerLinkDetail = m_linkDetail;
    report.versions << QStringLiteral("perso-station %1").arg(QCoreApplication::applicationVersion())
                    << QStringLiteral("Qt %1").arg(QLatin1String(qVersion()))
                    << QStringLiteral("Botan %1").arg(QString::fromStdString(Botan::short_version_string()));
#ifdef PERSO_PCSCLITE_VERSION
    report.versions << QStringLiteral("pcsc-lite %1").arg(QLatin1String(PERSO_PCSCLITE_VERSION));
#endif
    if (m_journal) {
        const ChainCheck chain = m_journal->verifyChain();
        report.journalRows = chain.rows;
        report.journalIntact = chain.intact;
        report.journalProblem = chain.problem;
    } else {
        report.journalIntact = false;
        report.journalProblem = QStringLiteral("the journal is not open");
    }
    emit diagnosticsReady(report);
    finish();
}

} // namespace perso::station
