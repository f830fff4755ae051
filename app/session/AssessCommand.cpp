// SPDX-License-Identifier: Apache-2.0
#include "app/session/Commands.h"

#include "protocol/wire/CustomerDetails.h"

namespace perso::station {

namespace {

QString documentTypeName(wire::IdDocumentType type)
{
    switch (type) {
    case wire::IdDocumentType::Passport:
        return QStringLiteral("passport");
    case wire::IdDocumentType::NationalIdCard:
        return QStringLiteral("national-id-card");
    case wire::IdDocumentType::DrivingLicence:
        return QStringLiteral("driving-licence");
    case wire::IdDocumentType::ResidencePermit:
        return QStringLiteral("residence-permit");
    }
    return QStringLiteral("other");
}

QString decisionName(wire::Decision decision)
{
    switch (decision) {
    case wire::Decision::Approved:
        return QStringLiteral("approved");
    case wire::Decision::Declined:
        return QStringLiteral("declined");
    case wire::Decision::Referred:
        return QStringLiteral("referred");
    }
    return QStringLiteral("declined");
}

} // namespace

QString operationName(wire::Operation operation)
{
    return operation == wire::Operation::Modify ? QStringLiteral("modify") : QStringLiteral("new");
}

StationStatus AssessCommand::run(Context& context, const CancelToken& cancel)
{
    if (!context.signOn || !context.signOn->box)
        return stationError(StationErrorKind::NotSignedOn, QStringLiteral("no retailer is signed on"));
    context.sink->setPhase(StationPhase::Assessing);

    auto encoded = wire::encodeCustomerDetails(m_details);
    if (!encoded)
        return stationError(StationErrorKind::InvalidInput, encoded.error().message);

    CustomerState customer;
    customer.fullName = m_details.givenNames + QLatin1Char(' ') + m_details.familyName;
    customer.maskedName = maskedName(m_details.givenNames, m_details.familyName);
    customer.planCode = m_details.planCode;
    customer.operation = m_operation;
    context.customer = customer;

    const QString& number = m_details.idDocument.number;
    if (auto recorded =
            context.record(JournalEvent::DetailsSubmitted, {},
                           QJsonObject{{QStringLiteral("name"), customer.maskedName},
                                       {QStringLiteral("document"), documentTypeName(m_details.idDocument.type)},
                                       {QStringLiteral("documentLast3"), number.right(3)},
                                       {QStringLiteral("plan"), customer.planCode},
                                       {QStringLiteral("operation"), operationName(m_operation)}});
        !recorded)
        return recorded.error();

    auto sealed = context.signOn->box->seal(view(encoded.value()),
                                            static_cast<std::uint32_t>(wire::MessageType::AssessmentRequest));
    if (!sealed)
        return stationError(StationErrorKind::Internal, QStringLiteral("the details could not be sealed"));

    wire::AssessmentRequest request;
    request.sessionId = context.signOn->sessionId;
    request.externalAuthenticateResponse = context.signOn->externalAuthenticateResponse;
    request.sealedCustomerDetails = std::move(sealed).value();
    auto decision = context.ask<wire::AssessmentDecision>(std::move(request), cancel);
    // The EA response is spent once sent, whatever the answer.
    context.signOn->externalAuthenticateResponse.reset();
    if (!decision)
        return decision.error();

    DecisionInfo info;
    info.decision = decision.value().decision;
    info.reasonCode = decision.value().reasonCode;
    info.customerReference = decision.value().customerReference;
    info.operation = m_operation;
    context.customer->decision = info;
    if (auto recorded = context.record(JournalEvent::Decision, {},
                                       QJsonObject{{QStringLiteral("decision"), decisionName(info.decision)},
                                                   {QStringLiteral("reasonCode"), info.reasonCode},
                                                   {QStringLiteral("customerReference"), info.customerReference}});
        !recorded)
        return recorded.error();
    context.sink->reportDecision(info);
    context.sink->setPhase(StationPhase::Assessed);
    return Ok{};
}

} // namespace perso::station
