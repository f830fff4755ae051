// SPDX-License-Identifier: Apache-2.0
#include "app/terminallink/TerminalClient.h"

#include "app/terminallink/PcscTerminalTransport.h"
#include "app/terminallink/StatusWords.h"
#include "protocol/terminal/TerminalAnswers.h"

#include <algorithm>

namespace perso::station {

namespace cmd = terminal::cmd;

namespace {

CommandApdu terminalCommand(std::uint8_t ins, SecureBytes data = {}, std::size_t ne = 256, std::uint8_t p1 = 0)
{
    return CommandApdu(cmd::kCla, ins, p1, 0x00, std::move(data), ne);
}

StepProgress toProgress(const cmd::StepAnswer& answer)
{
    StepProgress progress;
    progress.index = answer.index;
    progress.total = answer.total;
    progress.cardStatus = answer.cardStatus;
    progress.runState = answer.runState;
    return progress;
}

} // namespace

TerminalClient::TerminalClient(QString readerName, std::chrono::seconds keypadTimeout)
    : TerminalClient(std::make_unique<PcscTerminalTransport>(std::move(readerName)), keypadTimeout)
{}

TerminalClient::TerminalClient(std::unique_ptr<TerminalTransport> transport, std::chrono::seconds keypadTimeout)
    : m_transport(std::move(transport)), m_keypadTimeout(keypadTimeout)
{}

TerminalClient::~TerminalClient() = default;

StationResult<TerminalReaderInfo> TerminalClient::open()
{
    auto opened = m_transport->open();
    if (!opened)
        return pcscError(opened.error(), cmd::ins::kGetStatus);
    return m_transport->readerInfo();
}

void TerminalClient::close()
{
    m_transport->close();
}

StationResult<ResponseApdu> TerminalClient::send(const CommandApdu& command, std::chrono::milliseconds timeout)
{
    qCDebug(lcStationTerminal).nospace() << "-> " << terminalCommandName(command.ins()) << " Lc "
                                         << command.data().size();
    auto answer = m_transport->transmit(command, timeout);
    if (!answer) {
        qCInfo(lcStationTerminal).nospace()
            << terminalCommandName(command.ins()) << " failed: " << answer.error().name();
        return pcscError(answer.error(), command.ins());
    }
    qCDebug(lcStationTerminal).nospace() << "<- " << terminalCommandName(command.ins()) << " SW "
                                         << QString::number(answer.value().sw(), 16) << " length "
                                         << answer.value().data().size();
    return std::move(answer).value();
}

StationResult<ResponseApdu> TerminalClient::sendExpectingSuccess(const CommandApdu& command,
                                                                 std::chrono::milliseconds timeout)
{
    auto answer = send(command, timeout);
    if (!answer)
        return answer;
    if (answer.value().sw() != sw::kSuccess)
        return statusWordError(answer.value().sw(), command.ins());
    return answer;
}

StationResult<TerminalStatus> TerminalClient::status()
{
    auto answer = sendExpectingSuccess(terminalCommand(cmd::ins::kGetStatus), kCommandTimeout);
    if (!answer)
        return answer.error();
    auto decoded = cmd::decodeStatusAnswer(view(answer.value().data()));
    if (!decoded)
        return malformedAnswer(cmd::ins::kGetStatus, decoded.error().message);
    const auto& fields = decoded.value();
    TerminalStatus status;
    status.state = fields.state;
    status.slot = static_cast<SlotContent>(fields.slot);
    status.tampered = fields.tampered;
    status.firmwareVersion = fields.firmwareVersion;
    status.terminalId = fields.terminalId;
    status.stepsConsumed = fields.stepsConsumed;
    status.stepsTotal = fields.stepsTotal;
    return status;
}

StationResult<RetailerIdentity> TerminalClient::retailerSignOn(const CancelToken& cancel)
{
    // Checked before the command only: once the keypad is open the call blocks in pcsc until the
    // retailer presses OK or Cancel, or the keypad times out.
    if (cancel.isCancelled())
        return stationError(StationErrorKind::Cancelled, QStringLiteral("RETAILER SIGN-ON not sent: cancelled"));
    auto answer = sendExpectingSuccess(terminalCommand(cmd::ins::kRetailerSignOn), keypadCommandTimeout());
    if (!answer)
        return answer.error();
    auto decoded = cmd::decodeSignOnAnswer(view(answer.value().data()));
    if (!decoded)
        return malformedAnswer(cmd::ins::kRetailerSignOn, decoded.error().message);
    auto& fields = decoded.value();
    RetailerIdentity identity;
    identity.serial = std::move(fields.serial);
    identity.retailerId = fields.retailerId;
    identity.keyVersion = fields.keyVersion;
    identity.terminalId = fields.terminalId;
    identity.tampered = fields.tampered;
    identity.firmwareVersion = fields.firmwareVersion;
    return identity;
}

StationResult<Bytes> TerminalClient::relay(const Bytes& commandApdu)
{
    auto command = CommandApdu::decode(view(commandApdu));
    if (!command)
        return stationError(StationErrorKind::TerminalProtocol,
                            QStringLiteral("relayed command does not decode (%1 bytes)").arg(commandApdu.size()),
                            errorCodeName(command.code()));
    const std::uint8_t ins = command.value().ins();
    if (ins != cmd::ins::kInitializeUpdate && ins != cmd::ins::kExternalAuthenticate)
        return stationError(
            StationErrorKind::TerminalProtocol,
            QStringLiteral("relay refuses %1: only the SCP03 handshake is relayed").arg(terminalCommandName(ins)));
    auto answer = send(command.value(), kCommandTimeout);
    if (!answer)
        return answer.error();
    const SecureBytes encoded = answer.value().encode();
    return Bytes(encoded.begin(), encoded.end());
}

StationResult<SecureBytes> TerminalClient::dataKey()
{
    auto answer = sendExpectingSuccess(terminalCommand(cmd::ins::kGetDataKey), kCommandTimeout);
    if (!answer)
        return answer.error();
    // The key stays in SecureBytes all the way; the answer's buffer is zeroised when it goes.
    SecureBytes key = answer.value().data();
    const std::size_t length = key.size();
    if (length != 16 && length != 24 && length != 32)
        return malformedAnswer(cmd::ins::kGetDataKey, QStringLiteral("%1 key bytes").arg(length));
    return key;
}

StationResult<Bytes> TerminalClient::readCardIdentity()
{
    auto answer = sendExpectingSuccess(terminalCommand(cmd::ins::kReadCardIdentity), kCommandTimeout);
    if (!answer)
        return answer.error();
    const auto& data = answer.value().data();
    if (data.size() != 10)
        return stationError(
            StationErrorKind::CardUnreadable,
            QStringLiteral("READ CARD IDENTITY: EF.ICCID holds %1 bytes, expected 10").arg(data.size()));
    return Bytes(data.begin(), data.end());
}

StationResult<std::uint16_t> TerminalClient::loadPackage(const Bytes& package)
{
    if (package.empty())
        return stationError(StationErrorKind::Internal, QStringLiteral("LOAD PACKAGE: empty package"));
    std::size_t offset = 0;
    while (true) {
        const std::size_t length = std::min(kMaxSegment, package.size() - offset);
        const bool last = offset + length == package.size();
        const auto begin = package.begin() + static_cast<std::ptrdiff_t>(offset);
        CommandApdu command =
            terminalCommand(cmd::ins::kLoadPackage, SecureBytes(begin, begin + static_cast<std::ptrdiff_t>(length)),
                            last ? 256 : 0, last ? 0x00 : cmd::kLoadMoreSegments);
        auto answer = sendExpectingSuccess(command, kCommandTimeout);
        if (!answer)
            return answer.error();
        if (!last) {
            if (!answer.value().data().empty())
                return malformedAnswer(cmd::ins::kLoadPackage, QStringLiteral("data after a non-last segment"));
            offset += length;
            continue;
        }
        auto total = cmd::decodeLoadPackageAnswer(view(answer.value().data()));
        if (!total)
            return malformedAnswer(cmd::ins::kLoadPackage, total.error().message);
        return total.value();
    }
}

StationResult<StepProgress> TerminalClient::stepCommand(std::uint8_t ins, std::chrono::milliseconds timeout)
{
    auto answer = sendExpectingSuccess(terminalCommand(ins), timeout);
    if (!answer)
        return answer.error();
    auto decoded = cmd::decodeStepAnswer(view(answer.value().data()));
    if (!decoded)
        return malformedAnswer(ins, decoded.error().message);
    return toProgress(decoded.value());
}

StationResult<StepProgress> TerminalClient::runStep()
{
    return stepCommand(cmd::ins::kRunStep, keypadCommandTimeout());
}

StationResult<StepProgress> TerminalClient::abort()
{
    return stepCommand(cmd::ins::kAbort, kCommandTimeout);
}

StationResult<Bytes> TerminalClient::result()
{
    auto answer = sendExpectingSuccess(terminalCommand(cmd::ins::kGetResult), kCommandTimeout);
    if (!answer)
        return answer.error();
    const auto& data = answer.value().data();
    if (data.empty())
        return malformedAnswer(cmd::ins::kGetResult, QStringLiteral("no result"));
    return Bytes(data.begin(), data.end());
}

StationStatus TerminalClient::endSession()
{
    auto answer = sendExpectingSuccess(terminalCommand(cmd::ins::kEndSession, {}, 0), kCommandTimeout);
    if (!answer)
        return answer.error();
    return Ok{};
}

} // namespace perso::station
