// SPDX-License-Identifier: Apache-2.0
#include "app/demo/DemoRun.h"

#include "app/demo/DemoCustomer.h"
#include "app/demo/JournalSummary.h"
#include "app/demo/PinLetter.h"

#include <botan/system_rng.h>

#include <QDateTime>
#include <QFileInfo>

namespace perso::station::demo {

namespace {

// The stack has waited for the socket already: a missing one is an error soon.
constexpr int kConnectTimeoutMs = 5000;

SecureBytes asciiDigits(const QString& digits)
{
    SecureBytes bytes;
    for (const QChar c : digits)
        bytes.push_back(static_cast<std::uint8_t>(c.toLatin1()));
    return bytes;
}

// The customer's PUK: 8 random digits, never shown (the demo customer does not keep it).
SecureBytes randomPuk()
{
    Botan::System_RNG rng;
    SecureBytes digits;
    while (digits.size() < 8) {
        std::uint8_t byte = 0;
        rng.randomize(&byte, 1);
        if (byte < 250)
            digits.push_back(static_cast<std::uint8_t>('0' + byte % 10));
    }
    return digits;
}

} // namespace

DemoRun::DemoRun(DemoOptions options, Printer out, Printer err, QObject* parent)
    : QObject(parent), m_options(std::move(options)), m_out(std::move(out)), m_err(std::move(err)), m_control(30000)
{
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        fail(QStringLiteral("timed out"),
             QStringLiteral("no result after %1 s (step: %2, phase: %3)")
                 .arg(m_options.timeoutSeconds)
                 .arg(m_step, m_station ? stationPhaseName(m_station->phase()) : QStringLiteral("none")));
    });
}

DemoRun::~DemoRun() = default;

bool DemoRun::start()
{
    m_deadline.start(m_options.timeoutSeconds * 1000);
    PinLetterResult letter = readRetailerPin(m_options.pinLetterPath);
    if (!letter.pin) {
        fail(QStringLiteral("PIN letter"), letter.problem);
        return false;
    }
    if (!m_control.connectTo(m_options.controlPath, kConnectTimeoutMs)) {
        fail(QStringLiteral("cannot reach the terminal's control socket ") + m_options.controlPath,
             m_control.lastError());
        return false;
    }

    auto config = StationConfig::load(m_options.configPath);
    if (!config) {
        fail(QStringLiteral("station configuration"), config.error().detail);
        return false;
    }
    m_journalPath = config.value().journalPath;
    m_usedIccids = iccidsInJournal(m_journalPath); // before the station opens it
    const auto retailerCard = firstCard(QStringLiteral("retailer"));
    if (!retailerCard)
        return false;
    (void)m_control.remove(); // an empty slot answers an error: fine
    if (!m_control.insert(*retailerCard)) {
        fail(QStringLiteral("retailer card into the slot"), m_control.lastError());
        return false;
    }

    KeypadSecrets secrets{std::move(*letter.pin), asciiDigits(m_options.customerPin), randomPuk()};
    m_keypad = std::make_unique<KeypadPlayer>(std::move(secrets));
    connect(m_keypad.get(), &KeypadPlayer::failed, this,
            [this](const QString& why) { fail(QStringLiteral("keypad"), why); });
    if (!m_keypad->start(m_options.controlPath)) {
        fail(QStringLiteral("keypad"), m_keypad->lastError());
        return false;
    }

    m_station = std::make_unique<Station>(config.value());
    connect(m_station.get(), &Station::phaseChanged, this, &DemoRun::onPhase);
    connect(m_station.get(), &Station::signedOn, this, &DemoRun::onSignedOn);
    connect(m_station.get(), &Station::decisionReceived, this, &DemoRun::onDecision);
    connect(m_station.get(), &Station::completed, this, &DemoRun::onCompleted);
    connect(m_station.get(), &Station::failed, this, [this](const StationError& error) {
        fail(m_step, errorHeadline(error) + QStringLiteral(" [") + stationErrorName(error.kind) + QLatin1Char(']'));
    });
    connect(m_station.get(), &Station::signedOff, this, [this] {
        if (m_step == QLatin1String("sign-off"))
            end(0);
    });
    QTimer::singleShot(0, m_station.get(), [this] { m_station->start(); });
    return true;
}

std::optional<QString> DemoRun::firstCard(const QString& kind)
{
    const auto cards = m_control.tray();
    if (!cards) {
        fail(QStringLiteral("the terminal's tray"), m_control.lastError());
        return std::nullopt;
    }
    std::optional<TrayCard> first;
    for (const TrayCard& card : *cards) {
        if (card.kind != kind || !card.usable || card.inSlot)
            continue;
        if (kind == QLatin1String("sim") && m_usedIccids.contains(QFileInfo(card.path).completeBaseName()))
            continue; // personalised by an earlier run: not blank
        if (!first || card.path < first->path)
            first = card;
    }
    if (!first) {
        fail(QStringLiteral("the terminal's tray"), kind == QLatin1String("sim")
                                                        ? QStringLiteral("no blank SIM left in the tray")
                                                        : QStringLiteral("no %1 card in the tray").arg(kind));
        return std::nullopt;
    }
    return first->path;
}

void DemoRun::onPhase(StationPhase phase)
{
    // start() is done once the station reaches SignedOff: now the sign-on.
    if (phase == StationPhase::SignedOff && !m_signOnAsked) {
        m_signOnAsked = true;
        m_step = QStringLiteral("sign-on");
        m_station->signOn();
    }
}

void DemoRun::onSignedOn()
{
    if (m_step != QLatin1String("sign-on"))
        return;
    m_step = QStringLiteral("assessment");
    m_station->submitCustomer(demoCustomer(QDateTime::currentDateTimeUtc()), wire::Operation::New);
}

void DemoRun::onDecision(const DecisionInfo& decision)
{
    if (decision.decision != wire::Decision::Approved) {
        fail(QStringLiteral("assessment"),
             QStringLiteral("the issuer did not approve the demo customer (reason %1)").arg(decision.reasonCode));
        return;
    }
    m_step = QStringLiteral("personalisation");
    const auto sim = firstCard(QStringLiteral("sim"));
    if (!sim)
        return;
    if (!m_control.remove() || !m_control.insert(*sim)) {
        fail(QStringLiteral("blank SIM into the slot"), m_control.lastError());
        return;
    }
    m_station->personalise();
}

void DemoRun::onCompleted(const CompletionInfo& completion)
{
    const QString msisdn =
        completion.msisdn.startsWith(QLatin1Char('+')) ? completion.msisdn : QLatin1Char('+') + completion.msisdn;
    m_out(QStringLiteral("MSISDN: ") + msisdn);
    m_out(QStringLiteral("ICCID: ") + completion.iccid);
    m_out(QStringLiteral("Receipt: ") + completion.receiptPdfPath);
    m_step = QStringLiteral("sign-off");
    m_station->signOff();
}

void DemoRun::fail(const QString& what, const QString& why)
{
    if (m_ended)
        return;
    m_err(QStringLiteral("perso-demo: ") + what + QStringLiteral(": ") + why);
    end(1);
}

void DemoRun::end(int exitCode)
{
    if (m_ended)
        return;
    m_ended = true;
    m_exitCode = exitCode;
    m_deadline.stop();
    if (m_keypad)
        m_keypad->stop();
    emit finished(exitCode);
}

int DemoRun::finish()
{
    const bool stationRan = m_station != nullptr;
    m_station.reset(); // closes the journal
    m_keypad.reset();
    if (!stationRan)
        return m_exitCode;
    QString problem;
    const JournalSummary summary = summariseJournal(m_journalPath, &problem);
    if (!problem.isEmpty()) {
        m_err(QStringLiteral("perso-demo: journal: ") + problem);
        return m_exitCode == 0 ? 1 : m_exitCode;
    }
    m_out(QStringLiteral("Journal: ") + summary.line());
    if (m_exitCode == 0 && !summary.chainVerified) {
        m_err(QStringLiteral("perso-demo: journal: the hash chain does not verify"));
        return 1;
    }
    return m_exitCode;
}

} // namespace perso::station::demo
