// SPDX-License-Identifier: Apache-2.0
#include "app/session/Engine.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QTimer>

namespace perso::station {

namespace {

constexpr int kMaxBackoffSeconds = 30;

TerminalInfo infoOf(const StationResult<TerminalStatus>& status, const QString& reader)
{
    TerminalInfo info;
    info.reader = reader;
    if (!status)
        return info;
    info.present = true;
    info.slot = status.value().slot;
    info.tampered = status.value().tampered;
    info.firmwareVersion = status.value().firmwareVersion;
    info.terminalId = status.value().terminalId;
    return info;
}

bool sameInfo(const TerminalInfo& a, const TerminalInfo& b)
{
    return a.present == b.present && a.reader == b.reader && a.slot == b.slot && a.tampered == b.tampered &&
           a.firmwareVersion == b.firmwareVersion && a.terminalId == b.terminalId;
}

} // namespace

Engine::Engine(StationConfig config, std::unique_ptr<IssuerLink> issuer, std::unique_ptr<TerminalLink> terminal)
    : m_issuer(std::move(issuer)), m_terminal(std::move(terminal))
{
    m_context.config = std::move(config);
    m_context.issuer = m_issuer.get();
    m_context.terminal = m_terminal.get();
    m_context.sink = this;
}

Engine::~Engine() = default;

bool Engine::tryBegin()
{
    bool expected = false;
    return m_busy.compare_exchange_strong(expected, true, std::memory_order_acq_rel);
}

void Engine::requestCancel()
{
    m_cancel.cancel();
}

void Engine::later(std::function<void()> emission)
{
    if (m_busy.load(std::memory_order_acquire))
        m_deferred.push_back(std::move(emission));
    else
        emission();
}

void Engine::finish()
{
    m_running = false;
    m_cancel.reset();
    m_busy.store(false, std::memory_order_release);
    std::vector<std::function<void()>> pending;
    pending.swap(m_deferred);
    for (auto& emission : pending)
        emission();
    // The idle poll pauses while a command runs: read the terminal's slot now rather than up to 1 s later.
    QTimer::singleShot(0, this, &Engine::idleTick);
}

void Engine::reportCard(const CardInfo& card)
{
    // The status strip's slot follows the card the command just found (the idle poll is paused meanwhile).
    if (m_terminalInfo && m_terminalInfo->slot != SlotContent::CustomerCard) {
        m_terminalInfo->slot = SlotContent::CustomerCard;
        emit terminalChanged(*m_terminalInfo);
    }
    emit cardDetected(card);
}

void Engine::setPhase(StationPhase phase)
{
    if (phase == m_phase)
        return;
    m_phase = phase;
    switch (phase) {
    case StationPhase::SignedOff:
    case StationPhase::SignedOn:
    case StationPhase::Assessed:
    case StationPhase::Completed:
        later([this, phase] { emit phaseChanged(phase); }); // where a command ends
        break;
    default:
        emit phaseChanged(phase);
    }
}

void Engine::fail(const StationError& error, JournalEvent event)
{
    if (m_context.journal) {
        QJsonObject row{{QStringLiteral("error"), stationErrorName(error.kind)},
                        {QStringLiteral("detail"), error.detail}};
        if (!error.code.isEmpty())
            row.insert(QStringLiteral("code"), error.code);
        if (error.reasonCode != 0)
            row.insert(QStringLiteral("reasonCode"), error.reasonCode);
        if (error.failingStep >= 0)
            row.insert(QStringLiteral("failingStep"), error.failingStep);
        (void)m_context.record(event, {}, row);
    }
    later([this, error] { emit failed(error); });
}

void Engine::endSignOn()
{
    (void)m_terminal->endSession();
    const bool was = m_context.signOn.has_value();
    m_context.signOn.reset();
    m_context.customer.reset();
    setPhase(StationPhase::SignedOff);
    if (was)
        later([this] { emit signedOff(); });
}

bool Engine::execute(Command& command, StationPhase fallback)
{
    m_running = true;
    const StationStatus outcome = command.run(m_context, m_cancel);
    if (outcome)
        return true;
    StationError error = outcome.error();
    const bool signingOn = dynamic_cast<SignOnCommand*>(&command) != nullptr;
    const bool channelClosed = error.kind == StationErrorKind::PersonalisationFailed && m_terminal->status() &&
                               m_terminal->status().value().state == 0x07;
    const bool lost = m_context.signOn && m_context.sessionLost();
    if (lost && error.kind != StationErrorKind::IssuerOffline && m_issuer->state() != LinkState::Online)
        error = stationError(StationErrorKind::IssuerOffline,
                             QStringLiteral("the issuer link dropped: %1").arg(error.detail));
    fail(error, signingOn ? JournalEvent::SignOnFailed : JournalEvent::Error);
    if (signingOn || lost || channelClosed || error.kind == StationErrorKind::IssuerAuthentication ||
        error.kind == StationErrorKind::TerminalTampered) {
        if (signingOn)
            m_context.signOn.reset();
        endSignOn();
    } else {
        setPhase(fallback);
    }
    return false;
}

void Engine::start()
{
    m_context.pdfAvailable = qobject_cast<QGuiApplication*>(QCoreApplication::instance()) != nullptr;
    m_issuer->setStateListener([this](LinkState state, const QString& detail) { onLinkState(state, detail); });
    auto opened = Journal::open(m_context.config.journalPath);
    if (!opened) {
        setPhase(StationPhase::SignedOff);
        emit failed(opened.error());
        finish();
    } else {
        m_journal = std::move(opened).value();
        m_context.journal = m_journal.get();
        (void)m_context.record(JournalEvent::StationStarted, {},
                               QJsonObject{{QStringLiteral("version"), QCoreApplication::applicationVersion()},
                                           {QStringLiteral("schema"), m_journal->schemaVersion()}});
        setPhase(StationPhase::SignedOff);
        finish();
    }
    if (!m_idle) {
        m_idle = new QTimer(this);
        m_idle->setInterval(1000);
        connect(m_idle, &QTimer::timeout, this, &Engine::idleTick);
        m_idle->start();
    }
    m_nextConnect = QDateTime::currentDateTimeUtc();
    idleTick();
}

void Engine::signOn()
{
    if (!m_context.journal) {
        emit failed(stationError(StationErrorKind::Journal, QStringLiteral("the journal is not open")));
        finish();
        return;
    }
    if (m_context.signOn) {
        SignOffCommand off;
        execute(off, StationPhase::SignedOff);
    }
    SignOnCommand command;
    // Recovery needs an open channel: the issuer takes no other message before the first assessment
    // (it carries the EXTERNAL AUTHENTICATE response), so it runs right after that one.
    if (execute(command, StationPhase::SignedOff))
        setPhase(StationPhase::SignedOn);
    finish();
}

void Engine::submitCustomer(const wire::CustomerDetails& details, wire::Operation operation)
{
    const bool first = m_context.signOn && m_context.signOn->externalAuthenticateResponse.has_value();
    AssessCommand command(details, operation);
    if (execute(command, m_context.signOn ? StationPhase::SignedOn : StationPhase::SignedOff) && first) {
        RecoveryCommand recovery;
        if (execute(recovery, StationPhase::Assessed))
            setPhase(StationPhase::Assessed);
    }
    finish();
}

void Engine::personalise()
{
    PersonaliseCommand command;
    const StationPhase back = m_context.signOn ? StationPhase::Assessed : StationPhase::SignedOff;
    execute(command, back);
    finish();
}

void Engine::nextCustomer()
{
    m_context.customer.reset();
    setPhase(m_context.signOn ? StationPhase::SignedOn : StationPhase::SignedOff);
    finish();
}

void Engine::signOff()
{
    SignOffCommand command;
    if (execute(command, StationPhase::SignedOff))
        later([this] { emit signedOff(); });
    finish();
}

void Engine::reprintReceipt(const QString& transactionId)
{
    m_running = true;
    auto row = m_journal ? m_journal->receiptOf(transactionId)
                         : StationResult<std::optional<QJsonObject>>(
                               stationError(StationErrorKind::Journal, QStringLiteral("the journal is not open")));
    if (!row || !row.value()) {
        emit failed(
            row ? stationError(StationErrorKind::InvalidInput, QStringLiteral("no receipt for this transaction"))
                : row.error());
        finish();
        return;
    }
    const QByteArray raw = QByteArray::fromBase64(row.value()->value(QStringLiteral("encoded")).toString().toLatin1());
    auto receipt = wire::decodeReceipt(
        ByteView(reinterpret_cast<const std::uint8_t*>(raw.constData()), static_cast<std::size_t>(raw.size())));
    if (!receipt) {
        emit failed(stationError(StationErrorKind::Journal, QStringLiteral("the journalled receipt does not decode")));
        finish();
        return;
    }
    CompletionInfo completion;
    completion.transactionId = transactionId;
    completion.receipt = receipt.value();
    completion.msisdn = receipt.value().msisdn;
    auto path = writeReceipt(m_context, completion);
    if (!path)
        emit failed(path.error());
    else
        emit receiptReady(transactionId, path.value());
    finish();
}

void Engine::applyConfig(const StationConfig& config)
{
    if (m_context.signOn) {
        SignOffCommand off;
        execute(off, StationPhase::SignedOff);
        emit signedOff();
    }
    m_issuer->disconnectFromIssuer();
    m_terminal->close();
    m_context.config = config;
    m_backoffSeconds = 1;
    m_nextConnect = QDateTime::currentDateTimeUtc();
    finish();
}

void Engine::shutdown()
{
    if (m_idle)
        m_idle->stop();
    if (m_context.signOn) {
        SignOffCommand off;
        execute(off, StationPhase::SignedOff);
    }
    m_issuer->setStateListener({});
    m_issuer->disconnectFromIssuer();
    m_terminal->close();
    m_context.journal = nullptr;
    m_journal.reset();
}

void Engine::onLinkState(LinkState state, const QString& detail)
{
    m_linkDetail = detail;
    emit issuerLinkChanged(state, detail);
    if (state != LinkState::Offline || m_running || !m_context.signOn)
        return;
    // Dropped while idle: the issuer session is gone.
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (m_running || !m_context.signOn || !m_context.sessionLost() || !tryBegin())
                return;
            fail(stationError(StationErrorKind::IssuerOffline, QStringLiteral("the issuer link dropped")));
            endSignOn();
            finish();
        },
        Qt::QueuedConnection);
}

void Engine::idleTick()
{
    // Never reserves the engine: a command the UI posts meanwhile must not be refused as busy. Ticks
    // and commands both run on this thread, so they never overlap.
    if (isBusy() || m_running)
        return;
    auto status = m_terminal->status();
    if (!status) {
        if (auto opened = m_terminal->open())
            status = m_terminal->status();
    }
    const TerminalInfo info = infoOf(status, QString());
    if (!m_terminalInfo || !sameInfo(*m_terminalInfo, info)) {
        m_terminalInfo = info;
        emit terminalChanged(info);
    }
    if (m_issuer->state() == LinkState::Offline && QDateTime::currentDateTimeUtc() >= m_nextConnect) {
        CancelToken never;
        if (m_issuer->connectToIssuer(QDeadlineTimer(std::chrono::seconds(5)), never)) {
            m_backoffSeconds = 1;
        } else {
            m_nextConnect = QDateTime::currentDateTimeUtc().addSecs(m_backoffSeconds);
            m_backoffSeconds = std::min(m_backoffSeconds * 2, kMaxBackoffSeconds);
        }
    }
}

} // namespace perso::station
