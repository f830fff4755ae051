// SPDX-License-Identifier: Apache-2.0
#include "app/session/Station.h"

#include "app/session/Engine.h"

#include <QMutex>
#include <QMutexLocker>
#include <QThread>

#ifdef PERSO_STATION_HAS_CLIENTS // set by CMake once both client libraries exist
#include "app/issuerlink/IssuerClient.h"
#include "app/terminallink/TerminalClient.h"
#endif

namespace perso::station {

QString stationPhaseName(StationPhase phase)
{
    switch (phase) {
    case StationPhase::Starting:
        return QStringLiteral("starting");
    case StationPhase::SignedOff:
        return QStringLiteral("signed-off");
    case StationPhase::SigningOn:
        return QStringLiteral("signing-on");
    case StationPhase::SignedOn:
        return QStringLiteral("signed-on");
    case StationPhase::Assessing:
        return QStringLiteral("assessing");
    case StationPhase::Assessed:
        return QStringLiteral("assessed");
    case StationPhase::AwaitingCard:
        return QStringLiteral("awaiting-card");
    case StationPhase::Personalising:
        return QStringLiteral("personalising");
    case StationPhase::AwaitingKeypad:
        return QStringLiteral("awaiting-keypad");
    case StationPhase::Verifying:
        return QStringLiteral("verifying");
    case StationPhase::Completed:
        return QStringLiteral("completed");
    case StationPhase::Cancelling:
        return QStringLiteral("cancelling");
    case StationPhase::SigningOff:
        return QStringLiteral("signing-off");
    case StationPhase::Recovering:
        return QStringLiteral("recovering");
    }
    return QStringLiteral("starting");
}

struct Station::Private
{
    StationConfig config;
    QThread thread;
    Engine* engine = nullptr;

    mutable QMutex mutex; // the snapshot below
    StationPhase phase = StationPhase::Starting;
    LinkState link = LinkState::Offline;
    TerminalInfo terminal;
    std::optional<SignOnInfo> signOn;
    std::optional<DecisionInfo> decision;
    std::optional<CompletionInfo> completion;
};

namespace {

void registerTypes()
{
    qRegisterMetaType<StationPhase>();
    qRegisterMetaType<LinkState>();
    qRegisterMetaType<TerminalInfo>();
    qRegisterMetaType<SignOnInfo>();
    qRegisterMetaType<DecisionInfo>();
    qRegisterMetaType<CardInfo>();
    qRegisterMetaType<ProgressInfo>();
    qRegisterMetaType<CompletionInfo>();
    qRegisterMetaType<RecoveryInfo>();
    qRegisterMetaType<QList<RecoveryInfo>>();
    qRegisterMetaType<StationError>();
    qRegisterMetaType<DiagnosticsReport>();
}

#ifdef PERSO_STATION_HAS_CLIENTS
std::unique_ptr<IssuerLink> productionIssuer(const StationConfig& config)
{
    return std::make_unique<IssuerClient>(config.issuer, nullptr);
}
std::unique_ptr<TerminalLink> productionTerminal(const StationConfig& config)
{
    return std::make_unique<TerminalClient>(config.terminalReader, std::chrono::seconds(config.keypadTimeoutSeconds));
}
#endif

} // namespace

#ifdef PERSO_STATION_HAS_CLIENTS
Station::Station(StationConfig config, QObject* parent)
    : Station(config, productionIssuer(config), productionTerminal(config), parent)
{}
#endif

Station::Station(StationConfig config, std::unique_ptr<IssuerLink> issuer, std::unique_ptr<TerminalLink> terminal,
                 QObject* parent)
    : QObject(parent), d(std::make_unique<Private>())
{
    registerTypes();
    d->config = config;
    // A link that is a QObject (IssuerClient) creates its socket as its child and takes the socket's
    // signals: it must live on the engine thread that drives it, or those signals run on this thread,
    // racing the engine's blocking waits (and the socket is created without its parent).
    if (auto* object = dynamic_cast<QObject*>(issuer.get()))
        object->moveToThread(&d->thread);
    if (auto* object = dynamic_cast<QObject*>(terminal.get()))
        object->moveToThread(&d->thread);
    d->engine = new Engine(std::move(config), std::move(issuer), std::move(terminal));
    d->engine->moveToThread(&d->thread);
    connect(&d->thread, &QThread::finished, d->engine, &QObject::deleteLater);
    d->thread.setObjectName(QStringLiteral("station-engine"));

    Engine* e = d->engine;
    connect(e, &Engine::phaseChanged, this, [this](StationPhase phase) {
        {
            QMutexLocker lock(&d->mutex);
            d->phase = phase;
            if (phase == StationPhase::SignedOff)
                d->signOn.reset();
        }
        emit phaseChanged(phase);
    });
    connect(e, &Engine::issuerLinkChanged, this, [this](LinkState state, const QString& detail) {
        {
            QMutexLocker lock(&d->mutex);
            d->link = state;
        }
        emit issuerLinkChanged(state, detail);
    });
    connect(e, &Engine::terminalChanged, this, [this](const TerminalInfo& info) {
        {
            QMutexLocker lock(&d->mutex);
            d->terminal = info;
        }
        emit terminalChanged(info);
    });
    connect(e, &Engine::signedOn, this, [this](const SignOnInfo& info) {
        {
            QMutexLocker lock(&d->mutex);
            d->signOn = info;
        }
        emit signedOn(info);
    });
    connect(e, &Engine::decisionReceived, this, [this](const DecisionInfo& decision) {
        {
            QMutexLocker lock(&d->mutex);
            d->decision = decision;
            d->completion.reset();
        }
        emit decisionReceived(decision);
    });
    connect(e, &Engine::completed, this, [this](const CompletionInfo& completion) {
        {
            QMutexLocker lock(&d->mutex);
            d->completion = completion;
        }
        emit completed(completion);
    });
    connect(e, &Engine::signedOff, this, [this] {
        {
            QMutexLocker lock(&d->mutex);
            d->signOn.reset();
        }
        emit signedOff();
    });
    connect(e, &Engine::cardDetected, this, &Station::cardDetected);
    connect(e, &Engine::progressChanged, this, &Station::progressChanged);
    connect(e, &Engine::keypadPrompt, this, &Station::keypadPrompt);
    connect(e, &Engine::recovered, this, &Station::recovered);
    connect(e, &Engine::receiptReady, this, &Station::receiptReady);
    connect(e, &Engine::cancelRequested, this, &Station::cancelRequested);
    connect(e, &Engine::failed, this, &Station::failed);
    connect(e, &Engine::diagnosticsReady, this, &Station::diagnosticsReady);
    d->thread.start();
}

Station::~Station()
{
    d->engine->requestCancel();
    // Wait for a running command to end (it checks the token), then shut down on the engine thread.
    Engine* e = d->engine;
    QMetaObject::invokeMethod(
        e, [e] { e->shutdown(); }, Qt::BlockingQueuedConnection);
    d->thread.quit();
    d->thread.wait();
}

const StationConfig& Station::config() const
{
    return d->config;
}

StationPhase Station::phase() const
{
    QMutexLocker lock(&d->mutex);
    return d->phase;
}

LinkState Station::issuerLinkState() const
{
    QMutexLocker lock(&d->mutex);
    return d->link;
}

TerminalInfo Station::terminalInfo() const
{
    QMutexLocker lock(&d->mutex);
    return d->terminal;
}

std::optional<SignOnInfo> Station::signOnInfo() const
{
    QMutexLocker lock(&d->mutex);
    return d->signOn;
}

std::optional<DecisionInfo> Station::lastDecision() const
{
    QMutexLocker lock(&d->mutex);
    return d->decision;
}

std::optional<CompletionInfo> Station::lastCompletion() const
{
    QMutexLocker lock(&d->mutex);
    return d->completion;
}

QString Station::journalPath() const
{
    return d->config.journalPath;
}

namespace {

template <typename Work> bool post(Station* station, Engine* engine, Work work)
{
    if (!engine->tryBegin()) {
        emit station->failed(stationError(StationErrorKind::TerminalBusy, QStringLiteral("another step is running")));
        return false;
    }
    QMetaObject::invokeMethod(engine, std::move(work), Qt::QueuedConnection);
    return true;
}

} // namespace

void Station::start()
{
    Engine* e = d->engine;
    post(this, e, [e] { e->start(); });
}

void Station::signOn()
{
    Engine* e = d->engine;
    post(this, e, [e] { e->signOn(); });
}

void Station::submitCustomer(const wire::CustomerDetails& details, wire::Operation operation)
{
    Engine* e = d->engine;
    post(this, e, [e, details, operation] { e->submitCustomer(details, operation); });
}

void Station::personalise()
{
    Engine* e = d->engine;
    post(this, e, [e] { e->personalise(); });
}

void Station::cancel()
{
    if (!d->engine->isBusy())
        return;
    d->engine->requestCancel();
    if (phase() == StationPhase::AwaitingKeypad)
        emit cancelRequested(tr("Press Cancel on the terminal's keypad"));
}

void Station::nextCustomer()
{
    {
        QMutexLocker lock(&d->mutex);
        d->decision.reset();
        d->completion.reset();
    }
    Engine* e = d->engine;
    post(this, e, [e] { e->nextCustomer(); });
}

void Station::signOff()
{
    Engine* e = d->engine;
    post(this, e, [e] { e->signOff(); });
}

void Station::reprintReceipt(const QString& transactionId)
{
    Engine* e = d->engine;
    post(this, e, [e, transactionId] { e->reprintReceipt(transactionId); });
}

void Station::applyConfig(const StationConfig& config)
{
    Engine* e = d->engine;
    if (post(this, e, [e, config] { e->applyConfig(config); }))
        d->config = config;
}

void Station::runDiagnostics()
{
    Engine* e = d->engine;
    post(this, e, [e] { e->runDiagnostics(); });
}

} // namespace perso::station
