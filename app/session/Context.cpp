// SPDX-License-Identifier: Apache-2.0
#include "app/session/Context.h"

namespace perso::station {

QString hexOf(ByteView bytes)
{
    return QString::fromStdString(toHex(bytes)).toLower();
}

QString SignOnState::sessionHex() const
{
    return hexOf(sessionId);
}

QDeadlineTimer Context::issuerDeadline() const
{
    return QDeadlineTimer(std::chrono::seconds(config.issuerTimeoutSeconds > 0 ? config.issuerTimeoutSeconds : 30));
}

StationStatus Context::record(JournalEvent event, const QString& transactionId, const QJsonObject& data)
{
    if (!journal)
        return stationError(StationErrorKind::Journal, QStringLiteral("the journal is not open"));
    auto appended = journal->append(event, signOn ? signOn->sessionHex() : QString(), transactionId, data);
    if (!appended)
        return appended.error();
    return Ok{};
}

bool Context::sessionLost() const
{
    if (!signOn)
        return true;
    return issuer->state() != LinkState::Online || issuer->connectionNumber() != signOn->connection;
}

StationError refusedBy(const wire::ErrorReport& report)
{
    StationError error =
        stationError(StationErrorKind::IssuerRefused,
                     QStringLiteral("the issuer refused: %1 %2").arg(report.code, report.message), report.code);
    return error;
}

StationError unexpectedReply(const wire::Message& reply, const char* expected)
{
    return stationError(StationErrorKind::IssuerProtocol,
                        QStringLiteral("the issuer answered message type %1 instead of %2")
                            .arg(static_cast<int>(reply.type()))
                            .arg(QLatin1String(expected)));
}

} // namespace perso::station
