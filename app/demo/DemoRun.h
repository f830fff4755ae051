// SPDX-License-Identifier: Apache-2.0
#pragma once

// One scripted personalisation through the real binaries (docs/demo.md, "Headless"): the retailer card
// into the terminal's slot, sign-on with the Station façade (the KeypadPlayer types the PIN from the
// letter), the demo customer's assessment, the first blank SIM of the tray into the slot, the
// personalisation (the customer's PIN and PUK typed at the keypad prompts), the receipt PDF, sign-off.
// Prints "MSISDN: +…", "ICCID: …", "Receipt: <pdf>" and, once the station is gone, "Journal: <summary>".
// Any failure: one line "perso-demo: <what failed>: <headline>" on stderr, exit code 1.

#include "app/demo/ControlClient.h"
#include "app/demo/KeypadPlayer.h"
#include "app/session/Station.h"

#include <QObject>
#include <QSet>
#include <QTimer>

#include <functional>
#include <memory>

namespace perso::station::demo {

struct DemoOptions
{
    QString configPath;
    QString controlPath;
    QString pinLetterPath;
    QString customerPin; // 4..8 digits
    int timeoutSeconds = 120;
};

class DemoRun : public QObject
{
    Q_OBJECT

public:
    using Printer = std::function<void(const QString& line)>;

    DemoRun(DemoOptions options, Printer out, Printer err, QObject* parent = nullptr);
    ~DemoRun() override;

    // Prepares (config, letter, control socket, tray) and starts the station; false (exit code 1,
    // the line already printed) when a preparation failed. Then finished() ends the run.
    bool start();
    // After finished(): the journal summary line (the station is gone by then); returns the exit code.
    int finish();

signals:
    void finished(int exitCode);

private:
    void onPhase(StationPhase phase);
    void onSignedOn();
    void onDecision(const DecisionInfo& decision);
    void onCompleted(const CompletionInfo& completion);
    void fail(const QString& what, const QString& why);
    void end(int exitCode);
    // The tray's first card of `kind` ("retailer", "sim") by path; SIMs the journal has seen are skipped.
    std::optional<QString> firstCard(const QString& kind);

    DemoOptions m_options;
    Printer m_out;
    Printer m_err;
    ControlClient m_control;
    std::unique_ptr<KeypadPlayer> m_keypad;
    std::unique_ptr<Station> m_station;
    QTimer m_deadline;
    QString m_step = QStringLiteral("start-up");
    QString m_journalPath;
    QSet<QString> m_usedIccids; // SIM files are named <ICCID>.card
    bool m_signOnAsked = false;
    bool m_ended = false;
    int m_exitCode = 1;
};

} // namespace perso::station::demo
